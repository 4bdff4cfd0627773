"""Which arrests and court cases also charged a Section 7 enhancement or a violent crime.

The law asks whether a cannabis charge is "associated with an arrest, conviction or other
disposition for a violent crime", and whether the violation "included a penalty enhancement under
Section 7". Both are answered per arrest (DCN) and per court case, never across a person's other
arrests. A court case is keyed with the person and county too: co-defendants can share a case
number, and one defendant's charges say nothing about another's.

The index holds only the arrests and cases that carry such a charge, so a first pass over an
unsorted file of any size fits in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .cannabis_act import ENHANCEMENT_SECTION
from .citations import parse_citation
from .records import Record
from .violence import ViolenceTest

# Spacing and punctuation differ between exports of the same number ("11 CR 1234", "11-CR-1234").
_PUNCTUATION = str.maketrans("", "", " \t-./_#")


def _key_part(value: str) -> str:
    return value.upper() if value.isalnum() else value.upper().translate(_PUNCTUATION)


def arrest_key(record: Record) -> str:
    """A DCN is one arrest of one person, statewide."""
    return _key_part(record.dcn)


def case_key(record: Record) -> str:
    return _key_part(record.court_case_number)


def _defendant(record: Record) -> tuple[str, str]:
    return _key_part(record.ir_number), _key_part(record.county)


@lru_cache(maxsize=1 << 14)
def is_section_7(statute: str) -> bool:
    citation = parse_citation(statute)
    return citation is not None and citation.offense.cannabis_section == ENHANCEMENT_SECTION


@dataclass(frozen=True, slots=True)
class Association:
    section_7: bool = False
    violent_crime: str | None = None  # the first violent crime seen in the arrest or case

    def joined(self, other: Association | None) -> Association:
        if other is None:
            return self
        return Association(self.section_7 or other.section_7, self.violent_crime or other.violent_crime)


NONE = Association()


@dataclass
class Associations:
    """Arrests (by DCN) and cases (by case number, then person and county) with a Section 7 or
    violent charge. Looking a charge up costs one or two dictionary misses in the common case."""

    arrests: dict[str, Association] = field(default_factory=dict)
    cases: dict[str, dict[tuple[str, str], Association]] = field(default_factory=dict)

    def note(self, record: Record, violence: ViolenceTest) -> None:
        enhancement = is_section_7(record.statute)
        crime = violence.crime_of(record.statute, record.offense_description)
        if not enhancement and crime is None:
            return
        found = Association(enhancement, crime)
        arrest = arrest_key(record)
        if arrest:
            self.arrests[arrest] = self.arrests[arrest].joined(found) if arrest in self.arrests else found
        case = case_key(record)
        if case:
            defendants = self.cases.setdefault(case, {})
            defendant = _defendant(record)
            defendants[defendant] = defendants[defendant].joined(found) if defendant in defendants else found

    def of(self, record: Record) -> Association:
        """What the charge's arrest and case carry (NONE when nothing)."""
        return self.of_fields(record.dcn, record.court_case_number, record.ir_number, record.county)

    def of_fields(self, dcn: str, case: str, ir_number: str, county: str) -> Association:
        """of() from the record's fields as read."""
        # This runs for every cannabis row, and nearly every lookup misses: the keys (arrest_key,
        # case_key, _defendant) are made inline.
        by_arrest = by_case = None
        if self.arrests:
            by_arrest = self.arrests.get(dcn.upper() if dcn.isalnum() else dcn.upper().translate(_PUNCTUATION))
        if self.cases and case:
            defendants = self.cases.get(case.upper() if case.isalnum() else case.upper().translate(_PUNCTUATION))
            if defendants is not None:
                by_case = defendants.get((_key_part(ir_number), _key_part(county)))
        if by_arrest is None:
            return by_case or NONE
        return by_arrest.joined(by_case)

    @classmethod
    def of_records(cls, records: Iterable[Record], violence: ViolenceTest) -> Associations:
        index = cls()
        for record in records:
            index.note(record, violence)
        return index
