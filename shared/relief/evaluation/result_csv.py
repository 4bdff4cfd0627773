"""Results as CSV that a spreadsheet opens safely: one line per Result, CRLF as RFC 4180 has it."""

from __future__ import annotations

import csv
import io
from typing import TextIO

from ..intake.cells import FORMULA_START, formula_inside, spreadsheet_safe
from .results import RESULT_COLUMNS, ROW_RESULT_COLUMNS, Result

_FORMULA_AFTER_SEPARATOR = formula_inside(",")
_FORMULA_AFTER_UNIT_SEPARATOR = formula_inside("\x1f")
_EXPLANATION = RESULT_COLUMNS.index("explanation")
_QUOTED_CACHE_LIMIT = 1 << 14
HEADER_LINE = ",".join(ROW_RESULT_COLUMNS) + "\r\n"
PART_HEADER_LINE = ",".join(RESULT_COLUMNS) + "\r\n"  # with source_rows: result parts and volumes


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class ResultWriter:
    """Results as CSV, one line per Result.

    Most rows need no quoting but for the explanation, a sentence shared by many rows: those are
    joined directly with the explanation's quoted form cached, which is several times faster
    than csv.writer on a wide row. Every other row goes through csv.writer, with would-be formula
    cells neutralised. A round-trip test holds both paths to the same output as the csv module's.
    """

    def __init__(self, stream: TextIO, source_rows: bool = False):
        """`source_rows`: write that column too (a layout whose charges span rows; result parts)."""
        self._stream = stream
        self._width = len(RESULT_COLUMNS) if source_rows else len(ROW_RESULT_COLUMNS)
        self._cells = self._width - 2  # cells other than row_number and the explanation
        stream.write(PART_HEADER_LINE if source_rows else HEADER_LINE)
        self._buffer = io.StringIO(newline="")
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        self._quoted: dict[str, str] = {}

    def write(self, result: Result) -> None:
        self._stream.write(self.line(result))

    def write_lines(self, lines: list[str]) -> None:
        """Lines already formatted (see line(), Evaluator.plain_line), in one write to the stream."""
        self._stream.write("".join(lines))

    def line(self, result: Result) -> str:
        """The CSV line of one result, ending in CRLF."""
        text: tuple[str, ...] = result[1:self._width]  # type: ignore[assignment]  # all text after the number
        before = ",".join(text[: _EXPLANATION - 1])
        after = ",".join(text[_EXPLANATION:])
        explanation = result.explanation
        # Every cell but the explanation, each after a comma: one string to check, a scan per test. The
        # commas counted are then the separators alone, so no cell holds one.
        cells = f",{before},{after}"
        if (not ('"' in cells or "\n" in cells or "\r" in cells or "\x00" in cells)
                and cells.count(",") == self._cells and not _FORMULA_AFTER_SEPARATOR.search(cells)
                and not explanation.startswith(FORMULA_START)):
            found = self._quoted.get(explanation)
            if found is None:
                found = quoted(explanation)
                if len(self._quoted) < _QUOTED_CACHE_LIMIT:
                    self._quoted[explanation] = found
            return f"{result[0]},{before},{found},{after}\r\n"
        return self._csv_line(result)

    def _csv_line(self, result: Result) -> str:
        cells: tuple[int | str, ...] | list[int | str] = result[:self._width]
        # Every text cell after a unit separator, in one string: a cell that starts a formula is found
        # by one search, and only then are the cells made safe one by one. (A separator inside a cell
        # can only add a false alarm, which costs the slower way.)
        text = "\x1f" + "\x1f".join(result[1:self._width])  # type: ignore[arg-type]  # all text after the number
        if _FORMULA_AFTER_UNIT_SEPARATOR.search(text):
            cells = [spreadsheet_safe(v) if isinstance(v, str) else v for v in cells]
        self._writer.writerow(cells)
        line = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return line
