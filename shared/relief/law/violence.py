"""Violent crimes under 725 ILCS 120/3(c), for the association test (reference, section 6).

Each charge in the same case or arrest as a cannabis charge is violent, possibly violent or not
violent. It is violent when its citation is on the list (any subsection) or its description names
one of the crimes; possibly violent when the record cannot settle 3(c)(1) (a felony in which force
or threat of force was used) or 3(c)(6) (a misdemeanor resulting in death or great bodily harm):
a felony, or a charge without class, described with force, threat, intimidation, assault, battery
or harm; a misdemeanor described with great bodily harm or death; or any other sex offense of
Article 11 of the Criminal Code. A Cannabis Control Act charge is never violent.

Both lists are office settings; `DEFAULT_VIOLENT_CRIMES` and `PossiblyViolent()` are the
reference's. Older numberings are listed beside the current ones because records cite the law as
it stood: Ill. Rev. Stat. ch. 38 before 1993, and the Criminal Code's sections that the 2011
recodification replaced (aggravated battery 12-4 -> 12-3.05, heinous battery 12-4.1, sexual
assault and abuse 12-13..12-16 -> 11-1.20..11-1.60, home invasion 12-11 -> 19-6, vehicular
invasion 12-11.1 -> 18-6, order of protection 12-30 -> 12-3.4).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, field_validator

from .citations import Citation, parse_citation
from .offense_classes import OffenseClass, normalise_class


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


class PossiblyViolent(BaseModel):
    """What makes a charge possibly violent [policy]. Words count by their stem, in any letter case:
    FORCE also finds FORCIBLE, THREAT finds THREATENING, INTIMIDATION finds INTIMIDATE."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # A felony (class 4, 3, 2, 1, X or F), or a charge without class, whose description names one.
    # ASLT, BTRY and BATT are how records abbreviate assault and battery.
    felony_words: tuple[str, ...] = ("FORCE", "THREAT", "INTIMIDATION", "ASSAULT", "BATTERY", "HARM",
                                     "ASLT", "BTRY", "BATT")
    # A misdemeanor (class A, B, C or M) whose description names one.
    misdemeanor_words: tuple[str, ...] = ("GREAT BODILY HARM", "GBH", "DEATH")
    # Every section of these articles ("720 ILCS 5/11": 720 ILCS 5/11-…) not on the violent list.
    sex_offense_articles: tuple[str, ...] = ("720 ILCS 5/11", "CH 38 PAR 11")

    @field_validator("felony_words", "misdemeanor_words")
    @classmethod
    def _plain_words(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [w for w in value if not re.fullmatch(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*", w)]
        if bad:
            raise ValueError(f"word(s) that are not letters, digits and single spaces: {', '.join(map(repr, bad))}")
        return tuple(w.upper() for w in value)

    @field_validator("sex_offense_articles")
    @classmethod
    def _articles_readable(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [a for a in value if (c := parse_citation(a)) is None or "-" in c.section or c.subsection]
        if bad:
            raise ValueError(f"article(s) that are not an act and an article number (like '720 ILCS 5/11'): "
                             f"{', '.join(bad)}")
        return value


def _crime(name: str, citations: str, descriptions: Sequence[str] = (), needs: Sequence[str] = ()) -> ViolentCrime:
    return ViolentCrime(name=name, citations=tuple(c.strip() for c in citations.split(";") if c.strip()),
                        descriptions=tuple(descriptions), citation_needs_words=tuple(needs))


DEFAULT_VIOLENT_CRIMES: tuple[ViolentCrime, ...] = (
    _crime("first degree murder", "720 ILCS 5/9-1; CH 38 PAR 9-1", [r"MURDER"]),
    _crime("second degree murder", "720 ILCS 5/9-2; CH 38 PAR 9-2", [r"(?:SECOND|2ND) DEG\w* MURDER"]),
    _crime("involuntary manslaughter or reckless homicide", "720 ILCS 5/9-3; CH 38 PAR 9-3",
           [r"MANSLAUGHTER", r"RECKLESS HOMICIDE"]),
    _crime("kidnapping or aggravated kidnapping", "720 ILCS 5/10-1; 720 ILCS 5/10-2; CH 38 PAR 10-1; CH 38 PAR 10-2",
           [r"KIDNAP\w*"]),
    _crime("aggravated unlawful restraint", "720 ILCS 5/10-3.1; CH 38 PAR 10-3.1",
           [r"AGG\w* UNLAW\w* RESTRAINT"]),
    _crime("indecent solicitation of a child", "720 ILCS 5/11-6; CH 38 PAR 11-6", [r"INDECENT SOLICIT\w*"]),
    _crime("sexual exploitation of a child", "720 ILCS 5/11-9.1; CH 38 PAR 11-9.1", [r"SEX\w* EXPLOIT\w*"]),
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
    # Battery causing great bodily harm is aggravated battery (12-3.05); a description that speaks of
    # great bodily harm without naming aggravated battery is at most possibly violent.
    _crime("aggravated battery",
           "720 ILCS 5/12-3.05; 720 ILCS 5/12-4; 720 ILCS 5/12-4.2; 720 ILCS 5/12-4.3; "
           "CH 38 PAR 12-4; CH 38 PAR 12-4.2; CH 38 PAR 12-4.3",
           [r"AGG(?:RAVATED)? (?:BATTERY|BTRY|BATT)"]),
    _crime("heinous battery", "720 ILCS 5/12-4.1; CH 38 PAR 12-4.1", [r"HEINOUS BATTERY"]),
    _crime("domestic battery or aggravated domestic battery", "720 ILCS 5/12-3.2; 720 ILCS 5/12-3.3; CH 38 PAR 12-3.2",
           [r"DOM(?:ESTIC)? (?:BATTERY|BTRY|BATT)"]),
    _crime("violation of an order of protection or a no contact order",
           "720 ILCS 5/12-3.4; 720 ILCS 5/12-3.8; 720 ILCS 5/12-3.9; 720 ILCS 5/12-30; CH 38 PAR 12-30",
           [r"ORDER OF PROTECTION", r"VIOL\w* (?:OF )?(?:AN )?(?:O ?P|ORD\w* (?:OF )?PROT\w*)",
            r"NO CONTACT ORDER"]),
    _crime("stalking or aggravated stalking",
           "720 ILCS 5/12-7.3; 720 ILCS 5/12-7.4; CH 38 PAR 12-7.3; CH 38 PAR 12-7.4", [r"STALK\w*"]),
    _crime("robbery, armed robbery or aggravated robbery",
           "720 ILCS 5/18-1; 720 ILCS 5/18-2; 720 ILCS 5/18-5; CH 38 PAR 18-1; CH 38 PAR 18-2",
           [r"ROBBERY", r"ARMED ROB\w*"]),
    _crime("vehicular hijacking or aggravated vehicular hijacking",
           "720 ILCS 5/18-3; 720 ILCS 5/18-4; CH 38 PAR 18-3; CH 38 PAR 18-4", [r"\w*HIJACK\w*"]),
    _crime("vehicular invasion", "720 ILCS 5/18-6; 720 ILCS 5/12-11.1; CH 38 PAR 12-11.1", [r"VEH\w* INVASION"]),
    _crime("home invasion", "720 ILCS 5/19-6; 720 ILCS 5/12-11; CH 38 PAR 12-11", [r"HOME INVASION"]),
    _crime("arson or aggravated arson", "720 ILCS 5/20-1; 720 ILCS 5/20-1.1; CH 38 PAR 20-1; CH 38 PAR 20-1.1",
           [r"ARSON"]),
    _crime("aggravated discharge of a firearm", "720 ILCS 5/24-1.2; CH 38 PAR 24-1.2",
           [r"(?:AGG\w* )?DISCH\w* (?:OF )?(?:A )?FIREARM"]),
    _crime("armed violence", "720 ILCS 5/33A-2; CH 38 PAR 33A-2", [r"ARMED VIOLENCE"]),
    _crime("DUI causing injury or death", "625 ILCS 5/11-501; CH 95 1/2 PAR 11-501", needs=[r"INJURY", r"DEATH"]),
)


class Violence(NamedTuple):
    """How one charge stands against 3(c): at most one of the two is set."""

    violent_crime: str | None  # the crime of the list it is
    possibly_violent: str | None  # why it may be one: "a felony whose description names BATTERY"


_FELONIES = frozenset({OffenseClass.FEL_4, OffenseClass.FEL_3, OffenseClass.FEL_2, OffenseClass.FEL_1,
                       OffenseClass.FEL_X, OffenseClass.FEL})
# A class the record does not give (or that cannot be read) counts as a felony here.
_WITHOUT_CLASS = frozenset({OffenseClass.NONE, OffenseClass.UNRECOGNISED})
_MISDEMEANORS = frozenset({OffenseClass.MISD_A, OffenseClass.MISD_B, OffenseClass.MISD_C, OffenseClass.MISD})
_SUFFIXES = ("ION", "ING", "ED", "ES", "E", "Y", "S")


def stem(word: str) -> str:
    """The stem a word is matched by: one common ending dropped when four letters remain
    (FORCE -> FORC, INTIMIDATION -> INTIMIDAT, BATTERY -> BATTER; GBH and HARM stay)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _stems(words: Sequence[str]) -> re.Pattern[str] | None:
    """One pattern finding any of the words by stem (a phrase by the stem of its last word); the
    group that matched (w<index>) says which."""
    if not words:
        return None
    alternatives = []
    for at, phrase in enumerate(words):
        *first, last = phrase.split()
        alternatives.append(f"(?P<w{at}>" + r"\s".join([*map(re.escape, first), re.escape(stem(last)) + r"\w*"]) + ")")
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", text.upper()).split())


def _section_text(citation: Citation) -> str:
    bare = Citation(citation.code, citation.chapter, citation.act, citation.section)
    return str(bare)


class ViolenceTest:
    """Compiled form of the violent-crime list and the possibly-violent words: what a charge is."""

    def __init__(self, crimes: Sequence[ViolentCrime], possibly: PossiblyViolent | None = None):
        possibly = possibly or PossiblyViolent()
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
        self._felony_words, self._felony = possibly.felony_words, _stems(possibly.felony_words)
        self._misdemeanor_words, self._misdemeanor = possibly.misdemeanor_words, _stems(possibly.misdemeanor_words)
        self._articles: set[tuple[tuple[str, str, str | None], str]] = set()
        for text in possibly.sex_offense_articles:
            article = parse_citation(text)
            assert article is not None  # validated by PossiblyViolent
            self._articles.add((article.section_key[:3], article.section))
        self.violence_of = lru_cache(maxsize=1 << 14)(self._violence_of)
        self.may_be_violent = lru_cache(maxsize=1 << 14)(self._may_be_violent)

    def _listed(self, citation: Citation | None, words: str) -> str | None:
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

    def _violence_of(self, statute: str, description: str, offense_class: str) -> Violence | None:
        """Violent, possibly violent (with why) or None, as the charge is written."""
        citation = parse_citation(statute)
        if citation is not None and citation.offense.cannabis_section is not None:
            return None  # a Cannabis Control Act charge is never violent
        words = _words(description)
        crime = self._listed(citation, words)
        if crime is not None:
            return Violence(crime, None)
        if citation is not None and (citation.offense.section_key[:3], citation.offense.section.split("-")[0]) \
                in self._articles:
            return Violence(None, f"a sex offense ({_section_text(citation.offense)})")
        grade = normalise_class(offense_class)
        if grade in _FELONIES or grade in _WITHOUT_CLASS:
            word = _found(self._felony, self._felony_words, words)
            if word is not None:
                kind = "felony" if grade in _FELONIES else "charge without class"
                return Violence(None, f"a {kind} whose description names {word}")
        elif grade in _MISDEMEANORS:
            word = _found(self._misdemeanor, self._misdemeanor_words, words)
            if word is not None:
                return Violence(None, f"a misdemeanor whose description names {word}")
        return None

    def _may_be_violent(self, statute: str, description: str) -> bool:
        """Whether some class would make this charge violent or possibly violent: what a first pass
        over a file must keep (it reads the class only of the charges it keeps)."""
        citation = parse_citation(statute)
        if citation is not None and citation.offense.cannabis_section is not None:
            return False
        words = _words(description)
        if self._listed(citation, words) is not None:
            return True
        if citation is not None and (citation.offense.section_key[:3], citation.offense.section.split("-")[0]) \
                in self._articles:
            return True
        return any(p is not None and p.search(words) for p in (self._felony, self._misdemeanor))


def _found(pattern: re.Pattern[str] | None, words: Sequence[str], text: str) -> str | None:
    """The configured word whose stem the text names first, or None."""
    if pattern is None or not text:
        return None
    match = pattern.search(text)
    return words[int(match.lastgroup[1:])] if match and match.lastgroup else None
