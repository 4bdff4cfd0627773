"""Nothing is silently dropped: for any generated file, and for any damage done to it, every input
row comes out as exactly one result row, numbered as in the input, in input order."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relief.dev.generate import generate
from relief.evaluation.file import evaluate_file
from relief.law.decisions import RULE_SET_VERSION
from relief.settings import OfficeSettings

AS_OF = date(2026, 11, 25)


def generated(rows: int, seed: int, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    generate(rows, seed, buffer, delimiter=delimiter)
    return buffer.getvalue()


def decide(tmp_path, text: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    source = tmp_path / "isp.csv"
    source.write_bytes(text.encode(encoding, errors="replace"))
    output = io.StringIO(newline="")
    summary = evaluate_file(source, output, OfficeSettings(), AS_OF)
    results = list(csv.DictReader(io.StringIO(output.getvalue(), newline="")))
    assert summary.rows == len(results)
    return results


def numbers(results: list[dict[str, str]]) -> list[int]:
    return [int(r["row_number"]) for r in results]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(0, 400), seed=st.integers(0, 10_000), delimiter=st.sampled_from([",", "\t", "|"]))
def test_every_generated_row_gets_exactly_one_result(tmp_path, rows, seed, delimiter):
    results = decide(tmp_path, generated(rows, seed, delimiter))
    assert numbers(results) == list(range(1, rows + 1))  # the header is row 0
    assert all(r["decision"] for r in results)
    # each row names the rule that decided it (none decides an unreadable row) and the rule set
    assert all(r["rule"] in ({""} if r["reason"] == "unreadable_row" else {str(n) for n in range(1, 19)})
               for r in results)
    assert {r["rule_set_version"] for r in results} <= {RULE_SET_VERSION}


# Damage a line can suffer in transit: cut short, doubled delimiters, a stray quote, a NUL, a
# non-UTF-8 byte, an empty line. Each must cost at most that row, never another one.
DAMAGE = {
    "truncate": lambda line: line[: len(line) // 2],
    "extra field": lambda line: line + ",EXTRA",
    "stray quote": lambda line: line.replace(",", ',"', 1),
    "nul": lambda line: line[:5] + "\x00" + line[5:],
    "latin-1": lambda line: line.replace("A", "\u00c9", 1),
    "emptied": lambda line: ",".join("" for _ in line.split(",")),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000),
       damage=st.lists(st.tuples(st.integers(1, 120), st.sampled_from(sorted(DAMAGE))), max_size=6))
def test_damaged_rows_each_still_get_one_result(tmp_path, seed, damage):
    lines = generated(120, seed).splitlines()
    for index, kind in damage:
        lines[index] = DAMAGE[kind](lines[index])
    text = "\r\n".join(lines) + "\r\n"
    results = decide(tmp_path, text)
    # A stray quote may swallow the following line breaks; the reader then falls back to reading
    # line by line, so every physical line is still one result.
    assert numbers(results) == list(range(1, 121))
    damaged = {index for index, _ in damage}  # line i of the file is data row i
    assert all(r["decision"] for r in results)
    unreadable = {int(r["row_number"]) for r in results if r["reason"] == "unreadable_row"}
    assert unreadable <= damaged | unreadable_in_clean(seed)


def unreadable_in_clean(seed: int) -> set[int]:
    """Rows the generator itself writes malformed, on purpose."""
    results = list(csv.DictReader(io.StringIO(_clean_results(seed), newline="")))
    return {int(r["row_number"]) for r in results if r["reason"] == "unreadable_row"}


_CLEAN: dict[int, str] = {}


def _clean_results(seed: int) -> str:
    if seed not in _CLEAN:
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "isp.csv"
            source.write_text(generated(120, seed), encoding="utf-8")
            output = io.StringIO(newline="")
            evaluate_file(source, output, OfficeSettings(), AS_OF)
        _CLEAN[seed] = output.getvalue()
    return _CLEAN[seed]
