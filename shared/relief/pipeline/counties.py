"""Illinois's 102 counties, as names a bundle file may carry.

A bundle is named after the county its rows' records name. Only a county of Illinois (however the
record spells it: "DE KALB", "DeKalb", "ST. CLAIR", "SAINT CLAIR COUNTY") or the pipeline's own
"COUNTY NOT RECORDED" names a file; any other value is a record's content in the wrong place and
must not reach a job record or an announcement.
"""

from __future__ import annotations

import re

NOT_RECORDED = "COUNTY NOT RECORDED"  # the bundle of rows whose record names no county, when the office names none

ILLINOIS_COUNTIES = (
    "ADAMS", "ALEXANDER", "BOND", "BOONE", "BROWN", "BUREAU", "CALHOUN", "CARROLL", "CASS", "CHAMPAIGN",
    "CHRISTIAN", "CLARK", "CLAY", "CLINTON", "COLES", "COOK", "CRAWFORD", "CUMBERLAND", "DEKALB", "DEWITT",
    "DOUGLAS", "DUPAGE", "EDGAR", "EDWARDS", "EFFINGHAM", "FAYETTE", "FORD", "FRANKLIN", "FULTON", "GALLATIN",
    "GREENE", "GRUNDY", "HAMILTON", "HANCOCK", "HARDIN", "HENDERSON", "HENRY", "IROQUOIS", "JACKSON", "JASPER",
    "JEFFERSON", "JERSEY", "JODAVIESS", "JOHNSON", "KANE", "KANKAKEE", "KENDALL", "KNOX", "LAKE", "LASALLE",
    "LAWRENCE", "LEE", "LIVINGSTON", "LOGAN", "MCDONOUGH", "MCHENRY", "MCLEAN", "MACON", "MACOUPIN", "MADISON",
    "MARION", "MARSHALL", "MASON", "MASSAC", "MENARD", "MERCER", "MONROE", "MONTGOMERY", "MORGAN", "MOULTRIE",
    "OGLE", "PEORIA", "PERRY", "PIATT", "PIKE", "POPE", "PULASKI", "PUTNAM", "RANDOLPH", "RICHLAND",
    "ROCKISLAND", "STCLAIR", "SALINE", "SANGAMON", "SCHUYLER", "SCOTT", "SHELBY", "STARK", "STEPHENSON",
    "TAZEWELL", "UNION", "VERMILION", "WABASH", "WARREN", "WASHINGTON", "WAYNE", "WHITE", "WHITESIDE", "WILL",
    "WILLIAMSON", "WINNEBAGO", "WOODFORD",
)
assert len(ILLINOIS_COUNTIES) == 102

_COUNTIES = frozenset(ILLINOIS_COUNTIES)
_NOT_LETTERS = re.compile(r"[^A-Z]+")


def county_letters(county: str) -> str:
    """'St. Clair County' -> 'STCLAIR', 'De Kalb' -> 'DEKALB': a county name as compared."""
    letters = _NOT_LETTERS.sub("", county.upper())
    letters = letters.removesuffix("COUNTY") or letters
    return "ST" + letters[5:] if letters.startswith("SAINT") else letters


def is_named_county(county: str) -> bool:
    """An Illinois county, or the pipeline's own name for none."""
    return county_letters(county) in _COUNTIES or " ".join(county.upper().split()) == NOT_RECORDED
