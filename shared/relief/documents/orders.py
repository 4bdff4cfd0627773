"""Proposed orders to vacate and expunge: one for each person in each court case, captioned "THE PEOPLE
OF THE STATE OF ILLINOIS v. <DEFENDANT>", listing that person's `motion` charges in the case.

The clerk files an order in its case and the State Police match it to one person, so two people
sharing a case number get two orders. Rendering one takes well under a millisecond of work that
grows with a county, so a large county's orders are rendered where the work is parallel: each
volume's assembler renders its own (pipeline/volume_bundles.py; a volume holds every charge of its
people in the county, so each order is whole in one volume). `render_chunk_orders` renders the
orders of any set of results that holds whole people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from ..evaluation.answers import reviewer_decided
from ..evaluation.results import Result
from ..law.cases import CourtCase, compact_key, court_case
from ..law.decisions import Authority, Decision
from ..settings import OfficeSettings
from .courts import Court, bundle_county, court_of
from .layout import (
    BODY,
    Column,
    Document,
    Field,
    agency_shown,
    court_class,
    court_date,
    full_name,
    line_height,
    shown,
)
from .plain_words import REVIEWED_LEGEND, numbered_line

ORDER_PREFIX = "order-"
NO_CASE_NUMBER = "NO-CASE-NUMBER"  # in the name of an order whose charges have no court case number
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_PART = 60

TITLE = ("ORDER TO VACATE AND EXPUNGE CANNABIS CONVICTIONS", "(20 ILCS 2630/5.2(i))")
ORDERED = "IT IS HEREBY ORDERED:"
DEFENDANT_HEADING = "The defendant:"
CHARGES_HEADING = "The convictions vacated and expunged by this order:"

# Labels of the defendant's block, in order; sex and race are printed where the record gives them.
NAME, BORN, SEX, RACE, IR = "Name", "Date of birth", "Sex", "Race", "IR number"

CHARGE_COLUMNS = (
    Column("No.", 6.5),
    Column("Count", 9),
    Column("DCN", 17),
    Column("Arrest\ndate", 15),
    Column("Arresting\nagency", 23.5),
    Column("Statute as\nwritten", 20),
    Column("Statute", 20),
    Column("Description", 24),
    Column("Class", 10),
    Column("Disposition", 15.9),
    Column("Disposition\ndate", 15),
)  # 175.9 mm: a portrait letter page less its margins
TABLE_SIZE = 6.5
ORDER_SIZE = BODY - 0.5  # an order's text: a little smaller than the motion's, so most fit one page


def charge_cells(number: int, result: Result) -> tuple[str, ...]:
    """One charge's line in an order, column by column (CHARGE_COLUMNS)."""
    return (numbered_line(number, result), shown(result.charge_number), shown(result.dcn),
            court_date(result.arrest_date),
            agency_shown(result.arresting_agency, result.arresting_agency_name), shown(result.statute),
            shown(result.statute_canonical), shown(result.offense_description), court_class(result.offense_class),
            shown(result.disposition), court_date(result.disposition_date))


def defendant_fields(result: Result) -> tuple[Field, ...]:
    """The defendant's block: name, date of birth, sex and race where the file has them, IR number."""
    fields = [Field(NAME, full_name(result.last_name, result.first_name, result.middle_name)),
              Field(BORN, court_date(result.date_of_birth))]
    if shown(result.sex):
        fields.append(Field(SEX, shown(result.sex)))
    if shown(result.race):
        fields.append(Field(RACE, shown(result.race)))
    fields.append(Field(IR, shown(result.ir_number)))
    return tuple(fields)


def _safe(text: str) -> str:
    return _UNSAFE.sub("-", text).strip("-")[:_MAX_PART].strip("-")


