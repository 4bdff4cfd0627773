"""The bundle's spreadsheets, written in one pass over the results in row order:

- results.csv: every charge;
- review.csv: every charge a person must settle, sorted by reason then row, with the doubt in words,
  what to check, and empty columns for the office's answer (reviewer_decision, reviewer,
  reviewed_on, note). In the bundle of rows without an Illinois county, the convictions that would
  have gone in the motion are there too: their doubt is the county;
- automatic.csv: only `automatic` decisions (their `expunge_by` deadline included).

All three have the results columns (review.csv adds its own after them) and go through
ResultWriter, so a cell that would start a formula (=, +, -, @) is neutralised. review.csv is sorted
without holding rows in memory: rows arrive in row order, so one spool file per reason (reasons are
a handful of codes) concatenated in reason order is already sorted.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import TextIO

from ..evaluation.result_csv import HEADER_LINE, ResultWriter
from ..evaluation.results import Result
from ..intake.cells import spreadsheet_safe
from ..law.decisions import Decision
from .plain_words import Words, doubt_of

RESULTS_CSV = "results.csv"
REVIEW_CSV = "review.csv"
AUTOMATIC_CSV = "automatic.csv"
# After the results columns in review.csv: the doubt, and the office's answer (read back later).
REVIEW_COLUMNS = ("doubt", "what_to_check", "reviewer_decision", "reviewer", "reviewed_on", "note")
REVIEW_HEADER_LINE = HEADER_LINE[:-2] + "," + ",".join(REVIEW_COLUMNS) + "\r\n"
_NO_COUNTY = "county"  # the spool of motion convictions whose record names no Illinois county


def _open(path: Path) -> TextIO:
    return open(path, "w", encoding="utf-8", newline="")


def _cells(values: tuple[str, ...]) -> str:
    """CSV cells (after a comma) for texts that may hold commas or quotes; formulas neutralised."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([spreadsheet_safe(v) for v in values])
    return buffer.getvalue()


class Spreadsheets:
    """Spools the three CSVs into `folder` while results are added; `close()` returns their paths.
    `county_known`: False for the bundle of rows whose record names no Illinois county."""

    def __init__(self, folder: Path, county_known: bool = True):
        self.folder = folder
        self.county_known = county_known
        self._streams: list[TextIO] = []
        self._results = self._writer(folder / RESULTS_CSV)
        self._automatic = self._writer(folder / AUTOMATIC_CSV)
        self._review: dict[str, tuple[TextIO, ResultWriter]] = {}
        self._doubts: dict[Words, str] = {}  # a doubt in words -> its cells
        self.review_rows = 0
        self.automatic_rows = 0

    def _writer(self, path: Path) -> ResultWriter:
        stream = _open(path)
        self._streams.append(stream)
        return ResultWriter(stream)

    def add(self, result: Result) -> None:
        self._results.write(result)
        decision = result.decision
        if decision == Decision.REVIEW.value or (decision == Decision.MOTION.value and not self.county_known):
            self._add_review(result)
        elif decision == Decision.AUTOMATIC.value:
            self._automatic.write(result)
            self.automatic_rows += 1

    def _add_review(self, result: Result) -> None:
        key = result.reason if result.decision == Decision.REVIEW.value else _NO_COUNTY
        spool = self._review.get(key)
        if spool is None:
            stream = _open(self.folder / f"review-{len(self._review):03d}.csv")
            self._streams.append(stream)
            spool = self._review[key] = (stream, ResultWriter(io.StringIO()))
        stream, writer = spool
        words = doubt_of(result, self.county_known)
        doubt = self._doubts.get(words)
        if doubt is None:
            doubt = _cells((words.what, words.next, "", "", "", ""))
            if len(self._doubts) < 1 << 12:
                self._doubts[words] = doubt
        stream.write(f"{writer.line(result)[:-2]},{doubt}\r\n")
        self.review_rows += 1

    def close(self) -> dict[str, Path]:
        """{name in the bundle: path} for results.csv, review.csv and automatic.csv."""
        for stream in self._streams:
            stream.close()
        review = self.folder / REVIEW_CSV
        with open(review, "wb") as sink:
            sink.write(REVIEW_HEADER_LINE.encode())
            for key in sorted(self._review):
                with open(self._review[key][0].name, "rb") as part:
                    shutil.copyfileobj(part, sink)
        return {RESULTS_CSV: self.folder / RESULTS_CSV, REVIEW_CSV: review,
                AUTOMATIC_CSV: self.folder / AUTOMATIC_CSV}
