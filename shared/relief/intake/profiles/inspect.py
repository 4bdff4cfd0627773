"""`relief inspect`: what a file's layout is, read from its header and a bounded sample of its rows.

It says which built-in profile fits, how each contract field is found (a column, a composition, a
column of the same name) or that it is missing, which date forms the file writes, and the coded
values with counts that no table covers. It shows codes and statute forms only: never a name, a
date or an identifier (a date is shown by its shape, `99-Aaa-99`; an unreadable statute by its form,
digits as 9 and letters as A). `starting_profile` writes a profile for the office to finish.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ...law.citations import parse_citation
from ...law.dates import UnreadableDate, parse_date
from ...law.dispositions import normalise_disposition
from ...law.offense_classes import OffenseClass, normalise_class
from ..columns import COLUMNS, IN_HEADER, REQUIRED, header_key
from ..delimited import opened_text
from ..limits import DEFAULT_LIMITS, InputLimits
from ..physical import PhysicalRows
from .compose import Getter
from .dates import FORMS_BY_SHAPE, DateReader, date_shape
from .fit import Fit, fits
from .model import MAY_BE_MISSING, Profile, Source
from .reader import DATE_FIELDS, ProfiledRows

DEFAULT_SAMPLE = 10_000
SHOWN = 12  # values shown per list; the rest are counted


@dataclass(frozen=True)
class FieldReading:
    field: str
    status: str  # found, composed, same name, not in file, missing
    how: str = ""


@dataclass
class Inspection:
    encoding: str
    delimiter: str
    header: tuple[str, ...]
    fits: list[Fit]
    profile: Profile  # the profile the sample was read with (given, the best fit, or the bare contract)
    chosen: str  # how: "given", "fits", "none fits"
    fields: list[FieldReading] = field(default_factory=list)
    rows: int = 0
    unreadable: int = 0
    sample_limit: int = DEFAULT_SAMPLE
    dates: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (field, shape, read as)
    unlisted: dict[str, Counter[str]] = field(default_factory=dict)  # field -> code -> rows
    statutes_read: int = 0
    statute_forms: Counter[str] = field(default_factory=Counter)  # forms of statutes no rule can read
    collisions: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # columns the given profile reads that the header lacks


def statute_form(text: str) -> str:
    """An unreadable statute's form: digits as 9, letters as A (upper) or a (lower), the rest kept."""
    return "".join("9" if c.isdigit() else ("A" if c.isupper() else "a") if c.isalpha() else c for c in text.strip())


# With no profile that fits, the file is read by the contract's column names alone.
_BARE = Profile(name="contract")


def _lenient(profile: Profile, header: tuple[str, ...]) -> Profile:
    """The profile without the fields whose columns the header lacks (inspect reads what it can)."""
    keys = {header_key(h) for h in header}
    fields = {name: source for name, source in profile.fields.items()
              if all(header_key(c) in keys for c in source.columns())}
    charge = profile.charge if all(header_key(c) in keys for c in profile.charge.columns) else None
    update: dict[str, object] = {"fields": fields}
    if charge is None:
        update["charge"] = type(profile.charge)()
    return profile.model_copy(update=update)


def inspect_file(source: str | Path | BinaryIO | io.RawIOBase, profile: Profile | None = None,
                 sample: int = DEFAULT_SAMPLE, limits: InputLimits = DEFAULT_LIMITS) -> Inspection:
    with opened_text(source, limits, None) as text:
        header = tuple(PhysicalRows(text.text, limits, careful=True).header)
    found = fits(header)
    if profile is not None:
        chosen, used = "given", profile
    elif found and found[0].fits:
        chosen, used = "fits", found[0].profile
    else:
        chosen, used = "none fits", _BARE
    keys = {header_key(h) for h in header}
    absent = tuple(c for c in used.columns() if header_key(c) not in keys)
    reading = _lenient(used, header)
    with opened_text(source, limits, None) as text:
        rows = ProfiledRows(text.text, text.encoding, text.gzipped, reading, careful=True, limits=limits, lenient=True)
        report = Inspection(text.encoding, rows.delimiter, header, found, used, chosen, sample_limit=sample,
                            collisions=rows.collisions, absent=absent)
        report.fields = _fields(used, reading, rows, header)
        _sample(rows, report, sample)
    return report


def _fields(used: Profile, reading: Profile, rows: ProfiledRows, header: tuple[str, ...]) -> list[FieldReading]:
    out = []
    given = dict(reading.fields)
    for column in COLUMNS:
        with_of = next((n for n, s in reading.fields.items() if column in s.with_), None)
        if column in given:
            source = given[column]
            how = source.column if source.kind == "found" else _composition(source)
            out.append(FieldReading(column, source.kind, how or ""))
        elif with_of is not None:
            chain = ", ".join(reading.fields[with_of].with_[column])
            out.append(FieldReading(column, "composed", f"with {with_of}: first of {chain}"))
        elif column in used.not_in_file:
            out.append(FieldReading(column, "not in file", "the profile says the layout lacks it"))
        elif column in rows.raw_getters:
            named = next(h for h in header if header_key(h) == header_key(column))
            out.append(FieldReading(column, "found", f"{named} (same name)"))
        elif used.given(column):
            out.append(FieldReading(column, "missing", "the profile's columns for it are not in the header"))
        else:
            need = "required: rows cannot be read without it" if column in IN_HEADER else "optional"
            out.append(FieldReading(column, "missing", need))
    return out


