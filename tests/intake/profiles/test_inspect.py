"""`relief inspect`: names the profile that fits each fixture, says how each field is found, which date
forms it saw, and the coded values no table covers, with counts; shows codes and statute forms, never a
name, a date or an identifier; `--write-profile` writes a starting profile that loads."""

from __future__ import annotations

import csv

import pytest

from relief.dev.cli import main
from relief.intake.profiles import builtin_profile
from relief.intake.profiles.inspect import inspect_file, render, starting_profile, statute_form
from relief.intake.profiles.loader import load_profile

from .helpers import FIXTURES, write_csv


def relief(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(("fixture", "profile"), [
    ("cook-clerk-sample.csv", "cook-clerk"),
    ("cook-sao-sample.csv", "cook-sao"),
    ("cook-clerk-as-contract.csv", "isp"),
    ("cook-sao-as-contract.csv", "isp"),
])
def test_inspect_names_the_profile_that_fits(capsys, fixture, profile):
    code, out, _ = relief(capsys, "inspect", str(FIXTURES / fixture))
    assert code == 0
    assert f"Read with {profile}, the profile that fits" in out
    assert f"  {profile:<12} fits" in out


def with_codes(tmp_path, fixture, column, codes):
    with open(FIXTURES / fixture, newline="", encoding="utf-8") as stream:
        header, *rows = list(csv.reader(stream))
    at = header.index(column)
    for row, code in zip(rows, codes, strict=False):
        row[at] = code
    return write_csv(tmp_path / fixture, header, rows)


@pytest.mark.parametrize(("fixture", "column", "codes", "listed"), [
    ("cook-sao-sample.csv", "CHARGE_DISPOSITION", ["XYZZY", "XYZZY", "Plea Of Guilty"], ["'XYZZY'", "2"]),
    ("cook-sao-sample.csv", "DISPOSITION_CHARGED_CLASS", ["Q"], ["offense_class:", "'Q'"]),
    ("cook-clerk-sample.csv", "CHRGDISP", ["DEF SENT TO MOON"], ["'DEF SENT TO MOON'"]),
    ("cook-clerk-sample.csv", "CHRGCLASS", ["M"], ["'M'"]),  # not read as a misdemeanor: reported
])
def test_inspect_lists_an_unknown_code_it_is_given_with_its_count(capsys, tmp_path, fixture, column, codes, listed):
    path = with_codes(tmp_path, fixture, column, codes)
    code, out, _ = relief(capsys, "inspect", str(path))
    assert code == 0
    section = out.split("Coded values no table covers")[1].split("Statutes:")[0]
    for words in listed:
        assert words in section


def test_inspect_shows_fields_found_composed_and_missing(capsys):
    _, out, _ = relief(capsys, "inspect", str(FIXTURES / "cook-sao-sample.csv"))
    fields = out.split("Fields:")[1]
    assert "statute              composed     4 shapes" in fields
    assert "date_of_birth        not in file" in fields
    assert "court_case_number    found        CASE_ID" in fields
    assert "dcn                  found        CASE_ID" in fields
    assert "offense_date       99/99/9999               the profile's form %m/%d/%Y" in out


@pytest.mark.parametrize("fixture", ["cook-clerk-sample.csv", "cook-sao-sample.csv", "cook-clerk-as-contract.csv"])
def test_inspect_shows_no_name_date_or_identifier(capsys, fixture):
    with open(FIXTURES / fixture, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    _, out, _ = relief(capsys, "inspect", str(FIXTURES / fixture))
    private = ("ir_number", "dcn", "court_case_number", "date_of_birth", "arrest_date", "STATEPOLICEID", "CTLBKNGNO",
               "CASE_NUMBER", "DOB", "ARREST_DATE", "CASE_ID", "CASE_PARTICIPANT_ID", "CHARGE_ID", "JUDGE",
               "ST_ADDRESS", "FBIIDNO", "fbi_number", "INCIDENT_BEGIN_DATE", "DISPOSITION_DATE", "CHRGDISPDATE")
    for row in rows:
        for column in private:
            value = row.get(column, "").strip()
            if len(value) > 3:
                assert value not in out, column


def test_an_unreadable_statute_is_shown_by_its_form():
    assert statute_form("720-550\\4(D)") == "999-999\\9(A)"
    assert statute_form("POSS CANN") == "AAAA AAAA"


@pytest.mark.parametrize("fixture", ["cook-clerk-sample.csv", "cook-sao-sample.csv", "cook-clerk-as-contract.csv"])
def test_write_profile_writes_a_starting_profile_that_loads_and_reads_the_file(capsys, tmp_path, fixture):
    out = tmp_path / "our-layout.toml"
    code, _, err = relief(capsys, "inspect", str(FIXTURES / fixture), "--write-profile", str(out))
    assert code == 0, err
    profile = load_profile(out)
    assert profile.name == "our-layout"
    code, printed, _ = relief(capsys, "inspect", str(FIXTURES / fixture), "--profile", str(out))
    assert code == 0 and "Read with the profile given, our-layout." in printed


def test_a_layout_no_profile_fits_gets_a_starting_profile_with_todos(tmp_path):
    path = write_csv(tmp_path / "odd.csv", ["SID", "BOOKING", "ARRESTED ON", "CITE", "OUTCOME", "CLASS"],
                     [["1", "B1", "13-Jan-06", "720-550/4(c)", "PROBATION GRANTED", "A"]])
    report = inspect_file(path)
    assert report.chosen == "none fits"
    text = render(report, "odd.csv")
    assert "No built-in profile fits" in text
    assert "ir_number            missing      required" in text
    assert "unreadable: no form reads it" in text  # 13-Jan-06 under no profile yet
    written = starting_profile(report, "odd")
    assert '# ir_number = ""  # TODO' in written and '"%d-%b-%y"' in written
    assert "PROBATION GRANTED" not in written or "# " in written  # coded values seen stay commented
    from relief.intake.profiles.loader import profile_from_text

    assert profile_from_text(written, "odd").dates.forms == ("%d-%b-%y",)


def test_inspect_with_a_profile_that_does_not_fit_says_what_the_header_lacks(capsys):
    code, out, _ = relief(capsys, "inspect", str(FIXTURES / "cook-sao-sample.csv"), "--profile", "cook-clerk")
    assert code == 0 and "The header lacks columns the profile reads: STATEPOLICEID" in out


def test_inspect_reads_a_bounded_sample(tmp_path):
    report = inspect_file(FIXTURES / "cook-clerk-sample.csv", builtin_profile("cook-clerk"), sample=5)
    assert report.rows == 5
