"""The next version of a county's bundle, made from the previous one's results with the office's answers
applied, read back: the motion and orders hold exactly the convictions in force, the lines the office
decided are marked, the withdrawn conviction's order is gone or made again without it, the summary
reports the answers and lists the motion answer that overrides the statute, and the manifest links
the version to the one it was made from."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import date

from relief.documents.readback import body, index_of, read_pages, table
from relief.documents.revision import revise_bundle
from relief.documents.verify import verify_bundle
from relief.documents.verify_documents import verify_documents
from relief.documents.versions import verify_chain, verify_link
from relief.evaluation.answers import Answer
from relief.law.decisions import RULE_SET_VERSION, Decision
from relief.law.rules import RULES
from tests.charges import charge, decide_all
from tests.documents.bundle_helpers import CREATED, SETTINGS, SIGNER, bundle, county_charges, info
from tests.documents.test_documents_read_back import check_bundle

ON = date(2026, 11, 30)
ANSWERS_SHA256 = "12" * 32


def results_with_doubts():
    """A county's charges, and a Class 3 felony conviction (rule 11) and an attempt conviction (rule 3)."""
    extra = [charge(county="SANGAMON", ir_number="IR4000001", last_name="FELONY", court_case_number="2008CF1",
                    dcn="DFEL", offense_class="3"),
             charge(county="SANGAMON", ir_number="IR4000002", last_name="ATTEMPT", court_case_number="2008CM2",
                    dcn="DATT", statute="720 ILCS 5/8-4(720 ILCS 550/4(c))", offense_description="ATT POSS CANNABIS")]
    base = county_charges(3)
    return base + [r._replace(row_number=len(base) + n, charge_id=f"R{len(base) + n}-{r.charge_id.split('-')[1]}")
                   for n, r in enumerate(decide_all(extra, SETTINGS), start=1)]


def rows_of(path, name="results.csv"):
    with zipfile.ZipFile(path) as archive:
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))


def revise(previous, answers, tmp_path, name):
    return revise_bundle(previous, answers, info(), ANSWERS_SHA256, tmp_path / name, SIGNER, CREATED, tmp_path)


def test_a_revised_bundle_holds_exactly_the_answers_and_reads_back(tmp_path):
    results = results_with_doubts()
    v1 = bundle(results, tmp_path, name="v1.zip").path
    withdrawn = next(r for r in results if r.decision == "motion")
    felony = next(r for r in results if r.rule == "11")
    attempt = next(r for r in results if r.rule == "3")
    doubt = next(r for r in results if r.reason == "unknown_disposition")
    assert {felony.decision, attempt.decision} == {"ineligible", "review"}
    answers = {withdrawn.charge_id: Answer(Decision.INELIGIBLE, "A. Attorney", ON, "withdrawn"),
               felony.charge_id: Answer(Decision.MOTION, "A. Attorney", ON, "judgment says Class 4"),
               attempt.charge_id: Answer(Decision.MOTION, "B. Attorney", ON),
               doubt.charge_id: Answer(Decision.INELIGIBLE, "B. Attorney", ON)}

    revision = revise(v1, answers, tmp_path, "v2.zip")
    assert revision is not None and (revision.version, revision.changed) == (2, 4)
    v2 = tmp_path / "v2.zip"

    before, after = rows_of(v1), rows_of(v2)
    changed = [(b["charge_id"], a["decision"], a["final_decision"]) for b, a in zip(before, after, strict=True)
               if a != b]
    assert changed == [(r.charge_id, r.decision, answers[r.charge_id].decision.value)
                       for r in results if r.charge_id in answers]

    # Read back independently of verify: Exhibit A and the orders hold the convictions in force, the
    # office's lines marked; and verify agrees.
    checked = check_bundle(v2)
    assert checked["exhibit"] == sum(r.decision == "motion" for r in results) - 1 + 2
    assert verify_bundle(v2).ok and verify_documents(v2).ok, verify_documents(v2).message
    assert verify_link(v2, v1, ANSWERS_SHA256).ok

    with zipfile.ZipFile(v2) as archive:
        text = body(read_pages(archive.read("summary.pdf")))
    answered = table(text[index_of(text, "Decided on review: the office's answers", bold=True):],
                     ["The rules decided", "The office answered", "Charges"],
                     stop=lambda f: f.bold and f.text.startswith("Motion answers"))
    assert sorted(line.cells for line in answered) == [("ineligible", "motion", "1"), ("motion", "ineligible", "1"),
                                                       ("review", "ineligible", "1"), ("review", "motion", "1")]
    overrides = table(text[index_of(text, "Motion answers on charges the statute excludes", bold=True):],
                      ["Charge", "Rule", "Reason", "Reviewer", "Reviewed on", "The office's reason (note)"],
                      stop=lambda f: f.bold and f.text.startswith("Doubts"))
    assert [line.cells for line in overrides] == [
        (felony.charge_id, "11", "class_over_limit", "A. Attorney", "2026-11-30", "judgment says Class 4")]


