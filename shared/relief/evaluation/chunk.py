"""Deciding one chunk: both passes of `relief evaluate` over rows already in memory."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..intake.records import ReadRow
from ..settings import OfficeSettings
from .evaluator import Evaluator
from .results import Result


def decide_chunk(rows: Sequence[ReadRow], settings: OfficeSettings, as_of: date) -> list[Result]:
    """One result per row, in the chunk's order. A chunk holds every charge of its people, so the
    arrests and cases noted here are all the association rules need."""
    evaluator = Evaluator(settings, as_of)
    for row in rows:
        if row.problem is None:
            evaluator.note_associations(row.record)
    return [evaluator.evaluate(row.row_number, row.record) if row.problem is None else evaluator.unreadable(row)
            for row in rows]
