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


def test_rulings_are_cached_under_the_facts_key(tmp_path):
    """Evaluator._rule writes facts_key out on its hot path: its keys are facts_key's, row for row."""
    path = tmp_path / "isp.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        generate(3000, 12, stream)
    with open_rows(path, careful=True) as rows:
        read = [row for row in rows if row.problem is None]
    evaluator = Evaluator(OfficeSettings(), AS_OF)
    for row in read:
        evaluator.note_associations(row.record)
    for row in read:
        evaluator.evaluate(row.row_number, row.record)
    facts = [evaluator.facts_of(row.record) for row in read]
    assert set(evaluator._rulings) == {f.key for f in facts if f.charge.is_cannabis}
