"""Statute citations as they appear in ISP records, reduced to (act, section, subsection).

Two codes occur: the Illinois Compiled Statutes (`720 ILCS 550/4(c)`, since 1993) and the
Illinois Revised Statutes (`Ill. Rev. Stat. ch. 56 1/2, par. 704(c)`, before 1993). The Cannabis
Control Act is 720 ILCS 550, formerly ch. 56 1/2 par. 701 et seq. (par. 704 = Section 4).
Inchoate offenses (attempt 8-4, conspiracy 8-2, solicitation 8-1 of the Criminal Code) may wrap
the citation of the offense they aim at: `720 ILCS 5/8-4(720 ILCS 550/4(a))`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ILCS = "ILCS"
IRS = "IRS"  # Ill. Rev. Stat.

CANNABIS_ACT = (ILCS, "720", "550")
CANNABIS_ACT_IRS_CHAPTER = "56.5"
CRIMINAL_CODE = (ILCS, "720", "5")
CRIMINAL_CODE_IRS_CHAPTER = "38"

INCHOATE = {"8-4": "attempt", "8-2": "conspiracy", "8-1": "solicitation"}


@dataclass(frozen=True, slots=True)
class Citation:
    code: str  # ILCS or IRS
    chapter: str  # "720"; for IRS "56.5" or "38"
    act: str | None  # "550"; None for IRS, which has chapters and paragraphs only
    section: str  # "4", "5.1", "12-3.05"; for IRS the paragraph: "704", "12-4"
    subsection: str | None = None  # "c"; the first level only
    inchoate: str | None = None  # attempt / conspiracy / solicitation
    target: Citation | None = None  # what an inchoate offense aims at, when the record says

    @property
    def cannabis_section(self) -> str | None:
        """Section of the Cannabis Control Act this cites ("4", "5.1", "10"), or None."""
        if (self.code, self.chapter, self.act) == CANNABIS_ACT:
            return self.section
        if self.code == IRS and self.chapter == CANNABIS_ACT_IRS_CHAPTER:
            return _irs_cannabis_section(self.section)
        return None

    @property
    def offense(self) -> Citation:
        """The citation that names the offense: the target of an inchoate wrapper when known."""
        return self.target if self.target is not None else self

    @property
    def section_key(self) -> tuple[str, str, str | None, str]:
        """Identity of the section, whatever the subsection: what offense lists are matched on."""
        return (self.code, self.chapter, self.act, self.section)

    def __str__(self) -> str:
        sub = f"({self.subsection})" if self.subsection else ""
        if self.code == ILCS:
            text = f"{self.chapter} ILCS {self.act}/{self.section}{sub}"
        else:
            chapter = "56 1/2" if self.chapter == CANNABIS_ACT_IRS_CHAPTER else self.chapter
            text = f"Ill. Rev. Stat. ch. {chapter}, par. {self.section}{sub}"
        if self.target is not None:
            text += f" ({self.target})"
        return text


@lru_cache(maxsize=1 << 10)
def _irs_cannabis_section(paragraph: str) -> str | None:
    """Par. 704 of ch. 56 1/2 is Section 4 of the Cannabis Control Act. Cached: the rules ask often."""
    match = re.fullmatch(r"7(\d\d)(\.\d+)?", paragraph)
    return str(int(match.group(1))) + (match.group(2) or "") if match else None


# --- text forms --------------------------------------------------------------------------------

# 4, 5.1, 12-3.05, and a lettered article before a dash (33A-2, armed violence).
_SECTION = r"(?P<section>\d{1,4}(?:[A-Z](?=-))?(?:\.\d+)?(?:-\d+(?:\.\d+)?)?)"
# (c), (c)(1), -C, " C", or a letter stuck to the section ("4C").
_SUBSECTION = (
    r"(?:\s*\(\s*(?P<sub_paren>[A-Z0-9]{1,3})\s*\)(?:\s*\([A-Z0-9.]{1,4}\))*"
    r"|\s*-\s*(?P<sub_dash>[A-Z])"
    r"|\s+(?P<sub_space>[A-Z])"
    r"|(?P<sub_stuck>[A-Z]))?"
)
_END = r"[\s.,;]*$"

# 720 ILCS 550/4(c), 720-550/4-C, 720 550/4(C), 720ILCS550/4(c), 720 ILCS 550.0/4(c)
_ILCS_FORM = re.compile(
    r"^0*(?P<chapter>\d{1,3})(?:\s*ILCS\s*|\s*-\s*|\s+)0*(?P<act>\d{1,4})(?:\.0+)?\s*/\s*0*"
    + _SECTION
    + _SUBSECTION
)
# 0720 0550 004 C (fixed-width, zero-padded, as ISP's older extracts print it)
_PADDED_FORM = re.compile(
    r"^0*(?P<chapter>\d{1,3})\s+0*(?P<act>\d{1,4})\s+0*" + _SECTION + _SUBSECTION
)
# 56.5-704(c), 56 1/2-704-C, CH 56 1/2 PAR 704(C), CH.56-1/2 SEC 704 C, ILL REV STAT CH 38 PAR 12-4
_IRS_FORM = re.compile(
    r"^(?:ILL(?:INOIS)?\.?\s*REV(?:ISED)?\.?\s*STAT(?:UTES)?\.?[\s,]*)?"
    r"(?P<marker>CH(?:AP(?:TER)?)?\.?\s*)?"
    r"(?P<chapter>\d{1,3}(?:\.5|\s*-?\s*1/2)?)"
    r"(?:\s*[-,]\s*|\s+)(?P<par_marker>(?:PAR(?:AGRAPH)?|SEC(?:TION)?|¶)\.?\s*)?"
    + _SECTION
    + _SUBSECTION
)
# ...8-4(<target>) or ...8-4 <target>: the target after an inchoate section.
_INCHOATE_TAIL = re.compile(r"^\s*(?:\(\s*(?P<paren>.+)\)|[-\s:]+(?P<bare>.+))$")

_CANNABIS_ACT_MENTION = re.compile(r"(?:^|\D)0*720\D{0,8}0*550(?:\D|$)|(?:^|\D)56\s*(?:\.5|-?\s*1/2)")


def _normalise(text: str) -> str:
    return " ".join(text.upper().replace("½", " 1/2").split())


def _subsection(match: re.Match[str]) -> str | None:
    for group in ("sub_paren", "sub_dash", "sub_space", "sub_stuck"):
        value: str | None = match.group(group)
        if value:
            return value.lower()
    return None


def _irs_chapter(raw: str) -> str:
    compact = raw.replace(" ", "").replace("-", "")
    if compact.endswith("1/2"):
        return str(int(compact[:-3])) + ".5"
    return compact.rstrip("0").rstrip(".") if "." in compact else str(int(compact))


def _match_simple(text: str) -> tuple[Citation, int] | None:
    """The citation at the start of `text` and where it ends, trying each form in turn."""
    match = _IRS_FORM.match(text)
    if match and (match.group("marker") or match.group("par_marker") or _is_56_half(match.group("chapter"))):
        return (
            Citation(IRS, _irs_chapter(match.group("chapter")), None, match.group("section"), _subsection(match)),
            match.end(),
        )
    for form in (_ILCS_FORM, _PADDED_FORM):
        match = form.match(text)
        if match:
            return (
                Citation(ILCS, str(int(match.group("chapter"))), str(int(match.group("act"))),
                         match.group("section"), _subsection(match)),
                match.end(),
            )
    return None


def _is_56_half(chapter: str) -> bool:
    return _irs_chapter(chapter) == CANNABIS_ACT_IRS_CHAPTER


def _inchoate_kind(citation: Citation) -> str | None:
    if citation.section_key[:3] == CRIMINAL_CODE or (
        citation.code == IRS and citation.chapter == CRIMINAL_CODE_IRS_CHAPTER
    ):
        return INCHOATE.get(citation.section)
    return None


@lru_cache(maxsize=1 << 14)
def parse_citation(text: str) -> Citation | None:
    """The citation written in `text`, or None when it cannot be read."""
    norm = _normalise(text)
    if not norm:
        return None
    found = _match_simple(norm)
    if found is None:
        return None
    citation, end = found
    rest = norm[end:]
    kind = _inchoate_kind(citation)
    if kind is not None:
        target = None
        if re.fullmatch(_END, rest) is None:
            tail = _INCHOATE_TAIL.match(rest)
            target = parse_citation(tail.group("paren") or tail.group("bare")) if tail else None
            if target is None:
                return None
        return Citation(citation.code, citation.chapter, citation.act, citation.section,
                        citation.subsection, kind, target)
    if re.fullmatch(_END, rest) is None:
        return None
    return citation


def mentions_cannabis_act(text: str) -> bool:
    """True when the text plainly points at the Cannabis Control Act even if it cannot be read."""
    return _CANNABIS_ACT_MENTION.search(_normalise(text)) is not None
