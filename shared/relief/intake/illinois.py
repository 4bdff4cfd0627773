"""What a record's county and arresting agency name: the 102 Illinois counties with their judicial
circuits, and Illinois law-enforcement agencies by ORI code.

Both are shipped data with their sources beside them (`relief/data/*.csv` and `*.SOURCE.md`), not
code: the General Assembly renumbers circuits and agencies merge, and the tables are corrected
without touching the rules.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

COOK = "Cook"  # the county that is its own circuit (705 ILCS 35/1)
_NOT_LETTERS = re.compile(r"[^A-Z0-9]+")
_ORI = re.compile(r"^IL[0-9A-Z]{7}$")


@dataclass(frozen=True, slots=True)
class IllinoisCounty:
    name: str  # as the Census writes it: "St. Clair", "DuPage", "De Witt"
    statute_name: str  # as 705 ILCS 35/1 writes it: "DeWitt"
    circuit: str  # "1" to "24", or "Cook"
    ori_code: str  # the three digits after "IL" in its agencies' ORIs

    @property
    def key(self) -> str:
        """'ST. CLAIR': the county as bundles and order parts name it."""
        return self.name.upper()


def match_key(text: str) -> str:
    """'St. Clair County', 'SAINT CLAIR', 'st clair' and 'St Clair County, IL' -> 'STCLAIR': how a
    county name is matched (no Illinois county's name ends in IL or COUNTY)."""
    key = _NOT_LETTERS.sub("", text.upper())
    for suffix in ("ILLINOIS", "IL", "COUNTY"):
        if key.endswith(suffix) and key != suffix:
            key = key[: -len(suffix)]
    return "ST" + key[5:] if key.startswith("SAINT") else key


def _data(name: str) -> str:
    return (resources.files("relief") / "data" / name).read_text(encoding="utf-8")


@cache
def _counties() -> tuple[tuple[IllinoisCounty, ...], dict[str, IllinoisCounty]]:
    counties = []
    by_key: dict[str, IllinoisCounty] = {}
    for row in csv.DictReader(io.StringIO(_data("illinois_counties.csv"))):
        county = IllinoisCounty(row["county"], row["statute_name"], row["circuit"], row["ori_county_code"])
        counties.append(county)
        for spelling in (county.name, county.statute_name, *row["aliases"].split("|")):
            by_key.setdefault(match_key(spelling), county)
    return tuple(counties), by_key


def illinois_counties() -> tuple[IllinoisCounty, ...]:
    """All 102, in the table's order (ORI county code)."""
    return _counties()[0]


def illinois_county(text: str) -> IllinoisCounty | None:
    """The Illinois county a record or a setting names, or None ('Cook', 'COOK COUNTY', 'St Clair')."""
    key = match_key(text)
    return _counties()[1].get(key) if key else None


def closest_counties(text: str, count: int = 2) -> list[str]:
    """Illinois county names nearest in spelling to `text`, for a 'did you mean' ('Cok' -> Cook)."""
    by_key = _counties()[1]
    keys = difflib.get_close_matches(match_key(text), list(by_key), n=count * 3, cutoff=0.6)
    names: list[str] = []
    for key in keys:
        if by_key[key].name not in names:
            names.append(by_key[key].name)
    return names[:count]


@cache
def _agencies() -> dict[str, str]:
    return {row["ori"]: row["agency_name"] for row in csv.DictReader(io.StringIO(_data("illinois_ori_agencies.csv")))}


def agency_name(arresting_agency: str) -> str:
    """The agency's name when a record gives a known ORI ('IL0160000' -> "Cook County Sheriff's Office");
    otherwise the value as written, trimmed (a name, or an ORI the table does not know)."""
    written = arresting_agency.strip()
    code = written.upper()
    if _ORI.match(code):
        return _agencies().get(code, written)
    return written
