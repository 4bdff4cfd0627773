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


# --- the court a county's papers go to (705 ILCS 35/1) ---------------------------------------------

CAPTIONS = [
    ("SANGAMON", "", ("IN THE CIRCUIT COURT OF THE 7TH JUDICIAL CIRCUIT", "SANGAMON COUNTY, ILLINOIS")),
    ("Cook County", "", ("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS", "COUNTY DEPARTMENT, CRIMINAL DIVISION")),
    ("ST CLAIR", "", ("IN THE CIRCUIT COURT OF THE 20TH JUDICIAL CIRCUIT", "ST. CLAIR COUNTY, ILLINOIS")),
    ("Kankakee", "", ("IN THE CIRCUIT COURT OF THE 21ST JUDICIAL CIRCUIT", "KANKAKEE COUNTY, ILLINOIS")),
    ("MCHENRY", "", ("IN THE CIRCUIT COURT OF THE 22ND JUDICIAL CIRCUIT", "MCHENRY COUNTY, ILLINOIS")),
    ("De Kalb", "", ("IN THE CIRCUIT COURT OF THE 23RD JUDICIAL CIRCUIT", "DEKALB COUNTY, ILLINOIS")),
    ("Monroe", "", ("IN THE CIRCUIT COURT OF THE 24TH JUDICIAL CIRCUIT", "MONROE COUNTY, ILLINOIS")),
    ("DEWITT", "", ("IN THE CIRCUIT COURT OF THE 6TH JUDICIAL CIRCUIT", "DEWITT COUNTY, ILLINOIS")),
    ("Alexander", "", ("IN THE CIRCUIT COURT OF THE 1ST JUDICIAL CIRCUIT", "ALEXANDER COUNTY, ILLINOIS")),
    ("Will", "", ("IN THE CIRCUIT COURT OF THE 12TH JUDICIAL CIRCUIT", "WILL COUNTY, ILLINOIS")),
    # The office's own override of its county's circuit, and only of its own county's:
    ("SANGAMON", "25", None),
    ("SANGAMON", "11", ("IN THE CIRCUIT COURT OF THE 11TH JUDICIAL CIRCUIT", "SANGAMON COUNTY, ILLINOIS")),
    ("Will", "11", ("IN THE CIRCUIT COURT OF THE 12TH JUDICIAL CIRCUIT", "WILL COUNTY, ILLINOIS")),
]


@pytest.mark.parametrize("county, circuit, caption", CAPTIONS)
def test_each_county_s_papers_are_captioned_for_its_circuit(county, circuit, caption):
    from relief.documents.courts import court_of
    from relief.settings import OfficeSettings, SettingsError, settings_from_mapping

    if caption is None:
        with pytest.raises(SettingsError, match="not an Illinois judicial circuit"):
            settings_from_mapping({"county": "Sangamon", "circuit": circuit})
        return
    settings = OfficeSettings(county="Sangamon", circuit=circuit) if circuit else OfficeSettings()
    court = court_of(county, settings)
    assert court is not None and court.caption == caption


@pytest.mark.parametrize("county", ["", "   ", "COK", "COUNTY NOT RECORDED", "016", "Cook, Indiana"])
def test_a_record_that_names_no_illinois_county_has_no_court_and_goes_to_the_doubt_bundle(county):
    from relief.documents.courts import NO_COUNTY, bundle_county, court_of
    from relief.settings import OfficeSettings

    assert court_of(county, OfficeSettings()) is None
    assert bundle_county(county) == NO_COUNTY


def test_the_county_table_has_all_102_counties_and_25_circuits():
    from collections import Counter

    from relief.intake.illinois import illinois_counties

    counties = illinois_counties()
    assert len(counties) == len({c.name for c in counties}) == 102
    sizes = Counter(c.circuit for c in counties)
    assert sorted(sizes, key=lambda c: (len(c), c)) == [str(n) for n in range(1, 25)] + ["Cook"]
    assert (sizes["Cook"], sizes["1"], sizes["2"], sizes["12"], sizes["20"], sizes["24"]) == (1, 9, 12, 1, 1, 4)
