"""The fast reader splits quote-free lines itself: it must give exactly what csv.reader gives (blank
lines aside: those are skipped and counted, not rows)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relief.intake.physical import NeedsCarefulReading, PhysicalRows


def csv_rows(text: str, delimiter: str) -> list[list[str]] | str:
    """What csv.reader gives over the lines, or "careful" where a row spans lines or csv gives up."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, last_line = [], 0
    try:
        for row in reader:
            if reader.line_num - last_line > 1:
                return "careful"
            last_line = reader.line_num
            if row and not (len(row) == 1 and not row[0].strip()):
                rows.append(row)
    except csv.Error:
        return "careful"
    return rows


def fast_rows(text: str, delimiter: str) -> list[list[str]] | str:
    header = delimiter.join(["ir_number", "last_name", "first_name", "date_of_birth", "dcn", "arrest_date",
                             "statute", "county"])
    rows = PhysicalRows(io.StringIO(header + "\n" + text, newline=""))
    try:
        # A line that splits comes as itself.
        return [line.split(delimiter) if isinstance(line, str) else line for line in rows]
    except NeedsCarefulReading:
        return "careful"


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet='ab ,|\t"\r\n\x00é', max_size=60), st.sampled_from([",", "|", "\t"]))
def test_fast_rows_are_csv_rows(text, delimiter):
    assert fast_rows(text, delimiter) == csv_rows(text, delimiter)


@pytest.mark.parametrize("text", ["a,b\r\nc,d\r\n", "a,b\rc\r", "\n\n,\n", 'a,"b\nc",d\n', 'a,"b"c,d\n',
                                  'x,"y""z"\n', "a,b", 'a,"b', "  \n"])
def test_edge_cases(text):
    assert fast_rows(text, ",") == csv_rows(text, ",")
