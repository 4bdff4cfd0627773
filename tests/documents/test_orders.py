"""Proposed orders: one per court case, listing that case's `motion` charges, directing the clerk,
the Illinois State Police and the arresting agency, with a line for the judge."""

from __future__ import annotations

import pytest

from relief.documents.layout import latin1
from relief.documents.orders import NO_CASE_NUMBER, group_orders, order_file_name, render_chunk_orders, render_order
from tests.documents.bundle_helpers import SETTINGS, county_charges, pdf_text


@pytest.mark.parametrize("case_number, file_name", [
    ("2011CR001234", "2011CR001234.pdf"),
    ("16 C 282312", "16-C-282312.pdf"),
    ("2011/CR/1", "2011-CR-1.pdf"),
    ("../../etc/passwd", "etc-passwd.pdf"),
    ("C:\\cases\\x", "C-cases-x.pdf"),
    ("", f"{NO_CASE_NUMBER}.pdf"),
    ("   ", f"{NO_CASE_NUMBER}.pdf"),
    ("../..", f"{NO_CASE_NUMBER}.pdf"),
    ("2011-CR-Ü1", "2011-CR-Ü1.pdf".replace("Ü", "-")),
])
def test_case_numbers_become_safe_file_names(case_number, file_name):
    assert order_file_name(case_number) == file_name


@pytest.mark.parametrize("text, shown", [
    ("JOSÉ", "JOSÉ"),  # latin-1 has it
    ("ŁUKASZ", "LUKASZ"),  # not in latin-1: the accent is dropped
    ("NGUYỄN", "NGUYEN"),
    ("O’BRIEN", "O'BRIEN"),
    ("名前", "??"),
    ("A\tB\nC", "A B C"),
])
def test_text_is_made_latin1_for_the_core_fonts(text, shown):
    assert latin1(text) == shown


def test_one_order_per_case_with_only_motion_charges():
    results = county_charges(people=2)
    orders = group_orders(results)
    assert [o.case_number for o in orders] == ["2010CM00000", "2012 CF 00000", "2010CM00001", "2012 CF 00001",
                                               "2009CM99999"]
    assert [len(o.results) for o in orders] == [2, 1, 2, 1, 1]
    assert all(r.decision == "motion" for o in orders for r in o.results)
    assert orders[1].file_name == "2012CF00000.pdf"


def test_case_numbers_differing_only_in_spacing_or_letter_case_are_one_case():
    first, second = [r for r in county_charges(people=1) if r.court_case_number == "2010CM00000"]
    orders = group_orders([first, second._replace(court_case_number=" 2010cm00000 ")])
    assert len(orders) == 1 and len(orders[0].results) == 2


def test_an_order_names_the_case_the_person_the_charges_and_who_must_expunge():
    results = county_charges(people=1)
    case = [r for r in results if r.court_case_number == "2012 CF 00000" and r.decision == "motion"]
    pages = pdf_text(render_order(case, SETTINGS, "SANGAMON"))
    text = "\n".join(pages)
    for expected in ("IN THE CIRCUIT COURT OF SANGAMON COUNTY, ILLINOIS", "THE PEOPLE OF THE STATE OF ILLINOIS",
                     "ORDER TO VACATE AND EXPUNGE", "Case No. 2012 CF 00000", "PERSON0000, ALEX Q",
                     "IR number IR2000000", "D00000B", "720 ILCS 550/4(d)", "VACATED", "EXPUNGED",
                     "The Clerk of the Circuit Court of Sangamon County shall expunge",
                     "The Illinois State Police shall expunge", "SPRINGFIELD PD, shall expunge",
                     "ENTERED:", "Judge", "Date:", "Jane Q. Prosecutor", "ARDC No. 6301234"):
        assert expected in text, expected
    assert f"page 1 of {len(pages)}" in pages[0]


def test_charges_without_a_case_number_go_in_a_clearly_named_order():
    motion = next(r for r in county_charges(people=1) if r.decision == "motion")
    loose = motion._replace(court_case_number="")
    [order] = group_orders([loose])
    assert order.file_name == "NO-CASE-NUMBER.pdf"
    assert "Case No. (none in the record)" in pdf_text(render_order(order.results, SETTINGS, "SANGAMON"))[0]


def test_an_order_needs_a_charge():
    with pytest.raises(ValueError):
        render_order([], SETTINGS, "SANGAMON")


def test_a_chunk_renders_its_orders_by_county():
    results = county_charges(people=1)
    elsewhere = [r._replace(county="WILL") for r in results if r.court_case_number == "2010CM00000"]
    rendered = list(render_chunk_orders(results + elsewhere, SETTINGS))
    assert [(o.county, o.name) for o in rendered] == [
        ("SANGAMON", "2010CM00000.pdf"), ("SANGAMON", "2012CF00000.pdf"), ("SANGAMON", "2009CM99999.pdf"),
        ("WILL", "2010CM00000.pdf")]
    assert all(o.pdf.startswith(b"%PDF") for o in rendered)
    assert "WILL COUNTY" in pdf_text(rendered[-1].pdf)[0]


def test_many_charges_in_one_case_run_onto_more_pages_with_headings_repeated():
    motion = next(r for r in county_charges(people=1) if r.decision == "motion")
    case = [motion._replace(row_number=n, dcn=f"DCN{n:04d}") for n in range(1, 90)]
    pages = pdf_text(render_order(case, SETTINGS, "SANGAMON"))
    assert len(pages) > 1
    assert all(f"page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert all("DCN0089" in "".join(pages) and "Statute" in page for page in pages[:2])
