"""The review loop on this machine, as the issue's "Done when" runs it: `relief run` the sample into A,
answer some of A's review.csv rows (to motion and to ineligible), withdraw one motion conviction and
put one the statute excludes in the motion with a reason, then `relief run --reviews` into B. B's
county bundle gets a version 2 that holds exactly the answered changes, its counts move by exactly
those rows, and `relief verify` passes on each version and on the chain; a faulty answers file is
refused with every problem listed and B left as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from relief.dev.cli import main
from tests.reviews import (
    REVIEWED_ON,
    REVIEWER,
    answered_copy,
    answers_bytes,
    bundle_csv,
    bundle_json,
    bundle_orders,
    faulty_copy,
    moved_counts,
    no_value_of,
)

pytest.importorskip("moto")

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
AS_OF = "2026-01-15"


def _run(capsys, out: Path, *extra: str) -> tuple[int, str]:
    code = main(["run", str(SAMPLE), "--out", str(out), "--no-progress", "--as-of", AS_OF, *extra])
    return code, capsys.readouterr().err


def _job_folder(out: Path) -> Path:
    (folder,) = [p for p in out.iterdir() if p.is_dir() and p.name != "jobs"]
    return folder


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_answers_make_a_second_version_with_exactly_the_answered_changes(tmp_path, capsys):
    code, err = _run(capsys, tmp_path / "A")
    assert code == 0, err
    cook_a = _job_folder(tmp_path / "A") / "cook.zip"
    review, results_a = bundle_csv(cook_a, "review.csv"), bundle_csv(cook_a, "results.csv")
    rows, decided = answered_copy(review, results_a)
    columns = list(review[0])
    answers = _write(tmp_path / "answers.csv", answers_bytes(rows, [*columns, "my own column"]))

    code, err = _run(capsys, tmp_path / "B", "--reviews", str(answers))
    assert code == 0, err
    folder = _job_folder(tmp_path / "B")
    v1, v2 = folder / "cook.zip", folder / "cook.v2.zip"
    assert "answers applied: 1 bundle(s) revised: cook.v2.zip" in err
    # Only the county answered gets a new version; the older one stays.
    assert sorted(p.name for p in folder.glob("*.v*.zip")) == ["cook.v2.zip"] and v1.exists()

    # B's v1 is A's bundle decided again; v2 differs from it in exactly the answered rows.
    before, after = bundle_csv(v1, "results.csv"), bundle_csv(v2, "results.csv")
    assert before == results_a
    assert [r["charge_id"] for r in after] == [r["charge_id"] for r in before]
    for old, new in zip(before, after, strict=True):
        answer = decided.get(old["charge_id"])
        if answer is None:
            assert new == old
            continue
        rules_decision = {k: old[k] for k in ("decision", "reason", "rule", "rule_set_version")}
        assert {k: new[k] for k in rules_decision} == rules_decision  # the rules' decision is kept
        assert (new["answer_decision"], new["answered_by"], new["answered_on"], new["final_decision"]) == (
            answer, REVIEWER, REVIEWED_ON, answer)

    # The counts move by exactly those rows.
    moved = moved_counts(before, decided)
    counts_before, counts_after = bundle_json(v1, "summary.json"), bundle_json(v2, "summary.json")
    assert {d: counts_after["decisions"][d] - n for d, n in counts_before["decisions"].items()} == {
        d: moved.get(d, 0) for d in counts_before["decisions"]}
    assert counts_after["statute_overridden"] == 1
    assert sum(counts_after["answered"].values()) == len(decided)
    assert (counts_after["version"], counts_after["answers_sha256"]) == (
        2, hashlib.sha256(answers.read_bytes()).hexdigest())

    # Every answered charge stays in review.csv with its answer, so the office's next copy keeps it.
    kept = {r["charge_id"]: r["reviewer_decision"] for r in bundle_csv(v2, "review.csv") if r["reviewer_decision"]}
    assert kept == decided

    # The withdrawn conviction leaves the motion, each new one joins it, with the orders to match.
    motion_before = {r["charge_id"] for r in before if r["decision"] == "motion"}
    motion_after = {r["charge_id"] for r in after if r["final_decision"] == "motion"}
    assert motion_after - motion_before == {c for c, d in decided.items() if d == "motion"}
    assert motion_before - motion_after == {c for c, d in decided.items() if d == "ineligible"} & motion_before
    orders_before, orders_after = bundle_orders(v1), bundle_orders(v2)
    assert len(orders_after ^ orders_before) >= 2
    assert len(orders_after) - len(orders_before) == len(motion_after) - len(motion_before)

    # Each version verifies, and its documents read back (Exhibit A's and the orders' lines compared cell
    # by cell with results.csv, the mark of a reviewer-decided line included); the chain holds.
    assert main(["verify", str(v1), "--documents"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["verify", str(v2), "--documents", "--previous", str(v1), "--answers", str(answers)]) == 0, \
        capsys.readouterr().err
    out = capsys.readouterr().out
    assert "chain OK, version 2 was made from version 1" in out and "made from the answers file" in out
    assert out.count("documents OK") == 2
    # ... and not against another job's version 1 (A's), nor with another answers file.
    assert main(["verify", str(v2), "--previous", str(cook_a)]) == 1
    assert "the two bundles are of different job ids" in capsys.readouterr().err
    other = _write(tmp_path / "other.csv", answers_bytes(rows[:1], columns))
    assert main(["verify", str(v2), "--answers", str(other)]) == 1
    assert "was not made from the answers file" in capsys.readouterr().err

    # A faulty answers file: refused, every problem listed by row and column, B left as it was.
    tree = _tree(tmp_path / "B")
    faulty, listed = faulty_copy(rows)
    code, err = _run(capsys, tmp_path / "B", "--reviews", str(_write(tmp_path / "faulty.csv",
                                                                      answers_bytes(faulty, columns))))
    assert code == 1
    for problem in listed:
        assert problem in err, (problem, err)
    assert f"refused, {len(listed)} problem(s) listed above" in err
    assert no_value_of(faulty, err)
    assert _tree(tmp_path / "B") == tree
