"""Offense class in every form of the input contract."""

import pytest

from relief.law.offense_classes import OffenseClass as C
from relief.law.offense_classes import normalise_class

CASES = [
    ("A", C.MISD_A), ("B", C.MISD_B), ("C", C.MISD_C), ("4", C.FEL_4), ("3", C.FEL_3), ("2", C.FEL_2),
    ("1", C.FEL_1), ("X", C.FEL_X), ("CIV", C.CIVIL), ("PETTY", C.PETTY), ("BUS", C.BUSINESS),
    ("CLASS A MISD", C.MISD_A), ("Class A Misdemeanor", C.MISD_A), ("FEL 4", C.FEL_4),
    ("Class 4 Felony", C.FEL_4), ("M", C.MISD), ("F", C.FEL), ("x", C.FEL_X), (" b ", C.MISD_B),
    ("MISD B", C.MISD_B), ("F4", C.FEL_4), ("CLASS X FELONY", C.FEL_X),
    ("", C.NONE), ("Q", C.UNRECOGNISED), ("A FELONY", C.UNRECOGNISED),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_class_forms(text, expected):
    assert normalise_class(text) is expected


def test_what_the_motion_route_reads_from_a_class():
    assert all(c.settles_eligibility for c in (C.MISD_A, C.MISD_B, C.MISD_C, C.MISD, C.FEL_4))
    assert all(c.is_over_motion_limit for c in (C.FEL_3, C.FEL_2, C.FEL_1, C.FEL_X))
    assert not any(c.settles_eligibility or c.is_over_motion_limit for c in (C.FEL, C.CIVIL, C.NONE))
