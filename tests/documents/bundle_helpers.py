"""Shared by the documents tests: a county's worth of decided charges, hard cases, generated files
decided into bundles, and PDF text."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

from pypdf import PdfReader

from relief.dev.generate import generate
from relief.documents.bundle import BundleInfo, BundleReport, write_bundle
from relief.documents.courts import bundle_county
from relief.documents.orders import render_chunk_orders
from relief.documents.signing import LocalSigner
from relief.evaluation.file import evaluate_file
from relief.evaluation.results import Result, result_from_cells
from relief.law.decisions import RULE_SET_VERSION
from relief.settings import OfficeSettings, SignatureBlock
from tests.charges import AS_OF, charge, decide_all

SETTINGS = OfficeSettings(
    office_name="Office of the Sangamon County State's Attorney", county="SANGAMON",
    signature=SignatureBlock(attorney="Jane Q. Prosecutor", title="State's Attorney",
                             address=("200 S. Ninth Street", "Springfield, IL 62701"), phone="217-555-0100",
                             email="sao@example.org", ardc_number="6301234"),
)
DRAFT_SETTINGS = OfficeSettings(office_name="Office of the Sangamon County State's Attorney", county="SANGAMON")
CREATED = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
INFO = BundleInfo(job_id="job-0001", office="sangamon-sao", county="SANGAMON", source_sha256="ab" * 32,
                  rule_set_version=RULE_SET_VERSION, created=CREATED, as_of=date(2026, 11, 25), settings=SETTINGS)
SIGNER = LocalSigner()


def info(county: str = "SANGAMON", settings: OfficeSettings = SETTINGS) -> BundleInfo:
    return BundleInfo(job_id="job-0001", office="sangamon-sao", county=county, source_sha256="ab" * 32,
                      rule_set_version=RULE_SET_VERSION, created=CREATED, as_of=AS_OF, settings=settings)


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


LONG = "VERY LONG DESCRIPTION " * 12  # far wider than any column: it must wrap, never be cut


def hard_records():
    """Names and fields that test what the documents print: letters outside Latin-1, apostrophes,
    hyphens, very long names, statutes and descriptions, a word wider than its column, a case with
    many charges, two people sharing one case number, an ORI known to the agency table and one not."""
    sangamon = dict(county="Sangamon")
    return [
        charge(**sangamon, ir_number="IR5000001", last_name="MUÑOZ", first_name="JOSÉ", middle_name="ÑANDÚ",
               court_case_number="2005 CM 1", arresting_agency="IL0840300"),
        charge(**sangamon, ir_number="IR5000002", last_name="WAŁĘSA", first_name="Łukasz", middle_name="",
               court_case_number="2005 CM 2", arresting_agency="IL0849700", sex="", race=""),
        charge(**sangamon, ir_number="IR5000003", last_name="NGUYỄN", first_name="THỊ ÁNH", middle_name="",
               court_case_number="2005-CM-3", offense_description="POSS CANNABIS – ễ “quoted”"),
        charge(**sangamon, ir_number="IR5000004", last_name="O'BRIEN-SMITH", first_name="MARY-KATE",
               middle_name="D'ARCY", court_case_number="2005 CM 4", arresting_agency="IL9999999"),
        charge(**sangamon, ir_number="IR5000005", last_name="WOLFESCHLEGELSTEINHAUSENBERGERDORFF" * 2,
               first_name="HUBERT BLAINE ALEXANDER CHRISTOPHER", middle_name="MAXIMILIAN",
               court_case_number="2005CM5", statute="720 ILCS 550/4(c)(1)(A)(ii)(aa)(bbb)",
               offense_description=LONG, arresting_agency="THE POLICE DEPARTMENT OF A VERY LONG NAMED VILLAGE"),
        *[charge(**sangamon, ir_number="IR5000006", last_name="MANY", first_name="CHARGES",
                 court_case_number="2005 CF 6", dcn=f"M{n:09d}", charge_number=str(n),
                 offense_description=f"POSS CANNABIS COUNT {n}") for n in range(1, 61)],
        charge(**sangamon, ir_number="IR5000007", last_name="SHARES", first_name="ONE CASE",
               court_case_number="2005 CM 7"),
        charge(**sangamon, ir_number="IR5000008", last_name="SHARES", first_name="THE SAME CASE",
               court_case_number="2005-cm-7"),
        charge(**sangamon, ir_number="IR5000009", last_name="DECOMPOSED", first_name="NGUYE\u0302\u0303N",
               court_case_number="2005 CM 9"),
        charge(**sangamon, ir_number="IR5000010", last_name="UNREADABLE", first_name="STATUTE",
               court_case_number="2005 CM 10", statute="720 ILCS 550/4(c)   (PARAGRAPH C, SUBPARAGRAPH 1)"),
    ]


def hard_results() -> list[Result]:
    return decide_all(hard_records(), SETTINGS)


def bundle(results, tmp_path: Path, settings: OfficeSettings = SETTINGS, county: str = "SANGAMON",
           prerendered: bool = True, name: str = "bundle.zip") -> BundleReport:
    """A signed bundle of results, its orders rendered as the evaluators render them."""
    orders = None
    if prerendered:
        orders = [(o.name, o.pdf) for o in render_chunk_orders(results, settings, created=CREATED)
                  if o.county == county]
    return write_bundle(iter(results), info(county, settings), tmp_path / name, SIGNER, orders=orders)


def generated_results(rows: int, seed: int, tmp_path: Path, settings: OfficeSettings = SETTINGS) -> list[Result]:
    """A generated ISP file decided as `relief evaluate` decides it."""
    source = tmp_path / f"generated-{seed}.csv"
    with open(source, "w", encoding="utf-8", newline="") as stream:
        generate(rows, seed, stream)
    output = io.StringIO(newline="")
    evaluate_file(source, output, settings, AS_OF)
    import csv

    reader = csv.reader(io.StringIO(output.getvalue(), newline=""))
    next(reader)
    return [result_from_cells(cells) for cells in reader]


def bundles_by_county(results, tmp_path: Path, settings: OfficeSettings = SETTINGS) -> dict[str, BundleReport]:
    """One bundle per county, as the assembler makes them."""
    counties: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        counties[bundle_county(result.county)].append(result)
    return {county: bundle(rows, tmp_path, settings, county, name=f"{county.lower().replace(' ', '-')}.zip")
            for county, rows in counties.items()}


def pdf_text(data: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def rewrite_zip(source, target, change=None, add=(), drop=()):
    """Copy a zip, with entries dropped, changed (name -> bytes) or added ((name, bytes) pairs)."""
    change = change or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info_ in old.infolist():
            if info_.filename in drop:
                continue
            new.writestr(info_.filename, change.get(info_.filename, old.read(info_)))
        for name, data in add:
            new.writestr(name, data)
    return target
