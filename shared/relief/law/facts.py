"""The facts of one charge that the rules read, and nothing else.

A million rows share a few thousand distinct Facts, so decisions are cached on them. The parts a
row's Facts are made of (what its statute and description say, its disposition and class) are
each read once per distinct text and numbered by value; `facts_key` makes the cache key from
those numbers and the rest of the Facts (the evaluator writes the same tuple out on its hot path,
and a test holds the two equal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import lru_cache

from .associations import Association, Section7
from .cannabis_act import (
    PA_99_697,
    RELIEF_CUTOFF,
    SECTION_4_BEFORE_2016,
    SECTION_4_FROM_2016,
    SECTION_5,
    Subsection,
    Weight,
    weight_of,
)
from .citations import Citation, mentions_cannabis_act, parse_citation
from .dispositions import Disposition, DispositionKind
from .offense_classes import OffenseClass
from .policy import ViolentAssociationPolicy


class Period(str, Enum):
    """Where the offense date falls against the two dates the law turns on."""

    BEFORE_PA_99_697 = "before 2016-07-29"
    BEFORE_CUTOFF = "2016-07-29 to 2019-06-24"
    AFTER_CUTOFF = "on or after 2019-06-25"


def period_of(offense: date | None) -> Period | None:
    if offense is None:
        return None
    if offense >= RELIEF_CUTOFF:
        return Period.AFTER_CUTOFF
    return Period.BEFORE_PA_99_697 if offense < PA_99_697 else Period.BEFORE_CUTOFF


_PETTY_OR_CIVIL = frozenset({OffenseClass.PETTY, OffenseClass.CIVIL})
_CANNABIS_WORDS = re.compile(r"\b(?:CANN\w*|MARI[JH]\w*)")


@lru_cache(maxsize=1 << 14)
def describes_cannabis(text: str) -> bool:
    """CANNABIS, MARIJUANA (or the older MARIHUANA) or CANN... in an offense description."""
    return _CANNABIS_WORDS.search(text.upper()) is not None


@dataclass(frozen=True, slots=True)
class Charge:
    """What a charge's statute and description say."""

    citation: Citation | None
    unreadable_statute: str | None  # the text, when the citation could not be read
    cannabis_description: bool  # CANNABIS, MARIJUANA, CANN... in the description
    mentions_cannabis_act: bool  # the unreadable text still points at 720 ILCS 550 / ch. 56 1/2
    key: int = field(default=0, compare=False)  # the same for every Charge equal to this one (facts_key)

    @property
    def section(self) -> str | None:
        """Cannabis Control Act section of the offense (through an inchoate wrapper)."""
        return self.citation.offense.cannabis_section if self.citation else None

    @property
    def is_cannabis(self) -> bool:
        """A Cannabis Control Act charge (rule 1 decides the rest). A readable citation outside the Act is
        not one, whatever its description says: 5.2(i) reaches only that Act. An unreadable one is when its
        description is cannabis-like or its text still points at the Act (rule 2), and an attempt,
        conspiracy or solicitation is when it wraps the Act or its description is cannabis-like (rule 3)."""
        citation = self.citation
        if citation is None:
            return self.cannabis_description or self.mentions_cannabis_act
        if citation.offense.cannabis_section is not None:
            return True
        return citation.inchoate is not None and self.cannabis_description


def read_charge(statute: str, description: str, key: int = 0) -> Charge:
    citation = parse_citation(statute)
    return Charge(citation, statute.strip() if citation is None else None, describes_cannabis(description),
                  citation is None and mentions_cannabis_act(statute), key)


@dataclass(frozen=True, slots=True)
class Adjudication:
    """How the court disposed of the charge, and the class of offense recorded with it."""

    disposition: Disposition
    offense_class: OffenseClass
    key: int = field(default=0, compare=False)  # the same for every Adjudication equal to this one

    @property
    def is_conviction(self) -> bool:
        return self.disposition.kind is DispositionKind.CONVICTION


FactsKey = tuple[int, int, "Period | None", Section7, "str | None", "str | None", bool]


def facts_key(charge: Charge, adjudication: Adjudication, period: Period | None, association: Association,
              has_case_number: bool) -> FactsKey:
    """The cache key of the Facts these parts make: every field of Facts but the office's policy,
    which one evaluator holds fixed. Equal keys mean equal Facts, so one decision serves both."""
    return (charge.key, adjudication.key, period, association.section_7, association.violent_crime,
            association.possibly_violent, has_case_number)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules know about one charge."""

    charge: Charge
    adjudication: Adjudication
    period: Period | None  # None: neither offense nor arrest date could be read
    association: Association  # what the same arrest or case also charged
    has_case_number: bool
    violent_policy: ViolentAssociationPolicy = ViolentAssociationPolicy.REVIEW

    @property
    def key(self) -> FactsKey:
        return facts_key(self.charge, self.adjudication, self.period, self.association, self.has_case_number)

    # --- read by several rules ---
    @property
    def citation(self) -> Citation | None:
        return self.charge.citation

    @property
    def section(self) -> str | None:
        return self.charge.section

    @property
    def cited_subsection(self) -> str | None:
        return self.citation.offense.subsection if self.citation else None

    @property
    def subsection_read_from_class(self) -> bool:
        """Section 4 without subsection, class petty or civil: subsection (a), the only petty or civil
        cannabis offense (reference, rule 9 table)."""
        # The class first: it is rarely petty or civil, and the rules ask this on every subsection read.
        return (self.adjudication.offense_class in _PETTY_OR_CIVIL and self.section == "4"
                and self.cited_subsection is None)

    @property
    def subsection(self) -> str | None:
        """The subsection the rules read: as cited, or (a) for a petty or civil Section 4 charge."""
        return "a" if self.subsection_read_from_class else self.cited_subsection

    @property
    def disposition(self) -> Disposition:
        return self.adjudication.disposition

    @property
    def offense_class(self) -> OffenseClass:
        return self.adjudication.offense_class

    @property
    def is_conviction(self) -> bool:
        return self.adjudication.is_conviction

    @property
    def section_7(self) -> Section7:
        return self.association.section_7

    @property
    def violent_crime(self) -> str | None:
        return self.association.violent_crime

    @property
    def possibly_violent(self) -> str | None:
        """A possibly violent charge in the case or arrest, when no violent one is."""
        return self.association.possibly_violent if self.association.violent_crime is None else None

    @property
    def table(self) -> dict[str, Subsection]:
        if self.section == "5":
            return SECTION_5
        return SECTION_4_BEFORE_2016 if self.period is Period.BEFORE_PA_99_697 else SECTION_4_FROM_2016

    @property
    def weight(self) -> Weight | None:
        return weight_of(self.table, self.subsection, self.offense_class)

    @property
    def offense_name(self) -> str:
        sub = f"({self.subsection})" if self.subsection else ""
        kind = "possession" if self.section == "4" else "manufacture/delivery"
        read = " (no subsection cited; a petty or civil class is subsection (a))" if self.subsection_read_from_class \
            else ""
        return f"Section {self.section}{sub} {kind}{read}"
