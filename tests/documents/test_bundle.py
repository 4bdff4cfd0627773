"""The signed filing bundle: one zip per county per job, every file in the manifest, the motion
with its notice, certificate of service and Exhibit A, one proposed order per person per case, the
spreadsheets and the summary; no motion without a conviction; a bundle without court papers for
rows that name no Illinois county; DRAFT until the office fills in its signature block."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from relief.documents.bundle import BundleError, write_bundle
from relief.documents.courts import NO_COUNTY
from relief.documents.manifest import parse_manifest, sha256_bytes
from relief.documents.orders import render_chunk_orders
from relief.documents.plain_words import DECISION_WORDS
from relief.documents.readback import body, read_pages, table
from relief.documents.signing import LocalSigner
from relief.documents.summary import DEADLINES_HEADING, DECISION_COLUMNS, DOUBT_COLUMNS, DOUBTS_HEADING
from relief.documents.verify import verify_bundle
from relief.documents.verify_documents import verify_documents
from relief.law.decisions import DECISIONS
from tests.charges import charge, decide_all
from tests.documents.bundle_helpers import (
    DRAFT_SETTINGS,
    INFO,
    SETTINGS,
    bundle,
    county_charges,
    info,
    pdf_text,
)

FILES = {"motion.pdf", "results.csv", "review.csv", "automatic.csv", "summary.pdf", "summary.json",
         "manifest.json", "manifest.sig", "signing-key.pem"}
ORDER_CASES = ["2010CM00000", "2012CF00000", "2010CM00001", "2012CF00001", "2009CM99999"]


@pytest.fixture
def made(tmp_path):
    results = county_charges(people=2)
    report = write_bundle(iter(results), INFO, tmp_path / "out" / "bundle.zip", LocalSigner())
    return report, zipfile.ZipFile(report.path), results


def _csv(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))


def _text(archive, name):
    return " ".join(" ".join(page.split()) for page in pdf_text(archive.read(name)))


def _orders(results) -> set[str]:
    """orders/order-<case>-<charge id of the person's first charge in the case>.pdf"""
    first: dict = {}
    for r in results:
        if r.decision == "motion":
            first.setdefault((r.court_case_number.replace(" ", ""), r.ir_number), r.charge_id)
    return {f"orders/order-{case}-{charge_id}.pdf" for (case, _), charge_id in first.items()}


def test_the_bundle_holds_the_files_of_the_contract(made):
    report, archive, results = made
    orders = _orders(results)
    assert sorted(name.split("-")[1] for name in orders) == sorted(ORDER_CASES)
    assert set(archive.namelist()) == FILES | orders
    assert (report.rows, report.motion, report.people, report.orders, report.review, report.automatic) == (
        len(results), 7, 3, 5, 3, 2)
    assert report.court_papers and not report.draft
    assert not list(report.path.parent.glob("*.partial"))


def test_the_manifest_lists_every_file_with_size_and_sha256(made):
    report, archive, _ = made
    manifest = parse_manifest(archive.read("manifest.json"))
    assert {f.path for f in manifest.files} == (FILES | _orders(made[2])) - {"manifest.json", "manifest.sig",
                                                                           "signing-key.pem"}
    for entry in manifest.files:
        data = archive.read(entry.path)
        assert (entry.size, entry.sha256) == (len(data), sha256_bytes(data))
    assert {k: manifest.about[k] for k in ("job_id", "office", "county", "court", "draft", "source_sha256",
                                           "rule_set_version", "created")} == {
        "job_id": "job-0001", "office": "sangamon-sao", "county": "SANGAMON",
        "court": "IN THE CIRCUIT COURT OF THE 7TH JUDICIAL CIRCUIT / SANGAMON COUNTY, ILLINOIS", "draft": False,
        "source_sha256": "ab" * 32, "rule_set_version": INFO.rule_set_version, "created": "2026-11-25T12:00:00+00:00"}
    assert report.manifest_sha256 == sha256_bytes(archive.read("manifest.json"))
    assert verify_bundle(report.path) and verify_documents(report.path)


def test_the_motion_has_caption_authority_factors_notice_service_signature_and_exhibit(made):
    _, archive, _ = made
    text = _text(archive, "motion.pdf")
    for expected in ("IN THE CIRCUIT COURT OF THE 7TH JUDICIAL CIRCUIT SANGAMON COUNTY, ILLINOIS",
                     "IN RE: MOTION OF THE PEOPLE", "No. ______",
                     "MOTION TO VACATE AND EXPUNGE CANNABIS CONVICTIONS", "20 ILCS 2630/5.2(i)(3)", "720 ILCS 550/4",
                     "the reasons to retain the records provided by law enforcement", "age at the time of the offense",
                     "the time since the conviction", "specific adverse consequences",
                     "the 7 cannabis convictions of 3 people listed in Exhibit A", "5 proposed orders",
                     "Dated: November 25, 2026", "Office of the Sangamon County State's Attorney", "Jane Q. Prosecutor",
                     "200 S. Ninth Street", "Tel. 217-555-0100", "sao@example.org", "ARDC No. 6301234",
                     "NOTICE OF MOTION", "PLEASE TAKE NOTICE", "CERTIFICATE OF SERVICE", "735 ILCS 5/1-109",
                     "1. Illinois State Police, Bureau of Identification", "2. CHICAGO PD", "3. SPRINGFIELD PD",
                     "EXHIBIT A"):
        assert expected in text, expected
    assert "DRAFT" not in text


