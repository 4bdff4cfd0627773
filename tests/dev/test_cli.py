"""The command line treats its user gently: every bad argument and refused file is one line and a
non-zero exit (a traceback only with --debug), nothing is written over the input, a folder or
anything that is not a regular file, the output location is checked before the work, and no partial
file is ever left behind."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from relief.dev.cli import main
from relief.intake.columns import COLUMNS
from tests.charges import BASE

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"


def isp_text(*rows: dict, columns=COLUMNS) -> str:
    return "\n".join([",".join(columns)] + [",".join({**BASE, **r}[c] for c in columns) for r in rows]) + "\n"


def relief(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(isp_text(dict(), dict(ir_number="IR2")), encoding="utf-8")
    return path


# --- bad arguments: one line each ---------------------------------------------------------------------

TOMORROW = (date.today() + timedelta(days=1)).isoformat()
BAD_ARGUMENTS = [
    (["generate", "--rows", "-5", "-o", "x.csv"], "-5 is not between 0"),
    (["generate", "--rows", "many", "-o", "x.csv"], "'many' is not a whole number"),
    (["generate", "--rows", "10", "-o", "x.csv", "--encoding", "ebcdic"], "invalid choice"),
    (["evaluate", "in.csv"], "the following arguments are required: --output"),
    (["evaluate", "in.csv", "-o", "o.csv", "--as-of", "1990"], "'1990' is not a date in the form YYYY-MM-DD"),
    (["evaluate", "in.csv", "-o", "o.csv", "--as-of", "1990-01-01"], "before 2019-06-25, when relief"),
    (["evaluate", "in.csv", "-o", "o.csv", "--as-of", "1850-01-01"], "is before"),
    (["evaluate", "in.csv", "-o", "o.csv", "--as-of", TOMORROW], "is in the future"),
    (["evaluate", "in.csv", "-o", "o.csv", "--as-of", "2026-02-30"], "not a date"),
    (["run", "in.csv", "--office", ".."], "an office name is 1 to 32 lowercase letters"),
    (["run", "in.csv", "--office", "coök"], "an office name is"),
    (["run", "in.csv", "--as-of", "2000-01-01"], "before 2019-06-25"),
    (["frobnicate"], "invalid choice"),
    (["evaluate", "missing.csv", "-o", "o.csv"], "missing.csv: no such file"),
    (["verify", "missing.zip"], "missing.zip: no such file"),
    (["status", "0123456789abcdef01234567", "--out", "nowhere"], "no job 0123456789abcdef01234567"),
]


@pytest.mark.parametrize("argv, words", BAD_ARGUMENTS, ids=[" ".join(a[0]) for a in BAD_ARGUMENTS])
def test_every_bad_argument_is_one_line(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    code, _out, err = relief(capsys, *argv)
    assert code != 0
    assert words in one_line(err)
    assert not list(tmp_path.glob("*.csv"))  # nothing written


def test_an_unexpected_error_is_one_line_and_debug_shows_its_traceback(capsys, tmp_path, source, monkeypatch):
    from relief.evaluation import file

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(file, "evaluate_file", broken)
    code, _, err = relief(capsys, "evaluate", str(source), "-o", str(tmp_path / "o.csv"))
    assert code == 1 and "unexpected ZeroDivisionError" in one_line(err) and "--debug" in err
    with pytest.raises(ZeroDivisionError):
        main(["evaluate", str(source), "-o", str(tmp_path / "o.csv"), "--debug"])
    assert not (tmp_path / "o.csv").exists() and leftovers(tmp_path) == []


# --- where results are written ------------------------------------------------------------------------

def test_the_output_is_not_the_input(capsys, source):
    before = source.read_bytes()
    code, _, err = relief(capsys, "evaluate", str(source), "-o", str(source))
    assert code == 1 and "is the input file" in one_line(err)
    assert source.read_bytes() == before and leftovers(source.parent) == []


def test_the_output_is_not_the_input_by_another_name(capsys, source, tmp_path):
    (tmp_path / "link.csv").symlink_to(source)
    before = source.read_bytes()
    code, _, err = relief(capsys, "evaluate", str(source), "-o", str(tmp_path / "link.csv"))
    assert code == 1 and "is the input file" in one_line(err) and source.read_bytes() == before


def test_the_output_is_not_a_folder_and_that_is_found_before_the_work(capsys, source, tmp_path, monkeypatch):
    from relief.evaluation import file

    monkeypatch.setattr(file, "evaluate_file", lambda *a: pytest.fail("the work started"))
    (tmp_path / "results").mkdir()
    code, _, err = relief(capsys, "evaluate", str(source), "-o", str(tmp_path / "results"))
    assert code == 1 and "is a folder" in one_line(err)
    assert list((tmp_path / "results").iterdir()) == [] and leftovers(tmp_path) == []


def test_the_output_is_not_a_named_pipe_or_anything_not_a_regular_file(capsys, source, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, _, err = relief(capsys, "evaluate", str(source), "-o", str(pipe))
    assert code == 1 and "is not a regular file" in one_line(err)
    assert pipe.is_fifo() and leftovers(tmp_path) == []
    code, _, err = relief(capsys, "generate", "--rows", "5", "-o", str(pipe))
    assert code == 1 and "is not a regular file" in one_line(err) and pipe.is_fifo()


def test_the_output_folder_must_be_a_folder(capsys, source, tmp_path):
    (tmp_path / "afile").write_text("x")
    code, _, err = relief(capsys, "evaluate", str(source), "-o", str(tmp_path / "afile" / "o.csv"))
    assert code == 1 and "is not a folder" in one_line(err)


def test_the_input_must_be_a_regular_file(capsys, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    code, _, err = relief(capsys, "evaluate", str(tmp_path / "pipe"), "-o", str(tmp_path / "o.csv"))
    assert code == 1 and "is not a regular file" in one_line(err)
    code, _, err = relief(capsys, "evaluate", str(tmp_path), "-o", str(tmp_path / "o.csv"))
    assert code == 1 and "is a folder" in one_line(err)


def test_a_refused_file_leaves_nothing_behind_and_an_earlier_result_stands(capsys, tmp_path):
    output = tmp_path / "o.csv"
    output.write_text("earlier results\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(isp_text(dict(), columns=[c for c in COLUMNS if c != "statute"]))
    code, _, err = relief(capsys, "evaluate", str(bad), "-o", str(output))
    assert code == 1 and "missing required column: statute" in one_line(err)
    assert output.read_text() == "earlier results\n" and leftovers(tmp_path) == []


def test_an_interrupted_run_leaves_nothing_behind(capsys, source, tmp_path, monkeypatch):
    from relief.evaluation import file

    real = file.evaluate_file

    def interrupted(source, stream, *args):
        stream.write("row_number,half a result\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(file, "evaluate_file", interrupted)
    code, _, err = relief(capsys, "evaluate", str(source), "-o", str(tmp_path / "o.csv"))
    assert code == 130 and "interrupted" in one_line(err)
    assert not (tmp_path / "o.csv").exists() and leftovers(tmp_path) == []
    monkeypatch.setattr(file, "evaluate_file", real)


def test_results_are_readable_by_their_owner_only(capsys, source, tmp_path):
    assert relief(capsys, "evaluate", str(source), "-o", str(tmp_path / "o.csv"))[0] == 0
    assert (tmp_path / "o.csv").stat().st_mode & 0o077 == 0


# --- what the file is ---------------------------------------------------------------------------------

def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, words", [
    ("isp.xlsx", _xlsx(), "this is an Excel workbook (.xlsx), not a delimited text file: open it and save it as CSV"),
    ("isp.pdf", b"%PDF-1.7\n1 0 obj\n", "this is a PDF"),
    ("isp.csv", bytes(5000), "not a text file"),
])
def test_a_workbook_or_pdf_is_named_with_what_to_do(capsys, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = relief(capsys, "evaluate", str(path), "-o", str(tmp_path / "o.csv"))
    assert code == 1 and words in one_line(err)


def test_a_file_without_a_disposition_column_is_refused_with_the_fix(capsys, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(isp_text(dict(), columns=[c for c in COLUMNS if c != "disposition"]))
    code, _, err = relief(capsys, "evaluate", str(path), "-o", str(tmp_path / "o.csv"))
    assert code == 1 and "missing required column: disposition" in one_line(err) and "[header_map]" in err


def test_a_header_only_file_says_0_rows(capsys, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(",".join(COLUMNS) + "\n")
    code, _, err = relief(capsys, "evaluate", str(path), "-o", str(tmp_path / "o.csv"))
    assert code == 0 and "0 rows: the file has a header and no data rows" in err
    assert (tmp_path / "o.csv").read_text().count("\n") == 1


def test_as_of_is_the_evaluation_date(capsys, source, tmp_path):
    assert relief(capsys, "evaluate", str(source), "-o", str(tmp_path / "o.csv"), "--as-of", "2021-01-01")[0] == 0
    [row, _] = list(csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8")))
    assert row["years_since_conviction"] == "9" and not row["years_since_conviction"].startswith("-")


# --- generate, evaluate and run count the same rows unreadable ------------------------------------------

def test_generate_evaluate_and_run_count_malformed_rows_the_same_way(capsys, tmp_path):
    generated = tmp_path / "g.csv.gz"
    code, _, err = relief(capsys, "generate", "--rows", "2000", "--seed", "3", "-o", str(generated))
    assert code == 0 and gzip.decompress(generated.read_bytes()).count(b"\n") == 2001
    assert "4 malformed on purpose: 3 unreadable rows" in err and "1 with a date that cannot be read" in err
    code, _, err = relief(capsys, "evaluate", str(generated), "-o", str(tmp_path / "o.csv"))
    assert code == 0 and "(3 unreadable rows are in review" in err
    code, _, err = relief(capsys, "run", str(generated), "--out", str(tmp_path / "out"), "--no-progress",
                          "--workers", "1")
    assert code == 0 and "rejected 3" in err


# --- relief run and relief status -----------------------------------------------------------------------

def test_run_as_of_quiet_logs_and_local_paths(capsys, tmp_path):
    out = tmp_path / "out"
    code, stdout, err = relief(capsys, "run", str(SAMPLE), "--office", "sangamon", "--out", str(out),
                               "--as-of", "2024-03-01", "--no-progress")
    assert code == 0, err
    assert '{"level"' not in stdout + err  # the handlers' JSON logs are for --verbose
    [record] = (out / "jobs").iterdir()
    job = json.loads(record.read_text())["job"]
    assert job["as_of"] == "2024-03-01" and job["office"] == "sangamon"
    assert f"source {SAMPLE}" in err and "s3://" not in err
    code, shown, _ = relief(capsys, "status", job["job_id"], "--out", str(out))
    assert code == 0 and "s3://" not in shown and str(out / job["job_id"] / "results.csv") in shown


@pytest.mark.parametrize("workers", ["1", "2"])
def test_run_verbose_shows_the_handlers_logs_and_metrics(capfd, tmp_path, workers):
    path = tmp_path / "in.csv"
    path.write_text(isp_text(dict()))
    # (capfd: with workers the handlers print from the worker processes, straight to the terminal.)
    code, stdout, _ = relief(capfd, "run", str(path), "--out", str(tmp_path / "out"), "--no-progress", "--verbose",
                             "--workers", workers)
    assert code == 0 and '"message":"split"' in stdout
    assert '"ChunkDecideMs"' in stdout  # the chunk's steps, as the evaluator emits them for CloudWatch (EMF)


def test_run_says_0_rows_for_a_header_only_file(capsys, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(",".join(COLUMNS) + "\n")
    code, _, err = relief(capsys, "run", str(path), "--out", str(tmp_path / "out"), "--no-progress")
    assert code == 0 and "0 rows: the file has a header and no data rows" in err


def test_run_refuses_an_out_that_is_a_file(capsys, tmp_path, source):
    (tmp_path / "out").write_text("x")
    code, _, err = relief(capsys, "run", str(source), "--out", str(tmp_path / "out"))
    assert code == 1 and "is not a folder" in one_line(err)

