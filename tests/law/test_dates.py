"""Every date form of the input contract; anything else is unreadable, never guessed."""

from datetime import date

import pytest

from relief.law.dates import read_date, whole_years

CASES = [
    ("2011-03-15", date(2011, 3, 15)),
    ("03/15/2011", date(2011, 3, 15)),
    ("3/5/2011", date(2011, 3, 5)),
    ("03/15/11", date(2011, 3, 15)),
    ("03/15/29", date(2029, 3, 15)),
    ("03/15/30", date(1930, 3, 15)),
    ("03/15/99", date(1999, 3, 15)),
    ("03/15/00", date(2000, 3, 15)),
    ("20110315", date(2011, 3, 15)),
    ("03/15/2011 12:00:00 AM", date(2011, 3, 15)),
    ("3/15/2011 1:05 PM", date(2011, 3, 15)),
    ("2011-03-15 00:00:00", date(2011, 3, 15)),
    ("2011-03-15T00:00:00", date(2011, 3, 15)),
    ("20110315 000000", None),  # not a form the contract lists
]


@pytest.mark.parametrize("text,expected", [c for c in CASES if c[1] is not None])
def test_date_forms(text, expected):
    assert read_date(text) == (expected, False)


@pytest.mark.parametrize("text", ["13/45/2011", "02/30/2011", "N/A", "2011", "March 15, 2011", "15.03.2011",
                                  "03/15/2011 garbage", "20110315 000000", "2011-3-15x"])
def test_unreadable_dates_are_flagged_not_guessed(text):
    assert read_date(text) == (None, True)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_is_missing_not_unreadable(text):
    assert read_date(text) == (None, False)


def test_whole_years_counts_birthdays():
    assert whole_years(date(1980, 6, 15), date(2026, 6, 14)) == 45
    assert whole_years(date(1980, 6, 15), date(2026, 6, 15)) == 46
