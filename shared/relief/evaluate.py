"""From a Record to its Result: read the fields the law turns on, decide, and explain.

This is the hot path of every job (a million rows at a time), so each field is read through a
cache of its distinct values (charges, dates, disposition and class), and the decision is cached
per distinct normalised inputs; only the ages, the association lookup and the Result are per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from .associations import Association, Associations, is_section_7
from .cannabis_act import PA_99_697, RELIEF_CUTOFF
from .citations import Citation, mentions_cannabis_act, parse_citation
from .dates import UnreadableDate, parse_date, whole_years
from .deadlines import civil_violation_deadline, non_conviction_deadline
from .dispositions import Disposition, normalise_disposition
from .offense_classes import OffenseClass, normalise_class
from .records import ReadRow, Record
from .rules import RULE_SET_VERSION, Decision, Facts, Outcome, Period, decide
from .settings import OfficeSettings
from .violence import ViolenceTest

_CANNABIS_WORDS = re.compile(r"\b(?:CANN\w*|MARI[JH]\w*)")


@lru_cache(maxsize=1 << 14)
def is_cannabis_description(text: str) -> bool:
    """CANNABIS, MARIJUANA (or the older MARIHUANA) or CANN... in an offense description."""
    return _CANNABIS_WORDS.search(text.upper()) is not None


def period_of(offense: date | None) -> Period | None:
    if offense is None:
        return None
    if offense >= RELIEF_CUTOFF:
        return Period.AFTER_CUTOFF
    return Period.BEFORE_PA_99_697 if offense < PA_99_697 else Period.BEFORE_CUTOFF


class Result(NamedTuple):
    """One output row. The first eleven fields are the contract; the rest are additions."""

    row_number: int
    ir_number: str
    dcn: str
    court_case_number: str
    statute: str
    decision: str
    reason: str
    explanation: str
    authority: str
    minor_cannabis_offense: str
    expunge_by: str
    last_name: str
    first_name: str
    middle_name: str
    date_of_birth: str
    county: str
    arrest_date: str
    offense_date: str
    offense_description: str
    offense_class: str
    disposition: str
    disposition_date: str
    section: str
    subsection: str
    violent_association: str
    age_now: str
    age_at_offense: str
    years_since_conviction: str
    rule_set_version: str
    arresting_agency: str  # the proposed order directs it to expunge its records


RESULT_COLUMNS: tuple[str, ...] = Result._fields


_new = tuple.__new__  # NamedTuple construction without the per-call Python wrapper


@dataclass(frozen=True, slots=True)
class Verdict:
    """A decision in the form results are written in; cached per distinct combination of inputs."""

    decision: str
    reason: str
    explanation: str
    authority: str
    minor_cannabis_offense: str
    section: str
    subsection: str
    violent_association: str
    is_conviction: bool
    counted: tuple[str, str]  # (decision, reason): what a Tally counts
    # The verdict's cells as a plain line has them (Evaluator.plain_line), formatted once; None
    # when a cell needs csv.writer. head: decision to minor_cannabis_offense and a comma; middle:
    # section to violent_association and a comma.
    head: str | None
    middle: str | None

    @classmethod
    def of(cls, facts: Facts, outcome: Outcome) -> Verdict:
        from .results import plain_fragment  # results.py imports this module

        ruling, section = outcome.ruling, facts.section or ""
        cells = (ruling.decision.value, ruling.reason, ruling.explanation, ruling.authority,
                 outcome.minor_cannabis_offense, section, (facts.subsection or "") if section else "",
                 "true" if facts.violent_crime else ("false" if section else ""))
        head, middle = plain_fragment(cells[:5], explanation_at=2), plain_fragment(cells[5:])
        return cls(*cells, facts.is_conviction, (cells[0], cells[1]),
                   None if head is None else head + ",", None if middle is None else middle + ",")


@dataclass(frozen=True, slots=True)
class Charge:
    """What a (statute, description) pair says; read once per distinct pair."""

    citation: Citation | None
    unreadable_statute: str | None  # the text, when the citation could not be read
    cannabis_description: bool
    mentions_cannabis_act: bool
    not_cannabis: Verdict | None  # the verdict when this is not a cannabis charge at all
    key: int  # the same for every pair that says the same: statutes are written many ways


class Day(NamedTuple):
    """A date field as read, with all a row needs of it; read once per distinct text."""

    value: date | None
    unreadable: bool
    iso: str  # value.isoformat(), "" when there is no date
    period: Period | None
    years_to_as_of: str  # whole years from the date to the evaluation date, "" when there is no date


def day_of(value: date, as_of: date) -> Day:
    return Day(value, False, value.isoformat(), period_of(value), str(whole_years(value, as_of)))


_NO_DAY = Day(None, False, "", None, "")
_UNREADABLE_DAY = Day(None, True, "", None, "")


@lru_cache(maxsize=1 << 14)
def _expunge_by(record_created: date, civil_violation: bool) -> str:
    deadline = civil_violation_deadline if civil_violation else non_conviction_deadline
    return deadline(record_created).isoformat()


class Judged(NamedTuple):
    """A (disposition, offense class) pair as normalised; read once per distinct pair."""

    disposition: Disposition
    offense_class: OffenseClass
    key: int  # the same for every pair that normalises the same


_CACHE_LIMIT = 1 << 19  # distinct inputs are few; the bound only guards against pathological files


class Evaluator:
    """Decides charges under one office's settings, as of one date."""

    def __init__(self, settings: OfficeSettings, as_of: date, associations: Associations | None = None):
        self.settings = settings
        self.as_of = as_of
        self.associations = associations or Associations()
        self.violence = ViolenceTest(settings.violent_crimes)
        self._policy = settings.violent_association
        self._charges: dict[tuple[str, str], Charge] = {}
        self._charge_keys: dict[tuple, int] = {}
        self._days: dict[str, Day] = {}
        self._days_by_value: dict[date, Day] = {}  # a date is spelt many ways, and a Day is the same
        self._judged: dict[tuple[str, str], Judged] = {}
        self._judged_keys: dict[tuple[str, str, str], int] = {}
        self._verdicts: dict[tuple, Verdict] = {}
        self._associating: dict[tuple[str, str], bool] = {}
        from .results import plain_fragment  # results.py imports this module

        rule_set_version = plain_fragment([RULE_SET_VERSION])
        assert rule_set_version is not None, "the rule set version must need no quoting"
        self._rule_set_end = f",{rule_set_version},"  # a plain line's last cells but one

    def note_associations(self, record: Record) -> None:
        """First pass: remember arrests and cases that carry Section 7 or violent charges."""
        self.associations.note(record, self.violence)

    def carries_association(self, statute: str, description: str) -> bool:
        """Whether a charge is a Section 7 or violent one, which the first pass must note."""
        found = self._associating.get((statute, description))
        if found is None:
            found = is_section_7(statute) or self.violence.crime_of(statute, description) is not None
            self._associating[(statute, description)] = found
        return found

    def evaluate(self, row_number: int, r: Record) -> Result:
        return self._result(row_number, r, *self._rule(r))

    def plain_line(self, row_number: int, row: list[str]) -> tuple[str, tuple[str, str]] | None:
        """The result of a plain row (see IspRows.plain_rows) as its CSV line, and what a Tally counts it
        by; None when the line needs more care than plain cells: evaluate() the row instead.

        The line is what ResultWriter writes for evaluate()'s Result, made without the Result: the
        verdict's cells come formatted, the row's need no quoting.
        """
        verdict, notes, expunge_by, offense_iso, age_now, age_at_offense, years_since = self._rule(row)
        head, middle = verdict.head, verdict.middle
        if notes or head is None or middle is None:
            return None
        ages = f"{age_now},{age_at_offense},{years_since}"
        if "-" in ages:  # a negative age (a date after the evaluation date) is a formula start
            return None
        (ir_number, last_name, first_name, middle_name, date_of_birth, _, _, _, dcn, arrest_date, arresting_agency,
         offense_date, _, statute, description, offense_class, case, county, disposition, disposition_date, _) = row
        return (f"{row_number},{ir_number},{dcn},{case},{statute},{head}{expunge_by},{last_name},{first_name},"
                f"{middle_name},{date_of_birth},{county},{arrest_date},{offense_iso or offense_date},{description},"
                f"{offense_class},{disposition},{disposition_date},{middle}{ages}{self._rule_set_end}"
                f"{arresting_agency}\r\n", verdict.counted)

    def _rule(self, r: Record | list[str]) -> tuple[Verdict, list[str] | None, str, str, str, str, str]:
        """(verdict, notes on unreadable dates, expunge_by, offense date as ISO, age now, age at offense,
        years since conviction): all of a result that is not a field as read."""
        # Fields are unpacked once: reading them one attribute at a time costs more than deciding does.
        (ir_number, _, _, _, date_of_birth, _, _, _, dcn, arrest_date, _, offense_date, _, statute, description,
         offense_class, case, county, disposition, disposition_date, _) = r
        charge = self._charges.get((statute, description)) or self._read_charge(statute, description)
        if charge.not_cannabis is not None:
            return charge.not_cannabis, None, "", "", "", "", ""

        days = self._days
        arrested = days.get(arrest_date) or self._day(arrest_date)
        offense = days.get(offense_date) or self._day(offense_date)
        notes = []
        if arrested.unreadable:
            notes.append(_unreadable("arrest_date", arrest_date))
        if offense.unreadable:
            notes.append(_unreadable("offense_date", offense_date))
        if offense.value is None:
            offense = arrested
        association = self.associations.of_fields(dcn, case, ir_number, county)
        has_case = bool(case) and not case.isspace()
        judged = self._judged.get((disposition, offense_class)) or self._judge(disposition, offense_class)
        # Keyed on what the rules read, not on how the record spells it: a few thousand distinct keys
        # per million rows, where the raw texts make hundreds of thousands.
        key = (charge.key, judged.key, offense.period, association.section_7, association.violent_crime, has_case)
        verdict = self._verdicts.get(key) or self._decide(key, charge, judged, offense.period, association, has_case)

        deadline = ""
        if verdict.decision == "automatic":
            created = arrested if arrested.value is not None else offense
            if created.value is not None:
                deadline = _expunge_by(created.value, verdict.reason == "civil_violation")
        if not verdict.is_conviction:
            return verdict, notes, deadline, offense.iso, "", "", ""
        # The factors a court weighs on a motion to vacate (20 ILCS 2630/5.2(i)): the person's age now
        # and at the offense, and the years since the conviction; whole years, as of the evaluation date.
        born = days.get(date_of_birth) or self._day(date_of_birth)
        convicted = days.get(disposition_date) or self._day(disposition_date)
        if born.unreadable:
            notes.append(_unreadable("date_of_birth", date_of_birth))
        if convicted.unreadable:
            notes.append(_unreadable("disposition_date", disposition_date))
        age_at_offense = "" if born.value is None or offense.value is None else str(
            whole_years(born.value, offense.value))
        return verdict, notes, deadline, offense.iso, born.years_to_as_of, age_at_offense, convicted.years_to_as_of

    def unreadable(self, row: ReadRow) -> Result:
        """A row that could not be read still gets a result, naming the row and the field."""
        assert row.problem is not None
        r = row.record
        return Result(
            row.row_number, r.ir_number, r.dcn, r.court_case_number, r.statute,
            Decision.REVIEW.value, "unreadable_row", f"The row could not be read: {row.problem.message}.", "", "", "",
            r.last_name, r.first_name, r.middle_name, r.date_of_birth, r.county, r.arrest_date, r.offense_date,
            r.offense_description, r.offense_class, r.disposition, r.disposition_date,
            "", "", "", "", "", "", RULE_SET_VERSION, r.arresting_agency,
        )

    # --- helpers -------------------------------------------------------------------------------

    def _day(self, text: str) -> Day:
        if len(self._days) >= _CACHE_LIMIT:
            self._days.clear()
            self._days_by_value.clear()
        try:
            value = parse_date(text)
        except UnreadableDate:
            day = _UNREADABLE_DAY
        else:
            if value is None:
                day = _NO_DAY
            else:
                day = self._days_by_value.get(value)
                if day is None:
                    day = self._days_by_value[value] = day_of(value, self.as_of)
        self._days[text] = day
        return day

    def _judge(self, disposition_text: str, class_text: str) -> Judged:
        disposition, offense_class = normalise_disposition(disposition_text), normalise_class(class_text)
        said = (disposition.kind.value, disposition.label, offense_class.value)
        judged = Judged(disposition, offense_class, self._judged_keys.setdefault(said, len(self._judged_keys)))
        if len(self._judged) >= _CACHE_LIMIT:
            self._judged.clear()
        self._judged[(disposition_text, class_text)] = judged
        return judged

    def _read_charge(self, statute: str, description: str) -> Charge:
        citation = parse_citation(statute)
        unreadable_statute = statute.strip() if citation is None else None
        cannabis_description = is_cannabis_description(description)
        mentions_act = citation is None and mentions_cannabis_act(statute)
        not_cannabis = None
        if (citation is None or citation.offense.cannabis_section is None) and not cannabis_description \
                and not mentions_act:
            facts = Facts(citation, unreadable_statute, False, False, None,
                          normalise_disposition(""), normalise_class(""), False, None, True)
            not_cannabis = Verdict.of(facts, decide(facts))
        said = (citation, unreadable_statute, cannabis_description, mentions_act)
        key = self._charge_keys.setdefault(said, len(self._charge_keys))
        charge = Charge(citation, unreadable_statute, cannabis_description, mentions_act, not_cannabis, key)
        if len(self._charges) >= _CACHE_LIMIT:
            self._charges.clear()
            self._charge_keys.clear()
            self._verdicts.clear()  # verdict keys hold charge keys, which are numbered afresh
        self._charges[(statute, description)] = charge
        return charge

    def _decide(self, key: tuple, charge: Charge, judged: Judged, period: Period | None, association: Association,
                has_case: bool) -> Verdict:
        facts = Facts(
            citation=charge.citation,
            unreadable_statute=charge.unreadable_statute,
            cannabis_description=charge.cannabis_description,
            mentions_cannabis_act=charge.mentions_cannabis_act,
            period=period,
            disposition=judged.disposition,
            offense_class=judged.offense_class,
            section_7_associated=association.section_7,
            violent_crime=association.violent_crime,
            has_case_number=has_case,
            violent_policy=self._policy,
        )
        verdict = Verdict.of(facts, decide(facts))
        if len(self._verdicts) >= _CACHE_LIMIT:
            self._verdicts.clear()
        self._verdicts[key] = verdict
        return verdict

    def _result(self, row_number: int, r: Record, verdict: Verdict, notes: list[str] | None, expunge_by: str,
                offense_iso: str, age_now: str = "", age_at_offense: str = "", years_since: str = "") -> Result:
        (ir_number, last_name, first_name, middle_name, date_of_birth, _, _, _, dcn, arrest_date, arresting_agency,
         offense_date, _, statute, description, offense_class, case, county, disposition, disposition_date, _) = r
        explanation = verdict.explanation if not notes else " ".join([verdict.explanation, *notes])
        # Fields are written as read, except offense_date: the date the rules used (ISO), which is
        # the arrest date when the offense date is missing.
        return _new(Result, (
            row_number, ir_number, dcn, case, statute,
            verdict.decision, verdict.reason, explanation, verdict.authority, verdict.minor_cannabis_offense,
            expunge_by, last_name, first_name, middle_name, date_of_birth, county,
            arrest_date, offense_iso or offense_date,
            description, offense_class, disposition, disposition_date,
            verdict.section, verdict.subsection, verdict.violent_association,
            age_now, age_at_offense, years_since, RULE_SET_VERSION, arresting_agency,
        ))


def _unreadable(column: str, text: str) -> str:
    return f"The {column} {text.strip()!r} could not be read and was treated as missing."
