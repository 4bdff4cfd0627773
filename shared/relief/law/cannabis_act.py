"""Sections 4 and 5 of the Cannabis Control Act (720 ILCS 550): weights and classes by subsection.

Public Act 99-697 rewrote Section 4 for offenses on or after 2016-07-29; Section 5 did not change.
Each subsection carries the classes it can be (the second one for a subsequent offense) and its
weight band, which is all the rules need to know about grams.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from .offense_classes import OffenseClass as C

PA_99_697 = date(2016, 7, 29)  # Section 4 weights change
RELIEF_CUTOFF = date(2019, 6, 25)  # offenses on or after this date are outside 5.2(i)

ELIGIBLE_SECTIONS = frozenset({"4", "5"})
ENHANCEMENT_SECTION = "7"
FIRST_OFFENDER_PROBATION_SECTION = "10"


class Weight(str, Enum):
    CIVIL = "civil"  # Section 4(a) on or after 2016-07-29: 10 g or less, a fine
    MINOR = "minor"  # not more than 30 g: a Minor Cannabis Offense weight
    MOTION = "motion"  # over 30 g but within the motion route (Section 4, up to 500 g)
    OVER = "over"  # beyond the motion route: Section 4 over 500 g, Section 5 over 30 g


@dataclass(frozen=True, slots=True)
class Subsection:
    grams: str
    classes: tuple[C, ...]  # first offense, then subsequent offense where it differs
    weight: Weight


def _table(**rows: tuple[str, tuple[C, ...], Weight]) -> dict[str, Subsection]:
    return {letter: Subsection(*row) for letter, row in rows.items()}


SECTION_4_BEFORE_2016 = _table(
    a=("2.5 g or less", (C.MISD_C,), Weight.MINOR),
    b=("more than 2.5 g up to 10 g", (C.MISD_B,), Weight.MINOR),
    c=("more than 10 g up to 30 g", (C.MISD_A, C.FEL_4), Weight.MINOR),
    d=("more than 30 g up to 500 g", (C.FEL_4, C.FEL_3), Weight.MOTION),
    e=("more than 500 g up to 2,000 g", (C.FEL_3,), Weight.OVER),
    f=("more than 2,000 g up to 5,000 g", (C.FEL_2,), Weight.OVER),
    g=("more than 5,000 g", (C.FEL_1,), Weight.OVER),
)
SECTION_4_FROM_2016 = _table(
    a=("10 g or less", (C.CIVIL,), Weight.CIVIL),
    b=("more than 10 g up to 30 g", (C.MISD_B,), Weight.MINOR),
    c=("more than 30 g up to 100 g", (C.MISD_A, C.FEL_4), Weight.MOTION),
    d=("more than 100 g up to 500 g", (C.FEL_4, C.FEL_3), Weight.MOTION),
    e=("more than 500 g up to 2,000 g", (C.FEL_3,), Weight.OVER),
    f=("more than 2,000 g up to 5,000 g", (C.FEL_2,), Weight.OVER),
    g=("more than 5,000 g", (C.FEL_1,), Weight.OVER),
)
SECTION_5 = _table(
    a=("2.5 g or less", (C.MISD_B,), Weight.MINOR),
    b=("more than 2.5 g up to 10 g", (C.MISD_A,), Weight.MINOR),
    c=("more than 10 g up to 30 g", (C.FEL_4,), Weight.MINOR),
    d=("more than 30 g up to 500 g", (C.FEL_3,), Weight.OVER),
    e=("more than 500 g up to 2,000 g", (C.FEL_2,), Weight.OVER),
    f=("more than 2,000 g up to 5,000 g", (C.FEL_1,), Weight.OVER),
    g=("more than 5,000 g", (C.FEL_X,), Weight.OVER),
)

_GENERIC = {C.MISD: frozenset({C.MISD_A, C.MISD_B, C.MISD_C}),
            C.FEL: frozenset({C.FEL_4, C.FEL_3, C.FEL_2, C.FEL_1, C.FEL_X})}


def subsections_for_class(table: dict[str, Subsection], offense_class: C) -> list[Subsection]:
    """The subsections a charge of this class could fall under (a generic class matches any grade)."""
    grades = _GENERIC.get(offense_class, frozenset({offense_class}))
    return [row for row in table.values() if grades.intersection(row.classes)]


def weight_of(table: dict[str, Subsection], subsection: str | None, offense_class: C) -> Weight | None:
    """The weight band the record settles, or None when it cannot be told.

    The subsection decides when given. Without one, the class decides when every subsection of
    that class falls in one band (rule 9 of the reference). A Class 3 or higher felony is over
    the limit whatever the grams.
    """
    if subsection is not None:
        row = table.get(subsection)
        return row.weight if row else None
    if offense_class.is_over_motion_limit:
        return Weight.OVER
    weights = {row.weight for row in subsections_for_class(table, offense_class)}
    return weights.pop() if len(weights) == 1 else None


def possible_classes(table: dict[str, Subsection], subsection: str) -> tuple[C, ...]:
    row = table.get(subsection)
    return row.classes if row else ()
