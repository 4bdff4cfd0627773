"""`relief evaluate`: decide every row of an ISP file, offline, in two streaming passes.

The file is not sorted, so a first pass notes only the arrests and court cases that carry a
Section 7 or violent charge; the second pass decides each row and writes it, in input order.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from ..intake.formats import NeedsCarefulReading, Rows, open_rows
from ..intake.profiles.charges import charge_groups, count_charges
from ..settings import OfficeSettings
from .evaluator import Evaluator
from .result_csv import ResultWriter
from .tally import Tally


@dataclass
class FileSummary:
    rows: int = 0  # data rows read
    unreadable_rows: int = 0
    blank_lines: int = 0
    encoding: str = ""
    delimiter: str = ""
    gzipped: bool = False
    tally: Tally = field(default_factory=Tally)  # results: one per row, or per charge (`charges`)
    profile: str = ""
    charges: int = 0  # results written: rows, or charges when the layout's charges span rows
    # Per table field, how many rows hold a value the profile's table does not list (values never shown).
    unlisted: dict[str, int] = field(default_factory=dict)
    collisions: tuple[str, ...] = ()  # columns with a contract name that the profile reads no field from


# Results written and counted together: one write to the stream per batch. A batch's text (a few
# hundred bytes a row) stays small enough for the allocator to reuse its memory, where one of a
# megabyte is mapped afresh each time (half of the page faults of a run).
_BATCH = 256


def _write(lines: list[str], counted: list[tuple[str, str]], writer: ResultWriter, tally: Tally) -> None:
    writer.write_lines(lines)
    tally.add_counted(counted)
    lines.clear()
    counted.clear()


def _associations(source: str | Path, settings: OfficeSettings, as_of: date, careful: bool) -> Evaluator:
    evaluator = Evaluator(settings, as_of)
    with _open(source, settings, careful, as_of) as rows:
        for record in rows.flagged_records(evaluator.carries_association):
            evaluator.note_associations(record)
    return evaluator


def _open(source: str | Path, settings: OfficeSettings, careful: bool,
          as_of: date) -> AbstractContextManager[Rows]:
    # Two-digit years are read as of the evaluation date: none is after it.
    return open_rows(source, careful=careful, limits=settings.limits, profile=settings.layout, today=as_of)


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
    if settings.layout.groups_rows:
        return _evaluate_charges(source, output, settings, as_of)
    careful = False
    try:
        evaluator = _associations(source, settings, as_of, careful)
    except NeedsCarefulReading:
        careful = True  # a stray quote somewhere: both passes read line by line where it matters
        evaluator = _associations(source, settings, as_of, careful)

    summary = FileSummary(profile=settings.layout.name)
    writer = ResultWriter(output)
    with _open(source, settings, careful, as_of) as rows:
        summary.encoding, summary.delimiter, summary.gzipped = rows.encoding, rows.delimiter, rows.gzipped
        summary.unreadable_rows = _decide_rows(rows, evaluator, writer, summary.tally)
        summary.blank_lines = rows.blank_lines
        _about_layout(rows, summary)
    summary.rows = summary.charges = summary.tally.rows
    return summary


def _about_layout(rows: Rows, summary: FileSummary) -> None:
    """What a profiled reader learnt: values its tables do not list (counted), columns passed over."""
    summary.unlisted = {name: sum(counts.values()) for name, counts in rows.unlisted.items()}
    summary.collisions = rows.collisions


def _evaluate_charges(source: str | Path, output: TextIO, settings: OfficeSettings, as_of: date) -> FileSummary:
    """`relief evaluate` for a layout whose charges span rows, in three streaming passes: count the rows
    of each charge; note the arrests and cases of the charges that carry an association; decide each
    charge once its last row is read, written in the order of its first row, listing its rows."""
    careful = False
    try:
        with _open(source, settings, careful, as_of) as rows:
            counts = count_charges(rows)
    except NeedsCarefulReading:
        careful = True
        with _open(source, settings, careful, as_of) as rows:
            counts = count_charges(rows)
    evaluator = Evaluator(settings, as_of)
    with _open(source, settings, careful, as_of) as rows:
        evaluator.note_charge_associations(charge_groups(rows, counts))

    summary = FileSummary(profile=settings.layout.name)
    writer = ResultWriter(output, source_rows=True)
    with _open(source, settings, careful, as_of) as rows:
        summary.encoding, summary.delimiter, summary.gzipped = rows.encoding, rows.delimiter, rows.gzipped
        lines: list[str] = []
        counted: list[tuple[str, str]] = []
        for group in charge_groups(rows, counts):
            summary.rows += len(group)
            if group[0].problem is None:
                result = evaluator.evaluate_charge(group)
            else:
                result = evaluator.unreadable(group[0])
                summary.unreadable_rows += 1
            lines.append(writer.line(result))
            counted.append((result.decision, result.reason))
            if len(lines) == _BATCH:
                _write(lines, counted, writer, summary.tally)
        _write(lines, counted, writer, summary.tally)
        summary.blank_lines = rows.blank_lines
        _about_layout(rows, summary)
    summary.charges = summary.tally.rows
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
