"""Proposed orders to vacate and expunge: one per court case, listing that case's `motion` charges.

Rendering one order takes a few milliseconds, so for a county with a hundred thousand cases it is
done where the work is already parallel: each evaluator renders its chunk's orders
(`render_chunk_orders`), and the assembler copies them into the bundle. A chunk holds every charge
of its people, so a case's charges are all in one chunk; should two chunks still name the same case
(two people on one case number), the bundle keeps both, the second under a suffixed name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from ..evaluation.results import Result
from ..law.cases import CourtCase, court_case
from ..law.decisions import Authority, Decision
from ..settings import OfficeSettings
from .layout import Column, Document, county_title, court_class, court_date, full_name, latin1

NO_CASE_NUMBER = "NO-CASE-NUMBER"  # the file for charges that have no court case number
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 80

CHARGE_COLUMNS = (
    Column("DCN", 20),
    Column("Statute", 30),
    Column("Offense", 44),
    Column("Class", 16),
    Column("Offense\ndate", 17),
    Column("Disposition\ndate", 19),
    Column("Arresting\nagency", 30),
)  # 176 mm: a portrait letter page less its margins


def order_file_name(case_number: str) -> str:
    """A safe file name (no folder) for a case's order: letters, digits, '.', '_' and '-' only.
    Letter case is kept; `case_file_name` gives the name a result's case is filed under."""
    name = _UNSAFE.sub("-", latin1(case_number).strip()).strip(".-")[:_MAX_NAME].strip(".-")
    return f"{name or NO_CASE_NUMBER}.pdf"


def case_of(result: Result) -> CourtCase | None:
    return court_case(result.county, result.court_case_number)


def case_file_name(result: Result) -> str:
    """The file name of the order a `motion` result belongs in: 'orders/<this>'."""
    case = case_of(result)
    return order_file_name(case.number if case else "")


@dataclass(frozen=True, slots=True)
class CaseOrder:
    county: str
    case_number: str  # as first written in the record; empty when the charges have none
    results: tuple[Result, ...]

    @property
    def file_name(self) -> str:
        case = court_case(self.county, self.case_number)
        return order_file_name(case.number if case else "")


def group_orders(results: Iterable[Result]) -> list[CaseOrder]:
    """The `motion` results grouped into one order per (county, court case number), in the order each
    case first appears; the charges of a case stay in row order."""
    cases: dict[CourtCase | None, list[Result]] = {}
    for result in results:
        if result.decision == Decision.MOTION.value:
            cases.setdefault(case_of(result), []).append(result)
    return [CaseOrder(charges[0].county, charges[0].court_case_number.strip(), tuple(charges))
            for charges in cases.values()]


class RenderedOrder(NamedTuple):
    county: str
    name: str  # file name inside orders/
    pdf: bytes


def render_chunk_orders(results: Iterable[Result], settings: OfficeSettings,
                        created: datetime | None = None) -> Iterator[RenderedOrder]:
    """Every order of a chunk's results, rendered: what an evaluator stores beside its result part."""
    for order in group_orders(results):
        yield RenderedOrder(order.county, order.file_name,
                            render_order(order.results, settings, order.county, created=created))


def render_order(case_results: Sequence[Result], settings: OfficeSettings, county: str,
                 created: datetime | None = None) -> bytes:
    """The proposed order to vacate and expunge for one court case, as PDF bytes."""
    if not case_results:
        raise ValueError("an order needs at least one charge")
    case_number = case_results[0].court_case_number.strip()
    pdf = Document(footer_label=f"Order, case {case_number or 'without a number'}", created=created)
    pdf.set_title(f"Order to vacate and expunge, case {case_number}")
    pdf.add_page()
    pdf.caption(county, "ORDER TO VACATE AND EXPUNGE\n(20 ILCS 2630/5.2(i))",
                right_lines=(f"Case No. {case_number}" if case_number else "Case No. (none in the record)",))
    people: dict[str, list[Result]] = {}
    for result in case_results:
        people.setdefault(result.ir_number, []).append(result)
    agencies = sorted({latin1(r.arresting_agency).strip() for r in case_results if r.arresting_agency.strip()})
    county_name = county_title(county).title()

    pdf.paragraph(
        f"This cause coming before the Court on the People's motion to vacate and expunge under "
        f"{Authority.MOTION}, the Court having considered the reasons to retain the records provided by law "
        f"enforcement, the petitioner's age, the petitioner's age at the time of the offense, the time since "
        f"the conviction and the specific adverse consequences if denied, and being fully advised, "
        f"THE COURT FINDS that each conviction listed below is for a misdemeanor or Class 4 felony violation "
        f"of Section 4 or 5 of the Cannabis Control Act ({Authority.SECTION_4}, {Authority.SECTION_5}) "
        f"committed before June 25, 2019.", size=11)
    for ir_number, charges in people.items():
        first = charges[0]
        pdf.keep_together(30)
        pdf.set_font("Times", "B", 12)
        pdf.cell(0, 6, latin1(f"{full_name(first.last_name, first.first_name, first.middle_name)}, "
                              f"born {court_date(first.date_of_birth) or 'date unknown'}, IR number {ir_number}"),
                 new_x="LMARGIN", new_y="NEXT")
        pdf.start_table(CHARGE_COLUMNS, size=8, new_page=False)
        for r in charges:
            pdf.row((r.dcn, r.statute, r.offense_description, court_class(r.offense_class), court_date(r.offense_date),
                     court_date(r.disposition_date),
                     r.arresting_agency))
        pdf.end_table()
        pdf.ln(3)

    pdf.keep_together(60)
    pdf.paragraph("IT IS HEREBY ORDERED:", style="B", size=11, indent=False)
    directions = [
        "The convictions listed above are VACATED.",
        "The records of the arrests, charges and convictions listed above are EXPUNGED.",
        f"The Clerk of the Circuit Court of {county_name} shall expunge the court records of the charges listed "
        f"above and shall send a copy of this order to the Illinois State Police and to each arresting agency.",
        "The Illinois State Police shall expunge its records of the arrests, charges and convictions listed "
        "above and shall notify the arresting agencies as the law requires.",
        ("The arresting agenc" + ("ies, " if len(agencies) > 1 else "y, ") + "; ".join(agencies) + ", shall "
         "expunge its records of the arrests listed above.") if agencies else
        "Each arresting agency shall expunge its records of the arrests listed above.",
    ]
    pdf.numbered(directions, size=11)
    pdf.ln(4)
    pdf.set_font("Times", size=11)
    pdf.cell(95, 7, "ENTERED: ________________________")
    pdf.cell(0, 7, "Date: ____________________", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(95, 7, "                  Judge")
    pdf.cell(0, 7, "Judge's No. ______________", new_x="LMARGIN", new_y="NEXT")
    pdf.signature_block(settings.office_name, settings.signature, lead="Prepared by:", size=10)
    return pdf.to_bytes()
