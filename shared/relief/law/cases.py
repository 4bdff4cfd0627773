"""Arrests, court cases and people as records name them, reduced to keys that compare as the law does.

An arrest is one DCN. A court case is the pair (county, court case number), the number compared
without spaces, dashes, dots, slashes and letter case, leading zeros kept as written: "11-CR-1234"
and "11 cr 1234" in one county are one case, "11CR01234" another, and the same number in two
counties two cases. Associations, proposed orders and the results table all use these keys.
"""

from __future__ import annotations

from typing import NamedTuple

# Exports of one number differ in spacing and punctuation ("11 CR 1234", "11-CR-1234", "11/CR/1234"):
# spaces, dashes, dots and slashes (either way) are dropped, and nothing else.
_SEPARATORS = str.maketrans("", "", " \t\r\n-./\\")


def compact_key(value: str) -> str:
    """A case number, DCN or IR number as compared: separators dropped, letters upper-cased."""
    upper = value.upper()
    return upper if upper.isalnum() else upper.translate(_SEPARATORS)


def county_key(county: str) -> str:
    """'cook ', 'COOK' and 'Cook' are one county; spacing inside a name ('ST  CLAIR') is made single."""
    return " ".join(county.upper().split())


class CourtCase(NamedTuple):
    """One court case: its county and number as compared (county_key, compact_key)."""

    county: str
    number: str

    @property
    def text(self) -> str:
        """'COOK#11CR1234': the case as one string, for a table key."""
        return f"{self.county}#{self.number}"


def court_case(county: str, number: str) -> CourtCase | None:
    """The case a charge is in; None for a charge without a court case number (only its arrest links it)."""
    key = compact_key(number)
    return CourtCase(county_key(county), key) if key else None