def _composition(source: Source) -> str:
    if source.join is not None:
        return f"join {source.join!r}"
    if source.first_of is not None:
        return f"first non-empty of {', '.join(source.first_of)}"
    if source.constant is not None:
        return f"constant {source.constant!r}"
    if source.setting is not None:
        return f"office setting {source.setting} (default {source.default!r})"
    if source.shapes is not None:
        return f"{len(source.shapes)} shapes of {', '.join(source.columns())}"
    return f"{source.column} with characters replaced"


def _sample(rows: ProfiledRows, report: Inspection, sample: int) -> None:
    tables = rows.profile.tables
    raw = rows.raw_getters
    dates = getattr(rows, "dates", None)
    for row in rows:
        if report.rows >= sample:
            break
        report.rows += 1
        if row.problem is not None:
            report.unreadable += 1
            continue
        record = row.record
        for name in DATE_FIELDS:
            get = raw.get(name)
            value = ""
            if get is not None:
                value = _raw(rows, get)
            if value.strip():
                report.dates[(name, date_shape(value), _read_as(value, dates))] += 1
        for name in ("disposition", "offense_class"):
            value = getattr(record, name).strip()
            if name not in tables and value and _unrecognised(name, value):
                report.unlisted.setdefault(name, Counter())[value] += 1
        if report.chosen == "none fits":
            _dated_columns(rows, report, dates)
        if parse_citation(record.statute) is None:
            report.statute_forms[statute_form(record.statute)] += 1
        else:
            report.statutes_read += 1
    for name, counts in rows.unlisted.items():
        report.unlisted.setdefault(name, Counter()).update(counts)


def _raw(rows: ProfiledRows, get: Getter) -> str:
    fields = rows.last_fields
    return get(fields) if fields is not None else ""


def _dated_columns(rows: ProfiledRows, report: Inspection, dates: object) -> None:
    """With no profile, any column whose values look like dates: the office will map them."""
    fields = rows.last_fields or []
    for name, value in zip(rows.header, fields, strict=False):
        shape = date_shape(value)
        if shape in FORMS_BY_SHAPE or (any(c in shape for c in "-/") and _read_as(value, dates) == "a contract form"):
            report.dates[(f"column {name.strip()}", shape, _read_as(value, dates))] += 1


def _read_as(value: str, dates: object) -> str:
    form = dates.form_of(value) if isinstance(dates, DateReader) else None
    if form is not None:
        return f"the profile's form {form}"
    try:
        parse_date(value)
    except UnreadableDate:
        return "unreadable: no form reads it"
    return "a contract form"


def _unrecognised(name: str, value: str) -> bool:
    if name == "disposition":
        return normalise_disposition(value).label == "not recognised"
    return normalise_class(value) is OffenseClass.UNRECOGNISED


# --- the report --------------------------------------------------------------------------------------

def render(report: Inspection, source_name: str) -> str:
    delimiter = {",": "comma", "\t": "tab", "|": "pipe"}.get(report.delimiter, report.delimiter)
    lines = [f"relief inspect: {source_name}: {len(report.header)} columns, {report.encoding}, {delimiter}-delimited; "
             f"{report.rows:,} rows sampled (at most {report.sample_limit:,}), {report.unreadable:,} unreadable", "",
             "Built-in profiles:"]
    for fit in report.fits:
        verdict = "fits" if fit.fits else "does not fit"
        why = []
        if fit.absent:
            why.append(f"no column {', '.join(fit.absent[:4])}{' ...' if len(fit.absent) > 4 else ''}")
        if fit.unsourced:
            why.append(f"nothing for {', '.join(fit.unsourced)}")
        lines.append(f"  {fit.profile.name:<12} {verdict:<13} {fit.matched}/{fit.published} of its published columns"
                     + (f" ({'; '.join(why)})" if why else ""))
    chosen = {"given": f"Read with the profile given, {report.profile.name}.",
              "fits": f"Read with {report.profile.name}, the profile that fits: "
                      f"`--profile {report.profile.name}` on relief evaluate and relief run.",
              "none fits": "No built-in profile fits: read by the contract's column names. Write a starting "
                           "profile with --write-profile, finish it, and give it with --profile."}[report.chosen]
    lines += ["", chosen]
    if report.absent:
        lines.append(f"  The header lacks columns the profile reads: {', '.join(report.absent)}.")
    lines += ["", "Fields:"]
    for reading in report.fields:
        lines.append(f"  {reading.field:<20} {reading.status:<12} {reading.how}")
    if report.collisions:
        lines += ["", f"Columns with a contract name that the profile reads no field from (passed over): "
                      f"{', '.join(report.collisions)}"]
    lines += ["", "Date forms (shape, how read, rows):"]
    if not report.dates:
        lines.append("  none in the sample")
    for (name, shape, read_as), count in sorted(report.dates.items()):
        lines.append(f"  {name:<18} {shape:<24} {read_as:<36} {count:>8,}")
    lines += ["", "Coded values no table covers (value, rows):"]
    if not any(report.unlisted.values()):
        lines.append("  none in the sample")
    for name, counts in sorted(report.unlisted.items()):
        lines.append(f"  {name}:")
        for value, count in counts.most_common(SHOWN):
            lines.append(f"    {value!r:<40} {count:>8,}")
        if len(counts) > SHOWN:
            lines.append(f"    ... and {len(counts) - SHOWN} more values")
    lines += ["", f"Statutes: {report.statutes_read:,} read as citations; "
                  f"{sum(report.statute_forms.values()):,} not (their forms, rows):"]
    for form, count in report.statute_forms.most_common(SHOWN):
        lines.append(f"    {form!r:<40} {count:>8,}")
    return "\n".join(lines) + "\n"


