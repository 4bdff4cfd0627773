"""A result: one output row per input row, the record as read with the decision and its reasons.

`Result` is the one statement of the row layout: results.csv, result parts, the results table and
the bundle's spreadsheets all write and read its fields in this order.
"""

from __future__ import annotations

from typing import NamedTuple


class Result(NamedTuple):
    """One output row. The first eleven fields are the contract; the rest are additions, each new one
    added at the end so the columns before it keep their names and places."""

    row_number: int
    ir_number: str
    dcn: str
    court_case_number: str
    statute: str
    decision: str
    reason: str
    explanation: str
    authority: str
    minor_cannabis_offense: str
    expunge_by: str
    last_name: str
    first_name: str
    middle_name: str
    date_of_birth: str
    county: str
    arrest_date: str
    offense_date: str  # the date the rules used (ISO): the arrest date when the offense date is missing
    offense_description: str
    offense_class: str
    disposition: str
    disposition_date: str
    section: str
    subsection: str
    violent_association: str
    age_now: str
    age_at_offense: str
    years_since_conviction: str
    rule_set_version: str
    arresting_agency: str  # the proposed order directs it to expunge its records
    rule: str  # the number of the rule that decided (reference, section 5); empty for an unreadable row
    sex: str
    race: str
    charge_number: str  # the count, as the record numbers it within the arrest
    statute_canonical: str  # the citation as the law reads it ("720 ILCS 550/4(c)"), "" when unreadable
    arresting_agency_name: str  # the agency's name for a known ORI, else the agency as written
    charge_id: str  # stable id of the charge: the same row of the same file always has the same id
    # The input rows this result decides, space-separated, when the layout spreads a charge over several
    # rows (intake/profiles/charges.py); "" when every row is a charge (then it is row_number alone).
    source_rows: str = ""


RESULT_COLUMNS: tuple[str, ...] = Result._fields
# The columns written for a layout of one row per charge (the contract's ISP file): no source_rows.
ROW_RESULT_COLUMNS: tuple[str, ...] = RESULT_COLUMNS[:-1]

# An age factor a court weighs, for a person whose date of birth the layout does not carry.
NOT_IN_FILE = "not in file"


def result_from_cells(cells: list[str]) -> Result:
    """A result read back from its CSV cells (row number first), with or without source_rows."""
    return Result(int(cells[0]), *cells[1:])


def source_rows_of(result: Result) -> tuple[int, ...]:
    """The input rows a result accounts for: its source rows, or its own row."""
    return tuple(map(int, result.source_rows.split())) if result.source_rows else (result.row_number,)


def identity_in_file(result: Result) -> bool:
    """Whether the file named the person. A layout without names (intake/profiles) leaves them empty:
    the documents then say "identity not in file" and stay DRAFT."""
    return bool(result.last_name.strip() or result.first_name.strip())
