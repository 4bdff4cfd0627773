"""The results CSV reads back exactly, whichever path wrote a row, and never runs as a formula."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from relief.evaluation.result_csv import ResultWriter
from relief.evaluation.results import RESULT_COLUMNS, ROW_RESULT_COLUMNS, Result
from relief.intake.cells import spreadsheet_safe

cells = st.one_of(
    st.sampled_from(["", "motion", "POSS CANNABIS, 10-30 G", 'O"BRIEN', "=1+1", "+1", "-5", "@SUM(A1)", "\tx",
                     "line\nbreak", "cr\rhere", "A sentence, with a comma.", "ÑÚÑEZ", "x\x00y"]),
    st.text(max_size=12),
)
def safe(value: object) -> str:
    return spreadsheet_safe(value) if isinstance(value, str) else str(value)


rows = st.builds(lambda n, values: Result(n, *values), st.integers(min_value=1, max_value=10**7),
                 st.lists(cells, min_size=len(RESULT_COLUMNS) - 1, max_size=len(RESULT_COLUMNS) - 1))


def written(results: list[Result], source_rows: bool = True) -> list[list[str]]:
    stream = io.StringIO(newline="")
    writer = ResultWriter(stream, source_rows=source_rows)
    for result in results:
        writer.write(result)
    return list(csv.reader(io.StringIO(stream.getvalue(), newline="")))


@settings(max_examples=300, deadline=None)
@given(st.lists(rows, max_size=5))
def test_every_row_reads_back_as_written_with_formulas_neutralised(results):
    read = written(results)
    assert read[0] == list(RESULT_COLUMNS)
    expected = [[safe(v) for v in r] for r in results]
    assert read[1:] == expected


SPECIAL = ["", "a,b", 'say "x"', "two\nlines", "cr\rhere", "x\x00y", "=1+1", "-5", "@A1", "\tx", "\x00=", "é"]


def test_each_special_value_in_each_column_reads_back():
    plain = Result(7, *(["v"] * (len(RESULT_COLUMNS) - 1)))
    for index in range(1, len(RESULT_COLUMNS)):
        for value in SPECIAL:
            values = list(plain)
            values[index] = value
            assert written([Result(*values)])[1] == [safe(v) for v in values], (index, value)


def test_formula_cells_are_neutralised_in_any_column():
    row = Result(1, *(["x"] * (len(RESULT_COLUMNS) - 1)))
    for index in range(1, len(RESULT_COLUMNS)):
        values = list(row)
        values[index] = "=HYPERLINK(1)"
        assert written([Result(*values)])[1][index] == "'=HYPERLINK(1)"


@settings(max_examples=100, deadline=None)
@given(st.lists(rows, max_size=8))
def test_lines_written_together_are_what_write_writes(results):
    one_by_one, at_once = io.StringIO(newline=""), io.StringIO(newline="")
    writer = ResultWriter(one_by_one)
    for result in results:
        writer.write(result)
    together = ResultWriter(at_once)
    together.write_lines([together.line(result) for result in results])
    assert at_once.getvalue() == one_by_one.getvalue()


@settings(max_examples=100, deadline=None)
@given(st.lists(rows, max_size=5))
def test_a_layout_of_one_row_per_charge_is_written_without_source_rows(results):
    read = written(results, source_rows=False)
    assert read[0] == list(ROW_RESULT_COLUMNS) == list(RESULT_COLUMNS[:-1])
    assert read[1:] == [[safe(v) for v in r[:-1]] for r in results]
