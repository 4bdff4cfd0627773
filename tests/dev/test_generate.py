"""The synthetic ISP file: deterministic, exactly N one-line rows, and every form the reference lists."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from relief.dev.generate import GenerateStats, generate
from relief.intake.columns import COLUMNS, REQUIRED
from relief.law.dates import read_date

CITATION_FORMS = (
    "720 ILCS 550/4(c)", "720 ILCS 550/4-C", "720-550/4(c)", "720-550/4-C",
    "720 550/4(C)", "0720 0550 004 C", "720ILCS550/4(c)", "720 ILCS 550.0/4(c)",
    "56.5-704(c)", "56 1/2-704-C", "CH 56 1/2 PAR 704(C)", "CH.56-1/2 SEC 704 C",
)
INCHOATE_FORMS = ("720 ILCS 5/8-4(720 ILCS 550/4(a))", "720 ILCS 5/8-2", "720 ILCS 5/8-1")
DISPOSITIONS = (
    "GUILTY", "PLEA OF GUILTY", "GUILTY PLEA", "FINDING OF GUILTY", "VERDICT GUILTY", "CONVICTED", "SENTENCED",
    "SUPERVISION TERMINATED UNSATISFACTORILY", "PROBATION REVOKED",
    "DISMISSED", "NOLLE PROSEQUI", "NOLLE PROS", "SOL", "STRICKEN OFF WITH LEAVE TO REINSTATE", "NOT GUILTY",
    "FINDING OF NOT GUILTY", "FNG", "ACQUITTED", "NO BILL", "FNPC", "NO PROBABLE CAUSE",
    "RELEASED WITHOUT CHARGING", "SUPERVISION", "SUPERVISION TERMINATED SATISFACTORILY", "SECTION 10 PROBATION",
    "710 PROBATION", "QUALIFIED PROBATION DISCHARGED",
    "", "PENDING",
)
CLASSES = ("A", "B", "C", "4", "3", "2", "1", "X", "CIV", "PETTY", "BUS", "CLASS A MISD", "Class A Misdemeanor",
           "FEL 4", "Class 4 Felony", "M", "F", "")
DATE_FORMS = {
    "YYYY-MM-DD": r"\d{4}-\d{2}-\d{2}",
    "MM/DD/YYYY": r"\d{2}/\d{2}/\d{4}",
    "M/D/YYYY": r"\d{1,2}/\d{1,2}/\d{4}",  # with at least one single digit: checked below
    "MM/DD/YY": r"\d{2}/\d{2}/\d{2}",
    "YYYYMMDD": r"\d{8}",
    "with a time": r"\S+ \d{1,2}:\d{2}:\d{2}( [AP]M)?",
}
WIDTH = len(COLUMNS)
DATE_COLUMNS = ("date_of_birth", "arrest_date", "offense_date", "disposition_date")


def text_of(rows: int, seed: int = 1, **options) -> str:
    buffer = io.StringIO()
    generate(rows, seed, buffer, **options)
    return buffer.getvalue()


def column(rows: list[list[str]], name: str) -> set[str]:
    index = COLUMNS.index(name)
    return {row[index] for row in rows if len(row) == WIDTH}


@pytest.fixture(scope="module")
def sample() -> list[list[str]]:
    """Data rows of a 5,000-row file."""
    return list(csv.reader(io.StringIO(text_of(5000, seed=11))))[1:]


def test_same_seed_same_bytes_other_seed_other_bytes():
    assert text_of(2000, seed=3) == text_of(2000, seed=3)
    assert text_of(2000, seed=3) != text_of(2000, seed=4)


@pytest.mark.parametrize("rows", [0, 1, 7, 199, 200, 1000])
def test_exactly_n_rows_each_one_line(rows):
    buffer = io.StringIO()
    stats = generate(rows, 5, buffer)
    text = buffer.getvalue()
    assert text.endswith("\n") and "\r" not in text
    assert text.count("\n") == rows + 1  # the header and one physical line per row
    assert len(list(csv.reader(io.StringIO(text)))) == rows + 1
    assert stats.rows == rows
    assert stats.malformed == (rows + 300) // 500  # the 200th row, then one in 500
    assert (stats.people > 0) == (rows > 0) and stats.people <= stats.arrests <= rows


def test_header_is_the_contract_columns():
    assert next(csv.reader(io.StringIO(text_of(3)))) == list(COLUMNS)


def test_other_delimiters():
    rows = list(csv.reader(io.StringIO(text_of(300, delimiter="\t")), delimiter="\t"))
    assert rows[0] == list(COLUMNS) and len(rows) == 301
    assert sum(len(row) == WIDTH for row in rows) >= 299


def test_stats_count_people_and_arrests(sample):
    buffer = io.StringIO()
    stats = generate(5000, 11, buffer)
    assert stats == GenerateStats(rows=5000, people=stats.people, arrests=stats.arrests, malformed=10,
                                  unreadable=stats.unreadable)
    # A person or arrest whose only row was malformed may have lost its identifier.
    people = {row[0] for row in sample} - {""}
    arrests = {row[8][1:] for row in sample if len(row) > 8} - {""}
    assert stats.people - 10 <= len(people) <= stats.people
    assert stats.arrests - 10 <= len(arrests) <= stats.arrests


def test_every_citation_form_of_the_reference(sample):
    statutes = column(sample, "statute")
    assert [form for form in CITATION_FORMS + INCHOATE_FORMS if form not in statutes] == []
    assert "CANNABIS ??" in statutes
    assert "720 ILCS 550/4" in statutes  # subsection missing
    assert any(s.startswith("720 ILCS 550/7") for s in statutes)
    descriptions = column(sample, "offense_description")
    assert {"POSS CANNABIS 2.5-10 GRAMS", "MFG/DEL CANNABIS", "POSSESSION OF MARIJUANA", "POSS CANN"} <= descriptions


def test_every_disposition_text_and_class_form(sample):
    dispositions = column(sample, "disposition")
    assert [d for d in DISPOSITIONS if d not in dispositions] == []
    classes = column(sample, "offense_class")
    assert [c for c in CLASSES if c not in classes] == []


def test_every_date_format(sample):
    values = set().union(*(column(sample, name) for name in DATE_COLUMNS))
    for form, pattern in DATE_FORMS.items():
        assert any(re.fullmatch(pattern, v) for v in values), form
    assert any(re.fullmatch(r"\d/\d{1,2}/\d{4}|\d{1,2}/\d/\d{4}", v) for v in values)


def test_dates_read_back_in_order(sample):
    """Every well-formed date reads back (two-digit years included) and lies in a sensible order."""
    index = {name: COLUMNS.index(name) for name in DATE_COLUMNS}
    unreadable = 0
    for row in sample:
        if len(row) != WIDTH:
            continue
        read = {name: read_date(row[i]) for name, i in index.items()}
        if any(bad for _, bad in read.values()):
            unreadable += 1
            continue
        born, arrested = read["date_of_birth"][0], read["arrest_date"][0]
        offense, disposed = read["offense_date"][0], read["disposition_date"][0]
        if born is None or arrested is None:
            continue  # a malformed row with an empty required date
        assert date(1940, 1, 1) <= born <= date(2002, 12, 31)
        assert date(1965, 1, 1) <= arrested <= date(2023, 12, 31)
        assert (arrested - born).days >= 17 * 365
        assert offense is None or 0 <= (arrested - offense).days <= 5
        assert disposed is None or disposed > arrested
    assert 1 <= unreadable <= 10


def test_malformed_rows_of_each_kind(sample):
    too_few = [row for row in sample if len(row) < WIDTH]
    too_many = [row for row in sample if len(row) > WIDTH]
    complete = [row for row in sample if len(row) == WIDTH]
    required_empty = [row for row in complete if any(row[COLUMNS.index(c)] == "" for c in REQUIRED)]
    bad_dates = [row for row in complete
                 if any(read_date(row[COLUMNS.index(c)])[1] for c in DATE_COLUMNS)]
    assert too_few and too_many and required_empty and bad_dates
    assert len(too_few) + len(too_many) + len(required_empty) + len(bad_dates) == 10  # 0.2% of 5,000


def test_names_keep_their_accents(sample):
    names = column(sample, "last_name") | column(sample, "first_name")
    assert names & {"MUÑOZ", "PEÑA", "NÚÑEZ", "JOSÉ"}


def test_not_sorted_by_person(sample):
    """Real files are unsorted: some person's rows are not next to each other."""
    people = [row[0] for row in sample]
    scattered = 0
    seen: dict[str, int] = {}
    for position, ir in enumerate(people):
        if ir in seen and seen[ir] != position - 1:
            scattered += 1
        seen[ir] = position
    assert scattered > len(sample) // 4


def test_unique_identifiers(sample):
    """Each IR number is one person, each DCN one arrest of one person."""
    person_of_dcn: dict[str, str] = {}
    name_of_ir: dict[str, tuple[str, str]] = {}
    for row in sample:
        if len(row) != WIDTH or any(row[COLUMNS.index(c)] == "" for c in REQUIRED):
            continue  # malformed
        assert person_of_dcn.setdefault(row[8], row[0]) == row[0]
        assert name_of_ir.setdefault(row[0], (row[1], row[2])) == (row[1], row[2])
        assert re.fullmatch(r"IR\d{7,8}", row[0]) and re.fullmatch(r"[A-Z]\d{9}", row[8])


def test_negative_rows_refused():
    with pytest.raises(ValueError):
        generate(-1, 1, io.StringIO())
