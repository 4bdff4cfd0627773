"""What the court sees is what was decided: every PDF of a bundle is read back (pypdf) and compared,
field by field, with the bundle's own results.csv.

The expected value of each printed field is stated here, from the results.csv columns, without the
documents package's own cell functions: a field put in the wrong column, a row's value shown on
another row (the pickled spool read back with one memo did that), a cut or changed value, a count
that is not the data's, all fail here. Bundles: generated files (several seeds), hand-made hard
cases (letters outside Latin-1, apostrophes, hyphens, very long fields, a case with sixty charges,
two people in one case), one conviction, and more than 5,000.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter

import pytest

from relief.documents.readback import body, index_of, labelled, numbered, read_pages, table, text_of
from relief.intake.illinois import agency_name
from relief.law.cases import compact_key
from relief.law.dates import read_date
from relief.law.offense_classes import OffenseClass, normalise_class
from tests.charges import charge, decide_all
from tests.documents.bundle_helpers import (
    LONG,
    SETTINGS,
    bundle,
    bundles_by_county,
    generated_results,
    hard_results,
)

# --- what each printed field must be, from results.csv --------------------------------------------

SUMMARY_SECTIONS = ("Doubts to settle in review.csv", "Automatic expungements by deadline (nothing to file)",
                    "Cannabis charges by offense year (dark: convictions in the motion)", "About this bundle")
CLASSES = {OffenseClass.MISD_A: "Misd A", OffenseClass.MISD_B: "Misd B", OffenseClass.MISD_C: "Misd C",
           OffenseClass.MISD: "Misd", OffenseClass.FEL_4: "Fel 4", OffenseClass.FEL_3: "Fel 3",
           OffenseClass.FEL_2: "Fel 2", OffenseClass.FEL_1: "Fel 1", OffenseClass.FEL_X: "Fel X",
           OffenseClass.FEL: "Fel"}


def written(value: str) -> str:
    """A value as written (the csv's formula guard taken off), trimmed, line breaks as spaces."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]
    return re.sub(r"[\x00-\x1f\x7f]", " ", unicodedata.normalize("NFC", value)).strip()


def iso(value: str) -> str:
    day, _ = read_date(value)
    return day.isoformat() if day else written(value)


def name(row: dict) -> str:
    given = " ".join(p for p in (written(row["first_name"]), written(row["middle_name"])) if p)
    return f"{written(row['last_name'])}, {given}" if given else written(row["last_name"])


def agency(row: dict) -> str:
    raw = written(row["arresting_agency"])
    named = written(row["arresting_agency_name"])
    assert named == (agency_name(raw) if raw else ""), "results.csv names the agency as the ORI table does"
    return f"{named} ({raw})" if named != raw else raw


def offense_class(row: dict) -> str:
    return CLASSES.get(normalise_class(row["offense_class"]), written(row["offense_class"]))


EXHIBIT = {
    "No.": lambda n, row: str(n),
    "Name": lambda n, row: name(row),
    "Date of\nbirth": lambda n, row: iso(row["date_of_birth"]),
    "IR number": lambda n, row: written(row["ir_number"]),
    "Court case\nnumber": lambda n, row: written(row["court_case_number"]),
    "DCN": lambda n, row: written(row["dcn"]),
    "Arrest\ndate": lambda n, row: iso(row["arrest_date"]),
    "Arresting\nagency": lambda n, row: agency(row),
    "Statute": lambda n, row: written(row["statute"]),
    "Description": lambda n, row: written(row["offense_description"]),
    "Class": lambda n, row: offense_class(row),
    "Disposition\ndate": lambda n, row: iso(row["disposition_date"]),
    "Age\nnow": lambda n, row: written(row["age_now"]),
    "Age at\noffense": lambda n, row: written(row["age_at_offense"]),
    "Years since\nconviction": lambda n, row: written(row["years_since_conviction"]),
}
CHARGES = {
    "No.": lambda n, row: str(n),
    "Count": lambda n, row: written(row["charge_number"]),
    "DCN": lambda n, row: written(row["dcn"]),
    "Arrest\ndate": lambda n, row: iso(row["arrest_date"]),
    "Arresting\nagency": lambda n, row: agency(row),
    "Statute as\nwritten": lambda n, row: written(row["statute"]),
    "Statute": lambda n, row: written(row["statute_canonical"]),
    "Description": lambda n, row: written(row["offense_description"]),
    "Class": lambda n, row: offense_class(row),
    "Disposition": lambda n, row: written(row["disposition"]),
    "Disposition\ndate": lambda n, row: iso(row["disposition_date"]),
}


def results_csv(archive: zipfile.ZipFile) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read("results.csv").decode("utf-8"), newline="")))


