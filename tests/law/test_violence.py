"""Violent crimes under 725 ILCS 120/3(c) (reference, section 6): each charge is violent, possibly
violent or not violent. One table each; the list and the words are office settings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from relief.law.violence import DEFAULT_VIOLENT_CRIMES, PossiblyViolent, ViolenceTest, stem

DEFAULT = ViolenceTest(DEFAULT_VIOLENT_CRIMES, PossiblyViolent())

# Violent: the citation is on the list (any subsection), or the description names a crime of it.
VIOLENT = [
    # statute                       description                    class  crime
    ("720 ILCS 5/9-1", "", "", "first degree murder"),
    ("720 ILCS 5/10-3.1", "", "4", "aggravated unlawful restraint"),
    ("720 ILCS 5/11-6", "", "4", "indecent solicitation of a child"),
    ("720 ILCS 5/11-9.1", "", "3", "sexual exploitation of a child"),
    ("720 ILCS 5/11-1.20(a)(1)", "", "1", "criminal sexual assault or abuse"),
    ("720 ILCS 5/11-20.1B", "", "", "child pornography"),
    ("720 ILCS 5/11-23.5(b)", "", "4", "non-consensual dissemination of private sexual images"),
    ("720 ILCS 5/12-3.05(a)(1)", "", "3", "aggravated battery"),
    ("720 ILCS 5/12-3.3", "", "2", "domestic battery or aggravated domestic battery"),
    ("720 ILCS 5/12-3.9", "", "A", "violation of an order of protection or a no contact order"),
    ("720 ILCS 5/12-7.4", "", "", "stalking or aggravated stalking"),
    ("720 ILCS 5/18-5", "", "1", "robbery, armed robbery or aggravated robbery"),
    ("720 ILCS 5/18-3", "", "1", "vehicular hijacking or aggravated vehicular hijacking"),
    ("720 ILCS 5/18-6", "", "1", "vehicular invasion"),
    ("720 ILCS 5/19-6", "", "X", "home invasion"),
    ("720 ILCS 5/20-1.1", "", "1", "arson or aggravated arson"),
    ("720 ILCS 5/24-1.2", "", "2", "aggravated discharge of a firearm"),
    ("720 ILCS 5/33A-2", "", "X", "armed violence"),
    ("625 ILCS 5/11-501(d)(1)(C)", "AGG DUI DEATH", "2", "DUI causing injury or death"),
    # the 1993-2011 ILCS numbers the 2011 recodification replaced
    ("720 ILCS 5/12-4(a)", "", "3", "aggravated battery"),
    ("720 ILCS 5/12-4.1", "", "X", "heinous battery"),
    ("720 ILCS 5/12-11", "", "X", "home invasion"),
    ("720 ILCS 5/12-11.1", "", "1", "vehicular invasion"),
    ("720 ILCS 5/12-13", "", "1", "criminal sexual assault or abuse"),
    ("720 ILCS 5/12-16(d)", "", "2", "criminal sexual assault or abuse"),
    ("720 ILCS 5/12-30", "", "A", "violation of an order of protection or a no contact order"),
    # Ill. Rev. Stat. ch. 38 before 1993
    ("CH 38 PAR 9-1", "", "", "first degree murder"),
    ("CH 38 PAR 10-3.1", "", "", "aggravated unlawful restraint"),
    ("CH 38 PAR 11-6", "", "", "indecent solicitation of a child"),
    ("CH 38 PAR 11-9.1", "", "", "sexual exploitation of a child"),
    ("ILL REV STAT CH 38 PAR 12-4", "", "", "aggravated battery"),
    ("CH 38 PAR 18-1", "", "", "robbery, armed robbery or aggravated robbery"),
    ("CH 38 PAR 33A-2", "", "", "armed violence"),
    # named by the description, whatever (or however unreadable) the citation
    ("", "HOME INVASION", "", "home invasion"),
    ("??", "AGG BATTERY", "", "aggravated battery"),
    ("720 ILCS 5/12-3", "AGGRAVATED BATTERY", "A", "aggravated battery"),
    ("", "ARMED VIOLENCE", "", "armed violence"),
    # an attempt at a crime of the list is cited through its target
    ("720 ILCS 5/8-4(720 ILCS 5/9-1)", "ATTEMPT", "X", "first degree murder"),
]


@pytest.mark.parametrize("statute,description,offense_class,crime", VIOLENT)
def test_violent(statute, description, offense_class, crime):
    assert DEFAULT.violence_of(statute, description, offense_class) == (crime, None)
    assert DEFAULT.may_be_violent(statute, description)


# Possibly violent [policy]: a felony or a charge without class described with force, threat,
# intimidation, assault, battery or harm (by stem, any case); a misdemeanor described with great bodily
# harm or death; any other Article 11 sex offense.
POSSIBLY_VIOLENT = [
    # statute               description                        class  why
    ("720 ILCS 5/12-3", "BATTERY", "4", "a felony whose description names BATTERY"),
    ("720 ILCS 5/12-3", "battered", "F", "a felony whose description names BATTERY"),
    ("720 ILCS 5/12-3", "BATTERY", "", "a charge without class whose description names BATTERY"),
    ("720 ILCS 5/12-3", "BATTERY", "??", "a charge without class whose description names BATTERY"),
    ("720 ILCS 5/12-6", "INTIMIDATE A WITNESS", "3", "a felony whose description names INTIMIDATION"),
    ("720 ILCS 5/12-9", "THREATENING PUBLIC OFFICIAL", "3", "a felony whose description names THREAT"),
    ("720 ILCS 5/10-3", "FORCIBLE DETENTION", "2", "a felony whose description names FORCE"),
    ("720 ILCS 5/12-2", "AGG ASLT W/ WEAPON", "4", "a felony whose description names ASLT"),
    ("720 ILCS 5/12-2", "Aggravated Assault", "Class 4 Felony", "a felony whose description names ASSAULT"),
    ("", "RESIST OFFICER CAUSING HARM", "4", "a felony whose description names HARM"),
    # great bodily harm without naming aggravated battery is at most possibly violent
    ("720 ILCS 5/12-3", "BATTERY GREAT BODILY HARM", "3", "a felony whose description names BATTERY"),
    ("720 ILCS 5/12-3", "BATTERY GREAT BODILY HARM", "A", "a misdemeanor whose description names GREAT BODILY HARM"),
    ("720 ILCS 5/12-5", "RECKLESS CONDUCT - GBH", "A", "a misdemeanor whose description names GBH"),
    ("720 ILCS 5/12-5", "RECKLESS CONDUCT CAUSING DEATH", "M", "a misdemeanor whose description names DEATH"),
    ("", "GREAT BODILY HARM", "", "a charge without class whose description names HARM"),
    # any other Article 11 sex offense, whatever the class or description
    ("720 ILCS 5/11-9.2", "CUSTODIAL SEXUAL MISCONDUCT", "3", "a sex offense (720 ILCS 5/11-9.2)"),
    ("720 ILCS 5/11-14(a)", "PROSTITUTION", "A", "a sex offense (720 ILCS 5/11-14)"),
    ("720 ILCS 5/11-25", "", "4", "a sex offense (720 ILCS 5/11-25)"),
    ("CH 38 PAR 11-14", "PROSTITUTION", "A", "a sex offense (Ill. Rev. Stat. ch. 38, par. 11-14)"),
    ("720 ILCS 5/8-4(720 ILCS 5/11-14.1)", "ATT SOLICIT SEXUAL ACT", "A", "a sex offense (720 ILCS 5/11-14.1)"),
]


@pytest.mark.parametrize("statute,description,offense_class,why", POSSIBLY_VIOLENT)
def test_possibly_violent(statute, description, offense_class, why):
    assert DEFAULT.violence_of(statute, description, offense_class) == (None, why)
    assert DEFAULT.may_be_violent(statute, description)


# Not violent: everything else. A Cannabis Control Act charge never is; a weapon alone is not.
NOT_VIOLENT = [
    ("720 ILCS 5/12-3", "BATTERY", "A"),  # a misdemeanor without great bodily harm or death
    ("720 ILCS 5/12-2", "ASSAULT", "C"),
    ("720 ILCS 5/12-3", "BATTERY", "PETTY"),
    ("720 ILCS 5/24-1(a)(4)", "UNLAWFUL USE OF WEAPON", "4"),
    ("720 ILCS 5/24-1.6", "AGG UUW", "4"),
    ("625 ILCS 5/11-501(a)", "DUI", "A"),
    ("720 ILCS 5/16-25", "RETAIL THEFT", ""),
    ("720 ILCS 570/406", "PHARMACY FRAUD", "4"),  # HARM only as a word's start counts
    ("720 ILCS 5/21-1", "CRIMINAL DAMAGE TO PROPERTY", "4"),
    ("720 ILCS 550/5(d)", "DEL CANNABIS BY FORCE", "3"),
    ("720 ILCS 550/7", "DEL CANNABIS TO MINOR - THREAT", ""),
    ("CH 56 1/2 PAR 705(D)", "MFG/DEL CANNABIS", "3"),
]


@pytest.mark.parametrize("statute,description,offense_class", NOT_VIOLENT)
def test_not_violent(statute, description, offense_class):
    assert DEFAULT.violence_of(statute, description, offense_class) is None


def test_great_bodily_harm_is_not_on_the_violent_list():
    assert not any("GREAT BODILY HARM" in pattern for crime in DEFAULT_VIOLENT_CRIMES for pattern in crime.descriptions)


STEMS = [("FORCE", "FORC"), ("INTIMIDATION", "INTIMIDAT"), ("BATTERY", "BATTER"), ("THREAT", "THREAT"),
         ("HARM", "HARM"), ("GBH", "GBH"), ("DEATH", "DEATH"), ("ASSAULT", "ASSAULT"), ("BTRY", "BTRY")]


@pytest.mark.parametrize("word,expected", STEMS)
def test_words_count_by_their_stem(word, expected):
    assert stem(word) == expected


def test_the_words_are_an_office_setting():
    office = ViolenceTest(DEFAULT_VIOLENT_CRIMES, PossiblyViolent(felony_words=("weapon",), misdemeanor_words=(),
                                                                  sex_offense_articles=()))
    assert office.violence_of("720 ILCS 5/24-1", "UNLAWFUL USE OF WEAPONS", "4") == (
        None, "a felony whose description names WEAPON")
    assert office.violence_of("720 ILCS 5/12-3", "BATTERY", "4") is None
    assert office.violence_of("720 ILCS 5/11-14", "PROSTITUTION", "A") is None


@pytest.mark.parametrize("settings", [dict(felony_words=("FORCE|THREAT",)), dict(misdemeanor_words=("",)),
                                      dict(sex_offense_articles=("720 ILCS 5/11-14",)),
                                      dict(sex_offense_articles=("article eleven",))])
def test_bad_words_or_articles_are_refused(settings):
    with pytest.raises(ValidationError):
        PossiblyViolent(**settings)


STATUTES = [s for s, *_ in VIOLENT + POSSIBLY_VIOLENT + NOT_VIOLENT]
DESCRIPTIONS = [d for _, d, *_ in VIOLENT + POSSIBLY_VIOLENT + NOT_VIOLENT]
CLASSES = ["", "A", "B", "C", "M", "4", "3", "X", "F", "P", "CIV", "BUS", "??"]


@given(st.sampled_from(STATUTES), st.sampled_from(DESCRIPTIONS), st.sampled_from(CLASSES))
def test_the_first_pass_keeps_every_charge_some_class_could_make_violent(statute, description, offense_class):
    # The first pass of a file reads only statute and description; it must keep what the class decides.
    if DEFAULT.violence_of(statute, description, offense_class) is not None:
        assert DEFAULT.may_be_violent(statute, description)
