"""An office's answers to a bundle's review.csv, built the way an attorney fills them in: for the
review loop's tests on `relief run` (tests/dev) and on the pipeline (tests/pipeline)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

REVIEWED_ON = (date.today() - timedelta(days=1)).isoformat()
REVIEWER = "A. Attorney"
CONVICTED = {"GUILTY", "PLEA OF GUILTY"}
WITHDRAWN_NOTE = "withdrawn: the person asked to be left out"
OVERRIDE_NOTE = "the judgment says Class 4; Class 3 was entered in error"


def bundle_csv(bundle: Path | bytes, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(bundle) if isinstance(bundle, bytes) else bundle) as archive:
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))


def bundle_json(bundle: Path | bytes, name: str) -> dict:
    with zipfile.ZipFile(io.BytesIO(bundle) if isinstance(bundle, bytes) else bundle) as archive:
        return json.loads(archive.read(name))


def bundle_orders(bundle: Path | bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(bundle) if isinstance(bundle, bytes) else bundle) as archive:
        return {name for name in archive.namelist() if name.startswith("orders/")}


def answered(row: dict[str, str], decision: str, note: str = "") -> dict[str, str]:
    return {**row, "reviewer_decision": decision, "reviewer": REVIEWER, "reviewed_on": REVIEWED_ON, "note": note}


def answered_copy(review: Sequence[dict[str, str]], results: Sequence[dict[str, str]]
                  ) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The office's copy of review.csv: two doubtful convictions answered `motion`, two charges of
    unknown disposition `ineligible`, and two rows the rules decided added: a motion conviction
    withdrawn (`ineligible`) and a Class 3 conviction (rule 11) put in the motion with its reason.
    Returns (the file's rows, the answer by charge_id)."""
    to_motion = [r for r in review if r["reason"] == "inchoate_offense" and r["disposition"] in CONVICTED
                 and r["court_case_number"]][:2]
    to_ineligible = [r for r in review if r["reason"] == "unknown_disposition"][:2]
    assert len(to_motion) == 2 and len(to_ineligible) == 2
    withdrawn = next(r for r in results if r["decision"] == "motion")
    excluded = next(r for r in results if r["rule"] == "11" and r["court_case_number"]
                    and r["disposition"] in CONVICTED)
    decided = {**{r["charge_id"]: "motion" for r in to_motion}, **{r["charge_id"]: "ineligible" for r in to_ineligible},
               withdrawn["charge_id"]: "ineligible", excluded["charge_id"]: "motion"}
    rows = [answered(r, decided[r["charge_id"]]) if r["charge_id"] in decided else dict(r) for r in review]
    rows += [answered(withdrawn, "ineligible", WITHDRAWN_NOTE), answered(excluded, "motion", OVERRIDE_NOTE)]
    return rows, decided


def answers_bytes(rows: Sequence[dict[str, str]], columns: Sequence[str]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def faulty_copy(rows: Sequence[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    """The answered rows of `rows` (as answered_copy makes them) with one fault of each kind, and the
    start of each problem the refusal must list."""
    faulty = [dict(row) for row in rows if row.get("reviewer_decision")]
    faulty[0]["reviewer_decision"] = "maybe"
    faulty[1]["reviewer"] = ""
    faulty[2]["reviewed_on"] = (date.today() + timedelta(days=30)).isoformat()
    assert faulty[-1]["note"] == OVERRIDE_NOTE
    faulty[-1]["note"] = ""  # the motion answer on a charge rule 11 excludes, without a reason
    faulty.append({**faulty[3], "reviewer_decision": "not_cannabis"})  # answered twice, differently
    faulty.append({**faulty[3], "charge_id": "R99999-0000abcd"})  # no charge of the job
    n = len(faulty)
    return faulty, ["row 1, reviewer_decision: not one of", "row 2, reviewer: missing", "row 3, reviewed_on: in the "
                    "future", f"row {n - 2}, note:", f"row {n - 1}, reviewer_decision:", f"row {n}, charge_id:"]


def no_value_of(rows: Sequence[dict[str, str]], text: str) -> bool:
    """No name, IR number or reviewer of the rows is in `text`."""
    return not any(value in text for row in rows for value in (row["last_name"], row["ir_number"], row["reviewer"])
                   if value)


def moved_counts(before: Sequence[dict[str, str]], decided: dict[str, str]) -> Counter[str]:
    """How each decision's count moves when the answers `decided` are applied to the rows `before`."""
    moved: Counter[str] = Counter()
    for row in before:
        if row["charge_id"] in decided:
            moved[row["final_decision"] or row["decision"]] -= 1
            moved[decided[row["charge_id"]]] += 1
    return moved
