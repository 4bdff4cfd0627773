"""Deciding one chunk: both passes of `relief evaluate` over rows already in memory."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..intake.profiles.charges import charge_groups, count_charges
from ..intake.records import ReadRow
from ..settings import OfficeSettings
from .evaluator import Evaluator
from .results import Result


def decide_chunk(rows: Sequence[ReadRow], settings: OfficeSettings, as_of: date) -> list[Result]:
    """One result per row, in the chunk's order; for a layout whose charges span rows, one result per
    charge, in the order of its first row, listing its rows. A chunk holds every charge of its people,
    so the arrests and cases noted here are all the association rules need."""
    evaluator = Evaluator(settings, as_of)
    if evaluator.groups_rows:
        return _decide_charges(rows, evaluator)
    for row in rows:
        if row.problem is None:
            evaluator.note_associations(row.record)
    return [evaluator.evaluate(row.row_number, row.record) if row.problem is None else evaluator.unreadable(row)
            for row in rows]


def _decide_charges(rows: Sequence[ReadRow], evaluator: Evaluator) -> list[Result]:
    groups = list(charge_groups(rows, count_charges(rows)))
    for group in groups:
        if group[0].problem is None:
            evaluator.note_associations(evaluator.charge_record(group))
    return [evaluator.evaluate_charge(group) if group[0].problem is None else evaluator.unreadable(group[0])
            for group in groups]
