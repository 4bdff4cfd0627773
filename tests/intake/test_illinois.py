"""Counties and agencies as records name them: the shipped tables (relief/data, sources beside them)."""

from __future__ import annotations

import pytest

from relief.intake.illinois import agency_name, closest_counties, illinois_county

COUNTIES = [
    ("Cook", "Cook"), ("COOK", "Cook"), ("cook county", "Cook"), (" Cook  County ", "Cook"),
    ("St. Clair", "St. Clair"), ("ST CLAIR", "St. Clair"), ("Saint Clair", "St. Clair"), ("STCLAIR", "St. Clair"),
    ("DuPage", "DuPage"), ("DU PAGE", "DuPage"), ("De Kalb", "DeKalb"), ("DEWITT", "De Witt"),
    ("La Salle", "LaSalle"), ("Jo Daviess", "Jo Daviess"), ("McHenry", "McHenry"), ("MC HENRY", "McHenry"),
    ("Rock Island", "Rock Island"), ("Will County, IL", "Will"), ("Cook, Illinois", "Cook"), ("WILL", "Will"),
    ("", None), ("COK", None), ("County", None), ("Indiana", None), ("IL", None),
]


@pytest.mark.parametrize("written, county", COUNTIES)
def test_a_county_is_found_whatever_its_spelling(written, county):
    found = illinois_county(written)
    assert (found.name if found else None) == county


@pytest.mark.parametrize("written, near", [("Cok", "Cook"), ("Sangamonn", "Sangamon"), ("Winebago", "Winnebago"),
                                           ("Champagne", "Champaign")])
def test_a_misspelt_county_has_a_nearest_spelling(written, near):
    assert closest_counties(written, count=1) == [near]


@pytest.mark.parametrize("written, name", [
    ("IL0160000", "Cook County Sheriff's Office"),
    ("ILCPD0000", "Chicago Police Department"),
    (" il0840300 ", "Auburn Police Department"),
    ("IL0849700", "Illinois State Police"),
    ("IL9999999", "IL9999999"),  # an ORI the table does not know: printed as written, never guessed
    ("CHICAGO PD", "CHICAGO PD"),
    ("", ""),
])
def test_an_ori_is_named_from_the_fbi_table_and_anything_else_is_kept(written, name):
    assert agency_name(written) == name
