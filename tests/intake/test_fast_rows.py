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



@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "x", "720 ILCS 550/7", "ARMED ROBBERY", "a,b", '"q"', " ", "|", "\t"]),
                         min_size=12, max_size=24), max_size=8),
       st.sampled_from([",", "\t", "|"]), st.booleans())
def test_flagged_records_split_lines_only_as_far_as_they_must(lines, delimiter, reordered):
    """The first pass splits a line only as far as statute and description: it gives exactly the
    records that splitting every line whole gives (the reference below), the columns in any order."""
    from relief.intake.columns import COLUMNS
    from relief.intake.delimited import DelimitedRows
    from relief.intake.physical import Oversized
    from relief.intake.records import Record

    header = list(reversed(COLUMNS)) if reordered else list(COLUMNS)
    text = delimiter.join(header) + "\n" + "\n".join(delimiter.join(line) for line in lines) + "\n"

    def flagged(statute: str, description: str) -> bool:
        return "7" in statute or "ROBBERY" in description

    def reference(rows: DelimitedRows) -> list[Record]:
        width, statute = rows.columns.width, rows.columns.required("statute")
        description = rows.columns.position("offense_description")
        found = []
        for line in rows.physical:
            row = line.split(delimiter) if isinstance(line, str) else line
            if len(row) == width and not isinstance(row, Oversized) and flagged(row[statute], row[description]):
                found.append(Record(*rows._pick([*row, ""])))
        return found

    for careful in (False, True):
        try:
            expected = reference(DelimitedRows(io.StringIO(text, newline=""), "utf-8", False, careful=careful))
        except NeedsCarefulReading:
            continue
        rows = DelimitedRows(io.StringIO(text, newline=""), "utf-8", False, careful=careful)
        assert list(rows.flagged_records(flagged)) == expected
