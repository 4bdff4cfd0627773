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


@pytest.mark.parametrize("text, named", [
    ('violent_association = "sometimes"', "violent_association"),
    ('[header_map]\n"IR NO" = "ir_numbr"', "ir_numbr"),
    ('colour = "blue"', "colour"),
    ('[signature]\nattorney = 3', "signature.attorney"),
    ('[[violent_crimes]]\nname = "x"\ndescriptions = ["("]', "violent_crimes"),
    ('[possibly_violent]\nfelony_words = ["FORCE|THREAT"]', "possibly_violent.felony_words"),
    ('county = ', "office.toml"),
])
def test_bad_settings_are_refused_naming_the_field(tmp_path, text, named):
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=named.replace(".", r"\.")):
        load_settings(path)


def test_a_missing_file_is_a_settings_error(tmp_path):
    with pytest.raises(SettingsError, match=r"nowhere\.toml"):
        load_settings(tmp_path / "nowhere.toml")
