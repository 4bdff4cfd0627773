"""Every input is bounded (intake.limits): a row past a row limit is one unreadable row naming the limit
and the file goes on; a file past a file limit is refused, naming the limit and the setting that raises it."""

from __future__ import annotations

import gzip

import pytest

from relief.intake.columns import COLUMNS
from relief.intake.errors import LimitExceeded
from relief.intake.formats import NeedsCarefulReading, open_rows
from relief.intake.limits import InputLimits
from relief.settings import SettingsError, settings_from_mapping
from tests.charges import BASE

HEADER = ",".join(COLUMNS)
SMALL = InputLimits(max_row_chars=1000, max_field_chars=300, max_rows=5, max_blank_lines=3, max_columns=30,
                    max_bytes=1_000_000)


def line(**fields: str) -> str:
    return ",".join({**BASE, **fields}[c] for c in COLUMNS)


def read_all(path, limits=SMALL):
    try:
        with open_rows(path, limits=limits) as rows:
            return list(rows), rows
    except NeedsCarefulReading:
        with open_rows(path, limits=limits, careful=True) as rows:
            return list(rows), rows


# (what is in row 2, the limit its problem names, the column it names)
ROW_LIMITS = [
    ("a line longer than a row may be", line(sentence="X" * 5000), "limits.max_row_chars", None),
    ("a line with no line break, very long", line(sentence="X" * 50_000), "limits.max_row_chars", None),
    ("a field longer than a field may be", line(last_name="X" * 400), "limits.max_field_chars", "last_name"),
    ("a quoted field too long", line(offense_description='"' + "Y," * 200 + '"'), "limits.max_field_chars",
     "offense_description"),
    ("a quoted multi-line field too long", line(sentence='"' + "Z\n" * 600 + '"'), "limits.max_row_chars", None),
    ("a field the office does not use, too long", line() + "," + "W" * 400, "limits.max_field_chars", None),
]


@pytest.mark.parametrize("what, row, limit, column", ROW_LIMITS, ids=[r[0] for r in ROW_LIMITS])
def test_a_row_past_a_row_limit_is_one_unreadable_row_and_the_file_goes_on(write_file, what, row, limit, column):
    text = "\n".join([HEADER, line(ir_number="IR1"), row, line(ir_number="IR3"), line(ir_number="IR4")]) + "\n"
    rows, _ = read_all(write_file("r.csv", text))
    assert [r.row_number for r in rows] == [1, 2, 3, 4]
    assert [r.record.ir_number for r in rows if r.problem is None] == ["IR1", "IR3", "IR4"]
    problem = rows[1].problem
    assert problem is not None and problem.message.startswith("row 2") and limit in problem.message
    assert problem.field == column
    assert "XXXX" not in problem.message and "WWWW" not in problem.message  # never a value


# (what the file is, its text, the limit the refusal names)
FILE_LIMITS = [
    ("more rows than the limit", "\n".join([HEADER, *[line()] * 6]) + "\n", "max_rows"),
    ("more blank lines than the limit", HEADER + "\n" + line() + "\n" * 5 + line() + "\n", "max_blank_lines"),
    ("blank lines of spaces", HEADER + "\n" + "   \n" * 4, "max_blank_lines"),
    ("a header with too many columns", HEADER + "," + ",".join(f"extra{i}" for i in range(20)) + "\n",
     "max_columns"),
    ("a first line too long for a header", HEADER + "," + "H" * 2000 + "\n", "max_row_chars"),
]


@pytest.mark.parametrize("what, text, limit", FILE_LIMITS, ids=[f[0] for f in FILE_LIMITS])
def test_a_file_past_a_file_limit_is_refused_naming_the_limit_and_its_setting(write_file, what, text, limit):
    with pytest.raises(LimitExceeded) as refused:
        read_all(write_file("f.csv", text), SMALL.model_copy(update={"max_blank_lines": 3}))
    assert refused.value.limit == limit
    assert f"limits.{limit}" in str(refused.value) and "raise it" in str(refused.value)


def test_a_gzip_bomb_is_refused_at_the_size_limit(write_file):
    bomb = gzip.compress((HEADER + "\n" + (line() + "\n") * 20_000).encode())
    assert len(bomb) < 20_000 < 20_000 * len(line())
    with pytest.raises(LimitExceeded) as refused:
        read_all(write_file("bomb.csv.gz", bomb), SMALL.model_copy(update={"max_rows": 10**6, "max_bytes": 100_000}))
    assert refused.value.limit == "max_bytes"


def test_a_file_too_large_is_refused_at_the_limit_or_before_it_is_read_when_its_size_is_known(write_file):
    path = write_file("big.csv", HEADER + "\n" + (line() + "\n") * 200)
    limits = SMALL.model_copy(update={"max_rows": 10**6, "max_bytes": 10_000})
    with pytest.raises(LimitExceeded) as refused, open_rows(path, limits=limits):
        pass  # its size on disk is known: refused on opening, nothing read
    assert refused.value.limit == "max_bytes"
    with pytest.raises(LimitExceeded) as refused, open(path, "rb") as stream, open_rows(stream, limits=limits) as rows:
        list(rows)  # a stream of unknown size: refused when the text read passes the limit
    assert refused.value.limit == "max_bytes"


def test_within_the_limits_nothing_changes(write_file):
    text = "\n".join([HEADER, line(), "", line(), "   ", line()]) + "\n"
    rows, reader = read_all(write_file("ok.csv", text))
    assert [r.problem for r in rows] == [None, None, None] and reader.blank_lines == 2


@pytest.mark.parametrize("limits, named", [
    ({"max_rows": 0}, "limits.max_rows"),
    ({"max_field_chars": 2_000_000}, "limits.max_field_chars"),
    ({"max_row_chars": 1000, "max_field_chars": 2000}, "max_field_chars"),
    ({"max_lines": 5}, "max_lines"),
])
def test_limits_are_office_settings_checked_like_the_rest(limits, named):
    assert settings_from_mapping({"limits": {"max_rows": 1000}}).limits.max_rows == 1000
    with pytest.raises(SettingsError, match=named.replace(".", r"\.")):
        settings_from_mapping({"limits": limits})
