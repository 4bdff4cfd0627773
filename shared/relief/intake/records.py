"""A charge as read from a file: its fields in contract order, or why its row could not be read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .columns import COLUMNS


class Record(NamedTuple):
    """One charge, its fields as read (unstripped), in contract column order."""

    ir_number: str
    last_name: str
    first_name: str
    middle_name: str
    date_of_birth: str
    sex: str
    race: str
    fbi_number: str
    dcn: str
    arrest_date: str
    arresting_agency: str
    offense_date: str
    charge_number: str
    statute: str
    offense_description: str
    offense_class: str
    court_case_number: str
    county: str
    disposition: str
    disposition_date: str
    sentence: str


assert Record._fields == COLUMNS

EMPTY_RECORD = Record(*([""] * len(COLUMNS)))


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a row could not be read; `field` is the contract column at fault (None: the row's shape).
    The message names the row and the column, never a value."""

    field: str | None
    message: str


class ReadRow(NamedTuple):
    row_number: int  # 1-based data row; the header is row 0
    record: Record  # as much of the row as could be placed (EMPTY_RECORD when nothing could)
    problem: RowProblem | None
    # Readable, in contract order, and every field can be written to CSV as it stands (no quote,
    # line break, NUL or delimiter in it, no formula start): nearly every row of a real file.
    plain: bool = False
    # The charge this row is a line of, when the layout spreads a charge over several rows (the
    # profile's charge columns, joined: profiles/charges.py); "" when the row is a charge by itself.
    charge: str = ""
