"""Point 1: columns the contract requires are absent (names, county, date of birth). No decision needs
them: the rows are decided, the results carry the person key, names stay empty (the documents say
"identity not in file"), and the age factors a court weighs say "not in file"."""

from __future__ import annotations

import pytest

from relief.evaluation.results import NOT_IN_FILE, identity_in_file
from relief.intake.errors import MissingColumnsError
from relief.intake.profiles import ProfileError
from relief.settings import OfficeSettings

from .helpers import chunk_results, evaluated, profile, read, write_csv

HEADER = ["PERSON", "ARREST", "ARRESTED", "CITE", "DISP", "DISPDATE", "CASE", "BORN"]
ROW = ["P1", "A1", "2010-05-01", "720 ILCS 550/4(c)", "GUILTY", "2010-09-01", "10-CR-1", "1980-03-01"]
FIELDS = """
[fields]
ir_number = "PERSON"
dcn = "ARREST"
arrest_date = "ARRESTED"
statute = "CITE"
disposition = "DISP"
disposition_date = "DISPDATE"
court_case_number = "CASE"
county = { constant = "Cook" }
"""


@pytest.mark.parametrize(("not_in_file", "birth", "born", "age_now", "age_at_offense"), [
    # names and date of birth absent (the State's Attorney's layout): both age factors say so
    ('["last_name", "first_name", "middle_name", "date_of_birth"]', "", "", NOT_IN_FILE, NOT_IN_FILE),
    # names absent, date of birth present (the clerk's layout): the ages are counted
    ('["last_name", "first_name", "middle_name"]', 'date_of_birth = "BORN"', "1980-03-01", "45", "30"),
])
def test_a_layout_without_names_or_birth_dates_is_decided(tmp_path, not_in_file, birth, born, age_now,
                                                         age_at_offense):
    layout = profile(f"not_in_file = {not_in_file}\n" + FIELDS + birth + "\n")
    path = write_csv(tmp_path / "f.csv", HEADER, [ROW])
    [result] = evaluated(path, OfficeSettings(profile=layout))
    assert (result["decision"], result["reason"]) == ("motion", "possession_up_to_500g")
    assert result["ir_number"] == "P1" and result["county"] == "Cook"
    assert result["last_name"] == result["first_name"] == "" and result["date_of_birth"] == born
    assert (result["age_now"], result["age_at_offense"]) == (age_now, age_at_offense)
    assert result["years_since_conviction"] == "15"
    [chunked] = chunk_results(path, OfficeSettings(profile=layout))
    assert not identity_in_file(chunked) and chunked.age_now == age_now


def test_without_a_profile_the_same_file_is_refused_naming_what_is_missing(tmp_path):
    layout = profile(FIELDS)  # says nothing of names: they are required
    path = write_csv(tmp_path / "f.csv", HEADER, [ROW])
    with pytest.raises(MissingColumnsError) as refused:
        read(path, layout)
    assert set(refused.value.missing) == {"last_name", "first_name", "date_of_birth"}
    assert "P1" not in str(refused.value)


@pytest.mark.parametrize(("not_in_file", "why"), [
    ('["statute"]', "cannot be missing"),  # the decisions need it
    ('["ir_number"]', "cannot be missing"),
    ('["disposition"]', "cannot be missing"),
    ('["nickname"]', "not a contract field"),
])
def test_only_fields_no_decision_needs_may_be_missing(not_in_file, why):
    with pytest.raises(ProfileError, match=why):
        profile(f"not_in_file = {not_in_file}\n")


def test_a_field_both_given_and_missing_is_refused():
    with pytest.raises(ProfileError, match="both given and not in the file"):
        profile('not_in_file = ["sex"]\n[fields]\nsex = "GENDER"\n')
