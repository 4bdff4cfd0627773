"""Which arrests and court cases of a person also charged Section 7 or a violent crime.

The law asks whether a cannabis charge is "associated with an arrest, conviction or other
disposition for a violent crime", and whether the violation "included a penalty enhancement under
Section 7". Both are answered per arrest (DCN) and per court case (cases.py), never across a
person's other arrests, and only about that person: co-defendants can share a case number, and
one defendant's charges say nothing about another's.

A Section 7 charge counts by its own disposition (reference, rule 12): a conviction, or one not
yet known (empty, pending, unrecognised); a Section 7 charge that ended otherwise does not count.

The index holds only the arrests and cases that carry such a charge, so a first pass over an
unsorted file of any size fits in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache

from .cannabis_act import ENHANCEMENT_SECTION
from .cases import compact_key, county_key, court_case
from .citations import parse_citation
from .dispositions import DispositionKind, normalise_disposition
from .violence import ViolenceTest


@lru_cache(maxsize=1 << 14)
def is_section_7(statute: str) -> bool:
    citation = parse_citation(statute)
    return citation is not None and citation.offense.cannabis_section == ENHANCEMENT_SECTION


class Section7(IntEnum):
    """The strongest Section 7 charge in an arrest or case, by its disposition."""

    NONE = 0  # none, or only ones that ended without a conviction: they do not count
    UNDECIDED = 1  # disposition empty, pending or not recognised
    CONVICTED = 2


_SECTION_7_BY_KIND = {DispositionKind.CONVICTION: Section7.CONVICTED, DispositionKind.UNKNOWN: Section7.UNDECIDED,
                      DispositionKind.NON_CONVICTION: Section7.NONE}


@dataclass(frozen=True, slots=True)
class Association:
    section_7: Section7 = Section7.NONE
    violent_crime: str | None = None  # the first violent crime seen in the arrest or case
    possibly_violent: str | None = None  # the first possibly violent charge seen, said in words

    def joined(self, other: Association | None) -> Association:
        if other is None:
            return self
        return Association(max(self.section_7, other.section_7), self.violent_crime or other.violent_crime,
                           self.possibly_violent or other.possibly_violent)


NONE = Association()

# What a person's charges in one arrest or case carry, by person (compact IR number).
_People = dict[str, Association]


@dataclass
class Associations:
    """Arrests (by DCN, then person) and cases (by case number, then county and person) that carry a
    counting Section 7 charge or a violent or possibly violent one. Looking a charge up costs one or
    two dictionary misses in the common case."""

    # Split in two so that a miss (nearly every lookup) costs one dictionary look.
    arrests: dict[str, _People] = field(default_factory=dict)
    cases: dict[str, dict[tuple[str, str], Association]] = field(default_factory=dict)

    def note(self, *, ir_number: str, county: str, dcn: str, case_number: str, statute: str, description: str,
             disposition: str, offense_class: str, violence: ViolenceTest) -> None:
        section_7 = _SECTION_7_BY_KIND[normalise_disposition(disposition).kind] if is_section_7(statute) \
            else Section7.NONE
        found_violence = violence.violence_of(statute, description, offense_class)
        if section_7 is Section7.NONE and found_violence is None:
            return
        found = Association(section_7, *(found_violence or (None, None)))
        person = compact_key(ir_number)
        arrest = compact_key(dcn)
        if arrest:
            people = self.arrests.setdefault(arrest, {})
            people[person] = people[person].joined(found) if person in people else found
        case = court_case(county, case_number)
        if case is not None:
            in_case = self.cases.setdefault(case.number, {})
            key = (case.county, person)
            in_case[key] = in_case[key].joined(found) if key in in_case else found

    def lookup(self, ir_number: str, county: str, dcn: str, case_key: str) -> Association:
        """What the charge's arrest and the person's case carry (NONE when nothing). `case_key` is the
        court case number as compared (compact_key), which the caller also needs."""
        # Runs for every cannabis row and nearly every lookup misses: the empty index is checked first.
        by_arrest = by_case = None
        arrest = self.arrests.get(compact_key(dcn)) if self.arrests else None
        in_case = self.cases.get(case_key) if self.cases and case_key else None
        if arrest is None and in_case is None:
            return NONE
        person = compact_key(ir_number)
        if arrest is not None:
            by_arrest = arrest.get(person)
        if in_case is not None:
            by_case = in_case.get((county_key(county), person))
        if by_arrest is None:
            return by_case or NONE
        return by_arrest.joined(by_case)
