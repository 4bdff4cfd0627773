"""`relief evaluate`: decide every row of an ISP file, offline, in two streaming passes.

The file is not sorted, so a first pass notes only the arrests and court cases that carry a
Section 7 or violent charge; the second pass decides each row and writes it, in input order.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from ..intake.formats import NeedsCarefulReading, Rows, open_rows
from ..settings import OfficeSettings
from .evaluator import Evaluator
from .result_csv import ResultWriter
from .tally import Tally


@dataclass
class FileSummary:
    rows: int = 0
    unreadable_rows: int = 0
    blank_lines: int = 0
    encoding: str = ""
    delimiter: str = ""
    gzipped: bool = False
    tally: Tally = field(default_factory=Tally)


_BATCH = 2048  # results written and counted together: one write to the stream per batch


def _write(lines: list[str], counted: list[tuple[str, str]], writer: ResultWriter, tally: Tally) -> None:
    writer.write_lines(lines)
    tally.add_counted(counted)
    lines.clear()
    counted.clear()


def _associations(source: str | Path, settings: OfficeSettings, as_of: date, careful: bool) -> Evaluator:
    evaluator = Evaluator(settings, as_of)
    with open_rows(source, settings.header_map, careful, settings.limits) as rows:
        for record in rows.flagged_records(evaluator.carries_association):
            evaluator.note_associations(record)
    return evaluator


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Each row makes a few short-lived tuples and the caches hold a few hundred thousand more, so the
    cyclic collector would run every few hundred rows and rescan the caches, to no end: nothing here
    makes reference cycles, and reference counting frees every row. (About a tenth of the time.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def evaluate_file(source: str | Path, output: TextIO, settings: OfficeSettings, as_of: date) -> FileSummary:
    with _cyclic_gc_paused():
        return _evaluate_file(source, output, settings, as_of)


def _evaluate_file(source: str | Path, output: TextIO, settings: OfficeSettings, as_of: date) -> FileSummary:
    careful = False
    try:
        evaluator = _associations(source, settings, as_of, careful)
    except NeedsCarefulReading:
        careful = True  # a stray quote somewhere: both passes read line by line where it matters
        evaluator = _associations(source, settings, as_of, careful)

    summary = FileSummary()
    writer = ResultWriter(output)
    with open_rows(source, settings.header_map, careful, settings.limits) as rows:
        summary.encoding, summary.delimiter, summary.gzipped = rows.encoding, rows.delimiter, rows.gzipped
        summary.unreadable_rows = _decide_rows(rows, evaluator, writer, summary.tally)
        summary.blank_lines = rows.blank_lines
    summary.rows = summary.tally.rows
    return summary


def _decide_rows(rows: Rows, evaluator: Evaluator, writer: ResultWriter, tally: Tally) -> int:
    """Decide and write every row, in order; the number of unreadable rows.

    A plain row (nearly all) becomes its CSV line directly; any other row, or one whose line needs
    care, becomes a Result that goes through the writer's checks.
    """
    plain_line, evaluate, line_of = evaluator.plain_line, evaluator.evaluate, writer.line
    lines: list[str] = []
    counted: list[tuple[str, str]] = []
    unreadable = 0
    for row in rows:
        done = plain_line(row) if row.plain else None
        if done is not None:
            lines.append(done[0])
            counted.append(done[1])
        else:
            if row.problem is None:
                result = evaluate(row.row_number, row.record)
            else:
                result = evaluator.unreadable(row)
                unreadable += 1
            lines.append(line_of(result))
            counted.append((result.decision, result.reason))
        if len(lines) == _BATCH:
            _write(lines, counted, writer, tally)
    _write(lines, counted, writer, tally)
    return unreadable
