"""Point 7: coded values read through the profile's tables as the reference's words; a value no table
lists is kept as written, counted and reported, and read as unknown, never guessed from its words."""

from __future__ import annotations

import pytest

from relief.intake.profiles import ProfileError, builtin_profile
from relief.intake.profiles.tables import ANCILLARY, NOT_LISTED, TableReader, Vocabulary
from relief.law.dispositions import DispositionKind
from relief.law.offense_classes import OffenseClass
from relief.settings import OfficeSettings

from .helpers import evaluated, profile, write_csv

SAO = builtin_profile("cook-sao")
CLERK = builtin_profile("cook-clerk")


@pytest.mark.parametrize(("layout", "code", "word", "kind"), [
    (SAO, "SOLW", "STRICKEN OFF WITH LEAVE TO REINSTATE", DispositionKind.NON_CONVICTION),
    (SAO, "BFW", "PENDING", DispositionKind.UNKNOWN),
    (SAO, "FNPC", "NO PROBABLE CAUSE", DispositionKind.NON_CONVICTION),
    (SAO, "FNG", "FINDING OF NOT GUILTY", DispositionKind.NON_CONVICTION),
    (SAO, "Plea of Guilty - Amended Charge", "PLEA OF GUILTY", DispositionKind.CONVICTION),
    (SAO, "plea of guilty - amended  charge", "PLEA OF GUILTY", DispositionKind.CONVICTION),  # case, spaces
    # "NOT GUILTY" is in its words, but the charge has no outcome: the table says so
    (SAO, "Finding Not Not Guilty", "PENDING", DispositionKind.UNKNOWN),
    (SAO, "Charge Rejected", "RELEASED WITHOUT CHARGING", DispositionKind.NON_CONVICTION),
    (CLERK, "DEF SENTENCED ILLINOIS DOC", "SENTENCED", DispositionKind.CONVICTION),
    (CLERK, "DEF SENT CONDITIONAL DISCHARGE", "SENTENCED", DispositionKind.CONVICTION),
    (CLERK, "SENT/CRT SUPV/SPEC CONDS", "SUPERVISION", DispositionKind.NON_CONVICTION),
    (CLERK, "SUPERVISION - SOCIAL SERV DEPT", "SUPERVISION", DispositionKind.NON_CONVICTION),
])
def test_dispositions_are_read_as_the_references_words(layout, code, word, kind):
    table = TableReader("disposition", layout.tables["disposition"])
    assert table(code) == word and not table.unlisted
    assert Vocabulary(layout).disposition(word).kind is kind


@pytest.mark.parametrize(("layout", "code", "reading"), [
    # never guessed: these hold GUILTY or SENTENCED, which the law alone would read as convictions
    (SAO, "Finding Guilty - Newly Coded", NOT_LISTED),
    (CLERK, "DEF SENTENCED TO SOMETHING NEW", NOT_LISTED),
    (SAO, "TRAN-FAI", NOT_LISTED),
    (SAO, "WOWI", NOT_LISTED),
    (CLERK, "DEF SENT TO DRUG SCHOOL", NOT_LISTED),
    # listed, but a line that never decides a charge by itself
    (CLERK, "CREDIT DEFENDANT FOR TIME SERV", ANCILLARY),
    (CLERK, "SENTENCED TO COMMUNITY SERVICE", ANCILLARY),
])
def test_a_value_no_table_lists_is_unknown_and_counted(layout, code, reading):
    table = TableReader("disposition", layout.tables["disposition"])
    assert table(code) == code  # kept as written
    assert table.unlisted == ({} if reading is ANCILLARY else {code: 1})
    assert Vocabulary(layout).disposition(code) is reading
    assert reading.kind is DispositionKind.UNKNOWN


@pytest.mark.parametrize(("layout", "code", "offense_class"), [
    (SAO, "M", OffenseClass.FEL),  # Class M is first-degree murder, never a misdemeanor
    (SAO, "O", OffenseClass.CIVIL),
    (SAO, "P", OffenseClass.PETTY),
    (SAO, "4", OffenseClass.FEL_4),
    (SAO, "Z", OffenseClass.UNRECOGNISED),  # undocumented: reported, not read
    (SAO, "U", OffenseClass.UNRECOGNISED),
    (CLERK, "M", OffenseClass.UNRECOGNISED),  # undocumented in the clerk's file: not taken for a misdemeanor
    (CLERK, "G", OffenseClass.UNRECOGNISED),
    (CLERK, "A", OffenseClass.MISD_A),
    (CLERK, "P", OffenseClass.PETTY),
    (CLERK, "", OffenseClass.NONE),
])
def test_classes_are_read_through_the_table(layout, code, offense_class):
    table = TableReader("offense_class", layout.tables["offense_class"])
    assert Vocabulary(layout).offense_class(table(code)) is offense_class


