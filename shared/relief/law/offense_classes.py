"""Offense class as written in records (`A`, `CLASS A MISD`, `FEL 4`, `Class 4 Felony`, `M`, `F`...)."""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache


class OffenseClass(str, Enum):
    MISD_A = "Class A misdemeanor"
    MISD_B = "Class B misdemeanor"
    MISD_C = "Class C misdemeanor"
    MISD = "misdemeanor (class not stated)"
    FEL_4 = "Class 4 felony"
    FEL_3 = "Class 3 felony"
    FEL_2 = "Class 2 felony"
    FEL_1 = "Class 1 felony"
    FEL_X = "Class X felony"
    FEL = "felony (class not stated)"
    CIVIL = "civil law violation"
    PETTY = "petty offense"
    BUSINESS = "business offense"
    NONE = "no class recorded"
    UNRECOGNISED = "class not recognised"

    @property
    def is_over_motion_limit(self) -> bool:
        """Class 3, 2, 1 or X felony: beyond what 5.2(i) lets the State's Attorney vacate."""
        return self in _OVER_LIMIT

    @property
    def settles_eligibility(self) -> bool:
        """A misdemeanor or Class 4 felony conviction is motion-eligible whatever the subsection."""
        return self in _MISDEMEANORS or self is OffenseClass.FEL_4


_MISDEMEANORS = frozenset({OffenseClass.MISD_A, OffenseClass.MISD_B, OffenseClass.MISD_C, OffenseClass.MISD})
_OVER_LIMIT = frozenset({OffenseClass.FEL_3, OffenseClass.FEL_2, OffenseClass.FEL_1, OffenseClass.FEL_X})
_MISD_GRADES = {"A": OffenseClass.MISD_A, "B": OffenseClass.MISD_B, "C": OffenseClass.MISD_C}
_FEL_GRADES = {"4": OffenseClass.FEL_4, "3": OffenseClass.FEL_3, "2": OffenseClass.FEL_2,
               "1": OffenseClass.FEL_1, "X": OffenseClass.FEL_X}
_WORDS = {
    "M": OffenseClass.MISD, "MISD": OffenseClass.MISD, "MISDEMEANOR": OffenseClass.MISD,
    "F": OffenseClass.FEL, "FEL": OffenseClass.FEL, "FELONY": OffenseClass.FEL,
    "CIV": OffenseClass.CIVIL, "CIVIL": OffenseClass.CIVIL, "CIVIL LAW VIOLATION": OffenseClass.CIVIL,
    "CIVIL VIOLATION": OffenseClass.CIVIL,
    "P": OffenseClass.PETTY, "PETTY": OffenseClass.PETTY, "PETTY OFFENSE": OffenseClass.PETTY,
    "BUS": OffenseClass.BUSINESS, "BUSINESS": OffenseClass.BUSINESS, "BUSINESS OFFENSE": OffenseClass.BUSINESS,
}
_MISD_WORD = r"(?:M|MISD|MISDEMEANOR|MIS)"
_FEL_WORD = r"(?:F|FEL|FELONY)"
_MISD_FORMS = (re.compile(rf"^{_MISD_WORD} ?([ABC])$"), re.compile(rf"^([ABC]) ?{_MISD_WORD}$"),
               re.compile(r"^([ABC])$"))
_FEL_FORMS = (re.compile(rf"^{_FEL_WORD} ?([1-4X])$"), re.compile(rf"^([1-4X]) ?{_FEL_WORD}$"),
              re.compile(r"^([1-4X])$"))


@lru_cache(maxsize=1024)
def normalise_class(text: str) -> OffenseClass:
    words = " ".join(re.sub(r"[^A-Z0-9]+", " ", text.upper()).split())
    words = re.sub(r"^(?:CLASS|CL) ?", "", words)
    if not words:
        return OffenseClass.NONE
    if words in _WORDS:
        return _WORDS[words]
    for forms, grades in ((_MISD_FORMS, _MISD_GRADES), (_FEL_FORMS, _FEL_GRADES)):
        for form in forms:
            match = form.match(words)
            if match:
                return grades[match.group(1)]
    return OffenseClass.UNRECOGNISED
