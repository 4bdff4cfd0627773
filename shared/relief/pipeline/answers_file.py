"""An office's answers file: read, and checked all or nothing against the job's charges.

The file is the office's own copy of a bundle's review.csv (or of a results.csv) with some rows
answered in four columns: `reviewer_decision` (motion, ineligible, automatic or not_cannabis),
`reviewer`, `reviewed_on` and `note`, each row keyed by its `charge_id`. A row whose
reviewer_decision is empty is no answer; every other column is read past. Any charge of the job may
be answered, the rules' decisions too (an attorney withdraws a conviction from the motion by
answering `ineligible`).

Every problem in the file is found before anything changes, and each is named by its row (the
header is row 0), its column and, when it is one of the job's, the charge_id: never by a value,
which could be a record's (a name pasted in the wrong column).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from ..documents.courts import NO_COUNTY
from ..evaluation.answers import ANSWER_DECISIONS, Answer
from ..intake.columns import header_key
from ..law.dates import UnreadableDate, parse_date
from ..law.decisions import Decision
from ..law.rules import RULES, STATUTORY_EXCLUSIONS
from .charge_index import IndexedCharge, row_of

CHARGE_ID, DECISION, REVIEWER, REVIEWED_ON, NOTE = "charge_id", "reviewer_decision", "reviewer", "reviewed_on", "note"
REQUIRED = (CHARGE_ID, DECISION, REVIEWER, REVIEWED_ON)
MAX_REVIEWER_CHARS = 200
MAX_NOTE_CHARS = 2000
DECISIONS_IN_WORDS = ", ".join(d.value for d in ANSWER_DECISIONS)
_DECISIONS = {d.value: d for d in ANSWER_DECISIONS}
_DELIMITERS = (",", "\t", ";", "|")


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the answers file: where (row and column) and what, never a value."""

    row: int  # 0: the header, or the file as a whole
    column: str
    what: str

    def text(self) -> str:
        if not self.column:
            return self.what
        return f"row {self.row}, {self.column}: {self.what}" if self.row else f"header: {self.what}"


@dataclass(frozen=True, slots=True)
class AnsweredRow:
    """A row with a reviewer_decision, as read: what of it could be read (None where it could not)."""

    row: int
    charge_id: str | None  # None: missing or not a charge_id
    decision: Decision | None
    reviewer: str
    reviewed_on: date | None
    note: str
    readable: bool  # every field is as it must be

    @property
    def answer(self) -> Answer:
        assert self.readable and self.decision is not None and self.reviewed_on is not None
        return Answer(self.decision, self.reviewer, self.reviewed_on, self.note)