def test_without_a_table_the_text_is_read_as_written():
    assert Vocabulary(None).disposition("GUILTY").kind is DispositionKind.CONVICTION
    assert Vocabulary(None).offense_class("M") is OffenseClass.MISD


@pytest.mark.parametrize(("table", "why"), [
    ('[tables.disposition.values]\n"X" = "MAYBE"', "do not read"),  # not a reference word: a guess
    ('[tables.offense_class.values]\n"X" = "Q"', "not a class the contract reads"),
    ('[tables.statute.values]\n"X" = "Y"', "a value table reads disposition or offense_class"),
    ('[tables.offense_class]\nancillary = ["X"]', "only dispositions"),
])
def test_a_table_maps_only_to_words_the_reference_reads(table, why):
    with pytest.raises(ProfileError, match=why):
        profile(table)


def test_an_unlisted_code_sends_its_charge_to_review_and_is_counted(tmp_path):
    header = list(SAO.header)

    def row(case: str, disposition: str) -> list[str]:
        values = dict.fromkeys(header, "")
        values.update(CASE_ID=case, CASE_PARTICIPANT_ID=case + "1", CHARGE_ID=case + "2", ARREST_DATE="05/02/2013",
                      CHARGE_DISPOSITION=disposition, DISPOSITION_CHARGED_CHAPTER="720", DISPOSITION_CHARGED_ACT="550",
                      DISPOSITION_CHARGED_SECTION="4(c)", DISPOSITION_CHARGED_CLASS="A")
        return [values[h] for h in header]

    rows = [row("1", "Finding Guilty - Newly Coded"), row("2", "Plea Of Guilty"), row("3", "Case Dismissed")]
    path = write_csv(tmp_path / "sao.csv", header, rows)
    results = evaluated(path, OfficeSettings(profile=SAO))
    assert [(r["decision"], r["reason"]) for r in results] == [
        ("review", "unknown_disposition"), ("motion", "possession_up_to_500g"), ("automatic", "non_conviction")]
    assert "a code the layout's table does not list" in results[0]["explanation"]
    assert results[0]["disposition"] == "Finding Guilty - Newly Coded"  # as written, for the office to see


@pytest.mark.parametrize(("section_7_disposition", "decision", "reason"), [
    ("Plea Of Guilty", "ineligible", "section_7_enhancement"),
    ("Nolle Prosecution", "motion", "delivery_up_to_30g"),  # a Section 7 charge that ended otherwise: no count
    ("BFW", "review", "section_7_in_case"),  # pending
    # never guessed: unlisted, so unknown (the law alone would read GUILTY and give section_7_enhancement)
    ("Finding Guilty - Newly Coded", "review", "section_7_in_case"),
])
def test_a_section_7_charge_in_the_case_counts_by_its_disposition_as_the_table_reads_it(
        tmp_path, section_7_disposition, decision, reason):
    header = list(SAO.header)

    def row(charge: str, section: str, disposition: str) -> list[str]:
        values = dict.fromkeys(header, "")
        values.update(CASE_ID="1", CASE_PARTICIPANT_ID="11", CHARGE_ID=charge, ARREST_DATE="05/02/2013",
                      CHARGE_DISPOSITION=disposition, DISPOSITION_CHARGED_CHAPTER="720",
                      DISPOSITION_CHARGED_ACT="550", DISPOSITION_CHARGED_SECTION=section, DISPOSITION_CHARGED_CLASS="4")
        return [values[h] for h in header]

    path = write_csv(tmp_path / "sao.csv", header, [row("1", "5(c)", "Plea Of Guilty"),
                                                    row("2", "7", section_7_disposition)])
    delivery, _ = evaluated(path, OfficeSettings(profile=SAO))
    assert (delivery["decision"], delivery["reason"]) == (decision, reason)
