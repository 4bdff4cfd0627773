"""The default office settings written out as TOML, for an office to copy and edit."""

from __future__ import annotations

import json

from ..settings import OfficeSettings


def _value(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if hasattr(value, "value"):  # Enum
        value = value.value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def default_settings_toml(settings: OfficeSettings | None = None) -> str:
    s = settings or OfficeSettings()
    lines = [
        "# relief office settings. Every choice the law leaves to the office lives here.",
        f"office_name = {_value(s.office_name)}",
        "# The office's county (an Illinois county: \"Cook\", \"St. Clair\", \"DuPage\", ...).",
        f"county = {_value(s.county)}",
        "# Only if the shipped county table gives the wrong judicial circuit for this county: 1 to 24, or \"Cook\".",
        f"circuit = {_value(s.circuit)}",
        "# What to do with a conviction whose case or arrest also charged a violent crime:",
        "#   review (a person decides), include (stays in the motion, flagged), exclude (ineligible).",
        f"violent_association = {_value(s.violent_association)}",
        "# Days a job's decisions stay in the results table (AWS) before they expire; bundles keep theirs.",
        f"results_retention_days = {_value(s.results_retention_days)}",
        "# Convictions per motion at most: a county with more is filed in volumes (\"VOLUME 2 OF 3\"), each a",
        "# bundle of its own, cut between people; 0: the deployment's size (5,000 unless the admin changed it).",
        f"volume_size = {_value(s.volume_size)}",
        "# The layout of the office's files: a built-in profile (isp: the contract; cook-clerk; cook-sao) or a",
        "# profile file NAME.toml beside this file (on AWS: config/offices/NAME.toml). See docs/layouts.md.",
        f"profile = {_value(s.profile.name)}",
        "",
        "# The office's own header names -> contract column names, e.g. \"IR NO\" = \"ir_number\".",
        "[header_map]",
        *(f"{_value(k)} = {_value(v)}" for k, v in s.header_map.items()),
        "",
        "# Printed under the motion and on every proposed order. Until attorney, address, phone and",
        "# ardc_number are filled in, every page of every document says DRAFT — NOT FOR FILING.",
        "[signature]",
        *(f"{name} = {_value(getattr(s.signature, name))}" for name in type(s.signature).model_fields),
        "",
        "# Possibly violent charges (725 ILCS 120/3(c) cannot be settled from the record): a felony, or a charge",
        "# without class, whose description names a felony word; a misdemeanor whose description names a",
        "# misdemeanor word; any section of a sex-offense article not on the violent list. Words count by stem.",
        "[possibly_violent]",
        *(f"{name} = {_value(getattr(s.possibly_violent, name))}" for name in type(s.possibly_violent).model_fields),
        "",
        "# How much of an input file is read. A row past max_row_chars or max_field_chars becomes one",
        "# unreadable row; a file past another limit is refused with a message naming the limit.",
        "[limits]",
        *(f"{name} = {getattr(s.limits, name)}  # {field.description}"
          for name, field in type(s.limits).model_fields.items()),
        "",
        "# Violent crimes (725 ILCS 120/3(c)) for the association test. Citations match any subsection;",
        "# descriptions are regular expressions matched as whole words against the upper-cased text.",
    ]
    for crime in s.violent_crimes:
        lines += ["", "[[violent_crimes]]"]
        lines += [f"{name} = {_value(getattr(crime, name))}" for name in type(crime).model_fields
                  if getattr(crime, name) or name == "name"]
    return "\n".join(lines) + "\n"
