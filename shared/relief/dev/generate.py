"""A synthetic ISP file for trials, tests and benchmarks: realistic, deterministic, streamed.

`generate(rows, seed, output)` writes the contract header and exactly `rows` data rows, one per
charge. Everything is drawn from one `random.Random(seed)`, so a seed names a file byte for byte.
The file looks like the real thing: people with several arrests, mostly cannabis charges written
in every citation form of the domain reference, every disposition text, mixed date formats, a few
malformed rows, and rows in no particular order: a bounded shuffle pool spreads an arrest's rows
through the file as real extracts do, while memory stays flat however many rows are asked for.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, islice
from typing import Any, NamedTuple, TextIO

from ..intake.columns import COLUMNS, REQUIRED

POOL_SIZE = 5_000  # rows held back and emitted in random order: the file is not sorted by person
MALFORMED_EVERY = 500  # one malformed row in 500 (0.2%) ...
MALFORMED_AT = 199  # ... the first at the 200th row, so any file of 200 rows or more has one


@dataclass(frozen=True, slots=True)
class GenerateStats:
    rows: int  # data rows written (the header not counted)
    people: int  # distinct IR numbers
    arrests: int  # distinct DCNs
    malformed: int  # rows deliberately broken (field count, empty required field, bad date)
    # Of those, the rows the reader cannot read (field count, empty required field): each is decided
    # review / unreadable_row, and `relief evaluate` and `relief run` count them as unreadable (rejected).
    # The rest carry a date that cannot be read: decided, with the date noted in the explanation.
    unreadable: int = 0


class _Weighted:
    """Pick from (value, weight) pairs with a single random() call."""

    __slots__ = ("cumulative", "last", "total", "values")

    def __init__(self, pairs: Sequence[tuple[Any, float]]):
        self.values = tuple(value for value, _ in pairs)
        self.cumulative = tuple(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]
        self.last = len(self.values) - 1

    def pick(self, rng: random.Random) -> Any:
        # hi=last guards the float edge where random() * total rounds up to total (as stdlib does).
        return self.values[bisect(self.cumulative, rng.random() * self.total, 0, self.last)]


# --- people ------------------------------------------------------------------------------------

# Latin-1 accents only, so a cp1252 file can hold every name; one name carries a comma, which
# the csv module must quote.
_LAST_NAMES = (
    "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "RODRIGUEZ", "MARTINEZ", "HERNANDEZ",
    "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN", "LEE",
    "PEREZ", "THOMPSON", "WHITE", "HARRIS", "SANCHEZ", "CLARK", "RAMIREZ", "LEWIS", "ROBINSON", "WALKER",
    "YOUNG", "ALLEN", "KING", "WRIGHT", "SCOTT", "TORRES", "NGUYEN", "HILL", "FLORES", "GREEN", "ADAMS",
    "NELSON", "BAKER", "HALL", "RIVERA", "CAMPBELL", "MITCHELL", "CARTER", "ROBERTS", "KOWALSKI", "NOWAK",
    "WASHINGTON", "O'BRIEN", "MUÑOZ", "PEÑA", "NÚÑEZ", "IBÁÑEZ", "DE LA CRUZ", "SMITH-JONES", "WILLIAMS, JR",
)
_MALE_NAMES = (
    "JAMES", "JOHN", "ROBERT", "MICHAEL", "WILLIAM", "DAVID", "RICHARD", "JOSEPH", "THOMAS", "CHARLES",
    "CHRISTOPHER", "DANIEL", "MATTHEW", "ANTHONY", "MARK", "STEVEN", "ANDREW", "KENNETH", "JOSHUA", "KEVIN",
    "BRIAN", "TIMOTHY", "JASON", "RYAN", "JACOB", "ERIC", "DESHAWN", "TYRONE", "JUAN", "LUIS", "CARLOS",
    "JOSÉ", "JESÚS", "RAMÓN",
)
_FEMALE_NAMES = (
    "MARY", "PATRICIA", "JENNIFER", "LINDA", "ELIZABETH", "BARBARA", "SUSAN", "JESSICA", "SARAH", "KAREN",
    "LISA", "NANCY", "LATOYA", "KEISHA", "ASHLEY", "MARÍA", "ANGÉLICA",
)
_MIDDLE_NAMES = _MALE_NAMES + _FEMALE_NAMES
_SEXES = _Weighted((("M", 78), ("F", 20), ("U", 1), ("", 1)))
_RACES = _Weighted((("B", 40), ("W", 42), ("H", 10), ("A", 2), ("I", 1), ("U", 3), ("", 2)))
_LETTERS = "ABCDEFGHJKLMNPRSTVWZ"

# The sparse space IR numbers and DCNs are drawn from, walked by a fixed stride so they are
# unique without remembering them: index * stride + offset (mod space) is a permutation.
_IR_SPACE, _IR_BASE = 90_000_000, 1_000_000  # IR + 7 or 8 digits
_DCN_SPACE = 1_000_000_000  # letter + 9 digits
_STRIDE = 61_234_567  # no factor 2, 3 or 5: coprime with both spaces, and big enough to look random

# --- places ------------------------------------------------------------------------------------

# (county, ORI county code, the city police department most of its arrests come from)
_COUNTIES = _Weighted((
    (("COOK", "016", "CHICAGO POLICE DEPT"), 70),
    (("DUPAGE", "022", "NAPERVILLE PD"), 5),
    (("LAKE", "049", "WAUKEGAN PD"), 4),
    (("WILL", "099", "JOLIET PD"), 4),
    (("KANE", "045", "AURORA PD"), 3),
    (("MCHENRY", "063", "CRYSTAL LAKE PD"), 2),
    (("WINNEBAGO", "101", "ROCKFORD PD"), 2),
    (("CHAMPAIGN", "010", "CHAMPAIGN PD"), 2),
    (("PEORIA", "072", "PEORIA PD"), 1.5),
    (("SANGAMON", "083", "SPRINGFIELD PD"), 1.5),
    (("MADISON", "060", "GRANITE CITY PD"), 1),
    (("ST. CLAIR", "082", "EAST ST. LOUIS PD"), 1),
    (("MCLEAN", "064", "BLOOMINGTON PD"), 1),
    (("KANKAKEE", "046", "KANKAKEE PD"), 0.5),
    (("MACON", "058", "DECATUR PD"), 0.5),
    (("ROCK ISLAND", "081", "MOLINE PD"), 0.5),
    (("DEKALB", "019", "DEKALB PD"), 0.5),
    (("LASALLE", "050", "OTTAWA PD"), 0.3),
    (("JACKSON", "039", "CARBONDALE PD"), 0.3),
    (("ADAMS", "001", "QUINCY PD"), 0.2),
))
_CASE_TYPES = ("CR", "CM", "CF", "TR", "MC", "DT")

# --- dates -------------------------------------------------------------------------------------

_FIRST_BIRTH, _LAST_BIRTH = date(1940, 1, 1).toordinal(), date(2002, 12, 31).toordinal()
_FIRST_ARREST, _LAST_ARREST = date(1965, 1, 1).toordinal(), date(2023, 12, 31).toordinal()
_ILCS_IN_FORCE = date(1993, 1, 1).toordinal()  # before it, records cite Ill. Rev. Stat.
_PA_99_697 = date(2016, 7, 29).toordinal()  # the Section 4 weight table changes
_YEAR = 365.25
# Arrest years: mostly 1990-2019, a tail back to 1965 and a few after legalisation.
_ARREST_ERAS = _Weighted(tuple(
    ((date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal()), weight)
    for (first, last), weight in (((1990, 2019), 85), ((1965, 1989), 10), ((2020, 2023), 5))
))


def _iso(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _us(d: date) -> str:
    return f"{d.month:02d}/{d.day:02d}/{d.year:04d}"


def _us_unpadded(d: date) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def _us_two_digit(d: date) -> str:
    # Only where the contract's pivot (00-29 -> 2000s, 30-99 -> 1900s) reads the year back right.
    return f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}" if 1930 <= d.year <= 2029 else _us(d)


def _compact(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _clerk(d: date) -> str:
    return _us(d) + " 12:00:00 AM"  # how circuit clerks' systems export a date


def _iso_time(d: date) -> str:
    return _iso(d) + " 00:00:00"


_DATE_FORMATS = _Weighted((
    (_iso, 30), (_us, 28), (_us_unpadded, 10), (_us_two_digit, 8), (_compact, 12), (_clerk, 8), (_iso_time, 4),
))


def _date(rng: random.Random, ordinal: int) -> str:
    return _DATE_FORMATS.pick(rng)(date.fromordinal(ordinal))


# --- offense classes ---------------------------------------------------------------------------


def _spell_class(rng: random.Random, code: str) -> str:
    """The class as records write it: mostly the bare code, sometimes spelled out, sometimes empty."""
    r = rng.random()
    if r < 0.05 or not code:
        return ""
    if r < 0.75 or len(code) > 1:  # CIV, PETTY and BUS have one spelling
        return code
    if code in ("A", "B", "C"):
        return rng.choice((f"CLASS {code} MISD", f"Class {code} Misdemeanor", "M"))
    return rng.choice((f"FEL {code}", f"Class {code} Felony", "F"))


# --- cannabis citations ------------------------------------------------------------------------


def _section_as_is(section: str) -> str:
    return section


def _section_padded(section: str) -> str:
    whole, dot, part = section.partition(".")
    return whole.zfill(3) + dot + part


def _section_as_paragraph(section: str) -> str:
    whole, dot, part = section.partition(".")  # Section 4 -> par. 704, 5.1 -> 705.1
    return str(700 + int(whole)) + dot + part


# (template, how the section is spelled, how a subsection is appended): every form of reference
# section 3, weighted roughly as often as they turn up.
_ILCS_FORMS = _Weighted((
    (("720 ILCS 550/{s}", _section_as_is, "({l})"), 40),
    (("720 ILCS 550/{s}", _section_as_is, "-{u}"), 8),
    (("720-550/{s}", _section_as_is, "({l})"), 10),
    (("720-550/{s}", _section_as_is, "-{u}"), 6),
    (("720 550/{s}", _section_as_is, "({u})"), 8),
    (("0720 0550 {s}", _section_padded, " {u}"), 10),
    (("720ILCS550/{s}", _section_as_is, "({l})"), 8),
    (("720 ILCS 550.0/{s}", _section_as_is, "({l})"), 10),
))
_IRS_FORMS = _Weighted((
    (("56.5-{s}", _section_as_paragraph, "({l})"), 25),
    (("56 1/2-{s}", _section_as_paragraph, "-{u}"), 25),
    (("CH 56 1/2 PAR {s}", _section_as_paragraph, "({u})"), 25),
    (("CH.56-1/2 SEC {s}", _section_as_paragraph, " {u}"), 20),
    (("ILL. REV. STAT. CH. 56½, PAR. {s}", _section_as_paragraph, "({l})"), 5),
))


def _cite_cannabis(rng: random.Random, section: str, sub: str | None, old: bool) -> str:
    # Pre-1993 arrests mostly carry Ill. Rev. Stat. citations; some were re-keyed to ILCS.
    template, spell, sub_style = (_IRS_FORMS if old and rng.random() < 0.85 else _ILCS_FORMS).pick(rng)
    return template.format(s=spell(section)) + (sub_style.format(l=sub, u=sub.upper()) if sub else "")


# --- charges: each function returns (statute, offense_description, offense_class) ---------------

Charge = tuple[str, str, str]

# subsection -> (weight range for the description, possible classes; repeats weight them)
_S4_BEFORE_2016 = {
    "a": ("<2.5", ("C",)), "b": ("2.5-10", ("B",)), "c": ("10-30", ("A", "A", "A", "A", "4")),
    "d": ("30-500", ("4", "4", "4", "3")), "e": ("500-2000", ("3",)), "f": ("2000-5000", ("2",)),
    "g": (">5000", ("1",)),
}
_S4_FROM_2016 = {
    "a": ("<10", ("CIV",)), "b": ("10-30", ("B",)), "c": ("30-100", ("A", "A", "A", "4")),
    "d": ("100-500", ("4", "4", "4", "3")), "e": ("500-2000", ("3",)), "f": ("2000-5000", ("2",)),
    "g": (">5000", ("1",)),
}
_S5 = {
    "a": ("<2.5", ("B",)), "b": ("2.5-10", ("A",)), "c": ("10-30", ("4",)), "d": ("30-500", ("3",)),
    "e": ("500-2000", ("2",)), "f": ("2000-5000", ("1",)), "g": (">5000", ("X",)),
}
_S4_SUBSECTIONS = _Weighted((("a", 30), ("b", 25), ("c", 25), ("d", 12), ("e", 4), ("f", 2), ("g", 2)))
_S5_SUBSECTIONS = _Weighted((("a", 20), ("b", 25), ("c", 25), ("d", 18), ("e", 6), ("f", 3), ("g", 3)))
_S4_WORDS: tuple[str, ...] = ("POSS CANNABIS", "POSS CANNABIS", "POSSESSION OF CANNABIS")
_S5_WORDS: tuple[str, ...] = ("MFG/DEL CANNABIS", "MFG/DEL CANNABIS", "DEL CANNABIS", "POSS CANNABIS W/INTENT DEL")
_S4_GENERIC: tuple[str, ...] = ("POSSESSION OF MARIJUANA", "POSS CANN", "POSSESSION OF CANNABIS", "POSS CANNABIS",
               "UNLAWFUL POSS CANNABIS")
_S5_GENERIC: tuple[str, ...] = ("MFG/DEL CANNABIS", "DEL CANNABIS", "MANUFACTURE/DELIVERY CANNABIS",
               "POSS W/I DELIVER MARIJUANA")


def _possession_or_delivery(rng: random.Random, offense: int, old: bool) -> Charge:
    """A Section 4 or 5 charge whose subsection, class and description agree for its date."""
    if rng.random() < 0.72:
        sub = _S4_SUBSECTIONS.pick(rng)
        grams, classes = (_S4_FROM_2016 if offense >= _PA_99_697 else _S4_BEFORE_2016)[sub]
        section, words, generic = "4", _S4_WORDS, _S4_GENERIC
    else:
        sub = _S5_SUBSECTIONS.pick(rng)
        grams, classes = _S5[sub]
        section, words, generic = "5", _S5_WORDS, _S5_GENERIC
    r = rng.random()
    description = f"{rng.choice(words)} {grams} GRAMS" if r < 0.55 else "" if r < 0.57 else rng.choice(generic)
    written_sub = None if rng.random() < 0.06 else sub  # the subsection is sometimes not recorded
    return _cite_cannabis(rng, section, written_sub, old), description, _spell_class(rng, rng.choice(classes))


# (wrapper, word, how often the record names the target) and the offense aimed at; the reference's
# examples are an attempt on 4(a) with its target and bare conspiracy and solicitation citations.
_INCHOATE = _Weighted(((("720 ILCS 5/8-4", "ATTEMPT", 0.8), 50), (("720 ILCS 5/8-2", "CONSPIRACY", 0.3), 30),
                       (("720 ILCS 5/8-1", "SOLICITATION", 0.3), 20)))
_INCHOATE_TARGETS = _Weighted(((("4", "a"), 3), (("4", "b"), 2), (("4", "c"), 1), (("5", "a"), 1), (("5", "b"), 1)))


def _inchoate(rng: random.Random, offense: int, old: bool) -> Charge:
    wrapper, word, targeted = _INCHOATE.pick(rng)
    section, sub = _INCHOATE_TARGETS.pick(rng)
    statute = f"{wrapper}(720 ILCS 550/{section}({sub}))" if rng.random() < targeted else wrapper
    description = f"{word} {'POSS CANNABIS' if section == '4' else 'MFG/DEL CANNABIS'}"
    return statute, description, _spell_class(rng, rng.choice(("A", "B", "C", "4", "")))


_UNREADABLE_STATUTES = ("CANNABIS ??", "CANNABIS ??", "??", "UNKNOWN", "550/??", "SEE COMPLAINT", "CANN-?")
_CANNABIS_WORDS = ("POSS CANNABIS", "CANNABIS", "POSSESSION OF MARIJUANA", "POSS CANN", "MARIJUANA")


def _unreadable(rng: random.Random, offense: int, old: bool) -> Charge:
    """A citation nobody can read, on a charge whose description says it is cannabis."""
    return (rng.choice(_UNREADABLE_STATUTES), rng.choice(_CANNABIS_WORDS),
            _spell_class(rng, rng.choice(("A", "B", "C", "4", ""))))


# Sections outside Section 4 or 5: (section, subsections, descriptions, classes)
_SECTION_7 = ("7", "ab", ("DEL CANNABIS TO PERSON UNDER 18", "CANNABIS DELIVERY TO MINOR"), ("3", "2", "1"))
_EXCLUDED = _Weighted((
    (_SECTION_7, 30),
    (("5.1", "a", ("CANNABIS TRAFFICKING",), ("1", "X")), 15),
    (("5.2", "ab", ("DEL CANNABIS ON SCHOOL GROUNDS", "DEL CANNABIS NEAR SCHOOL/PUB HOUSING"), ("4", "3", "2")), 20),
    (("8", "abcd", ("PRODUCTION OF CANNABIS PLANTS", "MFG CANNABIS PLANTS 5-20", "GROW CANNABIS PLANTS"),
      ("A", "4", "3", "2")), 30),
    (("9", "a", ("CALCULATED CRIMINAL CANNABIS CONSPIRACY",), ("3",)), 5),
))


def _excluded_section(rng: random.Random, offense: int, old: bool, kind: tuple | None = None) -> Charge:
    section, subs, descriptions, classes = kind or _EXCLUDED.pick(rng)
    statute = _cite_cannabis(rng, section, rng.choice(subs), old)
    return statute, rng.choice(descriptions), _spell_class(rng, rng.choice(classes))


def _section_7(rng: random.Random, offense: int, old: bool) -> Charge:
    return _excluded_section(rng, offense, old, _SECTION_7)


_CANNABIS_KINDS = _Weighted((
    (_possession_or_delivery, 94), (_inchoate, 2.5), (_unreadable, 1.5), (_excluded_section, 2),
))


class _Offense(NamedTuple):
    ilcs: tuple[str, ...]  # citations since 1993
    irs: tuple[str, ...]  # Ill. Rev. Stat. citations before 1993
    descriptions: tuple[str, ...]
    classes: tuple[str, ...]


# What is charged alongside cannabis. Pre-1993 controlled substances are ch. 56 1/2 par. 1402 and
# paraphernalia par. 2103: the same chapter as cannabis, a different paragraph.
_OTHER = _Weighted((
    (_Offense(("720 ILCS 600/3.5(a)", "720 ILCS 600/3.5", "720-600/3.5(a)"), ("CH 56 1/2 PAR 2103", "56 1/2-2103"),
              ("POSS DRUG PARAPHERNALIA", "DRUG PARAPHERNALIA", "POSSESSION OF DRUG EQUIPMENT"), ("A",)), 18),
    (_Offense(("625 ILCS 5/11-501(a)(2)", "625 ILCS 5/11-501(a)", "625-5/11-501"),
              ("CH 95 1/2 PAR 11-501", "95.5-11-501"),
              ("DRIVING UNDER THE INFLUENCE OF ALCOHOL", "DUI/ALCOHOL", "DUI", "DRIVING UNDER INFLUENCE/DRUGS"),
              ("A", "A", "4")), 12),
    (_Offense(("625 ILCS 5/6-303(a)", "625 ILCS 5/6-303"), ("CH 95 1/2 PAR 6-303",),
              ("DRIVING ON SUSPENDED LICENSE", "DRIVING WHILE LICENSE REVOKED", "DWLS"), ("A", "A", "4")), 10),
    (_Offense(("720 ILCS 570/402(c)", "720 ILCS 570/402(a)(2)(A)", "720-570/402(c)"),
              ("CH 56 1/2 PAR 1402(b)", "56 1/2-1402-C"),
              ("POSS AMT CON SUB EXCEPT (A)/(D)", "POSSESSION OF CONTROLLED SUBSTANCE", "POSS CONTROLLED SUBSTANCE"),
              ("4", "4", "1", "X")), 10),
    (_Offense(("720 ILCS 5/16-25(a)(1)", "720 ILCS 5/16A-3(a)", "720-5/16-25"), ("CH 38 PAR 16A-3", "38-16A-3"),
              ("RETAIL THEFT", "RETAIL THEFT/DISP MERCH/<$300", "RETAIL THEFT <$150"), ("A", "A", "4")), 10),
    (_Offense(("720 ILCS 5/12-3(a)(1)", "720 ILCS 5/12-3", "720-5/12-3(a)(2)"), ("CH 38 PAR 12-3", "38-12-3"),
              ("BATTERY", "BATTERY/CAUSE BODILY HARM", "BATTERY/MAKES PHYSICAL CONTACT"), ("A",)), 6),
    (_Offense(("720 ILCS 5/21-3(a)(1)", "720 ILCS 5/21-3(a)(2)"), ("CH 38 PAR 21-3",),
              ("CRIMINAL TRESPASS TO LAND", "CRIMINAL TRESPASS TO REAL PROPERTY", "CRIM TRESPASS TO RESIDENCE"),
              ("B", "A")), 6),
    (_Offense(("720 ILCS 5/31-1(a)", "720 ILCS 5/31-1"), ("CH 38 PAR 31-1",),
              ("RESISTING/OBSTRUCTING A PEACE OFFICER", "RESIST/OBSTRUCT PEACE OFFICER"), ("A",)), 6),
    (_Offense(("720 ILCS 5/26-1(a)(1)",), ("CH 38 PAR 26-1",), ("DISORDERLY CONDUCT",), ("C", "C", "B")), 4),
    (_Offense(("720 ILCS 5/24-1(a)(4)", "720 ILCS 5/24-1.6(a)(1)"), ("CH 38 PAR 24-1",),
              ("UNLAWFUL USE OF WEAPON", "AGG UNLAWFUL USE OF WEAPON"), ("A", "4")), 4),
    (_Offense(("720 ILCS 5/21-1(a)(1)",), ("CH 38 PAR 21-1",),
              ("CRIMINAL DAMAGE TO PROPERTY", "CRIM DAMAGE PROP <$300"), ("A", "4")), 4),
    (_Offense(("625 ILCS 5/11-502(a)",), ("CH 95 1/2 PAR 11-502",),
              ("ILLEGAL TRANSPORTATION OF ALCOHOL", "OPEN ALCOHOL IN VEHICLE"), ("A", "PETTY")), 3),
    (_Offense(("625 ILCS 5/6-101(a)", "625 ILCS 5/6-101"), ("CH 95 1/2 PAR 6-101",),
              ("NO VALID DRIVERS LICENSE", "DRIVING WITHOUT A LICENSE"), ("A", "B", "PETTY")), 4),
    (_Offense(("625 ILCS 5/11-601(b)",), ("CH 95 1/2 PAR 11-601",), ("SPEEDING 21-25 MPH OVER LIMIT", "SPEEDING"),
              ("PETTY",)), 3),
    (_Offense(("625 ILCS 5/15-111(a)",), ("CH 95 1/2 PAR 15-111",), ("OVERWEIGHT ON AXLE", "OVERWEIGHT VEHICLE"),
              ("BUS",)), 1),
    # Municipal ordinances: no statute at all, and not cannabis.
    (_Offense(("CHGO ORD 8-4-030", "MUNI ORD 9-76-140"), ("CHGO ORD 193-1",),
              ("DRINKING ON PUBLIC WAY", "CITY ORDINANCE VIOLATION"), ("PETTY", "")), 2),
))

# Violent crimes of 725 ILCS 120/3(c), for the association test.
_VIOLENT = _Weighted((
    (_Offense(("720 ILCS 5/12-3.05(a)(1)", "720 ILCS 5/12-3.05(d)(4)", "720 ILCS 5/12-4(b)(8)"),
              ("CH 38 PAR 12-4", "CH.38 SEC 12-4(b)"),
              ("AGGRAVATED BATTERY", "AGG BATTERY/PEACE OFFICER", "AGG BATTERY/GREAT BODILY HARM"), ("3", "2")), 30),
    (_Offense(("720 ILCS 5/12-3.2(a)(1)", "720 ILCS 5/12-3.2(a)(2)"), ("CH 38 PAR 12-3.2",),
              ("DOMESTIC BATTERY", "DOMESTIC BATTERY/BODILY HARM"), ("A", "4")), 30),
    (_Offense(("720 ILCS 5/18-2(a)(2)", "720 ILCS 5/18-2"), ("CH 38 PAR 18-2",),
              ("ARMED ROBBERY", "ARMED ROBBERY/ARMED W FIREARM"), ("X",)), 8),
    (_Offense(("720 ILCS 5/18-1(a)",), ("CH 38 PAR 18-1",), ("ROBBERY",), ("2",)), 8),
    (_Offense(("625 ILCS 5/11-501(d)(1)(C)",), ("CH 95 1/2 PAR 11-501",),
              ("AGG DUI/GREAT BODILY INJURY", "DUI CAUSING INJURY", "AGGRAVATED DUI - BODILY INJURY"), ("4", "3")), 10),
    (_Offense(("720 ILCS 5/12-3.4(a)",), ("CH 38 PAR 12-30",), ("VIOLATION OF ORDER OF PROTECTION",), ("A",)), 8),
    (_Offense(("720 ILCS 5/19-6(a)(1)",), ("CH 38 PAR 12-11",), ("HOME INVASION",), ("X",)), 3),
    (_Offense(("720 ILCS 5/24-1.2(a)(2)",), ("CH 38 PAR 24-1.2",), ("AGG DISCHARGE OF FIREARM",), ("1",)), 3),
))


def _offense_charge(rng: random.Random, table: _Weighted, old: bool) -> Charge:
    offense = table.pick(rng)
    statute = rng.choice(offense.irs if old and rng.random() < 0.85 else offense.ilcs)
    return statute, rng.choice(offense.descriptions), _spell_class(rng, rng.choice(offense.classes))


def _cannabis_charge(rng: random.Random, offense: int, old: bool) -> Charge:
    return _CANNABIS_KINDS.pick(rng)(rng, offense, old)


_CHARGE_COUNTS = _Weighted(((1, 45), (2, 30), (3, 15), (4, 10)))
_CANNABIS_ARRESTS = 0.85  # share of arrests with a cannabis charge
_CANNABIS_COMPANIONS = 0.45  # share of the other charges of such an arrest that are cannabis too
_VIOLENT_ASSOCIATION = 0.04  # cannabis arrests that also charge a violent crime
_SECTION_7_ASSOCIATION = 0.015  # cannabis arrests that also charge Section 7


def _arrest_charges(rng: random.Random, offense: int, old: bool) -> list[Charge]:
    count = _CHARGE_COUNTS.pick(rng)
    if rng.random() >= _CANNABIS_ARRESTS:
        return [_offense_charge(rng, _OTHER, old) for _ in range(count)]
    charges = [_cannabis_charge(rng, offense, old)]
    for _ in range(count - 1):
        charges.append(_cannabis_charge(rng, offense, old) if rng.random() < _CANNABIS_COMPANIONS
                       else _offense_charge(rng, _OTHER, old))
    r = rng.random()
    if r < _VIOLENT_ASSOCIATION + _SECTION_7_ASSOCIATION:
        extra = (_offense_charge(rng, _VIOLENT, old) if r < _VIOLENT_ASSOCIATION else _section_7(rng, offense, old))
        if len(charges) == 4:  # an arrest keeps 1-4 charges
            charges[-1] = extra
        else:
            charges.insert(rng.randint(1, len(charges)), extra)
    return charges


# --- dispositions ------------------------------------------------------------------------------

_CONVICTED = ("FINE $100", "FINE $250 + COSTS", "COURT COSTS", "12 MONTHS PROBATION", "24 MOS PROBATION",
              "18 MONTHS CONDITIONAL DISCHARGE", "30 DAYS COUNTY JAIL", "TIME SERVED", "1 YR IDOC", "3 YRS IDOC",
              "10 DAYS JAIL, $200 FINE")
_SUPERVISED = ("12 MONTHS SUPERVISION", "6 MOS COURT SUPERVISION", "SUPERVISION 1 YR")
_SECTION_10 = ("24 MONTHS 710 PROBATION", "12 MOS SEC 10 PROBATION", "24 MONTHS PROBATION")
_NO_SENTENCE: tuple[str, ...] = ()

# (text, the sentences that go with it): every text of reference section 4, most of them
# convictions, dismissals, nolle prosequi or supervision; ~12% none or unrecognised.
_DISPOSITIONS = _Weighted((
    (("GUILTY", _CONVICTED), 14), (("PLEA OF GUILTY", _CONVICTED), 8), (("GUILTY PLEA", _CONVICTED), 4),
    (("FINDING OF GUILTY", _CONVICTED), 4), (("VERDICT GUILTY", _CONVICTED), 1), (("CONVICTED", _CONVICTED), 2),
    (("SENTENCED", _CONVICTED), 2), (("SUPERVISION TERMINATED UNSATISFACTORILY", _CONVICTED), 1),
    (("PROBATION REVOKED", _CONVICTED), 1),
    (("DISMISSED", _NO_SENTENCE), 10), (("NOLLE PROSEQUI", _NO_SENTENCE), 7), (("NOLLE PROS", _NO_SENTENCE), 4),
    (("SOL", _NO_SENTENCE), 2), (("STRICKEN OFF WITH LEAVE TO REINSTATE", _NO_SENTENCE), 2),
    (("NOT GUILTY", _NO_SENTENCE), 2), (("FINDING OF NOT GUILTY", _NO_SENTENCE), 1), (("FNG", _NO_SENTENCE), 1),
    (("ACQUITTED", _NO_SENTENCE), 1), (("NO BILL", _NO_SENTENCE), 1), (("FNPC", _NO_SENTENCE), 1),
    (("NO PROBABLE CAUSE", _NO_SENTENCE), 1), (("RELEASED WITHOUT CHARGING", _NO_SENTENCE), 2),
    (("SUPERVISION", _SUPERVISED), 7), (("SUPERVISION TERMINATED SATISFACTORILY", _SUPERVISED), 4),
    (("SECTION 10 PROBATION", _SECTION_10), 3), (("710 PROBATION", _SECTION_10), 1),
    (("QUALIFIED PROBATION DISCHARGED", _SECTION_10), 1),
    (("", _NO_SENTENCE), 8), (("PENDING", _NO_SENTENCE), 2), (("OFF CALL", _NO_SENTENCE), 1),
    (("TRANSFERRED", _NO_SENTENCE), 0.5), (("BOND FORFEITURE", _NO_SENTENCE), 0.5),
))

# --- malformed rows ----------------------------------------------------------------------------

_WIDTH = len(COLUMNS)
_DESCRIPTION = COLUMNS.index("offense_description")
_DATE_COLUMNS = tuple(COLUMNS.index(c) for c in ("date_of_birth", "arrest_date", "offense_date", "disposition_date"))
_REQUIRED_COLUMNS = tuple(COLUMNS.index(c) for c in REQUIRED)
_BAD_DATES = ("13/45/2011", "N/A", "00/00/0000", "02/30/2011", "UNKNOWN")


def _too_few_fields(rng: random.Random, row: list[str]) -> list[str]:
    return row[: rng.randint(3, _WIDTH - 2)]  # a truncated line


def _too_many_fields(rng: random.Random, row: list[str]) -> list[str]:
    if rng.random() < 0.5:
        return [*row, ""]  # a stray trailing delimiter
    head, _, tail = row[_DESCRIPTION].partition(" ")  # an unquoted comma split the description
    return [*row[:_DESCRIPTION], head, tail.strip() or "GRAMS", *row[_DESCRIPTION + 1:]]


def _required_field_empty(rng: random.Random, row: list[str]) -> list[str]:
    row[rng.choice(_REQUIRED_COLUMNS)] = ""
    return row


def _unreadable_date(rng: random.Random, row: list[str]) -> list[str]:
    row[rng.choice(_DATE_COLUMNS)] = rng.choice(_BAD_DATES)
    return row


_MALFORMATIONS: tuple[Callable[[random.Random, list[str]], list[str]], ...] = (
    _too_few_fields, _too_many_fields, _required_field_empty, _unreadable_date,
)

# --- people, arrests, rows ---------------------------------------------------------------------


class _Population:
    """An endless stream of charge rows, person by person; counts the people and arrests it starts.

    Counters move just before a person's or an arrest's first row is yielded, so when the consumer
    stops pulling they count exactly the people and arrests that have rows in the file.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.people = 0
        self.arrests = 0
        self._ir_offset = rng.randrange(_IR_SPACE)
        self._dcn_offset = rng.randrange(_DCN_SPACE)

    def rows(self) -> Iterator[list[str]]:
        while True:
            yield from self._person()

    def _person(self) -> Iterator[list[str]]:
        rng = self.rng
        ir = f"IR{_IR_BASE + (self.people * _STRIDE + self._ir_offset) % _IR_SPACE}"
        sex = _SEXES.pick(rng)
        first = rng.choice(_FEMALE_NAMES if sex == "F" else _MALE_NAMES)
        r = rng.random()
        middle = rng.choice(_LETTERS) if r < 0.5 else rng.choice(_MIDDLE_NAMES) if r < 0.65 else ""
        born = rng.randint(_FIRST_BIRTH, _LAST_BIRTH)
        fbi = (f"{rng.randrange(1, 999_999)}{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}{rng.randrange(10)}"
               if rng.random() < 0.4 else "")
        person = [ir, rng.choice(_LAST_NAMES), first, middle, _date(rng, born), sex, _RACES.pick(rng), fbi]
        home = _COUNTIES.pick(rng)
        self.people += 1
        for _ in range(rng.randint(1, 5)):
            yield from self._arrest(person, born, home if rng.random() < 0.8 else _COUNTIES.pick(rng))

    def _arrest(self, person: list[str], born: int, county: tuple[str, str, str]) -> Iterator[list[str]]:
        rng = self.rng
        dcn = f"{rng.choice(_LETTERS)}{(self.arrests * _STRIDE + self._dcn_offset) % _DCN_SPACE:09d}"
        arrested = _arrest_day(rng, born)
        arrest_date = _date(rng, arrested)
        name, ori_county, city_police = county
        agency = _agency(rng, name, ori_county, city_police)
        case = _case_number(rng, date.fromordinal(arrested).year)
        gap = 0 if rng.random() < 0.7 else rng.randint(1, 5)  # offense a few days before the arrest
        offense = arrested - gap
        disposed = arrested + rng.randint(1, 700)
        old = arrested < _ILCS_IN_FORCE
        self.arrests += 1
        for number, (statute, description, offense_class) in enumerate(_arrest_charges(rng, offense, old), 1):
            # The offense date is left out only where the arrest date stands in for it exactly.
            offense_date = "" if gap == 0 and rng.random() < 0.15 else _date(rng, offense)
            disposition, sentences = _DISPOSITIONS.pick(rng)
            disposition_date = "" if disposition in ("", "PENDING") or rng.random() < 0.05 else _date(rng, disposed)
            sentence = rng.choice(sentences) if sentences and rng.random() < 0.6 else ""
            yield [*person, dcn, arrest_date, agency, offense_date, str(number), statute, description,
                   offense_class, case, name, disposition, disposition_date, sentence]


