"""Bounded input: each hostile file, made here and small on disk, is refused or read row by row by
`relief evaluate` in a child process whose peak memory is measured (os.wait4) and held under a cap,
with its address space limited (resource.RLIMIT_AS) so that a reader holding more than a row would
fail, not swap."""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from relief.intake.columns import COLUMNS
from tests.charges import BASE

PEAK_MB = 100  # `relief evaluate` starts at about 31 MB; a reader holding a 50 MB line would pass this
ADDRESS_SPACE = 2 << 30  # what the child may map at all
HEADER = ",".join(COLUMNS) + "\n"
ROW = ",".join(BASE[c] for c in COLUMNS) + "\n"


def repeated_gzip(piece: bytes, times: int) -> bytes:
    """`piece` repeated `times` times, gzipped as that many identical members (a valid gzip file that
    decompresses to len(piece) * times bytes, made by compressing `piece` once)."""
    return gzip.compress(piece, compresslevel=9, mtime=0) * times


@dataclass(frozen=True)
class Outcome:
    code: int
    err: str
    rows: list[dict]
    peak_mb: float


# Run from a fresh, small interpreter: a child forked from pytest itself would count pytest's own
# memory (copied at the fork) in its peak.
MEASURE = """
import json, os, resource, subprocess, sys
limit = int(sys.argv[1])
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
with open(sys.argv[2], "wb") as err:
    child = subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL, stderr=err, preexec_fn=cap)
    _, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "peak_kb": usage.ru_maxrss}))
"""


def evaluate_capped(tmp_path: Path, content: bytes, name: str = "isp.csv.gz", settings: str = "") -> Outcome:
    source, output, err = tmp_path / name, tmp_path / "results.csv", tmp_path / "stderr.txt"
    source.write_bytes(content)
    argv = [sys.executable, "-m", "relief.dev.cli", "evaluate", str(source), "-o", str(output),
            "--as-of", "2026-11-25"]
    if settings:
        (tmp_path / "office.toml").write_text(settings)
        argv += ["--office-settings", str(tmp_path / "office.toml")]
    measured = subprocess.run([sys.executable, "-c", MEASURE, str(ADDRESS_SPACE), str(err), *argv],
                              capture_output=True, text=True, check=True)
    result = json.loads(measured.stdout)
    rows = list(csv.DictReader(output.open(encoding="utf-8"))) if output.exists() else []
    return Outcome(result["code"], err.read_text(), rows, result["peak_kb"] / 1024)


def refused(outcome: Outcome, *words: str) -> None:
    assert outcome.code == 1, outcome.err
    assert outcome.err.count("\n") == 1 and "Traceback" not in outcome.err, outcome.err
    for word in words:
        assert word in outcome.err
    assert outcome.rows == []


def read_with(outcome: Outcome, rows: int, unreadable: dict[int, str]) -> None:
    assert outcome.code == 0, outcome.err
    assert [int(r["row_number"]) for r in outcome.rows] == list(range(1, rows + 1))
    found = {int(r["row_number"]): r["explanation"] for r in outcome.rows if r["reason"] == "unreadable_row"}
    assert set(found) == set(unreadable)
    for row, words in unreadable.items():
        assert words in found[row]


def test_a_50_mb_line_is_one_unreadable_row(tmp_path):
    content = gzip.compress((HEADER + ROW + "A" * (50 << 20) + "\n" + ROW).encode(), compresslevel=1)
    assert len(content) < 1 << 20
    outcome = evaluate_capped(tmp_path, content)
    read_with(outcome, 3, {2: "row 2 is longer than 65,536 characters (limits.max_row_chars)"})
    assert outcome.peak_mb < PEAK_MB


def test_a_field_over_1_mb_is_one_unreadable_row(tmp_path):
    huge = ROW.replace(BASE["last_name"], "B" * ((1 << 20) + 10))
    content = gzip.compress((HEADER + huge * 3 + ROW).encode(), compresslevel=1)
    outcome = evaluate_capped(tmp_path, content)
    read_with(outcome, 4, {1: "limits.max_row_chars", 2: "limits.max_row_chars", 3: "limits.max_row_chars"})
    assert outcome.peak_mb < PEAK_MB


def test_a_field_past_the_field_limit_names_its_column(tmp_path):
    long = ROW.replace(BASE["offense_description"], "C" * 10_000)
    outcome = evaluate_capped(tmp_path, (HEADER + ROW + long + ROW).encode(), name="isp.csv")
    read_with(outcome, 3, {2: "row 2: field offense_description is longer than 8,192 characters "
                              "(limits.max_field_chars)"})


def test_a_file_of_nul_bytes_is_refused(tmp_path):
    outcome = evaluate_capped(tmp_path, repeated_gzip(bytes(64 << 20), 16))  # 1 GB of NULs
    refused(outcome, "not a text file")
    assert outcome.peak_mb < PEAK_MB


def test_a_gzip_bomb_of_rows_is_refused_at_the_size_limit(tmp_path):
    bomb = gzip.compress(HEADER.encode(), mtime=0) + repeated_gzip(ROW.encode() * 40_000, 60)  # 520 MB of rows
    assert len(bomb) < 5 << 20
    outcome = evaluate_capped(tmp_path, bomb, settings="[limits]\nmax_bytes = 50_000_000\n")
    refused(outcome, "more than 50,000,000 bytes of text once decompressed", "limits.max_bytes", "raise it")
    assert outcome.peak_mb < PEAK_MB


def test_2_gb_of_newlines_is_refused_at_once(tmp_path):
    newlines = repeated_gzip(b"\n" * (64 << 20), 32)  # 2 GB
    assert len(newlines) < 5 << 20
    refused(evaluate_capped(tmp_path, newlines), "the first line is blank")
    outcome = evaluate_capped(tmp_path, gzip.compress(HEADER.encode(), mtime=0) + newlines)
    refused(outcome, "more than 100,000 blank lines", "limits.max_blank_lines")
    assert outcome.peak_mb < PEAK_MB


def test_more_rows_than_the_limit_is_refused(tmp_path):
    content = gzip.compress(HEADER.encode(), mtime=0) + repeated_gzip(ROW.encode() * 10_000, 3)
    refused(evaluate_capped(tmp_path, content, settings="[limits]\nmax_rows = 25_000\n"),
            "more than 25,000 data rows", "limits.max_rows")


def test_a_header_of_a_million_columns_is_refused(tmp_path):
    header = ",".join(f"c{n}" for n in range(1_000_000)) + "\n"
    refused(evaluate_capped(tmp_path, gzip.compress(header.encode())), "too long for a header row",
            "limits.max_row_chars")
    refused(evaluate_capped(tmp_path, (",".join(COLUMNS + tuple(f"x{n}" for n in range(300))) + "\n").encode(),
                            name="wide.csv"),
            "the header row has more than 200 fields", "limits.max_columns")


def test_a_stray_quote_before_50_000_rows_costs_one_row_at_most(tmp_path):
    stray = ROW.replace(BASE["last_name"], '"' + BASE["last_name"])
    content = gzip.compress((HEADER + stray + ROW * 50_000).encode(), compresslevel=1)
    outcome = evaluate_capped(tmp_path, content)
    assert outcome.code == 0, outcome.err
    assert len(outcome.rows) == 50_001 and outcome.rows[0]["last_name"] == BASE["last_name"]
    assert outcome.peak_mb < PEAK_MB


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_wide_encodings_without_a_byte_order_mark_are_read(tmp_path, encoding):
    outcome = evaluate_capped(tmp_path, (HEADER + ROW * 3).encode(encoding), name="wide.csv")
    read_with(outcome, 3, {})