def check_bundle(path) -> dict[str, int]:
    """Read back every PDF of a bundle and compare it with its results.csv; what was checked."""
    with zipfile.ZipFile(path) as archive:
        rows = results_csv(archive)
        motion = [row for row in rows if row["decision"] == "motion"]
        names = archive.namelist()
        orders = {}
        for row in motion:
            orders.setdefault((compact_key(row["court_case_number"]), compact_key(row["ir_number"])), []).append(row)
        order_files = sorted(n for n in names if n.startswith("orders/"))
        assert len(order_files) == len(orders), "one order per person per court case, and no other"
        assert all("order" in n.rsplit("/", 1)[-1] for n in order_files)
        if motion:
            check_motion(archive.read("motion.pdf"), motion, len(orders))
        else:
            assert "motion.pdf" not in names
        for order_file in order_files:
            check_order(archive.read(order_file), orders)
        check_summary(archive.read("summary.pdf"), rows, len(orders))
    return {"exhibit": len(motion), "orders": len(orders)}


def check_motion(pdf: bytes, motion: list[dict], orders: int) -> None:
    text = body(read_pages(pdf))
    people = len({written(row["ir_number"]) for row in motion})
    stated = text_of(text[: index_of(text, "NOTICE OF MOTION", bold=True)])
    convictions = "conviction" if len(motion) == 1 else "convictions"
    assert f"the {len(motion):,} cannabis {convictions} of {people:,} {'person' if people == 1 else 'people'} " \
           f"listed in Exhibit A" in stated
    assert f"{orders:,} proposed order{'' if orders == 1 else 's'}, one for each person in each court case" in stated
    exhibit = table(text[index_of(text, "EXHIBIT A \u2014 the convictions the People move to vacate and expunge",
                                  bold=True):], list(EXHIBIT))
    assert len(exhibit) == len(motion), "one Exhibit A line per conviction"
    for number, (line, row) in enumerate(zip(exhibit, motion, strict=True), start=1):
        expected = tuple(field(number, row) for field in EXHIBIT.values())
        assert line.cells == expected, (number, row["row_number"])
    served = numbered(text[index_of(text, "CERTIFICATE OF SERVICE", bold=True):])
    assert served[0] == "Illinois State Police, Bureau of Identification"
    assert set(served[1:]) == {agency(row) for row in motion if written(row["arresting_agency"])}


def check_order(pdf: bytes, orders: dict) -> None:
    text = body(read_pages(pdf))
    fields = dict(labelled(text[index_of(text, "The defendant:"):index_of(text, "The convictions vacated and "
                                                                                  "expunged by this order:")],
                           ("Name", "Date of birth", "Sex", "Race", "IR number")))
    title = text[index_of(text, "ORDER TO VACATE AND EXPUNGE CANNABIS CONVICTIONS", bold=True)]
    caption = [f for f in text if f.page == 1 and f.y < title.y and not f.bold and f.text != ")"]
    case = text_of([f for f in caption if f.x > 122]).removeprefix("Case No. ")
    charges = orders[(compact_key(case), compact_key(fields["IR number"]))]
    first = charges[0]
    assert case == written(first["court_case_number"])
    parties = text_of([f for f in caption if f.x < 118])
    assert parties == f"THE PEOPLE OF THE STATE OF ILLINOIS,Plaintiff,v.{name(first)},Defendant."
    expected_fields = {"Name": name(first), "Date of birth": iso(first["date_of_birth"]),
                       "Sex": written(first["sex"]), "Race": written(first["race"]),
                       "IR number": written(first["ir_number"])}
    assert fields == {k: v for k, v in expected_fields.items() if v or k in ("Name", "Date of birth", "IR number")}
    lines = table(text[index_of(text, "The convictions vacated and expunged by this order:"):], list(CHARGES),
                  stop=lambda f: f.text == "IT IS HEREBY ORDERED:")
    assert [line.cells for line in lines] == [tuple(field(n, row) for field in CHARGES.values())
                                               for n, row in enumerate(charges, start=1)]
    ordered = " ".join(numbered(text[index_of(text, "IT IS HEREBY ORDERED:"):]))
    for row in charges:
        if written(row["arresting_agency"]):
            assert agency(row) in ordered
    assert "within 60 days" in ordered and "VACATED" in ordered and "EXPUNGED" in ordered


