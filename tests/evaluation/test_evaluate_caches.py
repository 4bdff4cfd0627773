"""The Evaluator's caches (per distinct charge, date, disposition and class, and verdict) never change a
result: a generated file decided with warm caches matches each row decided afresh."""

from __future__ import annotations

from relief.dev.generate import generate
from relief.evaluation.evaluator import Evaluator
from relief.intake.formats import open_rows
from relief.settings import OfficeSettings
from tests.charges import AS_OF


def test_cached_results_match_results_decided_afresh(tmp_path):
    path = tmp_path / "isp.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        generate(3000, 11, stream)
    settings = OfficeSettings()
    with open_rows(path, careful=True) as rows:
        read = [row for row in rows if row.problem is None]
    assert len(read) > 2900
    warm = Evaluator(settings, AS_OF)
    for row in read:
        warm.note_associations(row.record)
    for row in read:
        fresh = Evaluator(settings, AS_OF, warm.associations)
        assert warm.evaluate(row.row_number, row.record) == fresh.evaluate(row.row_number, row.record)
