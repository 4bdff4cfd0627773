"""Point 8: several rows per charge (sentence lines, charge versions). Rows of one person sharing the
profile's charge columns are one charge, decided once (a conviction if any line says so), with every
source row kept in its result; every input row ends in exactly one result."""

from __future__ import annotations

import csv
import random

import pytest

from relief.evaluation.results import Result
from relief.intake.profiles import builtin_profile
from relief.intake.profiles.charges import charge_groups, count_charges, one_charge
from relief.intake.profiles.tables import Vocabulary
from relief.intake.records import EMPTY_RECORD, ReadRow, RowProblem
from relief.pipeline.assemble import RowsLost, SourceRows
from relief.settings import OfficeSettings

from .helpers import FIXTURES, chunk_results, evaluated, write_csv

CLERK = builtin_profile("cook-clerk")
SAO = builtin_profile("cook-sao")


def line(number: int, disposition: str, date: str = "2006-06-22", statute: str = "720-550/4(c)",
         sentence: str = "", person: str = "P1", charge: str = "C1") -> ReadRow:
    record = EMPTY_RECORD._replace(ir_number=person, statute=statute, disposition=disposition,
                                   disposition_date=date, sentence=sentence or disposition)
    return ReadRow(number, record, None, False, charge)


@pytest.mark.parametrize(("lines", "statute", "disposition", "date", "sentence"), [
    # a conviction line and an ancillary one: the conviction decides
    ([("SENTENCED", "2006-06-22", "720-550/4(c)", "DEF SENTENCED TO PROBATION"),
      ("SENTENCED TO COMMUNITY SERVICE", "2006-06-22", "720-550/4(c)", "")],
     "720-550/4(c)", "SENTENCED", "2006-06-22", "DEF SENTENCED TO PROBATION; SENTENCED TO COMMUNITY SERVICE"),
    # the ancillary line first: still the conviction
    ([("CREDIT DEFENDANT FOR TIME SERV", "2007-08-09", "720-550/4(d)", ""),
      ("SENTENCED", "2007-08-09", "720-550/4(d)", "DEF SENTENCED ILLINOIS DOC")],
     "720-550/4(d)", "SENTENCED", "2007-08-09", "CREDIT DEFENDANT FOR TIME SERV; DEF SENTENCED ILLINOIS DOC"),
    # supervision and a restitution line: a non-conviction (the ancillary line never decides)
    ([("SUPERVISION", "2005-05-05", "720-550/4(b)", "SENT/CRT SUPV/SPEC CONDS"),
      ("DEF SENT TO PAY RESTITUTION", "2005-05-05", "720-550/4(b)", "")],
     "720-550/4(b)", "SUPERVISION", "2005-05-05", "SENT/CRT SUPV/SPEC CONDS; DEF SENT TO PAY RESTITUTION"),
    # sentenced twice (a sentence changed): the conviction's date is the first line's
    ([("SENTENCED", "2006-01-10", "720-550/4(c)", "DEF SENTENCED TO PROBATION"),
      ("SENTENCED", "2007-03-01", "720-550/4(c)", "DEF SENTENCED TO COOK CNTY DOC")],
     "720-550/4(c)", "SENTENCED", "2006-01-10", "DEF SENTENCED TO PROBATION; DEF SENTENCED TO COOK CNTY DOC"),
    # charge versions: pending, then a plea to the amended charge: the conviction's statute
    ([("PENDING", "2015-06-01", "720 ILCS 550/5(c)", "-"), ("PLEA OF GUILTY", "2015-11-02", "720 ILCS 550/5(b)", "-")],
     "720 ILCS 550/5(b)", "PLEA OF GUILTY", "2015-11-02", "-"),
    # the first version nolled the day the amended one was pleaded to: the plea
    ([("NOLLE PROSEQUI", "2015-03-03", "720 ILCS 550/5(d)", "-"),
      ("PLEA OF GUILTY", "2015-03-03", "720 ILCS 550/4(c)", "-")],
     "720 ILCS 550/4(c)", "PLEA OF GUILTY", "2015-03-03", "-"),
    # no conviction: the latest version decides
    ([("NOLLE PROSEQUI", "2014-03-03", "720 ILCS 550/4(c)", "-"), ("PENDING", "2015-03-03", "720 ILCS 550/4(c)", "-")],
     "720 ILCS 550/4(c)", "PENDING", "2015-03-03", "-"),
    # equal dates and no conviction: the later line in the file
    ([("PENDING", "2015-03-03", "720 ILCS 550/4(c)", "-"), ("NOLLE PROSEQUI", "2015-03-03", "720 ILCS 550/4(d)", "-")],
     "720 ILCS 550/4(d)", "NOLLE PROSEQUI", "2015-03-03", "-"),
])
def test_a_charge_of_several_rows_is_read_as_one(lines, statute, disposition, date, sentence):
    rows = [line(n, d, when, cite, text) for n, (d, when, cite, text) in enumerate(lines, 1)]
    record = one_charge(rows, Vocabulary(CLERK if "-550/" in statute else SAO))
    assert (record.statute, record.disposition, record.disposition_date, record.sentence) == (
        statute, disposition, date, sentence)