def check_summary(pdf: bytes, rows: list[dict], orders: int) -> None:
    text = body(read_pages(pdf))
    decided = Counter(row["decision"] for row in rows)
    motion = [row for row in rows if row["decision"] == "motion"]
    stated = dict(labelled(text[: index_of(text, "What was decided")],
                           ("People", "Charges", "Convictions in the motion", "People in the motion",
                            "Proposed orders")))
    assert stated == {"People": f"{len({written(r['ir_number']) for r in rows}):,}", "Charges": f"{len(rows):,}",
                      "Convictions in the motion": f"{decided['motion']:,}",
                      "People in the motion": f"{len({written(r['ir_number']) for r in motion}):,}",
                      "Proposed orders": f"{orders:,}"}
    lines = table(text[index_of(text, "What was decided"):], ["Decision", "Charges", "What it means",
                                                              "What to do next"],
                  stop=lambda f: f.bold and f.text in SUMMARY_SECTIONS)
    assert {line.cells[0]: line.cells[1] for line in lines} == {
        d: f"{decided[d]:,}" for d in ("motion", "automatic", "review", "ineligible", "not_cannabis")}


# --- the bundles -----------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_bundle_of_a_generated_file_says_what_was_decided(tmp_path, seed):
    results = generated_results(2_500, seed, tmp_path)
    checked = Counter()
    for report in bundles_by_county(results, tmp_path).values():
        checked.update(check_bundle(report.path))
    assert checked["exhibit"] > 100 and checked["orders"] > 50


def test_hard_names_and_long_fields_print_exactly_as_written(tmp_path):
    report = bundle(hard_results(), tmp_path)
    assert check_bundle(report.path) == {"exhibit": report.motion, "orders": report.orders}
    with zipfile.ZipFile(report.path) as archive:
        text = body(read_pages(archive.read("motion.pdf")))
    lines = table(text[index_of(text, "EXHIBIT A \u2014 the convictions the People move to vacate and expunge"):],
                  list(EXHIBIT))
    printed = {cell for line in lines for cell in line.cells}
    for value in ("MUÑOZ, JOSÉ ÑANDÚ", "WAŁĘSA, Łukasz", "NGUYỄN, THỊ ÁNH", "O'BRIEN-SMITH, MARY-KATE D'ARCY",
                  "POSS CANNABIS – ễ “quoted”", "WOLFESCHLEGELSTEINHAUSENBERGERDORFF" * 2
                  + ", HUBERT BLAINE ALEXANDER CHRISTOPHER MAXIMILIAN", LONG.strip(),
                  "720 ILCS 550/4(c)(1)(A)(ii)(aa)(bbb)", "THE POLICE DEPARTMENT OF A VERY LONG NAMED VILLAGE",
                  "Auburn Police Department (IL0840300)", "Illinois State Police (IL0849700)", "IL9999999",
                  "DECOMPOSED, NGUYỄN Q"):
        assert value in printed, value
    assert not any("\ufffd" in cell or "~" in cell for cell in printed)


def test_one_conviction_makes_a_motion_for_one_conviction_of_one_person(tmp_path):
    report = bundle(decide_all([charge(county="SANGAMON")], SETTINGS), tmp_path)
    assert check_bundle(report.path) == {"exhibit": 1, "orders": 1}


def test_more_than_five_thousand_convictions(tmp_path):
    """5,004 convictions of 417 people, twelve charges to a case: Exhibit A runs to hundreds of pages."""
    records = [charge(county="SANGAMON", ir_number=f"IR{7000000 + n // 12}", last_name=f"BIG{n // 12:04d}",
                      court_case_number=f"1999CM{n // 12:06d}", dcn=f"B{n:09d}", charge_number=str(n % 12 + 1),
                      offense_class="AB"[n % 2], date_of_birth=f"19{50 + n % 40}-0{1 + n % 9}-1{n % 10}")
               for n in range(5_004)]
    results = decide_all(records, SETTINGS)
    assert sum(r.decision == "motion" for r in results) == 5_004
    report = bundle(results, tmp_path, prerendered=False)
    assert check_bundle(report.path) == {"exhibit": 5_004, "orders": 417}
