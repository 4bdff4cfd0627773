"""Shared by the bundle, orders and verify tests: a county's worth of decided charges, and PDF text."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

from pypdf import PdfReader

from relief.documents.bundle import BundleInfo
from relief.law.decisions import RULE_SET_VERSION
from relief.settings import OfficeSettings, SignatureBlock
from tests.charges import charge, decide_all

SETTINGS = OfficeSettings(
    office_name="Office of the Sangamon County State's Attorney", county="SANGAMON",
    signature=SignatureBlock(attorney="Jane Q. Prosecutor", title="State's Attorney",
                             address=("200 S. Ninth Street", "Springfield, IL 62701"), phone="217-555-0100",
                             email="sao@example.org", ardc_number="6301234"),
)
INFO = BundleInfo(job_id="job-0001", office="sangamon-sao", county="SANGAMON", source_sha256="ab" * 32,
                  rule_set_version=RULE_SET_VERSION, created=datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
                  as_of=date(2026, 11, 25), settings=SETTINGS)


def county_charges(people: int = 3):
    """Decided charges: per person two motion charges in one case and one in another, plus a review,
    an automatic and a not-cannabis charge, and one conviction whose name would be a formula."""
    records = []
    for n in range(people):
        person = dict(ir_number=f"IR{2000000 + n}", last_name=f"PERSON{n:04d}", first_name="ALEX",
                      county="SANGAMON")
        records += [
            charge(**person, dcn=f"D{n:05d}A", court_case_number=f"2010CM{n:05d}", statute="720 ILCS 550/4(a)",
                   offense_class="C"),
            charge(**person, dcn=f"D{n:05d}A", court_case_number=f"2010CM{n:05d}", statute="720 ILCS 550/5(a)",
                   offense_class="B", offense_description="DEL CANNABIS"),
            charge(**person, dcn=f"D{n:05d}B", court_case_number=f"2012 CF {n:05d}", statute="720 ILCS 550/4(d)",
                   offense_class="4", arresting_agency="SPRINGFIELD PD"),
            charge(**person, dcn=f"D{n:05d}C", court_case_number=f"2013CM{n:05d}", disposition=""),
            charge(**person, dcn=f"D{n:05d}D", court_case_number=f"2014CM{n:05d}", disposition="DISMISSED",
                   arrest_date="2014-02-02", offense_date="2014-02-02"),
            charge(**person, dcn=f"D{n:05d}E", statute="625 ILCS 5/11-502(a)", offense_description="OPEN ALCOHOL"),
        ]
    records.append(charge(ir_number="IR3999999", last_name="=HYPERLINK(\"http://x\")", first_name="-1",
                          county="SANGAMON", dcn="DFORMULA", court_case_number="2009CM99999"))
    records.append(charge(ir_number="IR3999998", last_name="NOCASE", county="SANGAMON", dcn="DNOCASE",
                          court_case_number="", statute="720 ILCS 550/4(b)", offense_class="B"))
    return decide_all(records, SETTINGS)


def pdf_text(data: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def rewrite_zip(source, target, change=None, add=(), drop=()):
    """Copy a zip, with entries dropped, changed (name -> bytes) or added ((name, bytes) pairs)."""
    change = change or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            new.writestr(info.filename, change.get(info.filename, old.read(info)))
        for name, data in add:
            new.writestr(name, data)
    return target
