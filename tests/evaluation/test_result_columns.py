"""The result columns grow only at the end, and the charge_id: the same row of the same file has the
same id on every run, and no two rows of a file share one; a later file's row gets the same id only
if it is the same charge on the same line."""

from __future__ import annotations

import io

from relief.dev.generate import generate
from relief.evaluation.evaluator import charge_id
from relief.evaluation.file import evaluate_file
from relief.evaluation.results import RESULT_COLUMNS
from relief.intake.records import Record
from relief.settings import OfficeSettings
from tests.charges import AS_OF, BASE, decide_one

# The columns as they were before issue 12: an outside checker may read them by position.
BEFORE = ("row_number", "ir_number", "dcn", "court_case_number", "statute", "decision", "reason", "explanation",
          "authority", "minor_cannabis_offense", "expunge_by", "last_name", "first_name", "middle_name",
          "date_of_birth", "county", "arrest_date", "offense_date", "offense_description", "offense_class",
          "disposition", "disposition_date", "section", "subsection", "violent_association", "age_now",
          "age_at_offense", "years_since_conviction", "rule_set_version", "arresting_agency")


def test_new_columns_are_added_after_the_old_ones():
    assert RESULT_COLUMNS[: len(BEFORE)] == BEFORE
    assert RESULT_COLUMNS[len(BEFORE):] == ("rule", "sex", "race", "charge_number", "statute_canonical",
                                            "arresting_agency_name", "charge_id", "source_rows")


def test_the_new_columns_hold_what_the_documents_print():
    result = decide_one(sex="F", race="B", charge_number="2", statute="720-550/4-C", arresting_agency="IL0160000")
    assert (result.sex, result.race, result.charge_number, result.statute_canonical, result.arresting_agency_name) == (
        "F", "B", "2", "720 ILCS 550/4(c)", "Cook County Sheriff's Office")
    old = decide_one(statute="CH.56-1/2 SEC 704 C", arrest_date="1990-01-01", offense_date="1990-01-01")
    assert old.statute_canonical == "Ill. Rev. Stat. ch. 56 1/2, par. 704(c)"
    assert decide_one(statute="LOCAL ORD 12", offense_description="LITTERING").statute_canonical == ""


def _ids(source, settings=None) -> list[str]:
    output = io.StringIO(newline="")
    evaluate_file(source, output, settings or OfficeSettings(), AS_OF)
    lines = output.getvalue().splitlines()
    return [line.rsplit(",", 1)[1] for line in lines[1:]]


def test_the_same_file_run_again_gives_every_charge_the_same_id_and_no_two_share_one(tmp_path):
    source = tmp_path / "isp.csv"
    with open(source, "w", encoding="utf-8", newline="") as stream:
        generate(3_000, 11, stream)
    first = _ids(source)
    assert first == _ids(source) == _ids(source, OfficeSettings(violent_association="exclude"))
    assert len(set(first)) == len(first) == 3_000
    assert all(i == f"R{n}-{i.split('-')[1]}" and len(i.split("-")[1]) == 8 for n, i in enumerate(first, start=1))


IDENTIFYING = ("ir_number", "dcn", "court_case_number", "county", "charge_number", "statute")


def test_a_charge_id_is_its_row_and_what_identifies_the_charge_and_nothing_else():
    record = Record(**BASE)
    assert decide_one().charge_id == charge_id(1, record)  # what evaluate() writes is charge_id()
    assert charge_id(5, record) == charge_id(5, Record(**BASE))
    assert charge_id(5, record) != charge_id(6, record)  # the same charge written twice is two rows
    for field in record._fields:
        changed = charge_id(5, record._replace(**{field: getattr(record, field) + "x"}))
        assert (changed != charge_id(5, record)) == (field in IDENTIFYING), field
