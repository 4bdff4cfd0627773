"""Which court a county's papers go to, and how its caption reads.

"IN THE CIRCUIT COURT OF THE 7TH JUDICIAL CIRCUIT / SANGAMON COUNTY, ILLINOIS"; Cook County is its
own circuit: "IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS / COUNTY DEPARTMENT, CRIMINAL DIVISION".
The circuit of each county comes from the shipped table (intake/illinois.py, 705 ILCS 35/1), or
from the office's settings for its own county when the office overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..intake.illinois import COOK, IllinoisCounty, illinois_county
from ..settings import OfficeSettings

NO_COUNTY = "COUNTY UNKNOWN"  # the bundle of rows whose record names no Illinois county


def ordinal(number: int) -> str:
    """1 -> '1ST', 2 -> '2ND', 11 -> '11TH', 23 -> '23RD'."""
    suffix = "TH" if 10 <= number % 100 <= 20 else {1: "ST", 2: "ND", 3: "RD"}.get(number % 10, "TH")
    return f"{number}{suffix}"


@dataclass(frozen=True, slots=True)
class Court:
    county: IllinoisCounty
    circuit: str  # "1" to "24", or "Cook"

    @property
    def caption(self) -> tuple[str, str]:
        """The court's name as the caption of every paper in it prints it, on two lines."""
        if self.circuit == COOK:
            return ("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS", "COUNTY DEPARTMENT, CRIMINAL DIVISION")
        return (f"IN THE CIRCUIT COURT OF THE {ordinal(int(self.circuit))} JUDICIAL CIRCUIT",
                f"{self.county.statute_name.upper()} COUNTY, ILLINOIS")

    @property
    def county_name(self) -> str:
        """'Sangamon County', 'St. Clair County'."""
        return f"{self.county.name} County"

    @property
    def clerk(self) -> str:
        return f"the Clerk of the Circuit Court of {self.county_name}"

    @property
    def state_s_attorney(self) -> str:
        return f"the {self.county_name} State's Attorney"


def court_of(county: str, settings: OfficeSettings) -> Court | None:
    """The court of a bundle's county (as `bundle_county` names it), or None for rows whose record
    names no Illinois county: no court paper can be captioned for them."""
    found = illinois_county(county)
    if found is None:
        return None
    return Court(found, settings.circuit_of(found))


@lru_cache(maxsize=1 << 12)
def bundle_county(county: str) -> str:
    """The bundle a row goes to: its Illinois county ('St Clair', 'ST. CLAIR COUNTY' -> 'ST. CLAIR'),
    or NO_COUNTY when the record names none, or names something that is not an Illinois county."""
    found = illinois_county(county)
    return found.key if found is not None else NO_COUNTY
