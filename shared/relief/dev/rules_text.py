"""`relief rules`: the decision table in force, in words anyone can read without reading Python.

The rules in order (number, condition, decision, reason code, statute), the violent-crime list and
the possibly-violent words the office's settings give, the weight tables by offense date, the
automatic-expungement deadlines, the rule set version and the office settings in effect. Each part
is read from the code that decides (law.rules.RULES, law.cannabis_act, law.deadlines, the settings),
never restated by hand.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import date, timedelta

from ..documents.summary import rule_cells
from ..evaluation.explain import Explanation
from ..law.cannabis_act import (
    PA_99_697,
    RELIEF_CUTOFF,
    SECTION_4_BEFORE_2016,
    SECTION_4_FROM_2016,
    SECTION_5,
    Subsection,
)
from ..law.deadlines import NON_CONVICTION_SCHEDULE
from ..law.decisions import RULE_SET_VERSION, Authority
from ..law.rules import RULES, STATUTORY_EXCLUSIONS
from ..settings import OfficeSettings

WIDTH = 100


def _wrapped(text: str, indent: str, first: str | None = None, width: int = WIDTH) -> list[str]:
    """`text` wrapped at `width`, its lines indented by `indent` (the first by `first`, when given)."""
    return textwrap.wrap(text, width=width, initial_indent=indent if first is None else first,
                         subsequent_indent=indent) or [indent]


def _table(rows: dict[str, Subsection]) -> Iterator[str]:
    for letter, row in rows.items():
        classes = row.classes[0].value + (f" (subsequent offense: {row.classes[1].value})"
                                          if len(row.classes) > 1 else "")
        yield f"    ({letter}) {row.grams:<32} {classes:<55} {row.weight.value}"


def rules_text(settings: OfficeSettings, as_of: date, settings_source: str) -> str:
    lines = [f"Rules {RULE_SET_VERSION}: relief under {Authority.RELIEF}, decided as of {as_of.isoformat()}.",
             "Each charge is decided by the first rule whose condition it meets; results.csv names that rule "
             "in its rule column.", "", "THE RULES, IN ORDER"]
    for rule in RULES:
        number, condition, decisions, reasons, statutes = rule_cells(rule)
        lines += _wrapped(condition, "      ", f"{number:>4}. ")
        lines.append(f"      decision: {decisions}; reason: {reasons}; statute: {statutes}")
    excluded = ", ".join(map(str, sorted(STATUTORY_EXCLUSIONS)))
    lines += ["", f"An office may answer `motion` on a charge of rule {excluded} (the statute excludes it) only "
                  f"with a note saying why; the summary lists every such answer."]

    lines += ["", f"VIOLENT CRIMES ({Authority.VIOLENT_CRIME}), as the office settings list them",
              f"  violent_association = {settings.violent_association.value}: what rule 16 does with a conviction "
              f"whose case or arrest also charged one"]
    for crime in settings.violent_crimes:
        found = "; ".join(crime.citations) or "(no citation)"
        described = f"; description: {' | '.join(crime.descriptions)}" if crime.descriptions else ""
        needs = f"; only with {' or '.join(crime.citation_needs_words)} in the description" \
            if crime.citation_needs_words else ""
        lines += _wrapped(f"{crime.name}: {found}{described}{needs}", "    ", "  - ")
    possibly = settings.possibly_violent
    lines += ["  Possibly violent (review under review and exclude):"]
    lines += _wrapped(f"a felony, or a charge without class, whose description names "
                      f"{', '.join(possibly.felony_words)} (by stem); a misdemeanor whose description names "
                      f"{', '.join(possibly.misdemeanor_words)}; any other sex offense of "
                      f"{', '.join(possibly.sex_offense_articles)}", "    ")

    cutoff = (RELIEF_CUTOFF - timedelta(days=1)).isoformat()
    lines += ["", "WEIGHTS BY SUBSECTION, BY OFFENSE DATE (720 ILCS 550/4 and /5): grams, class, weight band",
              f"  Section 4, offenses before {PA_99_697.isoformat()}:", *_table(SECTION_4_BEFORE_2016),
              f"  Section 4, offenses from {PA_99_697.isoformat()} to {cutoff} (P.A. 99-697):",
              *_table(SECTION_4_FROM_2016),
              f"  Section 5, offenses before {RELIEF_CUTOFF.isoformat()}:", *_table(SECTION_5),
              "  weight bands: civil and minor (30 g or less) make a Minor Cannabis Offense; motion is within the "
              "motion's reach; over is beyond it"]

    lines += ["", f"AUTOMATIC EXPUNGEMENT DEADLINES ({Authority.AUTOMATIC}), by the date the record was created"]
    for created_from, expunge_by in NON_CONVICTION_SCHEDULE:
        since = "before 2000-01-01" if created_from == date.min else f"from {created_from.isoformat()}"
        due = "passed" if expunge_by <= as_of else "due"
        lines.append(f"  records created {since}: by {expunge_by.isoformat()} ({due} as of {as_of.isoformat()})")
    lines.append(f"  civil law violations ({Authority.CIVIL}): by the 1 January or 1 July after the record was made")

    lines += ["", f"OFFICE SETTINGS IN EFFECT: {settings_source}"]
    lines += [f"  office_name = {settings.office_name}", f"  county = {settings.county or '(not set)'}",
              f"  circuit = {settings.circuit or '(from the county table)'}",
              f"  violent_association = {settings.violent_association.value}",
              f"  violent_crimes = {len(settings.violent_crimes)} crimes (listed above)",
              f"  results_retention_days = {settings.results_retention_days}",
              f"  profile = {settings.layout.name} (the file's layout)",
              f"  header_map = {dict(settings.header_map) or '(none)'}"]
    signature = settings.signature
    lines += [f"  signature.{name} = {value or '(not set)'}" for name, value in (
        ("attorney", signature.attorney), ("title", signature.title), ("address", " / ".join(signature.address)),
        ("phone", signature.phone), ("email", signature.email), ("ardc_number", signature.ardc_number))]
    lines += [f"  limits.{name} = {value:,}" for name, value in settings.limits.model_dump().items()]
    missing = settings.missing_for_filing()
    if missing:
        lines.append("  court papers: DRAFT \u2014 NOT FOR FILING until the settings give " + "; ".join(missing))
    return "\n".join(lines) + "\n"


def explanation_text(explanation: Explanation, source: str, as_of: date) -> str:
    """`relief explain`: the row's facts as read, then each rule checked in order up to the one that decided."""
    result = explanation.result
    lines = [f"Row {explanation.row_number:,} of {source}, decided as of {as_of.isoformat()} under rules "
             f"{RULE_SET_VERSION} (charge_id {result.charge_id})", ""]
    if explanation.problem is not None:
        lines += [f"The row could not be read: {explanation.problem}.",
                  f"No rule decides it: {result.decision} / {result.reason}: a person corrects the row or finds "
                  f"the charge in the clerk's case file."]
        return "\n".join(lines) + "\n"
    width = max(len(label) for label, _ in explanation.facts)
    lines.append("WHAT THE ROW SAYS, AS READ")
    lines += [f"  {label:<{width}}  {value}" for label, value in explanation.facts]
    lines += ["", "THE RULES, CHECKED IN ORDER"]
    for rule, ruling in explanation.checked:
        if ruling is None:
            lines += _wrapped(f"does not apply ({rule.condition})", "        ", f"  {rule.number:>2}. {rule.name}: ")
        else:
            lines.append(f"  {rule.number:>2}. {rule.name}: DECIDES {ruling.decision.value} / {ruling.reason.value} "
                         f"({ruling.authority})")
            lines += _wrapped(result.explanation, "        ")
    lines += ["", f"RESULT: {result.decision} / {result.reason}, rule {result.rule}"
              + (f", expunge by {result.expunge_by}" if result.expunge_by else "")
              + f"; Minor Cannabis Offense: {result.minor_cannabis_offense or 'not a cannabis charge'}"]
    return "\n".join(lines) + "\n"