def order_file_name(first: Result) -> str:
    """'order-<case>-<charge id>.pdf': the case number as compared (law.cases.compact_key: '2012 CF 7'
    -> 2012CF7), made safe, and the stable charge_id of the person's first charge in the case. The
    same order always has the same name, two orders never one, and no name holds an IR number."""
    case = _safe(compact_key(first.court_case_number)) or NO_CASE_NUMBER
    return f"{ORDER_PREFIX}{case}-{_safe(first.charge_id) or 'row' + str(first.row_number)}.pdf"


class OrderKey(NamedTuple):
    """One order: one person in one court case."""

    case: CourtCase | None
    person: str  # the IR number as compared


def order_key(result: Result) -> OrderKey:
    return OrderKey(court_case(result.county, result.court_case_number), compact_key(result.ir_number))


@dataclass(frozen=True, slots=True)
class CaseOrder:
    county: str  # as bundle_county names it
    results: tuple[Result, ...]  # the person's `motion` charges in the case, in row order

    @property
    def case_number(self) -> str:
        """The case number as the record first writes it."""
        return shown(self.results[0].court_case_number)

    @property
    def file_name(self) -> str:
        return order_file_name(self.results[0])


def group_orders(results: Iterable[Result]) -> list[CaseOrder]:
    """The `motion` results grouped into one order per person per court case, in the order each
    first appears; a person's charges in a case stay in row order."""
    orders: dict[OrderKey, list[Result]] = {}
    for result in results:
        if result.final_decision == Decision.MOTION.value:
            orders.setdefault(order_key(result), []).append(result)
    return [CaseOrder(bundle_county(charges[0].county), tuple(charges)) for charges in orders.values()]


class RenderedOrder(NamedTuple):
    county: str  # as bundle_county names it
    name: str  # file name inside orders/
    pdf: bytes


def render_chunk_orders(results: Iterable[Result], settings: OfficeSettings,
                        created: datetime | None = None) -> Iterator[RenderedOrder]:
    """Every order of a chunk's results, rendered: what an evaluator stores beside its result part.
    Charges whose record names no Illinois county get none (their bundle holds no court paper)."""
    draft = bool(settings.missing_for_filing())
    for order in group_orders(results):
        court = court_of(order.county, settings)
        if court is not None:
            yield RenderedOrder(order.county, order.file_name,
                                render_order(order.results, settings, court, created=created, draft=draft))


def directions(court: Court, agencies: Sequence[str]) -> list[str]:
    named = f" ({'; '.join(agencies)})" if agencies else ""
    return [
        "The convictions listed above are VACATED.",
        f"The records of the arrests, charges and convictions listed above are EXPUNGED under {Authority.RELIEF}.",
        f"The Illinois State Police and each arresting agency named above{named} shall expunge their records "
        f"of these arrests, charges and convictions within 60 days of service of this order, and shall not "
        f"disseminate them.",
        f"{court.clerk[0].upper()}{court.clerk[1:]} shall, within 60 days of the entry of this order, impound "
        f"the court file of this case, remove the defendant's name from the public index, and serve a copy of "
        f"this order on the Illinois State Police and on each arresting agency named above.",
        f"{court.clerk[0].upper()}{court.clerk[1:]} shall notify the defendant of this order by sending a copy "
        f"to the defendant's last known address.",
    ]


