"""The bundle's spreadsheets, written in one pass over the results in row order:

- results.csv: every charge;
- review.csv: only `review` decisions, sorted by reason then row;
- automatic.csv: only `automatic` decisions (their `expunge_by` deadline included).

All three have the results columns and go through ResultWriter, so a cell that would start a formula
(=, +, -, @) is neutralised. review.csv is sorted without holding rows in memory: rows arrive in row
order, so one spool file per reason (reasons are a handful of codes) concatenated in reason order is
already sorted.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TextIO

from ..evaluation.result_csv import HEADER_LINE, ResultWriter
from ..evaluation.results import Result
from ..law.decisions import Decision

RESULTS_CSV = "results.csv"
REVIEW_CSV = "review.csv"
AUTOMATIC_CSV = "automatic.csv"


def _open(path: Path) -> TextIO:
    return open(path, "w", encoding="utf-8", newline="")


class Spreadsheets:
    """Spools the three CSVs into `folder` while results are added; `close()` returns their paths."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._streams: list[TextIO] = []
        self._results = self._writer(folder / RESULTS_CSV)
        self._automatic = self._writer(folder / AUTOMATIC_CSV)
        self._review: dict[str, tuple[Path, ResultWriter]] = {}
        self.review_rows = 0
        self.automatic_rows = 0

    def _writer(self, path: Path) -> ResultWriter:
        stream = _open(path)
        self._streams.append(stream)
        return ResultWriter(stream)

    def add(self, result: Result) -> None:
        self._results.write(result)
        if result.decision == Decision.REVIEW.value:
            spool = self._review.get(result.reason)
            if spool is None:
                path = self.folder / f"review-{len(self._review):03d}.csv"
                spool = self._review[result.reason] = (path, self._writer(path))
            spool[1].write(result)
            self.review_rows += 1
        elif result.decision == Decision.AUTOMATIC.value:
            self._automatic.write(result)
            self.automatic_rows += 1

    def close(self) -> dict[str, Path]:
        """{name in the bundle: path} for results.csv, review.csv and automatic.csv."""
        for stream in self._streams:
            stream.close()
        review = self.folder / REVIEW_CSV
        with open(review, "wb") as sink:
            sink.write(HEADER_LINE.encode())
            for reason in sorted(self._review):
                with open(self._review[reason][0], "rb") as part:
                    part.readline()  # its own header
                    shutil.copyfileobj(part, sink)
        return {RESULTS_CSV: self.folder / RESULTS_CSV, REVIEW_CSV: review,
                AUTOMATIC_CSV: self.folder / AUTOMATIC_CSV}
