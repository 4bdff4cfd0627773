"""The factors a court weighs on a motion to vacate (20 ILCS 2630/5.2(i)): the person's age now,
their age at the time of the offense, and the time since the conviction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import whole_years


@dataclass(frozen=True, slots=True)
class CourtFactors:
    age_now: int | None
    age_at_offense: int | None
    years_since_conviction: int | None


def court_factors(born: date | None, offense: date | None, convicted: date | None, as_of: date) -> CourtFactors:
    return CourtFactors(
        age_now=whole_years(born, as_of) if born else None,
        age_at_offense=whole_years(born, offense) if born and offense else None,
        years_since_conviction=whole_years(convicted, as_of) if convicted else None,
    )