def _toml(v: object) -> str:
    """A value as TOML: a JSON string is a valid TOML basic string; tables and arrays inline."""
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    if hasattr(v, "value"):
        return json.dumps(v.value)
    return json.dumps(v, ensure_ascii=False)


def starting_profile(report: Inspection, name: str) -> str:
    """A profile for the office to finish: the file's header, the fields found (those of the profile
    that fits, when one does), the date forms seen, the coded values no table covers, and a TODO beside
    each required field nothing gives. It loads as it stands."""
    base = report.profile if report.chosen != "none fits" else None
    found = {r.field: r for r in report.fields}
    missing = [r.field for r in report.fields if r.status in ("missing", "not in file") and r.field in MAY_BE_MISSING]
    lines = [f"# A starting profile written by relief inspect from the header and {report.rows:,} sampled rows.",
             "# Finish it: give each TODO field a column (or list it in not_in_file when the layout lacks it and",
             "# the decisions do not need it), map the coded values, then `relief inspect FILE --profile THIS.toml`.",
             f"name = {_toml(name)}",
             f"title = {_toml(base.title if base else '')}",
             f"cites = {_toml(base.cites if base else ())}  # the public documentation of the layout",
             "header = [", *(f"  {_toml(h)}," for h in report.header), "]",
             f"not_in_file = {_toml(missing)}", "", "[fields]"]
    for column in COLUMNS:
        reading = found[column]
        if base is not None and column in base.fields:
            source = base.fields[column]
            dumped = source.model_dump(by_alias=True, exclude_defaults=True)
            lines.append(f"{column} = {_toml(dumped['column'] if list(dumped) == ['column'] else dumped)}")
        elif reading.status == "found" and reading.how.endswith("(same name)"):
            lines.append(f"{column} = {_toml(reading.how.removesuffix(' (same name)'))}")
        elif reading.status == "missing" and (column in REQUIRED or column == "disposition"):
            lines.append(f"# {column} = \"\"  # TODO: required; which column holds it?")
    forms = list(base.dates.forms) if base is not None else []
    forms += sorted({FORMS_BY_SHAPE[shape] for (_, shape, read_as) in report.dates
                     if read_as.startswith("unreadable") and shape in FORMS_BY_SHAPE} - set(forms))
    lines += ["", "[dates]", f"forms = {_toml(forms)}"]
    unread = sorted({shape for (_, shape, read_as) in report.dates
                     if read_as.startswith("unreadable") and shape not in FORMS_BY_SHAPE})
    if unread:
        lines.append(f"# TODO: date shapes no form reads yet: {', '.join(unread)}")
    lines += ["", "[charge]",
              "# The columns that identify one charge when a charge spans rows (sentence lines, versions);",
              "# empty when every row is a charge.",
              f"columns = {_toml(base.charge.columns if base else ())}"]
    for table_field in ("disposition", "offense_class"):
        table = base.tables.get(table_field) if base is not None else None
        counts = report.unlisted.get(table_field, Counter())
        if table is None and not counts:
            continue
        lines += ["", f"[tables.{table_field}]"]
        if table is not None and table.ancillary:
            lines.append(f"ancillary = {_toml(table.ancillary)}")
        lines.append(f"[tables.{table_field}.values]")
        for value, word in (table.values.items() if table is not None else ()):
            lines.append(f"{_toml(value)} = {_toml(word)}")
        if counts:
            lines.append("# TODO: values seen that no table covers: map each to the reference's words, then uncomment")
        for value, count in counts.most_common():
            lines.append(f"# {_toml(value)} = \"\"  # {count:,} rows")
    return "\n".join(lines) + "\n"