@pytest.mark.parametrize("words", [0, 20, 40, 60, 80, 100, 120])
def test_the_signature_block_never_stands_alone_on_a_page(tmp_path, words):
    """However far down the first pages the prayer ends, its last lines come with the signature."""
    settings = SETTINGS.model_copy(update={"office_name": "Office of the " + "Very " * words + "Long Name"})
    report = write_bundle(county_charges(1), info(settings=settings), tmp_path / "b.zip", LocalSigner())
    pages = [" ".join(p.split()) for p in pdf_text(zipfile.ZipFile(report.path).read("motion.pdf"))]
    signed = next(p for p in pages if "Respectfully submitted" in p)
    assert "submitted with this motion. Dated:" in signed


def test_a_county_without_convictions_gets_no_motion_and_no_orders(tmp_path):
    results = [r for r in county_charges(people=1) if r.decision != "motion"]
    report = write_bundle(results, INFO, tmp_path / "b.zip", LocalSigner())
    archive = zipfile.ZipFile(report.path)
    assert (report.orders, report.motion, report.court_papers) == (0, 0, False)
    assert not [n for n in archive.namelist() if n == "motion.pdf" or n.startswith("orders/")]
    assert "no conviction here qualifies for the motion" in _text(archive, "summary.pdf")
    assert verify_bundle(report.path) and verify_documents(report.path)


def test_rows_without_an_illinois_county_get_a_bundle_with_no_court_paper_and_go_to_review(tmp_path):
    results = decide_all([charge(county="COK", ir_number="IR1"), charge(county="COK", ir_number="IR1", dcn="D2",
                                                                        disposition="")], SETTINGS)
    assert [r.decision for r in results] == ["motion", "review"]
    report = write_bundle(results, info(NO_COUNTY), tmp_path / "county-unknown.zip", LocalSigner())
    archive = zipfile.ZipFile(report.path)
    assert not [n for n in archive.namelist() if n == "motion.pdf" or n.startswith("orders/")]
    review = _csv(archive, "review.csv")
    assert [(r["decision"], r["doubt"]) for r in review] == [
        ("motion", "The record names no Illinois county, so no court can be named for this conviction."),
        ("review", "The disposition is missing, pending or not one the rules know.")]
    assert "This bundle holds no court paper" in _text(archive, "summary.pdf")
    assert json.loads(archive.read("manifest.json"))["court"] == ""
    assert verify_bundle(report.path) and verify_documents(report.path)


def test_until_the_office_fills_in_its_signature_block_every_court_page_says_draft(tmp_path):
    report = bundle(county_charges(people=1), tmp_path, settings=DRAFT_SETTINGS)
    archive = zipfile.ZipFile(report.path)
    assert report.draft
    for name in archive.namelist():
        if name == "motion.pdf" or name.startswith("orders/"):
            assert all("DRAFT — NOT FOR FILING" in page for page in pdf_text(archive.read(name))), name
    summary = _text(archive, "summary.pdf")
    assert "DRAFT — NOT FOR FILING" in summary and "ARDC registration number" in summary
    assert json.loads(archive.read("manifest.json"))["draft"] is True
    assert verify_documents(report.path)


def test_exhibit_a_lines_never_take_another_line_s_values(tmp_path):
    """The pickled spool read back with one memo put earlier rows' short strings on later rows. Rows
    whose every short field repeats an earlier row's in a different order must read back as written."""
    records = [charge(county="SANGAMON", ir_number=f"IR{n % 30}", dcn=f"D{n}", court_case_number=f"C{n % 30}",
                      offense_class=("A", "B", "C")[n % 3], middle_name=("A", "B", "C")[(n + 1) % 3],
                      sex=("A", "B", "C")[(n + 2) % 3], date_of_birth=("1970-01-01", "1980-01-01")[n % 2],
                      disposition_date=("1980-01-01", "1970-01-01")[n % 2] if n % 2 else "2011-06-01")
               for n in range(300)]
    report = bundle(decide_all(records, SETTINGS), tmp_path, prerendered=False)
    result = verify_documents(report.path)
    assert result.ok and result.exhibit_lines == 300, result.message


def test_spreadsheets_every_charge_review_by_reason_automatic_with_deadline(made):
    _, archive, results = made
    everything = _csv(archive, "results.csv")
    assert [int(r["row_number"]) for r in everything] == [r.row_number for r in results]
    review = _csv(archive, "review.csv")
    assert [(r["reason"], int(r["row_number"])) for r in review] == sorted(
        (r.reason, r.row_number) for r in results if r.decision == "review")
    automatic = _csv(archive, "automatic.csv")
    assert automatic and all(r["decision"] == "automatic" and r["expunge_by"] for r in automatic)


