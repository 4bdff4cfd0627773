"""The plain path (ReadRow.plain, Evaluator.plain_line) must write what evaluate() and ResultWriter write."""

from __future__ import annotations

import io
import random
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from relief.evaluation.evaluator import Evaluator
from relief.evaluation.result_csv import ResultWriter
from relief.intake.delimited import DelimitedRows
from relief.intake.formats import open_rows
from relief.intake.records import Record
from relief.law.dates import UnreadableDate, _parse_by_pattern, parse_date
from relief.settings import load_settings

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
AS_OF = date(2026, 11, 25)


def _odd_lines() -> str:
    """The sample with cells a plain line may not hold: formula starts, NULs, blank lines, dates after
    the evaluation date (negative ages) and unreadable dates."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    rnd, out = random.Random(5), [lines[0]]
    for line in lines[1:]:
        r, cells = rnd.random(), line.split(",")
        if r < 0.05:
            line = line.replace(",", ",-", 2)
        elif r < 0.1:
            line = line.replace(",", ",=", 1) + "\x00"
        elif r < 0.15:
            out.append("")
        elif r < 0.3 and len(cells) == 21:
            cells[4], cells[19], cells[11] = "01/01/2030", "2031-01-01", rnd.choice(["13/45/2000", "2027-05-05", ""])
            line = ",".join(cells)
        out.append(line)
    return "\r\n".join(out) + "\r\n"


def test_plain_lines_are_the_results_lines():
    text = _odd_lines()
    evaluator = Evaluator(load_settings(None), AS_OF)
    with open_rows(io.BytesIO(text.encode())) as rows:
        read = list(rows)
    writer = ResultWriter(io.StringIO())
    made = 0
    for number, row in enumerate(read, start=1):
        assert row.row_number == number
        if not row.plain:
            continue
        assert row.problem is None
        done = evaluator.plain_line(row)
        result = evaluator.evaluate(number, row.record)
        if done is not None:
            made += 1
            assert done == (writer.line(result), (result.decision, result.reason))
    assert made > len(read) / 2
    assert sum(row.plain for row in read) < len(read)  # the odd lines are not plain


def test_plain_rows_in_other_delimiters():
    header = ",".join(Record._fields)
    for delimiter in ("\t", "|"):
        text = header.replace(",", delimiter) + "\n" + delimiter.join(["x, y"] + ["a"] * 20) + "\n"
        rows = DelimitedRows(io.StringIO(text, newline=""), "utf-8", False)
        assert [row.plain for row in rows] == [False]  # a comma in a cell needs quoting


@given(st.text(alphabet="0123456789-/ :T²", max_size=12)
       | st.from_regex(r"\A ?\d{1,4}[-/]\d{1,3}[-/]\d{1,5}(?: [ \d:]{0,9}(?:[AP]M)?)? ?\Z")
       | st.from_regex(r"\A[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{2}|[0-9]{4})"
                     r"(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})? ?[AP]M)?\Z"))
def test_parse_date_fast_spellings_agree_with_the_patterns(text):
    stripped = text.strip()
    if not stripped:
        return
    def read(parse):
        try:
            return parse(stripped)
        except UnreadableDate:
            return "unreadable"
    assert read(parse_date) == read(_parse_by_pattern)


def test_parse_date_fast_spellings_examples():
    for text in ("20050506", "20051306", "00000101", "1990-09-14", "1990-02-30", "0000-01-01", "1990-9-14",
                 "1990-09-14 00:00:00", "2005050", "2005-05-0x", "01/11/1958", "9/14/1990", "1/4/2015",
                 "12/1/1999", "05/24/15", "05/24/30", "02/30/2015", "13/01/2015", "0/1/2015", "1/2/201", "1/2/20155",
                 "03/15/2011 12:00:00 AM", "03/15/2011 12:00:00 PMX", "05/24/15 7:05", "20050506 12:00",
                 "1991-02-05 00:00:00", "1991-02-05 junk", "1//2015", "/1/2015", "1/2/2015/", "1/2", "1-2-2015",
                 "01/11/1958  12:00", "01/11/1958 T", "2015-04-241", "１/2/2015"):
        try:
            fast = parse_date(text)
        except UnreadableDate:
            fast = "unreadable"
        try:
            slow = _parse_by_pattern(text)
        except UnreadableDate:
            slow = "unreadable"
        assert fast == slow, text
