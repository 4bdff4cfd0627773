"""Writing results as CSV that a spreadsheet opens safely, and counting them."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from .evaluate import RESULT_COLUMNS, Result

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_AFTER_SEPARATOR = re.compile(r"\x00[=+\-@\t\r]")
_EXPLANATION = RESULT_COLUMNS.index("explanation")
_AFTER = len(RESULT_COLUMNS) - _EXPLANATION - 1  # cells after the explanation
_QUOTED_CACHE_LIMIT = 1 << 14


def neutralise(value: object) -> object:
    """Prefix a would-be formula with an apostrophe so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain(cells: str) -> bool:
    """True when NUL-joined cells need neither CSV quoting nor formula neutralising."""
    return not ('"' in cells or "," in cells or "\n" in cells or "\r" in cells or cells.startswith(_FORMULA_START)
                or _FORMULA_AFTER_SEPARATOR.search(cells))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


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
        self._writer = csv.writer(stream, lineterminator="\r\n")
        self._writer.writerow(RESULT_COLUMNS)
        self._quoted: dict[str, str] = {}

    def write(self, result: Result) -> None:
        before = "\x00".join(result[1:_EXPLANATION])
        after = "\x00".join(result[_EXPLANATION + 1 :])
        explanation = result[_EXPLANATION]
        if (_plain(before) and _plain(after) and not explanation.startswith(_FORMULA_START)
                and before.count("\x00") == _EXPLANATION - 2 and after.count("\x00") == _AFTER - 1):
            quoted = self._quoted.get(explanation)
            if quoted is None:
                quoted = _quoted(explanation)
                if len(self._quoted) < _QUOTED_CACHE_LIMIT:
                    self._quoted[explanation] = quoted
            self._stream.write(f"{result[0]},{before.replace(chr(0), ',')},{quoted},{after.replace(chr(0), ',')}\r\n")
        else:
            self._writer.writerow([neutralise(v) for v in result])


class Tally:
    """Counts of results by (decision, reason)."""

    def __init__(self) -> None:
        self.reasons: Counter[tuple[str, str]] = Counter()

    def add(self, result: Result) -> None:
        self.reasons[(result.decision, result.reason)] += 1

    @property
    def decisions(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for (decision, _), count in self.reasons.items():
            counts[decision] += count
        return counts

    @property
    def rows(self) -> int:
        return sum(self.reasons.values())
