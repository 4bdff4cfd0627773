"""Disposition text as written in records, sorted into conviction / non-conviction / unknown.

Order matters: "NOT GUILTY" contains "GUILTY", "SUPERVISION TERMINATED UNSATISFACTORILY" contains
"SATISFACTORILY", and a plea of guilty followed by supervision is not a conviction. So the more
specific patterns are tried first, and anything not recognised is unknown: a person decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache


class DispositionKind(str, Enum):
    CONVICTION = "conviction"
    NON_CONVICTION = "non_conviction"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Disposition:
    kind: DispositionKind
    label: str  # what the text was read as, for explanations: "not guilty", "supervision", ...


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# (pattern, kind, label), first match wins.
_PATTERNS: tuple[tuple[re.Pattern[str], DispositionKind, str], ...] = (
    (_words("PENDING"), DispositionKind.UNKNOWN, "pending"),
    (_words(r"SUPV?\w* TERM\w* UNSAT\w*", r"UNSATISFACTOR\w*"), DispositionKind.CONVICTION,
     "supervision terminated unsatisfactorily"),
    (_words(r"PROB\w* REVOKED", "REVOKED"), DispositionKind.CONVICTION, "probation revoked"),
    (_words("NOT GUILTY", "FNG", "ACQUITTED", "ACQUITTAL", "FINDING OF NOT GUILTY"),
     DispositionKind.NON_CONVICTION, "not guilty"),
    (_words(r"SUPV?\w* TERM\w* SAT\w*"), DispositionKind.NON_CONVICTION,
     "supervision terminated satisfactorily"),
    (_words("SUPERVISION", "SUPV", "COURT SUPERVISION"), DispositionKind.NON_CONVICTION, "supervision"),
    # Section 10 (first-offender) probation, and its end: discharge and dismissal without a conviction.
    (_words(r"SEC(?:TION)? ?10 PROB\w*", r"710 PROB\w*", r"QUALIFIED PROB\w*"),
     DispositionKind.NON_CONVICTION, "qualified probation"),
    (_words(r"SEC(?:TION)? ?10 DISCH\w*", r"710 DISCH\w*", r"DISCH\w* (?:AND )?DISM\w*"),
     DispositionKind.NON_CONVICTION, "discharged and dismissed"),
    (_words("NOLLE PROSEQUI", "NOLLE PROS", "NOLLE", "NOL PROS"), DispositionKind.NON_CONVICTION,
     "nolle prosequi"),
    (_words("SOL", r"STRICKEN OFF\w*", "STRICKEN", r"S ?O ?L ?W ?L"), DispositionKind.NON_CONVICTION,
     "stricken off with leave to reinstate"),
    (_words("DISMISSED", "DISMISSAL", "DISMISS", "DISM", "DISMD"), DispositionKind.NON_CONVICTION,
     "dismissed"),
    (_words("NO BILL", "NO TRUE BILL"), DispositionKind.NON_CONVICTION, "no bill"),
    (_words("FNPC", "NO PROBABLE CAUSE", "FINDING OF NO PROBABLE CAUSE"), DispositionKind.NON_CONVICTION,
     "no probable cause"),
    (_words("RELEASED WITHOUT CHARGING", "RELEASED WITHOUT CHARGE", "RWOC"),
     DispositionKind.NON_CONVICTION, "released without charging"),
    (_words("GUILTY", "CONVICTED", "CONVICTION", "SENTENCED"), DispositionKind.CONVICTION, "guilty"),
)

_EMPTY = Disposition(DispositionKind.UNKNOWN, "none recorded")


@lru_cache(maxsize=4096)
def normalise_disposition(text: str) -> Disposition:
    words = " ".join(re.sub(r"[^A-Z0-9]+", " ", text.upper()).split())
    if not words:
        return _EMPTY
    for pattern, kind, label in _PATTERNS:
        if pattern.search(words):
            return Disposition(kind, label)
    return Disposition(DispositionKind.UNKNOWN, "not recognised")
