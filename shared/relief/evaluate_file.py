"""`relief evaluate`: decide every row of an ISP file, offline, in two streaming passes.

The file is not sorted, so a first pass notes only the arrests and court cases that carry a
Section 7 or violent charge; the second pass decides each row and writes it, in input order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from .evaluate import Evaluator
from .records import NeedsCarefulReading, open_isp
from .results import ResultWriter, Tally
from .settings import OfficeSettings


@dataclass
class FileSummary:
    rows: int = 0
    unreadable_rows: int = 0
    blank_lines: int = 0
    encoding: str = ""
    delimiter: str = ""
    gzipped: bool = False
    tally: Tally = field(default_factory=Tally)


def _associations(source: str | Path, settings: OfficeSettings, as_of: date, careful: bool) -> Evaluator:
    evaluator = Evaluator(settings, as_of)
    with open_isp(source, settings.header_map, careful) as rows:
        for record in rows.flagged_records(evaluator.carries_association):
            evaluator.note_associations(record)
    return evaluator


def evaluate_file(source: str | Path, output: TextIO, settings: OfficeSettings, as_of: date) -> FileSummary:
    careful = False
    try:
        evaluator = _associations(source, settings, as_of, careful)
    except NeedsCarefulReading:
        careful = True  # a stray quote somewhere: both passes read line by line where it matters
        evaluator = _associations(source, settings, as_of, careful)

    summary = FileSummary()
    writer = ResultWriter(output)
    with open_isp(source, settings.header_map, careful) as rows:
        summary.encoding, summary.delimiter, summary.gzipped = rows.encoding, rows.delimiter, rows.gzipped
        for row in rows:
            if row.problem is None:
                result = evaluator.evaluate(row.row_number, row.record)
            else:
                result = evaluator.unreadable(row)
                summary.unreadable_rows += 1
            writer.write(result)
            summary.tally.add(result)
        summary.blank_lines = rows.blank_lines
    summary.rows = summary.tally.rows
    return summary