def _arrest_day(rng: random.Random, born: int) -> int:
    """An arrest day in the usual eras, at age 17 to 65 and within 1965-2023."""
    low = max(_FIRST_ARREST, born + int(17 * _YEAR))
    high = min(_LAST_ARREST, born + int(65 * _YEAR))
    day = rng.randint(*_ARREST_ERAS.pick(rng))
    return day if low <= day <= high else rng.randint(low, high)


def _agency(rng: random.Random, county: str, ori_county: str, city_police: str) -> str:
    r = rng.random()
    if r < 0.45:
        return city_police
    if r < 0.6:
        return f"{county} COUNTY SHERIFF"
    if r < 0.7:
        return "ILLINOIS STATE POLICE"
    return f"IL{ori_county}{rng.randrange(30):02d}00"  # an ORI; IL0160000 is the Cook County Sheriff


def _case_number(rng: random.Random, year: int) -> str:
    r = rng.random()
    if r < 0.08:
        return ""  # some arrests never reached court, or the case number was not recorded
    if r < 0.6:
        return f"{year}{rng.choice(_CASE_TYPES)}{rng.randrange(1, 1_000_000):06d}"  # 2011CR001234
    if r < 0.85:
        return f"{year % 100:02d} C {rng.randrange(1000, 1_000_000)}"  # 11 C 4412 (Cook County style)
    return f"{year}-{rng.choice(_CASE_TYPES)}-{rng.randrange(1, 100_000):05d}"


