"""From a Record to its Result: read the fields the law turns on, decide, and explain.

This is the hot path of every job (a million rows at a time), so each field is read through a
cache of its distinct values and the decision is cached per distinct Facts; only the row's own
dates are computed per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from .associations import Associations, is_section_7
from .cannabis_act import PA_99_697, RELIEF_CUTOFF
from .citations import Citation, mentions_cannabis_act, parse_citation
from .dates import read_date
from .deadlines import civil_violation_deadline, non_conviction_deadline
from .dispositions import normalise_disposition
from .factors import CourtFactors, court_factors
from .offense_classes import normalise_class
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


def _shown(value: int | None) -> str:
    return "" if value is None else str(value)


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

    @classmethod
    def of(cls, facts: Facts, outcome: Outcome) -> Verdict:
        ruling, section = outcome.ruling, facts.section or ""
        return cls(ruling.decision.value, ruling.reason, ruling.explanation, ruling.authority,
                   outcome.minor_cannabis_offense, section, (facts.subsection or "") if section else "",
                   "true" if facts.violent_crime else ("false" if section else ""), facts.is_conviction)


@dataclass(frozen=True, slots=True)
class Charge:
    """What a (statute, description) pair says; read once per distinct pair."""

    citation: Citation | None
    cannabis_description: bool
    mentions_cannabis_act: bool
    not_cannabis: Verdict | None  # the verdict when this is not a cannabis charge at all


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
        self._verdicts: dict[tuple, Verdict] = {}
        self._associating: dict[tuple[str, str], bool] = {}

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
        charge = self._charges.get((r.statute, r.offense_description)) or self._read_charge(r)
        if charge.not_cannabis is not None:
            return self._result(row_number, r, charge.not_cannabis, None, "", None, None)

        arrested, arrest_unreadable = read_date(r.arrest_date)
        offense, offense_unreadable = read_date(r.offense_date)
        notes = []
        if arrest_unreadable:
            notes.append(_unreadable("arrest_date", r.arrest_date))
        if offense_unreadable:
            notes.append(_unreadable("offense_date", r.offense_date))
        offense = offense or arrested
        period = period_of(offense)
        association = self.associations.of(r)
        section_7, violent_crime = association.section_7, association.violent_crime
        case = r.court_case_number
        has_case = bool(case) and not case.isspace()
        key = (r.statute, r.offense_description, period, r.disposition, r.offense_class, section_7, violent_crime,
               has_case)
        verdict = self._verdicts.get(key) or self._decide(key, charge, r, period, section_7, violent_crime, has_case)

        expunge_by = ""
        if verdict.decision == "automatic":
            created = arrested or offense
            if created is not None:
                deadline = (civil_violation_deadline if verdict.reason == "civil_violation"
                            else non_conviction_deadline)(created)
                expunge_by = deadline.isoformat()
        factors = None
        if verdict.is_conviction:
            born, born_unreadable = read_date(r.date_of_birth)
            convicted, convicted_unreadable = read_date(r.disposition_date)
            if born_unreadable:
                notes.append(_unreadable("date_of_birth", r.date_of_birth))
            if convicted_unreadable:
                notes.append(_unreadable("disposition_date", r.disposition_date))
            factors = court_factors(born, offense, convicted, self.as_of)
        return self._result(row_number, r, verdict, notes, expunge_by, offense, factors)

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

    def _read_charge(self, r: Record) -> Charge:
        citation = parse_citation(r.statute)
        cannabis_description = is_cannabis_description(r.offense_description)
        mentions_act = citation is None and mentions_cannabis_act(r.statute)
        not_cannabis = None
        if (citation is None or citation.offense.cannabis_section is None) and not cannabis_description \
                and not mentions_act:
            facts = Facts(citation, None if citation else r.statute.strip(), False, False, None,
                          normalise_disposition(""), normalise_class(""), False, None, True)
            not_cannabis = Verdict.of(facts, decide(facts))
        charge = Charge(citation, cannabis_description, mentions_act, not_cannabis)
        if len(self._charges) >= _CACHE_LIMIT:
            self._charges.clear()
        self._charges[(r.statute, r.offense_description)] = charge
        return charge

    def _decide(self, key: tuple, charge: Charge, r: Record, period: Period | None, section_7: bool,
                violent_crime: str | None, has_case: bool) -> Verdict:
        facts = Facts(
            citation=charge.citation,
            unreadable_statute=r.statute.strip() if charge.citation is None else None,
            cannabis_description=charge.cannabis_description,
            mentions_cannabis_act=charge.mentions_cannabis_act,
            period=period,
            disposition=normalise_disposition(r.disposition),
            offense_class=normalise_class(r.offense_class),
            section_7_associated=section_7,
            violent_crime=violent_crime,
            has_case_number=has_case,
            violent_policy=self._policy,
        )
        verdict = Verdict.of(facts, decide(facts))
        if len(self._verdicts) >= _CACHE_LIMIT:
            self._verdicts.clear()
        self._verdicts[key] = verdict
        return verdict

    def _result(self, row_number: int, r: Record, verdict: Verdict, notes: list[str] | None, expunge_by: str,
                offense: date | None, factors: CourtFactors | None) -> Result:
        explanation = verdict.explanation if not notes else " ".join([verdict.explanation, *notes])
        age_now = age_at_offense = years_since = ""
        if factors is not None:
            age_now, age_at_offense = _shown(factors.age_now), _shown(factors.age_at_offense)
            years_since = _shown(factors.years_since_conviction)
        # Fields are written as read, except offense_date: the date the rules used (ISO), which is
        # the arrest date when the offense date is missing.
        return _new(Result, (
            row_number, r.ir_number, r.dcn, r.court_case_number, r.statute,
            verdict.decision, verdict.reason, explanation, verdict.authority, verdict.minor_cannabis_offense,
            expunge_by, r.last_name, r.first_name, r.middle_name, r.date_of_birth, r.county,
            r.arrest_date, offense.isoformat() if offense else r.offense_date,
            r.offense_description, r.offense_class, r.disposition, r.disposition_date,
            verdict.section, verdict.subsection, verdict.violent_association,
            age_now, age_at_offense, years_since, RULE_SET_VERSION, r.arresting_agency,
        ))


def _unreadable(column: str, text: str) -> str:
    return f"The {column} {text.strip()!r} could not be read and was treated as missing."
