"""`relief explain FILE --row N`: one row's decision, shown as the rules reach it.

What the row says, as read (the citation parsed, the dates and the period they fall in, the class,
the disposition, the court case and the arrest, and what else the person's case or arrest charged),
then each rule checked in order, up to the one that decided. The file is read as `relief evaluate`
reads it: a first pass over every row for the associations, then the row itself.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..intake.formats import NeedsCarefulReading, Rows, open_rows
from ..intake.profiles.charges import charge_groups, count_charges
from ..intake.records import ReadRow, Record
from ..law.associations import Section7
from ..law.cases import compact_key, county_key
from ..law.dates import UnreadableDate, parse_date
from ..law.decisions import Ruling
from ..law.facts import Facts
from ..law.rules import Rule, minor_cannabis_offense, trace
from ..settings import OfficeSettings
from .evaluator import Evaluator
from .results import Result

Fact = tuple[str, str]  # (what, as read or as the rules read it)

_SECTION_7 = {Section7.NONE: "none that counts", Section7.UNDECIDED: "one whose disposition is not known",
              Section7.CONVICTED: "one that ended in a conviction"}


@dataclass(frozen=True)
class Explanation:
    row_number: int
    result: Result
    facts: tuple[Fact, ...]
    checked: tuple[tuple[Rule, Ruling | None], ...]  # empty for a row that could not be read
    problem: str | None = None  # why the row could not be read


class NoSuchRow(LookupError):
    pass


def explain_row(source: str | Path, settings: OfficeSettings, as_of: date, row_number: int) -> Explanation:
    """The explanation of data row `row_number` (1-based; the header is row 0) of `source`: of the
    charge it is a row of, in a layout whose charges span rows."""
    for careful in (False, True):
        try:
            if settings.layout.groups_rows:
                return _explain_charge(source, settings, as_of, row_number, careful)
            evaluator = Evaluator(settings, as_of)
            with _open(source, settings, careful, as_of) as rows:
                for record in rows.flagged_records(evaluator.carries_association):
                    evaluator.note_associations(record)
            with _open(source, settings, careful, as_of) as rows:
                for row in rows:
                    if row.row_number == row_number:
                        return _explained(evaluator, [row])
                    if row.row_number > row_number:
                        break
        except NeedsCarefulReading:
            continue
        raise NoSuchRow(f"the file has no data row {row_number:,}")
    raise AssertionError("unreachable: the careful reader does not ask for careful reading")  # pragma: no cover


def _open(source: str | Path, settings: OfficeSettings, careful: bool, as_of: date) -> AbstractContextManager[Rows]:
    return open_rows(source, careful=careful, limits=settings.limits, profile=settings.layout, today=as_of)


def _explain_charge(source: str | Path, settings: OfficeSettings, as_of: date, row_number: int,
                    careful: bool) -> Explanation:
    """As `relief evaluate` decides a layout of several rows a charge: the charges counted, the
    associations noted, then the charge that row `row_number` is part of."""
    with _open(source, settings, careful, as_of) as rows:
        counts = count_charges(rows)
    evaluator = Evaluator(settings, as_of)
    with _open(source, settings, careful, as_of) as rows:
        evaluator.note_charge_associations(charge_groups(rows, counts))
    with _open(source, settings, careful, as_of) as rows:
        for group in charge_groups(rows, counts):
            if any(row.row_number == row_number for row in group):
                return _explained(evaluator, group)
    raise NoSuchRow(f"the file has no data row {row_number:,}")


def _explained(evaluator: Evaluator, group: list[ReadRow]) -> Explanation:
    first = group[0]
    if first.problem is not None:
        return Explanation(first.row_number, evaluator.unreadable(first), (), (), first.problem.message)
    record = first.record if len(group) == 1 else evaluator.charge_record(group)
    facts = evaluator.facts_of(record)
    result = evaluator.evaluate_charge(group) if len(group) > 1 else evaluator.evaluate(first.row_number, record)
    return Explanation(first.row_number, result, _facts(record, facts), trace(facts))


def _day(text: str) -> str:
    if not text.strip():
        return "(empty)"
    try:
        value = parse_date(text)
    except UnreadableDate:
        return f"{text.strip()!r}: cannot be read, treated as missing"
    return value.isoformat() if value else "(empty)"


def _facts(record: Record, facts: Facts) -> tuple[Fact, ...]:
    charge = facts.charge
    citation = facts.citation
    if citation is not None:
        read = str(citation) + (f" ({citation.inchoate})" if citation.inchoate else "")
        section = (f"Section {facts.section}" + (f"({facts.subsection})" if facts.subsection else ", no subsection")
                   if facts.section else "not the Cannabis Control Act")
    else:
        read = "cannot be read" + (" (it still names the Cannabis Control Act)" if charge.mentions_cannabis_act else "")
        section = "unknown"
    association = facts.association
    case = compact_key(record.court_case_number)
    return (
        ("statute as written", record.statute.strip() or "(empty)"),
        ("citation as read", read),
        ("Cannabis Control Act section", section),
        ("description", (record.offense_description.strip() or "(empty)")
         + (" (names cannabis)" if charge.cannabis_description else "")),
        ("offense date", _day(record.offense_date)),
        ("arrest date", _day(record.arrest_date)),
        ("date the rules use", facts.period.value if facts.period else "none: neither date can be read"),
        ("class", f"{record.offense_class.strip() or '(empty)'} -> {facts.offense_class.value}"),
        ("disposition", f"{record.disposition.strip() or '(empty)'} -> {facts.disposition.kind.value} "
                        f"({facts.disposition.label})"),
        ("court case", f"{case} in {county_key(record.county) or '(no county)'}" if case else "none"),
        ("arrest (DCN)", record.dcn.strip() or "(empty)"),
        ("Section 7 in the case or arrest", _SECTION_7[association.section_7]),
        ("violent crime in the case or arrest", association.violent_crime or "none"),
        ("possibly violent charge in the case or arrest", facts.possibly_violent or "none"),
        ("office setting violent_association", facts.violent_policy.value),
        ("Minor Cannabis Offense", minor_cannabis_offense(facts).value or "not a cannabis charge"),
    )
