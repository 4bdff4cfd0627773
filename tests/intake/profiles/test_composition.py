"""Points 3, 4 and 6: a field composed of several columns (a join, the four shapes of the State's
Attorney's statute), a first-non-empty chain that takes the amended description and class with it,
a constant or an office setting, and one column feeding several fields."""

from __future__ import annotations

import pytest

from relief.intake.profiles import builtin_profile
from relief.intake.profiles.compose import ProfileDoesNotFit
from relief.law.citations import parse_citation
from relief.settings import OfficeSettings, load_settings_text

from .helpers import profile, read, write_csv

BASE = """
not_in_file = ["last_name", "first_name", "date_of_birth"]
[fields]
ir_number = "P"
dcn = "CASE"
court_case_number = "CASE"
arrest_date = "D"
disposition = "DISP"
county = { constant = "Cook" }
"""
SAO = builtin_profile("cook-sao")
SAO_HEADER = list(SAO.header)


def sao_row(chapter: str, act: str, section: str, **more: str) -> list[str]:
    values = dict.fromkeys(SAO_HEADER, "")
    values.update(CASE_ID="1", CASE_PARTICIPANT_ID="11", CHARGE_ID="21", ARREST_DATE="05/02/2013",
                  CHARGE_DISPOSITION="Plea Of Guilty", DISPOSITION_CHARGED_CHAPTER=chapter,
                  DISPOSITION_CHARGED_ACT=act, DISPOSITION_CHARGED_SECTION=section, **more)
    return [values[h] for h in SAO_HEADER]


@pytest.mark.parametrize(("chapter", "act", "section", "statute", "read_as"), [
    # split ILCS: chapter, act and section joined
    ("720", "550", "4(c)", "720 ILCS 550/4(c)", ("550", "4", "c")),
    ("720", "570", "401(c)(2)", "720 ILCS 570/401(c)(2)", ("570", "401", "c")),
    # old chapter 38, act written "-"
    ("38", "-", "9-1(a)(2)", "CH 38 PAR 9-1(a)(2)", (None, "9-1", "a")),
    # a whole PROMIS citation in CHAPTER, backslash read as slash
    ("720-550\\4(D)", "", "", "720-550/4(D)", ("550", "4", "d")),
    ("56.5-705-C", "", "", "56.5-705-C", (None, "705", "c")),
    # an attempt written into the section: wrapped around the target
    ("720", "550", "(8-4)5(c)", "720 ILCS 5/8-4(720 ILCS 550/5(c))", ("550", "5", "c")),
    # an abbreviation: no citation to read (the description decides: rule 2 or rule 1)
    ("POSS CANN", "", "", "POSS CANN", None),
])
def test_the_state_attorneys_statute_is_composed_by_its_shape(tmp_path, chapter, act, section, statute, read_as):
    path = write_csv(tmp_path / "sao.csv", SAO_HEADER, [sao_row(chapter, act, section)])
    [row] = read(path, SAO)
    assert row.problem is None and row.record.statute == statute
    citation = parse_citation(statute)
    if read_as is None:
        assert citation is None
    else:
        assert citation is not None
        assert (citation.offense.act, citation.offense.section, citation.offense.subsection) == read_as


def test_the_inchoate_wrapper_is_read_as_an_attempt(tmp_path):
    path = write_csv(tmp_path / "sao.csv", SAO_HEADER, [sao_row("720", "550", "(8-4)5(c)")])
    [row] = read(path, SAO)
    citation = parse_citation(row.record.statute)
    assert citation is not None and citation.inchoate == "attempt"


@pytest.mark.parametrize(("statute_source", "cells", "statute"), [
    ('{ join = "{CH} ILCS {ACT}/{SEC}" }', ["720", "550", "4(c)"], "720 ILCS 550/4(c)"),
    ('{ join = "{CH} ILCS {ACT}/{SEC}" }', [" 720 ", "550", "4(c) "], "720 ILCS 550/4(c)"),  # cells stripped
    ('{ join = "{ch}-{act}/{sec}" }', ["720", "550", "4(c)"], "720-550/4(c)"),  # names in any case
])
def test_a_join_of_several_columns(tmp_path, statute_source, cells, statute):
    layout = profile(BASE + f"statute = {statute_source}\n")
    path = write_csv(tmp_path / "f.csv", ["P", "CASE", "D", "DISP", "CH", "ACT", "SEC"],
                     [["1", "C1", "2010-01-01", "GUILTY", *cells]])
    [row] = read(path, layout)
    assert row.record.statute == statute


CLERK = builtin_profile("cook-clerk")


