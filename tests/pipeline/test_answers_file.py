"""An answers file is checked whole: every problem is listed by row and column (and charge_id when it is
the job's), never by a value, and one problem refuses the file. One table of cases per kind of problem."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from relief.documents.courts import NO_COUNTY
from relief.evaluation.answers import Answer
from relief.law.decisions import Decision
from relief.pipeline.answers_file import AnswersRefused, check_answers, read_answers
from relief.pipeline.charge_index import IndexedCharge, read_index, row_of, write_index
from tests.charges import charge, decide_all

TODAY = date(2026, 12, 10)
JOB = "0123456789abcdef01234567"
MARKER = "ZZMARKERZZ"  # a value from a record: never in a problem's text

# The job's charges: row 1 a motion conviction, 2 a review (no disposition), 3 a Class 3 felony (rule 11),
# 4 a dismissal, 5 a conviction in no Illinois county, 6 a conviction without a court case number.
CHARGES = {
    1: IndexedCharge("R1-0000000a", "COOK", "motion", 18, True, True),
    2: IndexedCharge("R2-0000000b", "COOK", "review", 8, False, True),
    3: IndexedCharge("R3-0000000c", "SANGAMON", "ineligible", 11, True, True),
    4: IndexedCharge("R4-0000000d", "COOK", "automatic", 13, False, True),
    5: IndexedCharge("R5-0000000e", NO_COUNTY, "review", 17, True, True),
    6: IndexedCharge("R6-0000000f", "COOK", "review", 17, True, False),
}


def answers_file(*rows: dict, header=("charge_id", "reviewer_decision", "reviewer", "reviewed_on", "note"),
                 delimiter=",") -> io.StringIO:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(header), delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    buffer.seek(0)
    return buffer


def row(charge_id="R1-0000000a", decision="ineligible", reviewer="A. Attorney", on="2026-12-01", note="", **extra):
    return {"charge_id": charge_id, "reviewer_decision": decision, "reviewer": reviewer, "reviewed_on": on,
            "note": note, **extra}


def answers(*rows: dict, **kwargs) -> dict[str, Answer]:
    read, found = read_answers(answers_file(*rows, **kwargs), TODAY)
    return check_answers(read, CHARGES, JOB, found)


def problems(*rows: dict, **kwargs) -> list[str]:
    with pytest.raises(AnswersRefused) as refused:
        answers(*rows, **kwargs)
    texts = [p.text() for p in refused.value.problems]
    assert not any(MARKER in text for text in texts)
    return texts


# --- what is accepted -----------------------------------------------------------------------------------

def test_answered_rows_become_answers_and_unanswered_rows_are_ignored():
    got = answers(row("R1-0000000a", "ineligible", note="withdrawn"), row("R2-0000000b", "", reviewer="",
                                                                          on=""),
                  row("R4-0000000d", "Automatic", on="12/01/2026"))
    assert got == {"R1-0000000a": Answer(Decision.INELIGIBLE, "A. Attorney", date(2026, 12, 1), "withdrawn"),
                   "R4-0000000d": Answer(Decision.AUTOMATIC, "A. Attorney", date(2026, 12, 1), "")}


def test_a_copy_of_review_csv_with_its_own_columns_and_extra_ones_is_read_by_header_name():
    header = ("row_number", "ir_number", "charge_id", "decision", "doubt", "what_to_check", "reviewer_decision",
              "reviewer", "reviewed_on", "note", "my own column")
    answered = {**row("R1-0000000a", "ineligible"), "row_number": "1", "ir_number": MARKER, "decision": "motion",
                "doubt": "-", "my own column": "=1+1"}
    got = answers(answered, header=header)
    assert got["R1-0000000a"].decision is Decision.INELIGIBLE


def test_a_tab_or_semicolon_delimited_copy_is_read_too():
    for delimiter in ("\t", ";"):
        assert answers(row(), delimiter=delimiter)["R1-0000000a"].decision is Decision.INELIGIBLE


def test_a_charge_answered_twice_alike_is_one_answer_the_later_rows():
    got = answers(row(note="first"), row(note="second"))
    assert got["R1-0000000a"].note == "second"


def test_a_motion_answer_on_a_charge_the_statute_excludes_is_accepted_with_its_reason():
    got = answers(row("R3-0000000c", "motion", note="Class 3 recorded in error: the judgment says Class 4"))
    assert got["R3-0000000c"].decision is Decision.MOTION


# --- what is refused: one table per kind of problem -------------------------------------------------------

@pytest.mark.parametrize("charge_id, expected", [
    ("", "row 1, charge_id: missing"),
    (MARKER, "row 1, charge_id: not a charge_id"),
    ("R9-0000000a", f"row 1, charge_id: R9-0000000a is not a charge of job {JOB}"),
    ("R1-ffffffff", f"row 1, charge_id: R1-ffffffff is not a charge of job {JOB}"),
])
def test_a_charge_id_that_is_not_the_jobs_is_refused(charge_id, expected):
    assert any(text.startswith(expected) for text in problems(row(charge_id)))


@pytest.mark.parametrize("decision", ["review", "yes", MARKER, "motion please"])
def test_a_decision_outside_the_list_is_refused(decision):
    assert problems(row(decision=decision)) == [
        "row 1, reviewer_decision: not one of motion, ineligible, automatic, not_cannabis"]


@pytest.mark.parametrize("reviewer, on, expected", [
    ("", "2026-12-01", "row 1, reviewer: missing: name who decided"),
    ("x" * 201, "2026-12-01", "row 1, reviewer: longer than 200 characters"),
    ("A. Attorney", "", "row 1, reviewed_on: missing"),
    ("A. Attorney", MARKER, "row 1, reviewed_on: not a date (YYYY-MM-DD)"),
    ("A. Attorney", "2026-12-11", "row 1, reviewed_on: in the future"),
    ("A. Attorney", "2027-01-01", "row 1, reviewed_on: in the future"),
])
def test_a_missing_reviewer_or_a_date_missing_unreadable_or_in_the_future_is_refused(reviewer, on, expected):
    assert problems(row(reviewer=reviewer, on=on)) == [expected]


def test_a_charge_answered_twice_with_different_decisions_is_refused():
    assert problems(row(decision="ineligible"), row(decision="not_cannabis")) == [
        "row 2, reviewer_decision: R1-0000000a is answered again with another decision (first on row 1)"]


@pytest.mark.parametrize("charge_id, note, expected", [
    ("R2-0000000b", "", "row 1, reviewer_decision: R2-0000000b is not a conviction"),
    ("R4-0000000d", "x", "row 1, reviewer_decision: R4-0000000d is not a conviction"),
    ("R5-0000000e", "", "row 1, reviewer_decision: R5-0000000e names no Illinois county"),
    ("R6-0000000f", "", "row 1, reviewer_decision: R6-0000000f has no court case number"),
    ("R3-0000000c", "", "row 1, note: R3-0000000c: a motion answer on a charge the statute excludes (rule 11, "
                        "class_over_limit) must say why in the note"),
])
def test_a_motion_answer_the_charge_cannot_take_is_refused(charge_id, note, expected):
    (found,) = problems(row(charge_id, "motion", note=note))
    assert found.startswith(expected)


def test_a_file_without_the_answer_columns_is_refused_naming_them():
    assert sorted(problems(row(), header=("charge_id", "decision", "note"))) == [
        "header: no reviewed_on column", "header: no reviewer column", "header: no reviewer_decision column"]


def test_a_file_of_another_job_is_refused_as_such():
    found = problems(row("R1-99999999"), row("R2-99999999"))
    assert found[0] == (f"none of the answered charges is a charge of job {JOB}: is this the answers file of another "
                        f"job or office?")


def test_every_problem_is_listed_not_only_the_first():
    found = problems(row(decision="maybe"), row("R2-0000000b", "motion"), row(reviewer="", on="tomorrow"),
                     row("R3-0000000c", "motion"))
    rows = [text.split(",")[0] for text in found]
    assert rows == ["row 1", "row 2", "row 3", "row 3", "row 4"]


# --- the charge index ------------------------------------------------------------------------------------

def test_the_charge_index_gives_each_rows_id_county_rules_decision_and_whether_a_conviction():
    results = decide_all([charge(), charge(disposition="DISMISSED", dcn="D2"), charge(offense_class="3", dcn="D3"),
                          charge(county="NOWHERE", dcn="D4"), charge(court_case_number=" - ", dcn="D5")])
    index = read_index(io.BytesIO(write_index(results)), [1, 2, 3, 4, 5, 99])
    assert [(c.charge_id, c.county, c.decision, c.rule, c.conviction, c.has_case_number) for c in index.values()] == [
        (results[0].charge_id, "COOK", "motion", 18, True, True),
        (results[1].charge_id, "COOK", "automatic", 13, False, True),
        (results[2].charge_id, "COOK", "ineligible", 11, True, True),
        (results[3].charge_id, NO_COUNTY, "motion", 18, True, True),
        (results[4].charge_id, "COOK", "review", 17, True, False)]
    assert row_of(results[2].charge_id) == 3 and row_of("R03-0000000a") is None and row_of(MARKER) is None


def test_the_assemblers_index_lines_are_the_csv_of_the_index_cells():
    """The assembler writes index lines without csv.writer (charge_index.index_line); a line that would
    need quoting goes through csv.writer all the same."""
    from relief.documents.courts import bundle_county
    from relief.pipeline.charge_index import index_cells, index_line

    results = decide_all([charge(), charge(disposition="DISMISSED", dcn="D2"), charge(county="NOWHERE", dcn="D4"),
                          charge(court_case_number=" - ", dcn="D5")])
    odd = results[0]._replace(charge_id='R1-"a,b"', rule="")
    for result in [*results, odd]:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="").writerow(index_cells(result))
        assert index_line(result, bundle_county(result.county)) == buffer.getvalue()