# --- the file ----------------------------------------------------------------------------------


def generate(rows: int, seed: int, output: TextIO, *, delimiter: str = ",") -> GenerateStats:
    """Write the header and exactly `rows` data rows to `output`; the same arguments, the same bytes."""
    if rows < 0:
        raise ValueError(f"rows must be 0 or more, not {rows}")
    rng = random.Random(seed)
    writer = csv.writer(output, delimiter=delimiter, lineterminator="\n")
    writer.writerow(COLUMNS)
    population = _Population(rng)
    pool: list[list[str]] = []
    malformed = unreadable = 0
    for index, row in enumerate(islice(population.rows(), rows)):
        if index % MALFORMED_EVERY == MALFORMED_AT:
            malformation = _MALFORMATIONS[(index // MALFORMED_EVERY) % len(_MALFORMATIONS)]
            row = malformation(rng, row)
            malformed += 1
            unreadable += malformation is not _unreadable_date
        if len(pool) < POOL_SIZE:
            pool.append(row)
        else:  # emit a random held row and hold the new one in its place
            slot = rng.randrange(POOL_SIZE)
            writer.writerow(pool[slot])
            pool[slot] = row
    rng.shuffle(pool)
    writer.writerows(pool)
    return GenerateStats(rows=rows, people=population.people, arrests=population.arrests, malformed=malformed,
                         unreadable=unreadable)
