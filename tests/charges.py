"""Charges built the way an ISP file states them, and decided as `relief evaluate` decides them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from relief.evaluation.evaluator import Evaluator
from relief.evaluation.results import Result
from relief.intake.records import Record
from relief.settings import OfficeSettings

AS_OF = date(2026, 11, 25)

# A Class A misdemeanor possession conviction from 2011 with every field filled: the baseline
# each table case changes a field or two of.
BASE = dict(
    ir_number="IR1000001", last_name="SMITH", first_name="JOHN", middle_name="Q", date_of_birth="1980-06-15",
    sex="M", race="W", fbi_number="", dcn="L123456789", arrest_date="2011-03-15", arresting_agency="CHICAGO PD",
    offense_date="2011-03-15", charge_number="1", statute="720 ILCS 550/4(c)",
    offense_description="POSS CANNABIS 10-30 GRAMS", offense_class="A", court_case_number="2011CR001234",
    county="COOK", disposition="GUILTY", disposition_date="2011-06-01", sentence="",
)


def charge(**fields: str) -> Record:
    unknown = set(fields) - set(BASE)
    assert not unknown, f"not a column: {unknown}"
    return Record(**{**BASE, **fields})


def decide_all(records: Sequence[Record], settings: OfficeSettings | None = None) -> list[Result]:
    """Both passes of `relief evaluate` over in-memory records."""
    evaluator = Evaluator(settings or OfficeSettings(), AS_OF)
    for record in records:
        evaluator.note_associations(record)
    return [evaluator.evaluate(n, r) for n, r in enumerate(records, start=1)]


def decide_one(settings: OfficeSettings | None = None, **fields: str) -> Result:
    return decide_all([charge(**fields)], settings)[0]
