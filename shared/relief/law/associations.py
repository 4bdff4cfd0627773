"""Which arrests and court cases of a person also charged a Section 7 enhancement or a violent crime.

The law asks whether a cannabis charge is "associated with an arrest, conviction or other
disposition for a violent crime", and whether the violation "included a penalty enhancement under
Section 7". Both are answered per arrest (DCN) and per court case (cases.py), never across a
person's other arrests, and only about that person: co-defendants can share a case number, and
one defendant's charges say nothing about another's.

The index holds only the arrests and cases that carry such a charge, so a first pass over an
unsorted file of any size fits in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .cannabis_act import ENHANCEMENT_SECTION
from .cases import compact_key, county_key, court_case
from .citations import parse_citation
from .violence import ViolenceTest


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
    """Arrests (by DCN) and a person's cases (by case, then person) with a Section 7 or violent
    charge. Looking a charge up costs one or two dictionary misses in the common case."""

    arrests: dict[str, Association] = field(default_factory=dict)
    # A person's case, split in two so that a miss (nearly every lookup) costs one dictionary look:
    # case number -> (county, person) -> what that person's charges in that county's case carry.
    cases: dict[str, dict[tuple[str, str], Association]] = field(default_factory=dict)

    def note(self, *, ir_number: str, county: str, dcn: str, case_number: str, statute: str, description: str,
             violence: ViolenceTest) -> None:
        enhancement = is_section_7(statute)
        crime = violence.crime_of(statute, description)
        if not enhancement and crime is None:
            return
        found = Association(enhancement, crime)
        arrest = compact_key(dcn)
        if arrest:
            self.arrests[arrest] = self.arrests[arrest].joined(found) if arrest in self.arrests else found
        case = court_case(county, case_number)
        if case is not None:
            people = self.cases.setdefault(case.number, {})
            person = (case.county, compact_key(ir_number))
            people[person] = people[person].joined(found) if person in people else found

    def lookup(self, ir_number: str, county: str, dcn: str, case_number: str) -> Association:
        """What the charge's arrest and the person's case carry (NONE when nothing)."""
        # Runs for every cannabis row and nearly every lookup misses: the empty index is checked first.
        by_arrest = self.arrests.get(compact_key(dcn)) if self.arrests else None
        by_case = None
        if self.cases and case_number:
            people = self.cases.get(compact_key(case_number))
            if people is not None:
                by_case = people.get((county_key(county), compact_key(ir_number)))
        if by_arrest is None:
            return by_case or NONE
        return by_arrest.joined(by_case)