def test_review_csv_says_the_doubt_in_words_what_to_check_and_leaves_room_for_the_answer(made):
    _, archive, _ = made
    header = next(csv.reader(io.StringIO(archive.read("review.csv").decode())))
    assert header[-6:] == ["doubt", "what_to_check", "reviewer_decision", "reviewer", "reviewed_on", "note"]
    assert header[:-6] == next(csv.reader(io.StringIO(archive.read("results.csv").decode())))
    rows = {r["reason"]: r for r in _csv(archive, "review.csv")}
    assert rows["unknown_disposition"]["what_to_check"] == "Find the disposition in the clerk's case file."
    assert rows["missing_case_number"]["doubt"].startswith("A conviction with no court case number")
    assert all(r["reviewer_decision"] == r["reviewer"] == r["reviewed_on"] == r["note"] == ""
               for r in _csv(archive, "review.csv"))


def test_cells_that_would_be_formulas_are_neutralised(made):
    _, archive, _ = made
    row = next(r for r in _csv(archive, "results.csv") if r["dcn"] == "DFORMULA")
    assert row["last_name"] == "'=HYPERLINK(\"http://x\")" and row["first_name"] == "'-1"


def test_the_summary_says_what_was_decided_and_what_to_do_next(made):
    _, archive, _ = made
    summary = json.loads(archive.read("summary.json"))
    assert summary["decisions"] == {"motion": 7, "automatic": 2, "review": 3, "ineligible": 0, "not_cannabis": 2}
    assert (summary["people"], summary["motion_people"], summary["orders"]) == (4, 3, 5)
    assert summary["reasons"]["review/unknown_disposition"] == 2
    assert summary["offense_years"]["2011"]["motion"] == 7
    assert summary["expunge_by"] == {"2021-01-01": 2}
    assert summary["source_sha256"] == "ab" * 32 and summary["rule_set_version"] == INFO.rule_set_version
    text = _text(archive, "summary.pdf")
    for expected in ("People 4", "Charges 14", "Convictions in the motion 7", "People in the motion 3",
                     "Proposed orders 5", "2021-01-01", "Cannabis charges by offense year", "ab" * 32, "page 1 of"):
        assert expected in text, expected
    fragments = body(read_pages(archive.read("summary.pdf")))
    decided = table(fragments, [c.title for c in DECISION_COLUMNS], stop=lambda f: f.text == DOUBTS_HEADING)
    assert [line.cells for line in decided] == [
        (d, str(summary["decisions"][d]), DECISION_WORDS[d].what, DECISION_WORDS[d].next) for d in DECISIONS]
    assert "Answer review.csv" in DECISION_WORDS["review"].next
    doubts = table(fragments, [c.title for c in DOUBT_COLUMNS], stop=lambda f: f.text == DEADLINES_HEADING)
    assert [line.cells[:2] for line in doubts] == [("missing_case_number", "1"), ("unknown_disposition", "2")]
    assert doubts[1].cells[3] == "Find the disposition in the clerk's case file."


def test_pre_rendered_orders_are_copied_in_from_bytes_or_files(tmp_path):
    results = county_charges(people=2)
    rendered = list(render_chunk_orders(results, SETTINGS))
    on_disk = tmp_path / "order.pdf"
    on_disk.write_bytes(rendered[0].pdf)
    orders = [(f"orders/{rendered[0].name}", on_disk)] + [(o.name, o.pdf) for o in rendered[1:]]
    report = write_bundle(iter(results), INFO, tmp_path / "b.zip", LocalSigner(), orders=orders)
    archive = zipfile.ZipFile(report.path)
    assert set(archive.namelist()) == FILES | _orders(results)
    assert archive.read(f"orders/{rendered[0].name}") == rendered[0].pdf
    assert verify_bundle(report.path)


def test_an_order_the_motion_asks_for_that_is_missing_is_refused(tmp_path):
    results = county_charges(people=1)
    rendered = [(o.name, o.pdf) for o in render_chunk_orders(results, SETTINGS)]
    with pytest.raises(BundleError, match="1 proposed order"):
        write_bundle(results, INFO, tmp_path / "b.zip", LocalSigner(), orders=rendered[1:])
    assert not list(tmp_path.iterdir())  # no half-written zip


@pytest.mark.parametrize("name", ["motion.pdf", "order-1 C1.pdf", "order-1-C1.exe", "2010CM00000.pdf"])
def test_a_pre_rendered_order_needs_an_order_file_name(tmp_path, name):
    with pytest.raises(BundleError, match=r"order-<case>-<charge id>\.pdf"):
        write_bundle(county_charges(1), INFO, tmp_path / "b.zip", LocalSigner(), orders=[(name, b"%PDF")])