class AnswersRefused(ValueError):
    """The answers file is refused whole; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems):,} problem(s) in the answers file")


def read_answers(text: TextIO, today: date) -> tuple[list[AnsweredRow], list[Problem]]:
    """Every answered row of the file and the problems each has on its own (`check_answers` adds
    those against the job's charges); AnswersRefused at once for a header without the answer columns."""
    first = text.readline()
    delimiter = max(_DELIMITERS, key=first.count)
    header = next(csv.reader([first], delimiter=delimiter), [])
    columns = {header_key(name): at for at, name in enumerate(header)}
    missing = [name for name in REQUIRED if header_key(name) not in columns]
    if missing:
        raise AnswersRefused([Problem(0, "header", f"no {name} column" + (
            "" if name != CHARGE_ID else " (answer a copy of the bundle's review.csv or results.csv)"))
            for name in missing])
    at = {name: columns.get(header_key(name)) for name in (*REQUIRED, NOTE)}
    problems: list[Problem] = []
    rows: list[AnsweredRow] = []
    for number, cells in enumerate(csv.reader(text, delimiter=delimiter), start=1):
        def cell(name: str, cells: list[str] = cells) -> str:
            index = at[name]
            return cells[index].strip() if index is not None and index < len(cells) else ""

        decision_text = cell(DECISION)
        if decision_text:  # else not answered
            rows.append(_one_row(number, cell(CHARGE_ID), decision_text, cell(REVIEWER), cell(REVIEWED_ON),
                                 cell(NOTE), today, problems))
    return rows, problems


def _one_row(number: int, charge_id: str, decision_text: str, reviewer: str, reviewed_on: str, note: str,
             today: date, problems: list[Problem]) -> AnsweredRow:
    before = len(problems)
    if not charge_id:
        problems.append(Problem(number, CHARGE_ID, "missing"))
    elif row_of(charge_id) is None:
        problems.append(Problem(number, CHARGE_ID, "not a charge_id (R<row>-<8 hex digits>, as results.csv "
                                                   "gives it)"))
    decision = _DECISIONS.get(decision_text.lower())
    if decision is None:
        problems.append(Problem(number, DECISION, f"not one of {DECISIONS_IN_WORDS}"))
    if not reviewer:
        problems.append(Problem(number, REVIEWER, "missing: name who decided"))
    elif len(reviewer) > MAX_REVIEWER_CHARS:
        problems.append(Problem(number, REVIEWER, f"longer than {MAX_REVIEWER_CHARS:,} characters"))
    when = None
    if not reviewed_on:
        problems.append(Problem(number, REVIEWED_ON, "missing"))
    else:
        try:
            when = parse_date(reviewed_on)
        except UnreadableDate:
            when = None
        if when is None:
            problems.append(Problem(number, REVIEWED_ON, "not a date (YYYY-MM-DD)"))
        elif when > today:
            problems.append(Problem(number, REVIEWED_ON, "in the future"))
            when = None
    if len(note) > MAX_NOTE_CHARS:
        problems.append(Problem(number, NOTE, f"longer than {MAX_NOTE_CHARS:,} characters"))
    return AnsweredRow(number, charge_id if row_of(charge_id) is not None else None, decision, reviewer, when, note,
                       len(problems) == before)


def check_answers(rows: list[AnsweredRow], charges: Mapping[int, IndexedCharge], job_id: str,
                  problems: list[Problem] | None = None) -> dict[str, Answer]:
    """The answers by charge_id, each checked against the charge it answers; AnswersRefused with every
    problem (`problems`: those `read_answers` found) when there is one. `charges` are the job's
    indexed charges by row number."""
    problems = list(problems or [])
    answers: dict[str, Answer] = {}
    decided: dict[str, tuple[Decision, int]] = {}  # charge_id -> (its first decision, the row it is on)
    named = unknown = 0
    for row in rows:
        if row.charge_id is None:
            continue
        named += 1
        number = row_of(row.charge_id)
        charge = charges.get(number) if number is not None else None
        if charge is None or charge.charge_id != row.charge_id:
            unknown += 1
            problems.append(Problem(row.row, CHARGE_ID, f"{row.charge_id} is not a charge of job {job_id}"))
            continue
        if row.decision is None:
            continue
        first = decided.setdefault(row.charge_id, (row.decision, row.row))
        if first[0] is not row.decision:
            problems.append(Problem(row.row, DECISION, f"{row.charge_id} is answered again with another decision "
                                                       f"(first on row {first[1]})"))
            continue
        problems += _against_the_charge(row, charge)
        if row.readable:
            answers[row.charge_id] = row.answer  # the same decision twice: the later row's reviewer, date and note
    if named and unknown == named:
        problems.append(Problem(0, "", f"none of the answered charges is a charge of job {job_id}: is this the "
                                       f"answers file of another job or office?"))
    if problems:
        raise AnswersRefused(problems)
    return answers


def _against_the_charge(row: AnsweredRow, charge: IndexedCharge) -> list[Problem]:
    if row.decision is not Decision.MOTION:
        return []
    if not charge.conviction:
        return [Problem(row.row, DECISION, f"{row.charge_id} is not a conviction: only a conviction can be "
                                           f"vacated on motion")]
    if charge.county == NO_COUNTY:
        return [Problem(row.row, DECISION, f"{row.charge_id} names no Illinois county, so no court can be named "
                                           f"for a motion: correct the county in the source file and upload it "
                                           f"again")]
    if not charge.has_case_number:
        return [Problem(row.row, DECISION, f"{row.charge_id} has no court case number, and the motion and its order "
                                           f"must name the case: correct the case number in the source file and "
                                           f"upload it again")]
    if charge.rule in STATUTORY_EXCLUSIONS and not row.note:
        rule = RULES[charge.rule - 1]
        return [Problem(row.row, NOTE, f"{row.charge_id}: a motion answer on a charge the statute excludes "
                                       f"(rule {rule.number}, {', '.join(r.value for r in rule.reasons)}) must "
                                       f"say why in the note")]
    return []

