"""The signed filing bundle: one zip per county per job, every file in the manifest, the motion
with Exhibit A, one proposed order per case, the spreadsheets and the summary."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from relief.documents.bundle import BundleError, write_bundle
from relief.documents.manifest import parse_manifest, sha256_bytes
from relief.documents.orders import render_chunk_orders
from relief.documents.signing import LocalSigner
from relief.documents.verify import verify_bundle
from tests.documents.bundle_helpers import INFO, SETTINGS, county_charges, pdf_text

LAYOUT = {
    "motion.pdf", "results.csv", "review.csv", "automatic.csv", "summary.pdf", "summary.json",
    "manifest.json", "manifest.sig", "signing-key.pem",
    "orders/2010CM00000.pdf", "orders/2012CF00000.pdf", "orders/2010CM00001.pdf", "orders/2012CF00001.pdf",
    "orders/2009CM99999.pdf",
}


@pytest.fixture
def bundle(tmp_path):
    results = county_charges(people=2)
    report = write_bundle(iter(results), INFO, tmp_path / "out" / "bundle.zip", LocalSigner())
    return report, zipfile.ZipFile(report.path), results


def _csv(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))


def test_the_bundle_holds_the_files_of_the_contract(bundle):
    report, archive, results = bundle
    assert set(archive.namelist()) == LAYOUT
    assert (report.rows, report.motion, report.people, report.orders, report.review, report.automatic) == (
        len(results), 7, 3, 5, 3, 2)
    assert not list(report.path.parent.glob("*.partial"))


def test_the_manifest_lists_every_file_with_size_and_sha256(bundle):
    report, archive, _ = bundle
    manifest = parse_manifest(archive.read("manifest.json"))
    assert {f.path for f in manifest.files} == LAYOUT - {"manifest.json", "manifest.sig", "signing-key.pem"}
    for entry in manifest.files:
        data = archive.read(entry.path)
        assert (entry.size, entry.sha256) == (len(data), sha256_bytes(data))
    assert {k: manifest.about[k] for k in ("job_id", "office", "county", "source_sha256", "rule_set_version",
                                           "created")} == {
        "job_id": "job-0001", "office": "sangamon-sao", "county": "SANGAMON", "source_sha256": "ab" * 32,
        "rule_set_version": INFO.rule_set_version, "created": "2026-11-25T12:00:00+00:00"}
    assert report.manifest_sha256 == sha256_bytes(archive.read("manifest.json"))
    assert verify_bundle(report.path)


def test_the_motion_has_caption_authority_factors_signature_and_exhibit_a(bundle):
    _, archive, _ = bundle
    pages = pdf_text(archive.read("motion.pdf"))
    body = pages[0]
    for expected in ("IN THE CIRCUIT COURT OF SANGAMON COUNTY, ILLINOIS", "THE PEOPLE OF THE STATE OF ILLINOIS",
                     "MOTION TO VACATE AND EXPUNGE", "20 ILCS 2630/5.2(i)", "720 ILCS 550/4", "720 ILCS 550/5",
                     "the reasons to retain the records provided by law enforcement", "age at the time of the offense",
                     "the time since the conviction", "specific adverse consequences", "7 cannabis convictions of 3"):
        assert expected in " ".join(body.split()), expected
    signature = " ".join(" ".join(pages[:2]).split())
    for expected in ("Office of the Sangamon County State's Attorney", "Jane Q. Prosecutor", "200 S. Ninth Street",
                     "217-555-0100", "sao@example.org", "ARDC No. 6301234"):
        assert expected in signature, expected
    exhibit = "\n".join(p for p in pages if "EXHIBIT A" in p)
    lines = [line for line in exhibit.splitlines() if " IR200000" in line or " IR399999" in line]
    assert len(lines) == 7
    assert lines[0].split()[:6] == ["1", "PERSON0000,", "ALEX", "Q", "1980-06-15", "IR2000000"]
    for column in ("Name", "IR number", "DCN", "Statute", "Class", "Age", "Years since"):
        assert column in exhibit
    # age now, at offense, years since
    assert "2012 CF 00000" in exhibit and lines[0].split()[-3:] == ["46", "30", "15"]


@pytest.mark.parametrize("people", [150])
def test_a_long_exhibit_repeats_its_headings_and_numbers_its_pages(tmp_path, people):
    report = write_bundle(county_charges(people=people), INFO, tmp_path / "b.zip", LocalSigner())
    pages = pdf_text(zipfile.ZipFile(report.path).read("motion.pdf"))
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
    exhibit = [p for p in pages if "EXHIBIT A" in p]
    assert len(exhibit) >= 4 and all("IR number" in p and "Court case" in p for p in exhibit)
    assert f"{report.motion} " in exhibit[-1]  # the last line is numbered with the count


def test_spreadsheets_every_charge_review_by_reason_automatic_with_deadline(bundle):
    _, archive, results = bundle
    everything = _csv(archive, "results.csv")
    assert [int(r["row_number"]) for r in everything] == [r.row_number for r in results]
    review = _csv(archive, "review.csv")
    assert [(r["reason"], int(r["row_number"])) for r in review] == sorted(
        (r.reason, r.row_number) for r in results if r.decision == "review")
    automatic = _csv(archive, "automatic.csv")
    assert automatic and all(r["decision"] == "automatic" and r["expunge_by"] for r in automatic)


def test_cells_that_would_be_formulas_are_neutralised(bundle):
    _, archive, _ = bundle
    row = next(r for r in _csv(archive, "results.csv") if r["dcn"] == "DFORMULA")
    assert row["last_name"] == "'=HYPERLINK(\"http://x\")" and row["first_name"] == "'-1"


def test_the_summary_counts_by_decision_reason_and_year(bundle):
    _, archive, _results = bundle
    summary = json.loads(archive.read("summary.json"))
    assert summary["decisions"] == {"motion": 7, "automatic": 2, "review": 3, "ineligible": 0, "not_cannabis": 2}
    assert summary["reasons"]["review/unknown_disposition"] == 2
    assert summary["offense_years"]["2011"]["motion"] == 7
    assert summary["source_sha256"] == "ab" * 32 and summary["rule_set_version"] == INFO.rule_set_version
    assert summary["office_name"] == SETTINGS.office_name and summary["created"].startswith("2026-11-25")
    text = " ".join(pdf_text(archive.read("summary.pdf")))
    assert "Charges by decision" in text and "ab" * 32 in text and "page 1 of" in text


def test_pre_rendered_orders_are_copied_in_from_bytes_or_files(tmp_path):
    results = county_charges(people=2)
    rendered = list(render_chunk_orders(results, SETTINGS))
    on_disk = tmp_path / "order.pdf"
    on_disk.write_bytes(rendered[0].pdf)
    orders = [(f"orders/{rendered[0].name}", on_disk)] + [(o.name, o.pdf) for o in rendered[1:]]
    report = write_bundle(iter(results), INFO, tmp_path / "b.zip", LocalSigner(), orders=orders)
    archive = zipfile.ZipFile(report.path)
    assert set(archive.namelist()) == LAYOUT
    assert archive.read(f"orders/{rendered[0].name}") == rendered[0].pdf
    assert verify_bundle(report.path)


def test_two_orders_for_one_case_number_are_both_kept(tmp_path):
    results = county_charges(people=1)
    rendered = [(o.name, o.pdf) for o in render_chunk_orders(results, SETTINGS)]
    report = write_bundle(results, INFO, tmp_path / "b.zip", LocalSigner(), orders=rendered + rendered[:1])
    names = zipfile.ZipFile(report.path).namelist()
    assert "orders/2010CM00000.pdf" in names and "orders/2010CM00000_2.pdf" in names


def test_a_case_of_the_motion_without_its_order_is_refused(tmp_path):
    results = county_charges(people=1)
    rendered = [(o.name, o.pdf) for o in render_chunk_orders(results, SETTINGS)]
    with pytest.raises(BundleError, match="1 court case"):
        write_bundle(results, INFO, tmp_path / "b.zip", LocalSigner(), orders=rendered[1:])
    assert not list(tmp_path.iterdir())  # no half-written zip


def test_a_county_without_convictions_still_gets_a_motion_and_a_signed_bundle(tmp_path):
    results = [r for r in county_charges(people=1) if r.decision != "motion"]
    report = write_bundle(results, INFO, tmp_path / "b.zip", LocalSigner())
    assert report.orders == 0 and report.motion == 0
    assert "No convictions" in " ".join(pdf_text(zipfile.ZipFile(report.path).read("motion.pdf")))
    assert verify_bundle(report.path)
