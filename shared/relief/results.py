"""Writing results as CSV that a spreadsheet opens safely, and counting them."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from .evaluate import RESULT_COLUMNS, Result

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_AFTER_SEPARATOR = re.compile(r",[=+\-@\t\r]")
_EXPLANATION = RESULT_COLUMNS.index("explanation")
_CELLS = len(RESULT_COLUMNS) - 2  # cells other than row_number and the explanation
_QUOTED_CACHE_LIMIT = 1 << 14


def neutralise(value: object) -> object:
    """Prefix a would-be formula with an apostrophe so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _plain(cell: str) -> bool:
    return not (cell.startswith(_FORMULA_START) or '"' in cell or "," in cell or "\n" in cell or "\r" in cell
                or "\x00" in cell)


def plain_fragment(cells: Iterable[str], explanation_at: int | None = None) -> str | None:
    """Cells joined as ResultWriter writes a row that needs no csv.writer (the explanation quoted,
    every other cell as it stands), or None when a cell would need csv.writer. For the parts of a line
    that many rows share, formatted once."""
    parts = []
    for at, cell in enumerate(cells):
        if at == explanation_at:
            if cell.startswith(_FORMULA_START):
                return None
            parts.append(_quoted(cell))
        elif _plain(cell):
            parts.append(cell)
        else:
            return None
    return ",".join(parts)


class ResultWriter:
    """Results as CSV, one line per Result.

    Most rows need no quoting but for the explanation, a sentence shared by many rows: those are
    joined directly with the explanation's quoted form cached, which is several times faster
    than csv.writer on a wide row. Every other row goes through csv.writer, with would-be formula
    cells neutralised. A round-trip test holds both paths to the same output as the csv module's.
    """

    def __init__(self, stream: TextIO):
        self._stream = stream
        # CRLF as RFC 4180 has it; with "\n" alone csv.writer would leave a "\r" in a cell unquoted.
        csv.writer(stream, lineterminator="\r\n").writerow(RESULT_COLUMNS)
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
        before = ",".join(result[1:_EXPLANATION])
        after = ",".join(result[_EXPLANATION + 1 :])
        explanation = result[_EXPLANATION]
        # Every cell but the explanation, each after a comma: one string to check, a scan per test. The
        # commas counted are then the separators alone, so no cell holds one.
        cells = f",{before},{after}"
        if (not ('"' in cells or "\n" in cells or "\r" in cells or "\x00" in cells)
                and cells.count(",") == _CELLS and not _FORMULA_AFTER_SEPARATOR.search(cells)
                and not explanation.startswith(_FORMULA_START)):
            quoted = self._quoted.get(explanation)
            if quoted is None:
                quoted = _quoted(explanation)
                if len(self._quoted) < _QUOTED_CACHE_LIMIT:
                    self._quoted[explanation] = quoted
            return f"{result[0]},{before},{quoted},{after}\r\n"
        return self._csv_line(result)

    def _csv_line(self, result: Result) -> str:
        self._writer.writerow([neutralise(v) for v in result])
        line = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return line


class Tally:
    """Counts of results by (decision, reason)."""

    def __init__(self) -> None:
        self.reasons: Counter[tuple[str, str]] = Counter()

    def add(self, result: Result) -> None:
        self.reasons[(result.decision, result.reason)] += 1

    def add_counted(self, decisions_and_reasons: Iterable[tuple[str, str]]) -> None:
        """Count (decision, reason) pairs: what rows are counted by."""
        self.reasons.update(decisions_and_reasons)

    @property
    def decisions(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for (decision, _), count in self.reasons.items():
            counts[decision] += count
        return counts

    @property
    def rows(self) -> int:
        return sum(self.reasons.values())
