"""Render a page of each court document and of the summary as PNG for the README (docs/images/).

    .venv/bin/python docs/make_images.py

A small bundle is built from fictional records (a few people in Sangamon County, names with accents),
under office settings that are filled in, and one page of each PDF is rendered with `pdftoppm`
(poppler-utils). Run it again after changing a document, and commit the images.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

from relief.documents.bundle import BundleInfo, write_bundle
from relief.documents.signing import LocalSigner
from relief.evaluation.evaluator import Evaluator
from relief.intake.records import Record
from relief.law.decisions import RULE_SET_VERSION
from relief.settings import OfficeSettings, SignatureBlock

IMAGES = Path(__file__).resolve().parent / "images"
AS_OF = date(2026, 11, 25)
SETTINGS = OfficeSettings(
    office_name="Office of the Sangamon County State's Attorney", county="Sangamon",
    signature=SignatureBlock(attorney="Jane Q. Prosecutor", title="Assistant State's Attorney",
                             address=("200 S. Ninth Street, Room 405", "Springfield, IL 62701"),
                             phone="(217) 555-0100", email="sao@example.org", ardc_number="6301234"))
BASE = dict(ir_number="IR1000001", last_name="SMITH", first_name="JOHN", middle_name="Q", date_of_birth="1980-06-15",
            sex="M", race="W", fbi_number="", dcn="L123456789", arrest_date="2011-03-15",
            arresting_agency="IL0840000", offense_date="2011-03-15", charge_number="1",
            statute="720 ILCS 550/4(c)", offense_description="POSS CANNABIS 10-30 GRAMS", offense_class="A",
            court_case_number="2011 CM 1234", county="SANGAMON", disposition="GUILTY", disposition_date="2011-06-01",
            sentence="")
PEOPLE = [
    dict(ir_number="IR1000001", last_name="MUÑOZ", first_name="JOSÉ", middle_name="A", sex="M", race="H"),
    dict(ir_number="IR1000002", last_name="WAŁĘSA", first_name="ANNA", middle_name="", sex="F", race="W"),
    dict(ir_number="IR1000003", last_name="NGUYỄN", first_name="THỊ ÁNH", middle_name="", sex="F", race="A"),
    dict(ir_number="IR1000004", last_name="O'BRIEN-SMITH", first_name="MARY", middle_name="K", sex="F", race="W"),
    dict(ir_number="IR1000005", last_name="JOHNSON", first_name="ROBERT", middle_name="", sex="M", race="B"),
]
PAGES = (  # (image, PDF in the bundle or "order", page number)
    ("motion.png", "motion.pdf", 1),
    ("notice-and-service.png", "motion.pdf", 3),
    ("exhibit-a.png", "motion.pdf", 4),
    ("order.png", "order", 1),
    ("summary.png", "summary.pdf", 1),
)


def records() -> list[Record]:
    rows = []
    for n, person in enumerate(PEOPLE):
        year = 2004 + n
        arrest = dict(dcn=f"L12345{n:04d}", arrest_date=f"{year}-03-15", offense_date=f"{year}-03-14",
                      disposition_date=f"{year}-06-01", court_case_number=f"{year} CM {1200 + n}",
                      arresting_agency=("IL0840000", "IL0840300", "SPRINGFIELD PD")[n % 3])
        rows.append(Record(**{**BASE, **person, **arrest}))
        if n % 2 == 0:
            rows.append(Record(**{**BASE, **person, **arrest, "charge_number": "2", "statute": "720 ILCS 550/5(a)",
                                  "offense_description": "MFG/DEL CANNABIS <2.5 GRAMS", "offense_class": "B"}))
        rows.append(Record(**{**BASE, **person, "dcn": f"M9{n:08d}", "arrest_date": "2015-05-05",
                              "offense_date": "2015-05-05", "court_case_number": f"2015 CM {300 + n}",
                              "disposition": "DISMISSED" if n % 2 else "", "disposition_date": ""}))
    return rows


def main() -> None:
    if shutil.which("pdftoppm") is None:
        sys.exit("make_images: pdftoppm (poppler-utils) is needed to render the pages")
    evaluator = Evaluator(SETTINGS, AS_OF)
    rows = records()
    for record in rows:
        evaluator.note_associations(record)
    results = [evaluator.evaluate(n, record) for n, record in enumerate(rows, start=1)]
    info = BundleInfo(job_id="example", office="sangamon-sao", county="SANGAMON", source_sha256="0" * 64,
                      rule_set_version=RULE_SET_VERSION, created=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
                      as_of=AS_OF, settings=SETTINGS)
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        report = write_bundle(results, info, Path(folder) / "sangamon.zip", LocalSigner())
        with zipfile.ZipFile(report.path) as archive:
            first_order = sorted(n for n in archive.namelist() if n.startswith("orders/"))[0]
            for image, name, page in PAGES:
                pdf = Path(folder) / "page.pdf"
                pdf.write_bytes(archive.read(first_order if name == "order" else name))
                stem = Path(folder) / "page"
                subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                                str(pdf), str(stem)], check=True)
                shutil.move(f"{stem}.png", IMAGES / image)
                print(f"docs/images/{image}: {name if name != 'order' else first_order}, page {page}")


if __name__ == "__main__":
    main()