def test_a_charge_of_ancillary_lines_only_has_no_disposition():
    rows = [line(1, "CREDIT DEFENDANT FOR TIME SERV"), line(2, "DEF SENT TO PAY RESTITUTION")]
    vocabulary = Vocabulary(CLERK)
    assert vocabulary.disposition(one_charge(rows, vocabulary).disposition).kind.value == "unknown"


def unreadable(number: int) -> ReadRow:
    return ReadRow(number, EMPTY_RECORD, RowProblem(None, f"row {number} is empty"))


@pytest.mark.parametrize(("rows", "groups"), [
    # adjacent lines
    ([line(1, "A"), line(2, "B"), line(3, "C", charge="C2")], [[1, 2], [3]]),
    # interleaved: each charge given in the order of its first row, when complete
    ([line(1, "A"), line(2, "B", charge="C2"), line(3, "C"), line(4, "D", charge="C2")], [[1, 3], [2, 4]]),
    ([line(1, "A"), line(2, "B", charge="C2"), line(3, "C", charge="C3"), line(4, "D")], [[1, 4], [2], [3]]),
    # co-defendants share the charge columns: two people, two charges
    ([line(1, "A", person="P1"), line(2, "B", person="P2")], [[1], [2]]),
    # a row without its charge columns (charge "") is a charge by itself
    ([line(1, "A", charge=""), line(2, "B", charge=""), line(3, "C")], [[1], [2], [3]]),
    # an unreadable row is a result by itself, in its place
    ([line(1, "A"), unreadable(2), line(3, "C")], [[1, 3], [2]]),
    ([unreadable(1), line(2, "A"), unreadable(3), line(4, "B")], [[1], [2, 4], [3]]),
])
def test_rows_are_gathered_into_charges_streaming(rows, groups):
    found = [[row.row_number for row in group] for group in charge_groups(iter(rows), count_charges(rows))]
    assert found == groups
    assert sorted(n for group in found for n in group) == [row.row_number for row in rows]


def _results(rows: list[tuple[int, str]]) -> list[Result]:
    base = Result(0, *([""] * (len(Result._fields) - 1)))
    return [base._replace(row_number=first, source_rows=source) for first, source in rows]


@pytest.mark.parametrize(("results", "rows_read", "lost"), [
    ([(1, ""), (2, ""), (3, "")], 3, None),
    ([(1, "1 3"), (2, "2"), (4, "4 5")], 5, None),
    ([(1, "1 4"), (2, "2 3")], 4, None),
    ([(1, "1 2"), (2, "2")], 2, "row 2 has two results"),
    ([(1, "1 3"), (2, "2 3")], 3, "row 3 has two results"),
    ([(1, "1"), (3, "3")], 3, "row 2 has no result"),
    ([(1, "1 4"), (2, "2")], 4, "row 3 has no result"),
    ([(1, "1"), (2, "2")], 3, "3 rows were read but 2 have results"),
])
def test_every_source_row_is_in_exactly_one_result(results, rows_read, lost):
    accounts = SourceRows()
    if lost is None:
        for result in _results(results):
            accounts.add(result)
        accounts.check(rows_read)
        return
    with pytest.raises(RowsLost, match=lost):
        for result in _results(results):
            accounts.add(result)
        accounts.check(rows_read)


@pytest.mark.parametrize("layout", ["cook-clerk", "cook-sao"])
def test_a_shuffled_file_is_decided_as_the_ordered_one_and_every_row_ends_in_one_result(tmp_path, layout):
    source = FIXTURES / f"{layout}-sample.csv"
    with open(source, newline="", encoding="utf-8") as stream:
        header, *rows = list(csv.reader(stream))
    order = list(range(len(rows)))
    random.Random(14).shuffle(order)
    shuffled = write_csv(tmp_path / "shuffled.csv", header, [rows[i] for i in order])
    settings = OfficeSettings(profile=builtin_profile(layout))
    ordered = evaluated(source, settings)
    shuffled_results = evaluated(shuffled, settings)
    # A row of the shuffled file maps back to the original's through `order`.
    original = {frozenset(int(n) - 1 for n in r["source_rows"].split()): (r["decision"], r["reason"]) for r in ordered}
    moved = {frozenset(order[int(n) - 1] for n in r["source_rows"].split()): (r["decision"], r["reason"])
             for r in shuffled_results}
    assert moved == original
    for results in (ordered, shuffled_results):
        rows_listed = sorted(int(n) for r in results for n in r["source_rows"].split())
        assert rows_listed == list(range(1, len(rows) + 1))
        firsts = [int(r["row_number"]) for r in results]
        assert firsts == sorted(firsts)  # in the order of each charge's first row
    chunked = chunk_results(shuffled, settings)
    assert {frozenset(order[int(n) - 1] for n in r.source_rows.split()): (r.decision, r.reason)
            for r in chunked} == original
