"""Proposed orders: one for each person in each court case, "THE PEOPLE OF THE STATE OF ILLINOIS v.
<DEFENDANT>", listing that person's charges in the case with every field, directing the State
Police, the arresting agencies and the clerk, with lines for the judge."""

from __future__ import annotations

import pytest

from relief.documents.courts import court_of
from relief.documents.orders import (
    CHARGE_COLUMNS,
    ORDERED,
    group_orders,
    order_file_name,
    render_chunk_orders,
    render_order,
)
from relief.documents.readback import body, read_pages, table
from tests.charges import charge, decide_all
from tests.documents.bundle_helpers import CREATED, SETTINGS, county_charges, pdf_text

SANGAMON = court_of("SANGAMON", SETTINGS)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.split()) for page in pdf_text(pdf))


@pytest.mark.parametrize("case_number, file_name", [
    ("2011CR001234", "order-2011CR001234-C1.pdf"),
    ("16 C 282312", "order-16C282312-C1.pdf"),
    ("2011/cr/1", "order-2011CR1-C1.pdf"),
    ("../../etc/passwd", "order-ETCPASSWD-C1.pdf"),
    ("C:\\cases\\x", "order-C-CASESX-C1.pdf"),  # a backslash separates as a slash does
    ("", "order-NO-CASE-NUMBER-C1.pdf"),
    ("2011-CR-Ü1", "order-2011CR-1-C1.pdf"),
])
def test_order_file_names_are_safe_stable_and_name_the_case(case_number, file_name):
    [result] = decide_all([charge(court_case_number=case_number)])
    assert order_file_name(result._replace(charge_id="C1")) == file_name


def test_one_order_per_person_per_case_with_only_motion_charges():
    orders = group_orders(county_charges(people=2))
    assert [(o.case_number, len(o.results)) for o in orders] == [
        ("2010CM00000", 2), ("2012 CF 00000", 1), ("2010CM00001", 2), ("2012 CF 00001", 1), ("2009CM99999", 1)]
    assert all(r.decision == "motion" for o in orders for r in o.results)


def test_two_people_sharing_a_case_number_get_two_orders():
    results = decide_all([charge(ir_number="IR1", county="SANGAMON", court_case_number="2011 CM 7"),
                          charge(ir_number="IR2", county="SANGAMON", court_case_number="2011-cm-7", last_name="DOE"),
                          charge(ir_number="IR1", county="SANGAMON", court_case_number="2011CM7", dcn="D2")],
                         SETTINGS)
    orders = list(render_chunk_orders(results, SETTINGS))
    assert [o.name for o in orders] == [f"order-2011CM7-{results[0].charge_id}.pdf",
                                        f"order-2011CM7-{results[1].charge_id}.pdf"]
    assert "SMITH, JOHN Q, )" in _text(orders[0].pdf)
    assert "DOE, JOHN Q, )" in _text(orders[1].pdf)
    assert "DOE" not in _text(orders[0].pdf)


def test_an_order_names_the_court_the_case_the_person_every_charge_and_who_must_do_what():
    [result] = decide_all([charge(county="SANGAMON", court_case_number="2012 CF 7", arresting_agency="IL0840300",
                                  sex="F", race="B", charge_number="3")], SETTINGS)
    pdf = render_order([result], SETTINGS, SANGAMON)
    text = _text(pdf)
    [line] = table(body(read_pages(pdf)), [c.title for c in CHARGE_COLUMNS], stop=lambda f: f.text == ORDERED)
    assert line.cells == ("1", "3", "L123456789", "2011-03-15", "Auburn Police Department (IL0840300)",
                          "720 ILCS 550/4(c)", "720 ILCS 550/4(c)", "POSS CANNABIS 10-30 GRAMS", "Misd A", "GUILTY",
                          "2011-06-01")
    for expected in ("IN THE CIRCUIT COURT OF THE 7TH JUDICIAL CIRCUIT SANGAMON COUNTY, ILLINOIS",
                     "THE PEOPLE OF THE STATE OF ILLINOIS, ) Plaintiff,", "v.", "SMITH, JOHN Q, )", "Defendant.",
                     "Case No. 2012 CF 7", "ORDER TO VACATE AND EXPUNGE CANNABIS CONVICTIONS",
                     "Name SMITH, JOHN Q", "Date of birth 1980-06-15", "Sex F", "Race B", "IR number IR1000001",
                     "The convictions listed above are VACATED.", "EXPUNGED under 20 ILCS 2630/5.2(i)",
                     "The Illinois State Police and each arresting agency named above (Auburn Police Department "
                     "(IL0840300)) shall expunge their records", "within 60 days of service of this order",
                     "The Clerk of the Circuit Court of Sangamon County shall, within 60 days of the entry of this "
                     "order, impound the court file",
                     "shall notify the defendant of this order", "ENTERED:", "Judge", "Judge's No.", "Dated:",
                     "Order prepared by:", "Jane Q. Prosecutor", "ARDC No. 6301234"):
        assert expected in text, expected


def test_sex_and_race_are_printed_where_the_file_has_them():
    [result] = decide_all([charge(county="SANGAMON", sex="", race="")], SETTINGS)
    text = _text(render_order([result], SETTINGS, SANGAMON))
    assert "Sex" not in text and "Race" not in text and "Date of birth" in text


def test_cook_county_orders_are_captioned_for_the_criminal_division():
    [result] = decide_all([charge(county="COOK")], SETTINGS)
    text = _text(render_order([result], SETTINGS, court_of("COOK", SETTINGS)))
    assert "IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS COUNTY DEPARTMENT, CRIMINAL DIVISION" in text
    assert "Clerk of the Circuit Court of Cook County" in text


def test_a_chunk_renders_its_orders_by_county_and_none_where_the_county_is_unknown():
    results = decide_all([charge(county="SANGAMON", ir_number="IR1"), charge(county="St Clair", ir_number="IR2"),
                          charge(county="NOWHERE", ir_number="IR3")], SETTINGS)
    rendered = list(render_chunk_orders(results, SETTINGS))
    assert [(o.county, o.name) for o in rendered] == [("SANGAMON", f"order-2011CR001234-{results[0].charge_id}.pdf"),
                                                      ("ST. CLAIR", f"order-2011CR001234-{results[1].charge_id}.pdf")]
    assert "IN THE CIRCUIT COURT OF THE 20TH JUDICIAL CIRCUIT ST. CLAIR COUNTY, ILLINOIS" in _text(rendered[1].pdf)


def test_many_charges_run_onto_more_pages_with_headings_repeated_and_the_judge_signs_under_the_order():
    [first] = decide_all([charge(county="SANGAMON")], SETTINGS)
    case = [first._replace(row_number=n, dcn=f"DCN{n:04d}") for n in range(1, 90)]
    pages = pdf_text(render_order(case, SETTINGS, SANGAMON))
    assert len(pages) > 2
    assert all(f"page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert all("Statute as" in page for page in pages if "DCN00" in page)
    judged = next(page for page in pages if "ENTERED:" in page)
    assert "IT IS HEREBY ORDERED" in judged and "Order prepared by" in judged


def test_an_order_needs_a_charge():
    with pytest.raises(ValueError):
        render_order([], SETTINGS, SANGAMON)


def test_the_same_order_renders_to_the_same_bytes():
    results = county_charges(people=1)
    first = [o.pdf for o in render_chunk_orders(results, SETTINGS, created=CREATED)]
    assert first == [o.pdf for o in render_chunk_orders(results, SETTINGS, created=CREATED)]
