"""Dates and classes in the motion and orders appear in one form, whatever form the record used."""

import pytest

from relief.documents.layout import court_class, court_date

DATES = [
    ("2011-03-15", "2011-03-15"),
    ("03/15/2011", "2011-03-15"),
    ("3/5/2011", "2011-03-05"),
    ("03/15/11", "2011-03-15"),
    ("04/16/65", "1965-04-16"),
    ("20110315", "2011-03-15"),
    ("03/15/2011 12:00:00 AM", "2011-03-15"),
    ("", ""),
    ("sometime in 2011", "sometime in 2011"),  # unreadable: shown as written, never replaced
]

CLASSES = [
    ("A", "Misd A"), ("CLASS A MISD", "Misd A"), ("Class B Misdemeanor", "Misd B"), ("C", "Misd C"),
    ("4", "Fel 4"), ("FEL 4", "Fel 4"), ("Class 4 Felony", "Fel 4"), ("M", "Misd"), ("F", "Fel"),
    ("PETTY", "PETTY"), ("", ""), ("Q", "Q"),
]


@pytest.mark.parametrize("written, shown", DATES)
def test_dates_are_shown_as_iso(written, shown):
    assert court_date(written) == shown


@pytest.mark.parametrize("written, shown", CLASSES)
def test_classes_are_shown_in_one_short_form(written, shown):
    assert court_class(written) == shown
