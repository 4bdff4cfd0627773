"""The review loop on this machine, as the issue's "Done when" runs it: `relief run` the sample into A,
answer some of A's review.csv rows (to motion and to ineligible), withdraw one motion conviction and
put one the statute excludes in the motion with a reason, then `relief run --reviews` into B. B's
county bundle gets a version 2 that holds exactly the answered changes, its counts move by exactly
those rows, and `relief verify` passes on each version and on the chain; a faulty answers file is
refused with every problem listed and B left as it was."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from relief.dev.cli import main

pytest.importorskip("moto")

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
AS_OF = "2026-01-15"
REVIEWED_ON = (date.today() - timedelta(days=1)).isoformat()
CONVICTED = {"GUILTY", "PLEA OF GUILTY"}
ANSWER_COLUMNS = ("reviewer_decision", "reviewer", "reviewed_on", "note")


def _run(capsys, out: Path, *extra: str) -> tuple[int, str]:
    code = main(["run", str(SAMPLE), "--out", str(out), "--no-progress", "--as-of", AS_OF, *extra])
    return code, capsys.readouterr().err


def _job_folder(out: Path) -> Path:
    (folder,) = [p for p in out.iterdir() if p.is_dir() and p.name != "jobs"]
    return folder


def _csv(bundle: Path, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(bundle) as archive:
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))


def _json(bundle: Path, name: str) -> dict:
    with zipfile.ZipFile(bundle) as archive:
        return json.loads(archive.read(name))


def _orders(bundle: Path) -> set[str]:
    with zipfile.ZipFile(bundle) as archive:
        return {name for name in archive.namelist() if name.startswith("orders/")}


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _answers(review: list[dict[str, str]], results: list[dict[str, str]]) -> tuple[list[dict], dict[str, str]]:
    """The office's copy of review.csv with some rows answered, and answers added for rows the rules
    decided; (its rows, the answer by charge_id)."""
    to_motion = [r for r in review if r["reason"] == "inchoate_offense" and r["disposition"] in CONVICTED
                 and r["court_case_number"]][:2]
    to_ineligible = [r for r in review if r["reason"] == "unknown_disposition"][:2]
    assert len(to_motion) == 2 and len(to_ineligible) == 2
    withdrawn = next(r for r in results if r["decision"] == "motion")
    excluded = next(r for r in results if r["rule"] == "11" and r["court_case_number"]
                    and r["disposition"] in CONVICTED)
    decided = {**{r["charge_id"]: "motion" for r in to_motion}, **{r["charge_id"]: "ineligible" for r in to_ineligible},
               withdrawn["charge_id"]: "ineligible", excluded["charge_id"]: "motion"}
    rows = []
    for row in review:
        answer = decided.get(row["charge_id"])
        rows.append({**row, **(dict(reviewer_decision=answer, reviewer="A. Attorney", reviewed_on=REVIEWED_ON)
                               if answer else {})})
    for row, note in ((withdrawn, "withdrawn: the person asked to be left out"),
                      (excluded, "the judgment says Class 4; Class 3 was entered in error")):
        rows.append({**row, "reviewer_decision": decided[row["charge_id"]], "reviewer": "A. Attorney",
                     "reviewed_on": REVIEWED_ON, "note": note})
    return rows, decided


def _write(path: Path, rows: list[dict], columns: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_answers_make_a_second_version_with_exactly_the_answered_changes(tmp_path, capsys):
    code, err = _run(capsys, tmp_path / "A")
    assert code == 0, err
    cook_a = _job_folder(tmp_path / "A") / "cook.zip"
    review, results_a = _csv(cook_a, "review.csv"), _csv(cook_a, "results.csv")
    rows, decided = _answers(review, results_a)
    answers = _write(tmp_path / "answers.csv", rows, list(review[0]) + ["my own column"])

    code, err = _run(capsys, tmp_path / "B", "--reviews", str(answers))
    assert code == 0, err
    folder = _job_folder(tmp_path / "B")
    v1, v2 = folder / "cook.zip", folder / "cook.v2.zip"
    assert "answers applied: 1 bundle(s) revised: cook.v2.zip" in err
    # Only the county answered gets a new version; the older one stays.
    assert sorted(p.name for p in folder.glob("*.v*.zip")) == ["cook.v2.zip"] and v1.exists()

    # v1 of B is A's bundle decided again; v2 differs from it in exactly the answered rows.
    before, after = _csv(v1, "results.csv"), _csv(v2, "results.csv")
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
            answer, "A. Attorney", REVIEWED_ON, answer)

    # The counts move by exactly those rows.
    moved = Counter()
    for old in before:
        if old["charge_id"] in decided:
            moved[old["decision"]] -= 1
            moved[decided[old["charge_id"]]] += 1
    counts_before, counts_after = _json(v1, "summary.json"), _json(v2, "summary.json")
    assert {d: counts_after["decisions"][d] - n for d, n in counts_before["decisions"].items()} == {
        d: moved.get(d, 0) for d in counts_before["decisions"]}
    assert counts_after["statute_overridden"] == 1
    assert sum(counts_after["answered"].values()) == len(decided)
    assert (counts_after["version"], counts_after["answers_sha256"]) == (
        2, hashlib.sha256(answers.read_bytes()).hexdigest())

    # Every answered charge stays in review.csv with its answer, so the office's next copy keeps it.
    kept = {r["charge_id"]: r["reviewer_decision"] for r in _csv(v2, "review.csv") if r["reviewer_decision"]}
    assert kept == decided

    # The withdrawn conviction's order goes, each new motion conviction has one; the rest are untouched.
    motion_before = {r["charge_id"] for r in before if r["decision"] == "motion"}
    motion_after = {r["charge_id"] for r in after if r["final_decision"] == "motion"}
    assert motion_after - motion_before == {c for c, d in decided.items() if d == "motion"}
    assert motion_before - motion_after == {c for c, d in decided.items() if d == "ineligible"} & motion_before
    orders_before, orders_after = _orders(v1), _orders(v2)
    assert len(orders_after ^ orders_before) >= 2 and len(orders_after) - len(orders_before) == (
        len(motion_after) - len(motion_before))

    # Each version verifies, and its documents read back (Exhibit A's and the orders' lines compared cell
    # by cell with results.csv, the mark of a reviewer-decided line included); the chain holds.
    assert main(["verify", str(v1), "--documents"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["verify", str(v2), "--documents", "--previous", str(v1), "--answers", str(answers)]) == 0, \
        capsys.readouterr().err
    out = capsys.readouterr().out
    assert "chain OK, version 2 was made from version 1" in out and "made from the answers file" in out
    assert out.count("documents OK") == 2
    # ... and not against another job's v1 (A's), nor with another answers file.
    assert main(["verify", str(v2), "--previous", str(cook_a)]) == 1
    assert "the two bundles are of different job ids" in capsys.readouterr().err
    assert main(["verify", str(v2), "--answers", str(_write(tmp_path / "other.csv", rows[:1], list(review[0])))]) == 1
    capsys.readouterr()

    # A faulty answers file: refused, every problem listed by row and column, B left as it was.
    tree = _tree(tmp_path / "B")
    faulty = [dict(row) for row in rows if row.get("reviewer_decision")]
    faulty[0]["reviewer_decision"] = "maybe"
    faulty[1]["reviewer"] = ""
    faulty[2]["reviewed_on"] = (date.today() + timedelta(days=30)).isoformat()
    faulty[-1]["note"] = ""  # the motion answer on a charge rule 11 excludes, without a reason
    faulty.append({**faulty[3], "reviewer_decision": "not_cannabis"})  # answered twice, differently
    faulty.append({**faulty[3], "charge_id": "R99999-0000abcd"})
    code, err = _run(capsys, tmp_path / "B", "--reviews", str(_write(tmp_path / "faulty.csv", faulty,
                                                                      list(review[0]))))
    assert code == 1
    for listed in ("row 1, reviewer_decision: not one of", "row 2, reviewer: missing", "row 3, reviewed_on: in the "
                   "future", f"row {len(faulty) - 2}, note:", f"row {len(faulty) - 1}, reviewer_decision:",
                   f"row {len(faulty)}, charge_id:"):
        assert listed in err, (listed, err)
    assert "refused, 6 problem(s) listed above" in err
    assert not any(value in err for row in faulty for value in (row["last_name"], row["ir_number"], row["reviewer"])
                   if value)  # no value from a row
    assert _tree(tmp_path / "B") == tree
