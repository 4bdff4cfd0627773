"""`relief evaluate` as the contract states it: one result row per input data row, in input order."""

from __future__ import annotations

import csv

from relief.dev.cli import main
from relief.intake.columns import COLUMNS
from tests.charges import BASE

CONTRACT_COLUMNS = ["row_number", "ir_number", "dcn", "court_case_number", "statute", "decision", "reason",
                    "explanation", "authority", "minor_cannabis_offense", "expunge_by"]


def isp_text(*rows: dict, delimiter: str = ",") -> str:
    lines = [delimiter.join(COLUMNS)] + [delimiter.join({**BASE, **r}[c] for c in COLUMNS) for r in rows]
    return "\n".join(lines) + "\n"


def run(tmp_path, text: str | bytes, *extra: str) -> tuple[int, list[dict]]:
    source = tmp_path / "in.csv"
    source.write_bytes(text if isinstance(text, bytes) else text.encode())
    output = tmp_path / "out" / "results.csv"
    code = main(["evaluate", str(source), "--output", str(output), "--as-of", "2026-11-25", *extra])
    rows = list(csv.DictReader(output.open(encoding="utf-8"))) if output.exists() else []
    return code, rows


def test_contract_columns_come_first_and_every_row_is_answered_in_order(tmp_path):
    code, rows = run(tmp_path, isp_text(
        dict(ir_number="IR1"),
        dict(ir_number="IR2", statute="720 ILCS 5/16-25", offense_description="RETAIL THEFT"),
        dict(ir_number="IR3", disposition="DISMISSED"),
        dict(ir_number="IR4", date_of_birth=""),
    ))
    assert code == 0
    assert list(rows[0])[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS
    assert "rule" in rows[0]  # added: the number of the rule that decided the row
    assert [r["rule"] for r in rows] == ["18", "1", "13", ""]
    assert [(r["row_number"], r["ir_number"], r["decision"], r["reason"]) for r in rows] == [
        ("1", "IR1", "motion", "possession_up_to_500g"),
        ("2", "IR2", "not_cannabis", "not_cannabis"),
        ("3", "IR3", "automatic", "non_conviction"),
        ("4", "IR4", "review", "unreadable_row"),
    ]
    assert rows[2]["expunge_by"] == "2023-01-01" and rows[0]["expunge_by"] == ""
    assert [r["minor_cannabis_offense"] for r in rows] == ["true", "", "true", ""]
    assert "date_of_birth" in rows[3]["explanation"] and "row 4" in rows[3]["explanation"]


def test_associations_are_found_across_an_unsorted_file(tmp_path):
    filler = [dict(ir_number=f"IR9{i}", dcn=f"D9{i}", court_case_number=f"C9{i}") for i in range(50)]
    violent = dict(statute="720 ILCS 5/18-2", offense_description="ARMED ROBBERY", charge_number="2")
    _code, rows = run(tmp_path, isp_text(dict(ir_number="IR1"), *filler, dict(ir_number="IR1", **violent)))
    assert rows[0]["reason"] == "violent_association"


def test_office_settings_change_the_policy(tmp_path):
    settings = tmp_path / "office.toml"
    settings.write_text('violent_association = "exclude"\n')
    violent = dict(statute="720 ILCS 5/18-2", offense_description="ARMED ROBBERY", charge_number="2")
    code, rows = run(tmp_path, isp_text(dict(), violent), "--office-settings", str(settings))
    assert code == 0 and (rows[0]["decision"], rows[0]["reason"]) == ("ineligible", "violent_association")


def test_bad_office_settings_are_refused_with_the_field_named(tmp_path, capsys):
    settings = tmp_path / "office.toml"
    settings.write_text('violent_association = "sometimes"\n')
    code, _ = run(tmp_path, isp_text(dict()), "--office-settings", str(settings))
    assert code != 0 and "violent_association" in capsys.readouterr().err


def test_a_file_missing_required_columns_exits_non_zero_with_one_clear_message(tmp_path, capsys):
    header = ",".join(c for c in COLUMNS if c != "statute")
    code, rows = run(tmp_path, header + "\n")
    err = capsys.readouterr().err
    assert code != 0 and rows == []
    assert err.count("\n") == 1 and "missing required column: statute" in err
    assert not (tmp_path / "out" / "results.csv").exists()


def test_an_empty_file_is_refused(tmp_path, capsys):
    code, _ = run(tmp_path, b"")
    assert code != 0 and "empty" in capsys.readouterr().err


def test_a_missing_input_file_is_a_clear_error(tmp_path, capsys):
    code = main(["evaluate", str(tmp_path / "nope.csv"), "--output", str(tmp_path / "o.csv")])
    assert code != 0 and "no such file" in capsys.readouterr().err


def test_spreadsheet_formulas_in_the_input_are_neutralised(tmp_path):
    _code, rows = run(tmp_path, isp_text(dict(last_name="=HYPERLINK(\"http://x\")")))
    assert rows[0]["last_name"].startswith("'=")


def test_gzip_input(tmp_path):
    import gzip

    code, rows = run(tmp_path, gzip.compress(isp_text(dict(), dict()).encode()))
    assert code == 0 and len(rows) == 2
