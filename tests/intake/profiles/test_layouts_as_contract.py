"""Done when: a file in each real layout, as published (no column added or renamed), runs through
`relief evaluate --profile` and `relief run --profile` with every charge decided as the same charges
written in the contract's form are decided.

The fixtures (tests/intake/fixtures/, synthetic rows in the exact published layouts, from the research
in docs/layouts/) come with the same charges in contract form, one row per charge, and the decisions
expected of each. Statute strings may differ in form (`720-550.0/4-C` against `720 ILCS 550/4(c)`): the
citations are compared as read, (act, section, subsection), and the decisions as decided.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from relief.dev.cli import main
from relief.intake.profiles import builtin_profile
from relief.law.citations import parse_citation
from relief.settings import OfficeSettings

from .helpers import AS_OF, FIXTURES, evaluated

BUILTIN = Path(__file__).resolve().parents[3] / "shared" / "relief" / "intake" / "profiles" / "builtin"
DECIDED = ("decision", "reason", "minor_cannabis_offense", "expunge_by")
LAYOUTS = ["cook-clerk", "cook-sao"]


def expected(layout: str) -> list[dict[str, str]]:
    with open(FIXTURES / f"{layout}-expected-decisions.csv", newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def cited(statute: str) -> tuple[str | None, str, str | None] | None:
    citation = parse_citation(statute)
    return None if citation is None else (citation.offense.act, citation.offense.section, citation.offense.subsection)


def check(profiled: list[dict[str, str]], contract: list[dict[str, str]], layout: str) -> None:
    wanted = expected(layout)
    assert len(profiled) == len(contract) == len(wanted)
    for got, as_contract, want in zip(profiled, contract, wanted, strict=True):
        where = f"{layout} charge {want['contract_row']} (rows {want['source_rows']})"
        assert got["source_rows"] == want["source_rows"], where
        assert [got[k] for k in DECIDED] == [as_contract[k] for k in DECIDED], where
        assert (got["decision"], got["reason"]) == (want["decision"], want["reason"]), where
        if want["minor_cannabis_offense"] not in ("", "—"):
            assert got["minor_cannabis_offense"] == want["minor_cannabis_offense"], where
        if want["expunge_by"]:
            assert got["expunge_by"] == want["expunge_by"], where
        assert cited(got["statute"]) == cited(as_contract["statute"]), where
        assert got["ir_number"] == as_contract["ir_number"] and got["court_case_number"] == as_contract[
            "court_case_number"], where


@pytest.mark.parametrize("layout", LAYOUTS)
def test_relief_evaluate_decides_each_layout_as_its_charges_in_contract_form(layout):
    profiled = evaluated(FIXTURES / f"{layout}-sample.csv", OfficeSettings(profile=builtin_profile(layout)))
    contract = evaluated(FIXTURES / f"{layout}-as-contract.csv", OfficeSettings())
    check(profiled, contract, layout)


def relief(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def results_of(out: Path) -> list[dict[str, str]]:
    [path] = (p for p in out.rglob("results.csv") if p.parent.name != "jobs")
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_relief_run_decides_each_layout_as_its_charges_in_contract_form(capsys, tmp_path, layout):
    as_of = AS_OF.isoformat()
    code, err = relief(capsys, "run", str(FIXTURES / f"{layout}-sample.csv"), "--profile", layout,
                       "--out", str(tmp_path / "profiled"), "--no-progress", "--as-of", as_of)
    assert code == 0, err
    assert "rows read 40, decided 40, rejected 0" in err
    code, err = relief(capsys, "run", str(FIXTURES / f"{layout}-as-contract.csv"),
                       "--out", str(tmp_path / "contract"), "--no-progress", "--as-of", as_of)
    assert code == 0, err
    check(results_of(tmp_path / "profiled"), results_of(tmp_path / "contract"), layout)


def test_relief_evaluate_with_a_profile_on_the_command_line(capsys, tmp_path):
    out = tmp_path / "r.csv"
    code, err = relief(capsys, "evaluate", str(FIXTURES / "cook-clerk-sample.csv"), "-o", str(out),
                       "--profile", "cook-clerk", "--as-of", AS_OF.isoformat())
    assert code == 0, err
    assert "40 rows (30 charges)" in err and "profile cook-clerk" in err
    # counted, never shown: the values are for relief inspect
    assert "1 row(s) hold a value in disposition" in err and "DRUG SCHOOL" not in err
    with open(out, newline="", encoding="utf-8") as stream:
        assert len(list(csv.DictReader(stream))) == 30


def test_a_profile_file_given_on_the_command_line_and_named_in_the_settings(capsys, tmp_path):
    profile_file = tmp_path / "clerk.toml"
    text = (BUILTIN / "cook-clerk.toml").read_text(encoding="utf-8")
    profile_file.write_text(text.replace('name = "cook-clerk"', 'name = "our-clerk"'))
    settings = tmp_path / "office.toml"
    settings.write_text('profile = "clerk.toml"\ncounty = "Cook"\n')
    for extra in (["--profile", str(profile_file)], ["--office-settings", str(settings)]):
        code, err = relief(capsys, "evaluate", str(FIXTURES / "cook-clerk-sample.csv"), "-o", str(tmp_path / "r.csv"),
                           *extra, "--as-of", AS_OF.isoformat())
        assert code == 0 and "profile our-clerk" in err, err
    code, err = relief(capsys, "run", str(FIXTURES / "cook-clerk-sample.csv"), "--office-settings", str(settings),
                       "--out", str(tmp_path / "out"), "--no-progress", "--as-of", AS_OF.isoformat())
    assert code == 0 and "rows read 40" in err, err
    code, err = relief(capsys, "run", str(FIXTURES / "cook-clerk-sample.csv"), "--office-settings", str(settings),
                       "--profile", "cook-clerk", "--out", str(tmp_path / "out2"), "--no-progress")
    assert code == 1 and "names a profile already" in err


@pytest.mark.parametrize(("argv", "words"), [
    (["--profile", "cook-county"], "no built-in profile 'cook-county'"),
    (["--profile", "nowhere.toml"], "profile nowhere.toml"),
])
def test_a_bad_profile_is_one_line(capsys, tmp_path, argv, words):
    code, err = relief(capsys, "evaluate", str(FIXTURES / "cook-clerk-sample.csv"), "-o", str(tmp_path / "r.csv"),
                       *argv)
    assert code == 1 and words in err and len(err.strip().splitlines()) == 1


def test_a_layout_read_with_the_wrong_profile_is_refused_naming_columns_not_values(capsys, tmp_path):
    code, err = relief(capsys, "evaluate", str(FIXTURES / "cook-sao-sample.csv"), "-o", str(tmp_path / "r.csv"),
                       "--profile", "cook-clerk")
    assert code == 1 and "STATEPOLICEID" in err and "relief inspect" in err
    assert "999000000001" not in err


def test_the_isp_profile_named_or_not_writes_the_same_bytes(capsys, tmp_path):
    generated = tmp_path / "g.csv"
    assert main(["generate", "--rows", "3000", "--seed", "7", "-o", str(generated)]) == 0
    outputs = []
    for extra in ([], ["--profile", "isp"]):
        out = tmp_path / f"r{len(outputs)}.csv"
        assert main(["evaluate", str(generated), "-o", str(out), "--as-of", AS_OF.isoformat(), *extra]) == 0
        outputs.append(out.read_bytes())
    capsys.readouterr()
    assert outputs[0] == outputs[1]
    assert b"source_rows" not in outputs[0].splitlines()[0]  # one row per charge: the contract's columns


def test_a_layout_without_names_gives_court_papers_that_say_so_and_stay_drafts(capsys, tmp_path):
    """Point 1 in the documents: a person the file does not name is printed "(identity not in file)",
    and every court page says DRAFT, whatever the office's signature block, until someone adds the names."""
    import zipfile

    from relief.documents.layout import DRAFT, IDENTITY_NOT_IN_FILE
    from relief.documents.readback import read_pages, text_of
    from relief.documents.verify_documents import verify_documents

    code, err = relief(capsys, "run", str(FIXTURES / "cook-sao-sample.csv"), "--profile", "cook-sao",
                       "--out", str(tmp_path / "out"), "--no-progress", "--as-of", AS_OF.isoformat())
    assert code == 0, err
    assert "the defendants' names (the layout cook-sao does not carry them)" in err
    bundles = [p for p in (tmp_path / "out").rglob("*.zip") if p.name not in ("county-unknown.zip", "job-index.zip")]
    assert bundles
    for bundle in bundles:
        assert verify_documents(bundle).ok
        with zipfile.ZipFile(bundle) as archive:
            papers = [n for n in archive.namelist() if n.endswith(".pdf") and not n.endswith("summary.pdf")]
            assert papers
            for name in papers:
                for page in read_pages(archive.read(name)):
                    text = text_of(page.fragments)
                    assert DRAFT in text
                    if name.startswith("orders/"):
                        assert IDENTITY_NOT_IN_FILE in text
