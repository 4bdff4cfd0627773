"""When automatic expungement is due, by the date the record was created (the arrest date)."""

from __future__ import annotations

from datetime import date

from .decisions import Decision, Reason, Ruling

# 20 ILCS 2630/5.2(i)(1)(B): non-conviction records of Minor Cannabis Offenses.
NON_CONVICTION_SCHEDULE = (
    (date(2013, 1, 1), date(2021, 1, 1)),  # 2013-01-01 to 2019-06-25
    (date(2000, 1, 1), date(2023, 1, 1)),  # 2000-01-01 to 2012-12-31
    (date.min, date(2025, 1, 1)),  # before 2000-01-01
)


def non_conviction_deadline(record_created: date) -> date:
    for created_from, expunge_by in NON_CONVICTION_SCHEDULE:
        if record_created >= created_from:
            return expunge_by
    raise AssertionError("the schedule covers every date")  # pragma: no cover


def civil_violation_deadline(record_created: date) -> date:
    """20 ILCS 2630/5.2(a)(2.5): civil violations are expunged on or before January 1 and July 1 of
    each year, so by the first of those dates after the record was created."""
    if record_created < date(record_created.year, 7, 1):
        return date(record_created.year, 7, 1)
    return date(record_created.year + 1, 1, 1)


def expunge_by(ruling: Ruling, record_created: date) -> date | None:
    """When an `automatic` decision's record is due to be expunged; None for any other decision."""
    if ruling.decision is not Decision.AUTOMATIC:
        return None
    if ruling.reason is Reason.CIVIL_VIOLATION:
        return civil_violation_deadline(record_created)
    return non_conviction_deadline(record_created)