def render_order(charges: Sequence[Result], settings: OfficeSettings, court: Court,
                 created: datetime | None = None, draft: bool = False) -> bytes:
    """The proposed order for one person's `motion` charges in one court case, as PDF bytes."""
    if not charges:
        raise ValueError("an order needs at least one charge")
    first = charges[0]
    case_number = shown(first.court_case_number)
    name = full_name(first.last_name, first.first_name, first.middle_name)
    pdf = Document(footer_label=f"Order, case {case_number or 'without a number'}", created=created, draft=draft,
                   size=ORDER_SIZE)
    pdf.set_title("Order to vacate and expunge cannabis convictions")
    pdf.new_page()
    pdf.caption(court.caption,
                ("THE PEOPLE OF THE STATE OF ILLINOIS,", "                Plaintiff,", "        v.",
                 f"{name},", "                Defendant."),
                (f"Case No. {case_number}" if case_number else "Case No. (none in the record)",), TITLE)
    pdf.paragraph(
        f"This cause coming before the Court on the motion of the People of the State of Illinois to vacate and "
        f"expunge cannabis convictions under {Authority.MOTION}, the Court having considered the reasons to retain "
        f"the records provided by law enforcement, the defendant's age, the defendant's age at the time of the "
        f"offense, the time since the conviction, and the specific adverse consequences if the motion is denied, "
        f"and being fully advised, THE COURT FINDS that each conviction listed below is for a misdemeanor or "
        f"Class 4 felony violation of Section 4 or 5 of the Cannabis Control Act ({Authority.SECTION_4}, "
        f"{Authority.SECTION_5}) committed before June 25, 2019."
        + (f" {REVIEWED_LEGEND}" if any(reviewer_decided(r) for r in charges) else ""))
    pdf.paragraph(DEFENDANT_HEADING, bold=True, first=0, after=1)
    pdf.fields(defendant_fields(first), indent=6, label_width=34)
    pdf.paragraph(CHARGES_HEADING, bold=True, first=0, after=1)
    table = pdf.start_table(CHARGE_COLUMNS, size=TABLE_SIZE)
    for number, result in enumerate(charges, start=1):
        table.row(charge_cells(number, result))
    pdf.end_table()

    agencies = list(dict.fromkeys(agency_shown(r.arresting_agency, r.arresting_agency_name) for r in charges
                                  if shown(r.arresting_agency)))
    # The directions, the judge's lines and who prepared the order stay on one page: a judge signs
    # under what is ordered, never on a page of their own.
    ordered = directions(court, agencies)
    prepared = preparer_lines(settings)
    pdf.ensure(pdf.paragraph_height(ORDERED, first=0, after=1) + pdf.numbered_height(ordered)
               + 6 + max(len(prepared), 6) * line_height(_SIGNATURES))
    pdf.paragraph(ORDERED, bold=True, first=0, after=1)
    pdf.numbered(ordered)
    _signatures(pdf, prepared)
    return pdf.to_bytes()


_SIGNATURES = ORDER_SIZE - 0.5  # font size of the judge's lines and the preparer's block


def preparer_lines(settings: OfficeSettings) -> list[str]:
    """Who prepared the order (Ill. S. Ct. R. 131(d)), in as few lines as the judge's block takes."""
    signature = settings.signature
    attorney = ", ".join(part for part in (shown(signature.attorney) or "(signing attorney: not set)",
                                           shown(signature.title)) if part)
    contact = ", ".join(part for part in (f"Tel. {shown(signature.phone)}" if signature.phone else "",
                                          shown(signature.email)) if part)
    lines = ["Order prepared by:", shown(settings.office_name), attorney,
             ", ".join(shown(line) for line in signature.address if shown(line)), contact,
             f"ARDC No. {shown(signature.ardc_number)}" if signature.ardc_number else "ARDC No. (not set)"]
    return [line for line in lines if line]


def _signatures(pdf: Document, prepared: list[str]) -> None:
    """Who prepared the order on the left; on the right, lines for the judge, left blank: the judge
    signs, numbers and dates the order."""
    height = line_height(_SIGNATURES)
    pdf.cursor += 6
    top, right = pdf.cursor, pdf.l_margin + 98
    for n, line in enumerate(prepared):
        pdf.put(line, top + n * height, _SIGNATURES)
    judge = ["ENTERED:", "", "____________________________________", "Judge                   Judge's No. ________",
             "", "Dated: ______________________"]
    for n, line in enumerate(judge):
        pdf.put(line, top + n * height, _SIGNATURES, x=right)
    pdf.cursor = top + max(len(prepared), len(judge)) * height
