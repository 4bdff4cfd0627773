"""Office settings: the reference's defaults, a TOML file round-trips, bad settings name the field."""

from __future__ import annotations

import pytest

from relief.dev.settings_template import default_settings_toml
from relief.law.policy import ViolentAssociationPolicy
from relief.law.violence import DEFAULT_VIOLENT_CRIMES
from relief.settings import OfficeSettings, SettingsError, load_settings


def test_no_file_means_the_reference_defaults():
    settings = load_settings(None)
    assert settings.violent_association is ViolentAssociationPolicy.REVIEW
    assert settings.violent_crimes == DEFAULT_VIOLENT_CRIMES
    assert settings.header_map == {}


def test_the_printed_defaults_read_back_as_the_defaults(tmp_path):
    path = tmp_path / "office.toml"
    path.write_text(default_settings_toml(), encoding="utf-8")
    assert load_settings(path) == OfficeSettings()


def test_an_edited_file_round_trips(tmp_path):
    edited = OfficeSettings(office_name="Cook County State's Attorney", county="COOK", violent_association="exclude",
                            header_map={"IR NO": "ir_number"},
                            signature={"attorney": "A. Prosecutor", "address": ["1 Main St"]})
    path = tmp_path / "office.toml"
    path.write_text(default_settings_toml(edited), encoding="utf-8")
    assert load_settings(path) == edited


# (the file, the whole message after "office.toml: ") — in words, naming the setting
BAD = [
    ('county = "Cok"', "county: no Illinois county 'Cok' (did you mean Cook?)"),
    ('county = "Sangamonn"', "county: no Illinois county 'Sangamonn' (did you mean Sangamon?)"),
    ('violent_association = "sometimes"',
     "violent_association must be 'review', 'include' or 'exclude', not 'sometimes'"),
    ('[header_map]\n"IR NO" = "ir_numbr"', "header_map: header_map maps to unknown column(s) ir_numbr"),
    ('colour = "blue"', "'colour' is not a setting"),
    ('[signature]\nattorny = "A. Lawyer"', "'attorny' is not a setting in [signature] (did you mean 'attorney'?)"),
    ('[signature]\nattorney = 3', "signature.attorney must be text in quotes, not 3"),
    ('[[violent_crimes]]\nname = "x"\ndescriptions = ["("]', "violent_crimes.descriptions: pattern '('"),
    ('county = "Will"\ncircuit = 30', "circuit: '30' is not an Illinois judicial circuit"),
    ('circuit = 12', "circuit is set but county is not"),
    ('[possibly_violent]\nfelony_words = ["FORCE|THREAT"]', "possibly_violent.felony_words"),
    ('county = ', "is not a TOML file"),
]


@pytest.mark.parametrize("text, message", BAD, ids=[b[0] for b in BAD])
def test_bad_settings_are_refused_in_words_naming_the_setting(tmp_path, text, message):
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(path)
    assert str(path) in str(refused.value) and message in str(refused.value)
    assert "validation error" not in str(refused.value) and "Input should" not in str(refused.value)


@pytest.mark.parametrize("county, circuit, home, court_circuit", [
    ("Cook", "", "Cook", "Cook"), ("ST CLAIR COUNTY", 20, "St. Clair", "20"), ("Will", "12th", "Will", "12"),
    ("Sangamon", "11", "Sangamon", "11"), ("", "", None, None),
])
def test_the_office_county_and_its_circuit_override(county, circuit, home, court_circuit):
    settings = OfficeSettings(county=county, circuit=circuit)
    assert (settings.home_county.name if settings.home_county else None) == home
    if home:
        assert settings.circuit_of(settings.home_county) == court_circuit


def test_papers_are_a_draft_until_the_office_gives_attorney_address_phone_and_ardc_number():
    assert len(OfficeSettings().missing_for_filing()) == 4
    partial = OfficeSettings(signature={"attorney": "A. Lawyer", "phone": "555"})
    assert partial.missing_for_filing() == ("the office's address (signature.address)",
                                            "the attorney's ARDC registration number (signature.ardc_number)")
    done = OfficeSettings(signature={"attorney": "A. Lawyer", "phone": "555", "address": ["1 Main St"],
                                     "ardc_number": "6300000"})
    assert done.missing_for_filing() == ()


def test_a_missing_file_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError, match=r"nowhere\.toml"):
        load_settings(tmp_path / "nowhere.toml")
