"""Violent crimes under 725 ILCS 120/3(c), for the association test.

A charge is violent when its citation is on the list (any subsection) or its description names
one of the crimes. The list is an office setting; `DEFAULT_VIOLENT_CRIMES` is the reference's.
Older numberings are listed beside the current ones because records cite the law as it stood:
Ill. Rev. Stat. ch. 38 before 1993, and the Criminal Code's sections renumbered in 2011-2013
(aggravated battery 12-4 -> 12-3.05, sexual assault 12-13..12-16 -> 11-1.20..11-1.60, order of
protection 12-30 -> 12-3.4, home invasion 12-11 -> 19-6).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, field_validator

from .citations import Citation, parse_citation


class ViolentCrime(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    citations: tuple[str, ...] = ()
    # Regular expressions matched as whole words against the upper-cased description.
    descriptions: tuple[str, ...] = ()
    # A cited charge counts only when the description also has one of these words (DUI: injury, death).
    citation_needs_words: tuple[str, ...] = ()

    @field_validator("citations")
    @classmethod
    def _citations_readable(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in value if parse_citation(c) is None]
        if bad:
            raise ValueError(f"citation(s) that cannot be read: {', '.join(bad)}")
        return value

    @field_validator("descriptions", "citation_needs_words")
    @classmethod
    def _patterns_compile(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"pattern {pattern!r} is not a regular expression: {error}") from None
        return value


def _crime(name: str, citations: str, descriptions: Sequence[str] = (), needs: Sequence[str] = ()) -> ViolentCrime:
    return ViolentCrime(name=name, citations=tuple(c.strip() for c in citations.split(";") if c.strip()),
                        descriptions=tuple(descriptions), citation_needs_words=tuple(needs))


DEFAULT_VIOLENT_CRIMES: tuple[ViolentCrime, ...] = (
    _crime("first degree murder", "720 ILCS 5/9-1; CH 38 PAR 9-1", [r"MURDER"]),
    _crime("second degree murder", "720 ILCS 5/9-2; CH 38 PAR 9-2", [r"(?:SECOND|2ND) DEG\w* MURDER"]),
    _crime("involuntary manslaughter or reckless homicide", "720 ILCS 5/9-3; CH 38 PAR 9-3",
           [r"MANSLAUGHTER", r"RECKLESS HOMICIDE"]),
    _crime("kidnapping", "720 ILCS 5/10-1; 720 ILCS 5/10-2; CH 38 PAR 10-1; CH 38 PAR 10-2", [r"KIDNAP\w*"]),
    _crime("criminal sexual assault or abuse",
           "720 ILCS 5/11-1.20; 720 ILCS 5/11-1.30; 720 ILCS 5/11-1.40; 720 ILCS 5/11-1.50; "
           "720 ILCS 5/11-1.60; 720 ILCS 5/12-13; 720 ILCS 5/12-14; 720 ILCS 5/12-14.1; "
           "720 ILCS 5/12-15; 720 ILCS 5/12-16; CH 38 PAR 12-13; CH 38 PAR 12-14; CH 38 PAR 12-15; "
           "CH 38 PAR 12-16",
           [r"SEX(?:UAL)? (?:ASSAULT|ASLT|ABUSE)", r"CRIM(?:INAL)? SEX\w*", r"PREDATORY CRIM\w*"]),
    _crime("child pornography", "720 ILCS 5/11-20.1; 720 ILCS 5/11-20.1B; 720 ILCS 5/11-20.3; CH 38 PAR 11-20.1",
           [r"CHILD PORN\w*"]),
    _crime("non-consensual dissemination of private sexual images", "720 ILCS 5/11-23.5",
           [r"PRIVATE SEXUAL IMAGES?", r"NON ?CONSENSUAL DISSEM\w*"]),
    _crime("aggravated battery or battery causing great bodily harm",
           "720 ILCS 5/12-3.05; 720 ILCS 5/12-4; 720 ILCS 5/12-4.1; 720 ILCS 5/12-4.2; 720 ILCS 5/12-4.3; "
           "CH 38 PAR 12-4; CH 38 PAR 12-4.1; CH 38 PAR 12-4.2; CH 38 PAR 12-4.3",
           [r"AGG(?:RAVATED)? (?:BATTERY|BTRY|BATT)", r"HEINOUS BATTERY", r"GREAT BODILY HARM"]),
    _crime("domestic battery", "720 ILCS 5/12-3.2; 720 ILCS 5/12-3.3; CH 38 PAR 12-3.2",
           [r"DOM(?:ESTIC)? (?:BATTERY|BTRY|BATT)"]),
    _crime("violation of an order of protection or a no contact order",
           "720 ILCS 5/12-3.4; 720 ILCS 5/12-3.8; 720 ILCS 5/12-3.9; 720 ILCS 5/12-30; CH 38 PAR 12-30",
           [r"ORDER OF PROTECTION", r"VIOL\w* (?:OF )?(?:AN )?(?:O ?P|ORD\w* (?:OF )?PROT\w*)",
            r"NO CONTACT ORDER"]),
    _crime("stalking or aggravated stalking",
           "720 ILCS 5/12-7.3; 720 ILCS 5/12-7.4; CH 38 PAR 12-7.3; CH 38 PAR 12-7.4", [r"STALK\w*"]),
    _crime("robbery or armed robbery", "720 ILCS 5/18-1; 720 ILCS 5/18-2; CH 38 PAR 18-1; CH 38 PAR 18-2",
           [r"ROBBERY", r"ARMED ROB\w*"]),
    _crime("vehicular hijacking", "720 ILCS 5/18-3; 720 ILCS 5/18-4; CH 38 PAR 18-3; CH 38 PAR 18-4",
           [r"\w*HIJACK\w*"]),
    _crime("home invasion", "720 ILCS 5/19-6; 720 ILCS 5/12-11; CH 38 PAR 12-11", [r"HOME INVASION"]),
    _crime("arson or aggravated arson", "720 ILCS 5/20-1; 720 ILCS 5/20-1.1; CH 38 PAR 20-1; CH 38 PAR 20-1.1",
           [r"ARSON"]),
    _crime("aggravated discharge of a firearm", "720 ILCS 5/24-1.2; CH 38 PAR 24-1.2",
           [r"(?:AGG\w* )?DISCH\w* (?:OF )?(?:A )?FIREARM"]),
    _crime("DUI causing injury or death", "625 ILCS 5/11-501; CH 95 1/2 PAR 11-501", needs=[r"INJURY", r"DEATH"]),
)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text.upper()).split())


class ViolenceTest:
    """Compiled form of a violent-crime list: which crime, if any, a charge is."""

    def __init__(self, crimes: Sequence[ViolentCrime]):
        self._by_section: dict[tuple[str, str, str | None, str], tuple[str, re.Pattern[str] | None]] = {}
        alternatives = []
        self._names: list[str] = []
        for crime in crimes:
            needs = (re.compile(r"\b(?:" + "|".join(crime.citation_needs_words) + r")\b")
                     if crime.citation_needs_words else None)
            for text in crime.citations:
                citation = parse_citation(text)
                assert citation is not None  # validated by ViolentCrime
                self._by_section.setdefault(citation.section_key, (crime.name, needs))
            if crime.descriptions:
                alternatives.append(f"(?P<c{len(self._names)}>" + "|".join(crime.descriptions) + ")")
                self._names.append(crime.name)
        self._description = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b") if alternatives else None
        self.crime_of = lru_cache(maxsize=1 << 14)(self._crime_of)

    def _crime_of(self, statute: str, description: str) -> str | None:
        """The violent crime a charge is (by citation or description), or None."""
        words = _words(description)
        citation: Citation | None = parse_citation(statute)
        if citation is not None:
            found = self._by_section.get(citation.offense.section_key)
            if found is not None:
                name, needs = found
                if needs is None or needs.search(words):
                    return name
        if self._description is not None and words:
            match = self._description.search(words)
            if match and match.lastgroup:
                return self._names[int(match.lastgroup[1:])]
        return None
