"""Tally.add_counted (what relief evaluate counts by) counts as Tally.add does, row by row."""

from __future__ import annotations

from relief.evaluation.results import RESULT_COLUMNS, Result
from relief.evaluation.tally import Tally


def result(decision: str, reason: str) -> Result:
    values = dict.fromkeys(RESULT_COLUMNS[1:], "")
    return Result(1, **{**values, "decision": decision, "reason": reason})


def test_add_counted_counts_as_add_does():
    results = [result("motion", "a"), result("review", "b"), result("motion", "a"), result("motion", "c")]
    one_by_one, at_once = Tally(), Tally()
    for r in results:
        one_by_one.add(r)
    at_once.add_counted((r.decision, r.reason) for r in results)
    assert at_once.reasons == one_by_one.reasons and at_once.rows == 4
    assert at_once.decisions == {"motion": 3, "review": 1}
