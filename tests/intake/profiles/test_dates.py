"""Point 2: dates such as 13-Jan-06 (two-digit years, month names) are read by the profile's forms,
to the same date values the law reads; a two-digit year never puts a date in the future; a text no
form reads is kept as written, and the law reports it unreadable, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from relief.intake.profiles.dates import DateReader, date_shape
from relief.intake.profiles.model import DateForms
from relief.law.dates import parse_date

TODAY = date(2026, 6, 1)
CLERK = DateReader(DateForms(forms=("%d-%b-%y",)), TODAY)
SAO = DateReader(DateForms(forms=("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y")), TODAY)


@pytest.mark.parametrize(("reader", "text", "read_as"), [
    (CLERK, "13-Jan-06", "2006-01-13"),
    (CLERK, "4-Jan-07", "2007-01-04"),
    (CLERK, "13-Jun-43", "1943-06-13"),  # 2043 would be in the future
    (CLERK, "14-Feb-28", "1928-02-14"),  # a date of birth in 2028 is impossible
    (CLERK, "2-Jun-89", "1989-06-02"),
    (CLERK, "12-Jul-19", "2019-07-12"),  # after the cutoff, and in the past: 2019
    (CLERK, "31-May-26", "2026-05-31"),  # yesterday
    (CLERK, "2-Jun-26", "1926-06-02"),  # tomorrow would be in the future
    (CLERK, "13-JAN-06", "2006-01-13"),  # month names in any case
    (CLERK, " 13-Jan-06 ", "2006-01-13"),
    (CLERK, "", ""),  # empty stays empty
    (CLERK, "32-Jan-06", "32-Jan-06"),  # no form reads it: kept as written
    (CLERK, "2006-01-13", "2006-01-13"),  # a contract form: kept, the law reads it
    (SAO, "12/17/2014 12:00:00 AM", "2014-12-17"),
    (SAO, "06/12/2001 10:20:00 PM", "2001-06-12"),
    (SAO, "05/02/2013", "2013-05-02"),
    (SAO, "6/6/2011 12:00:00 AM", "2011-06-06"),
])
def test_the_profiles_forms_give_iso_dates(reader, text, read_as):
    assert reader(text) == read_as


@pytest.mark.parametrize("text", ["13-Jan-06", "14-Feb-28", "12/17/2014 12:00:00 AM", "6/6/2011 12:00:00 AM"])
def test_the_law_reads_what_the_profile_wrote_as_the_same_date(text):
    reader = CLERK if "-" in text else SAO
    written = reader(text)
    assert parse_date(written) == date.fromisoformat(written)


def test_the_law_alone_cannot_read_the_clerks_form():
    from relief.law.dates import UnreadableDate

    with pytest.raises(UnreadableDate):
        parse_date("13-Jan-06")


@pytest.mark.parametrize(("text", "shape"), [
    ("13-Jan-06", "99-Aaa-99"), ("4-Jan-07", "9-Aaa-99"), ("12/17/2014 12:00:00 AM", "99/99/9999 99:99:99 AA"),
    ("2006-01-13", "9999-99-99"),
])
def test_a_date_is_shown_by_its_shape_never_its_value(text, shape):
    assert date_shape(text) == shape