def test_the_summary_carries_the_rule_table_as_an_appendix(tmp_path):
    v1 = bundle(results_with_doubts(), tmp_path).path
    with zipfile.ZipFile(v1) as archive:
        text = body(read_pages(archive.read("summary.pdf")))
    start = index_of(text, "Appendix: the decision rules", bold=True)
    assert start > 0 and RULE_SET_VERSION in " ".join(f.text for f in text[start:start + 10])
    rows = table(text[start:], ["No.", "Condition", "Decision", "Reason", "Statute"])
    assert [row.cells[:2] for row in rows] == [(str(rule.number), rule.condition) for rule in RULES]
    assert [set(row.cells[3].split(", ")) for row in rows] == [{r.value for r in rule.reasons} for rule in RULES]


def test_answers_already_in_force_make_no_new_version_and_a_later_file_makes_version_3(tmp_path):
    results = results_with_doubts()
    v1 = bundle(results, tmp_path, name="v1.zip").path
    doubt = next(r for r in results if r.reason == "unknown_disposition")
    answer = Answer(Decision.INELIGIBLE, "A. Attorney", ON)
    assert revise(v1, {doubt.charge_id: answer}, tmp_path, "v2.zip") is not None
    v2 = tmp_path / "v2.zip"
    assert revise(v2, {doubt.charge_id: answer}, tmp_path, "same.zip") is None
    assert not (tmp_path / "same.zip").exists()
    assert revise(v2, {"R999-00000000": answer}, tmp_path, "other.zip") is None  # another county's charge

    # The office changes its mind: back to the motion? No: the charge is not a conviction; to automatic.
    third = revise(v2, {doubt.charge_id: Answer(Decision.AUTOMATIC, "A. Attorney", ON, "dismissed after all")},
                   tmp_path, "v3.zip")
    assert third is not None and third.version == 3 and third.orders_rendered == 0
    v3 = tmp_path / "v3.zip"
    row = next(r for r in rows_of(v3) if r["charge_id"] == doubt.charge_id)
    assert (row["decision"], row["answer_decision"], row["final_decision"], row["answer_note"]) == (
        "review", "automatic", "automatic", "dismissed after all")
    assert doubt.charge_id in {r["charge_id"] for r in rows_of(v3, "automatic.csv")}
    assert verify_chain([v3, v2, v1]).ok
    with zipfile.ZipFile(v3) as new, zipfile.ZipFile(v1) as old:
        orders = sorted(n for n in old.namelist() if n.startswith("orders/"))
        assert sorted(n for n in new.namelist() if n.startswith("orders/")) == orders
        assert all(new.read(n) == old.read(n) for n in orders)  # copied, not rendered again
    assert hashlib.sha256(v3.read_bytes()).hexdigest() != hashlib.sha256(v2.read_bytes()).hexdigest()