@pytest.mark.parametrize(("original", "amended", "statute", "description", "offense_class"), [
    # no amended charge: the original, its description and class
    (("720-550/5(c)", "MFG/DEL CANNABIS", "4"), ("", "", ""), "720-550/5(c)", "MFG/DEL CANNABIS", "4"),
    # amended: the amended statute, and its description and class with it
    (("720-550/5(c)", "MFG/DEL CANNABIS", "4"), ("720-550/4(c)", "POSS CANNABIS", "A"),
     "720-550/4(c)", "POSS CANNABIS", "A"),
    # amended without a class: the chain is taken as a unit, the original class is not borrowed
    (("720-550/4(c)", "POSS CANNABIS", "A"), ("720-5/26-1(a)(1)", "DISORDERLY CONDUCT", ""),
     "720-5/26-1(a)(1)", "DISORDERLY CONDUCT", ""),
    # an amended description alone does not move the chain: the statute decides which charge it is
    (("720-550/4(c)", "POSS CANNABIS", "A"), ("", "AMENDED WORDS", "B"), "720-550/4(c)", "POSS CANNABIS", "A"),
])
def test_the_amended_charge_when_present_else_the_original(tmp_path, original, amended, statute, description,
                                                          offense_class):
    values = dict.fromkeys(CLERK.header, "")
    values.update(CASE_NUMBER="2006C1", SEQUENCE_NUMBER="1", CTLBKNGNO="9", STATEPOLICEID="1", DOB="7-Apr-81",
                  ARREST_DATE="14-Mar-06", CHRGDISP="DEF SENTENCED TO PROBATION")
    values.update(zip(("STATUTE", "CHRGDESC", "CHRGCLASS"), original, strict=True))
    values.update(zip(("AMMNDCHARGSTATUTE", "AMMNDCHRGDESCR", "AMMNDCHRGCLASS"), amended, strict=True))
    path = write_csv(tmp_path / "clerk.csv", list(CLERK.header), [[values[h] for h in CLERK.header]])
    [row] = read(path, CLERK)
    assert (row.record.statute, row.record.offense_description, row.record.offense_class) == (
        statute, description, offense_class)


@pytest.mark.parametrize(("booking", "case", "dcn", "court_case"), [
    ("99100101", "2006C99010101", "99100101", "2006C99010101"),
    ("", "2009C99012501", "2009C99012501", "2009C99012501"),  # no booking: the case links the arrest
])
def test_one_column_feeds_several_fields(tmp_path, booking, case, dcn, court_case):
    values = dict.fromkeys(CLERK.header, "")
    values.update(CASE_NUMBER=case, SEQUENCE_NUMBER="1", CTLBKNGNO=booking, STATEPOLICEID="1", DOB="7-Apr-81",
                  ARREST_DATE="14-Mar-06", STATUTE="720-550/4(c)", CHRGDISP="DEF SENTENCED TO PROBATION")
    path = write_csv(tmp_path / "clerk.csv", list(CLERK.header), [[values[h] for h in CLERK.header]])
    [row] = read(path, CLERK)
    assert (row.record.dcn, row.record.court_case_number) == (dcn, court_case)


@pytest.mark.parametrize(("settings_text", "county"), [
    ("", "Cook"),  # the profile's default
    ('county = "Cook"', "Cook"),
    ('county = "Lake"', "Lake"),  # the office's setting wins over the default
])
def test_the_county_of_a_one_county_office_comes_from_its_settings(tmp_path, settings_text, county):
    settings = load_settings_text(settings_text + '\nprofile = "cook-sao"\n', "test")
    path = write_csv(tmp_path / "sao.csv", SAO_HEADER, [sao_row("720", "550", "4(c)")])
    [row] = read(path, settings.layout)
    assert row.record.county == county


@pytest.mark.parametrize(("source", "why"), [
    ('{ column = "A", join = "{B}" }', "exactly one of"),
    ("{ }", "exactly one of"),
    ('{ first_of = ["A", "B"], with = { offense_class = ["C"] } }', "has 1 columns where first_of has 2"),
    ('{ column = "A", with = { offense_class = ["C"] } }', "'with' goes with first_of"),
    ('{ setting = "judge" }', "not one of the office settings"),
    ('{ join = "{A" }', "join template"),
])
def test_a_source_that_does_not_hold_together_is_refused(source, why):
    from relief.intake.profiles import ProfileError

    with pytest.raises(ProfileError, match=why):
        profile(f"[fields]\nstatute = {source}\n")


def test_a_column_the_profile_reads_that_the_header_lacks_refuses_the_file(tmp_path):
    layout = profile(BASE + 'statute = { join = "{CH} ILCS {ACT}/{SEC}" }\n')
    path = write_csv(tmp_path / "f.csv", ["P", "CASE", "D", "DISP", "CH", "ACT"],
                     [["1", "C", "2010-01-01", "G", "7", "5"]])
    with pytest.raises(ProfileDoesNotFit, match="SEC"):
        read(path, layout)


def test_settings_choose_a_built_in_profile_by_name():
    assert OfficeSettings.model_validate({"profile": "cook-clerk"}).profile.name == "cook-clerk"
