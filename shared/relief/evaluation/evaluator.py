"""From a Record to its Result: read the fields the law turns on, decide, and explain.

This is the hot path of every job (a million rows at a time), so each field is read through a
cache of its distinct values (charges, dates, disposition and class), and the ruling is cached
per distinct Facts (law.facts.facts_key); only the ages, the association lookup and the Result are
per row.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, TypeVar
from zlib import crc32

from ..intake.cells import FORMULA_START, is_plain
from ..intake.illinois import agency_name
from ..intake.profiles.charges import one_charge
from ..intake.profiles.tables import Vocabulary
from ..intake.records import ReadRow, Record
from ..law.associations import Association, Associations, is_section_7
from ..law.cases import compact_key
from ..law.dates import UnreadableDate, parse_date, whole_years
from ..law.deadlines import expunge_by
from ..law.decisions import RULE_SET_VERSION, Decision, Reason, Ruling
from ..law.dispositions import normalise_disposition
from ..law.facts import Adjudication, Charge, Facts, FactsKey, Period, period_of, read_charge
from ..law.offense_classes import normalise_class
from ..law.rules import decide
from ..law.violence import ViolenceTest
from ..settings import OfficeSettings
from .result_csv import quoted
from .results import NOT_IN_FILE, Result

_new = tuple.__new__  # NamedTuple construction without the per-call Python wrapper
RowNumber = TypeVar("RowNumber", int, str)  # a Result holds it as a number, a line as text


@dataclass(frozen=True, slots=True)
class RulingCells:
    """A ruling as its result cells, formatted once per distinct Facts."""

    ruling: Ruling
    decision: str
    reason: str
    explanation: str
    authority: str
    minor_cannabis_offense: str
    section: str
    subsection: str
    violent_association: str
    rule: str
    is_conviction: bool
    counted: tuple[str, str]  # (decision, reason): what a Tally counts
    statute_canonical: str  # the citation as the law reads it; "" when it could not be read
    # The ruling's cells as a plain line writes them, joined once here rather than per row: decision
    # to minor_cannabis_offense, and section to violent_association; None when a cell of the ruling
    # needs csv.writer's care. A plain line quotes the explanation always, as ResultWriter's fast
    # path does; an old citation's canonical form holds a comma ("ch. 56 1/2, par. 704"), and then
    # both are quoted only where needed, as csv.writer does.
    line_ruling: str | None
    line_law: str
    line_statute_canonical: str
    automatic: bool = False  # the decision is automatic: the row's expunge_by is due

    @classmethod
    def of(cls, facts: Facts, ruling: Ruling) -> RulingCells:
        section = facts.section or ""
        cells = (ruling.decision.value, ruling.reason.value, ruling.explanation, ruling.authority,
                 ruling.minor_cannabis_offense.value, section, (facts.cited_subsection or "") if section else "",
                 _violent_association(facts) if section else "", str(ruling.rule))
        canonical = str(facts.citation) if facts.citation else ""
        plain = (all(is_plain(cell) for at, cell in enumerate(cells) if at != 2)
                 and not ruling.explanation.startswith(FORMULA_START) and not canonical.startswith(FORMULA_START))
        line_explanation, line_canonical = None, canonical
        if plain and is_plain(canonical):
            line_explanation = quoted(ruling.explanation)
        elif plain:
            line_explanation, line_canonical = _csv_cell(ruling.explanation), _csv_cell(canonical)
        line_ruling = None if line_explanation is None else ",".join((*cells[:2], line_explanation, *cells[3:5]))
        return cls(ruling, *cells, facts.is_conviction, (cells[0], cells[1]), canonical, line_ruling,
                   ",".join(cells[5:8]), line_canonical, ruling.decision is Decision.AUTOMATIC)


def _csv_cell(text: str) -> str:
    """A cell as csv.writer writes it: quoted only when it holds a comma, a quote or a line break."""
    return quoted(text) if any(c in text for c in ',"\r\n') else text


class Day(NamedTuple):
    """A date field as read, with all a row needs of it; read once per distinct text."""

    value: date | None
    unreadable: bool
    iso: str  # value.isoformat(), "" when there is no date
    period: Period | None
    years_to_as_of: str  # whole years from the date to the evaluation date, "" when there is no date


def day_of(value: date, as_of: date) -> Day:
    return Day(value, False, value.isoformat(), period_of(value), str(whole_years(value, as_of)))


_NO_DAY = Day(None, False, "", None, "")
_UNREADABLE_DAY = Day(None, True, "", None, "")

# An unreadable row is decided by no rule: review, reason unreadable_row, its explanation per row.
_UNREADABLE = RulingCells(Ruling(Decision.REVIEW, Reason.UNREADABLE_ROW, "", ""), Decision.REVIEW.value,
                          Reason.UNREADABLE_ROW.value, "", "", "", "", "", "", "", False,
                          (Decision.REVIEW.value, Reason.UNREADABLE_ROW.value), "", None, "", "")

_CACHE_LIMIT = 1 << 19  # distinct inputs are few; the bound only guards against pathological files
_SEP = "\x1f"  # ASCII unit separator: no field as read can hold it and still be one field
# What identifies a charge in a file besides its row: IR number, DCN, court case number, county,
# charge number and statute, as read.
_IDENTIFYING = operator.itemgetter(0, 8, 16, 17, 12, 13)


def charge_id(row_number: int | str, record: Record) -> str:
    """The charge's stable id: "R<row number>-<CRC-32 of its identifying fields as read>". The same
    file run again gives every charge the same id (the job plays no part) and no two rows of a file
    share one; a row moved to another line, or another charge on the same line of a later file, gets
    a new one, so an answer given about one charge is never taken for another's. It starts with a
    letter so spreadsheets keep it as text."""
    return f"R{row_number}-{crc32(_SEP.join(_IDENTIFYING(record)).encode('utf-8', 'surrogatepass')):08x}"


class Evaluator:
    """Decides charges under one office's settings, as of one date."""

    def __init__(self, settings: OfficeSettings, as_of: date, associations: Associations | None = None):
        self.settings = settings
        self.as_of = as_of
        self.associations = associations or Associations()
        self.violence = ViolenceTest(settings.violent_crimes, settings.possibly_violent)
        self._policy = settings.violent_association
        layout = settings.layout
        # A layout's coded values are read through its tables' words (intake/profiles/tables.py).
        self.vocabulary = Vocabulary(layout)
        self._as_written = self.vocabulary.reads_as_written
        self._birth_in_file = layout.birth_in_file
        self.groups_rows = layout.groups_rows  # results then list their source rows
        # By (statute, description) as written: the Charge, and its ruling when it is not a cannabis
        # charge (rule 1 then decides whatever the rest of the row says).
        self._charges: dict[tuple[str, str], tuple[Charge, RulingCells | None]] = {}
        self._charge_keys: dict[Charge, int] = {}  # numbers equal Charges alike (facts_key)
        self._days: dict[str, Day] = {}
        self._days_by_value: dict[date, Day] = {}  # a date is spelt many ways, and a Day is the same
        self._adjudications: dict[tuple[str, str], Adjudication] = {}  # by (disposition, class) as written
        self._adjudication_keys: dict[Adjudication, int] = {}
        self._rulings: dict[FactsKey, RulingCells] = {}
        self._deadlines: dict[tuple[str, date], str] = {}  # expunge_by as ISO, by (reason, record created)
        self._associating: dict[tuple[str, str], bool] = {}
        self._agency_names: dict[str, str] = {}  # arresting_agency as written -> its name
        # arresting_agency as written -> its name, for the names a plain line can hold as they stand
        self._line_agencies: dict[str, str] = {}

    def note_charge_associations(self, charges: Iterable[list[ReadRow]]) -> None:
        """First pass for a layout whose charges span rows: note_associations for each readable charge
        that carries an association."""
        for rows in charges:
            if rows[0].problem is None:
                record = self.charge_record(rows)
                if self.carries_association(record.statute, record.offense_description):
                    self.note_associations(record)

    def note_associations(self, record: Record) -> None:
        """First pass: remember arrests and cases that carry Section 7, violent or possibly violent charges."""
        disposition, offense_class = record.disposition, record.offense_class
        if not self._as_written:
            disposition = self.vocabulary.disposition_for_law(disposition)
            offense_class = self.vocabulary.class_for_law(offense_class)
        self.associations.note(ir_number=record.ir_number, county=record.county, dcn=record.dcn,
                               case_number=record.court_case_number, statute=record.statute,
                               description=record.offense_description, disposition=disposition,
                               offense_class=offense_class, violence=self.violence)

    def charge_record(self, rows: list[ReadRow]) -> Record:
        """The record a charge of several rows is decided on (intake/profiles/charges.py)."""
        return one_charge(rows, self.vocabulary)

    def carries_association(self, statute: str, description: str) -> bool:
        """Whether a charge may be a Section 7, violent or possibly violent one (its class and disposition
        settle which), so that the first pass must note it."""
        found = self._associating.get((statute, description))
        if found is None:
            found = is_section_7(statute) or self.violence.may_be_violent(statute, description)
            self._associating[(statute, description)] = found
        return found

    def evaluate(self, row_number: int, record: Record, source_rows: str = "") -> Result:
        cells, notes, deadline, offense_iso, age_now, age_at_offense, years_since = self._rule(record)
        explanation = cells.explanation if not notes else " ".join([cells.explanation, *notes])
        if self.groups_rows and not source_rows:
            source_rows = str(row_number)
        return _new(Result, (*self._cells(row_number, record, cells, explanation, deadline, offense_iso, age_now,
                                          age_at_offense, years_since, self._agency(record),
                                          cells.statute_canonical), source_rows))

    def evaluate_charge(self, rows: list[ReadRow]) -> Result:
        """One result for a charge's rows (all readable), listing every one of them."""
        if len(rows) == 1:
            return self.evaluate(rows[0].row_number, rows[0].record)
        return self.evaluate(rows[0].row_number, self.charge_record(rows), " ".join(str(r.row_number) for r in rows))

    def plain_line(self, row: ReadRow) -> tuple[str, tuple[str, str]] | None:
        """The CSV line of a plain row (ReadRow.plain) and what a Tally counts it by; None when the
        line needs more care than plain cells: evaluate() the row instead.

        The line is what ResultWriter writes for evaluate()'s Result (_cells, charge_id), built here
        in one f-string without its checks: the row's cells need no quoting, and the ruling's were
        checked and joined once (RulingCells). Nearly every row of a file comes this way, so the
        cells are written out rather than gathered into a tuple first (tests/evaluation/
        test_plain_lines.py holds both paths to the same line).
        """
        record = row.record
        cells, notes, deadline, offense_iso, age_now, age_at_offense, years_since = self._rule(record)
        ruling = cells.line_ruling
        if notes or ruling is None:
            return None
        if "-" in age_now or "-" in age_at_offense or "-" in years_since:
            return None  # a negative age (a date after the evaluation date) is a formula start
        agency = self._line_agencies.get(record.arresting_agency)
        if agency is None:
            agency = self._agency(record)
            if not is_plain(agency):
                return None
            self._line_agencies[record.arresting_agency] = agency
        (ir_number, last_name, first_name, middle_name, date_of_birth, sex, race, _, dcn, arrest_date,
         arresting_agency, offense_date, charge_number, statute, description, offense_class, case, county,
         disposition, disposition_date, _) = record
        number = row.row_number
        # charge_id(): the CRC-32 of the identifying fields (_IDENTIFYING), joined by _SEP.
        crc = crc32(f"{ir_number}\x1f{dcn}\x1f{case}\x1f{county}\x1f{charge_number}\x1f{statute}"
                    .encode("utf-8", "surrogatepass"))
        # In three f-strings of under 30 parts each: a longer one is built through a list and a join.
        head = (f"{number},{ir_number},{dcn},{case},{statute},{ruling},{deadline},"
                f"{last_name},{first_name},{middle_name},{date_of_birth},{county},")
        middle = (f"{arrest_date},{offense_iso or offense_date},{description},{offense_class},{disposition},"
                  f"{disposition_date},{cells.line_law},{age_now},{age_at_offense},{years_since},")
        line = (f"{head}{middle}{RULE_SET_VERSION},{arresting_agency},{cells.rule},{sex},{race},{charge_number},"
                f"{cells.line_statute_canonical},{agency},R{number}-{crc:08x},,,,,{cells.decision}\r\n")
        return line, cells.counted  # (no answer yet: the rules' decision is the one in force)

    @staticmethod
    def _cells(row_number: RowNumber, r: Record, cells: RulingCells, explanation: str, deadline: str,
               offense_iso: str, age_now: str, age_at_offense: str, years_since: str,
               agency: str, canonical: str) -> tuple[RowNumber | str, ...]:
        """A result's cells in Result's order: the record as read, the ruling's cells and what was added.
        offense_date is the date the rules used (ISO), the arrest date when the offense date is missing.
        No answer yet: the rules' decision is the one in force."""
        (ir_number, last_name, first_name, middle_name, date_of_birth, sex, race, _, dcn, arrest_date,
         arresting_agency, offense_date, charge_number, statute, description, offense_class, case, county,
         disposition, disposition_date, _) = r
        return (row_number, ir_number, dcn, case, statute,
                cells.decision, cells.reason, explanation, cells.authority, cells.minor_cannabis_offense,
                deadline, last_name, first_name, middle_name, date_of_birth, county,
                arrest_date, offense_iso or offense_date,
                description, offense_class, disposition, disposition_date,
                cells.section, cells.subsection, cells.violent_association,
                age_now, age_at_offense, years_since, RULE_SET_VERSION, arresting_agency, cells.rule,
                sex, race, charge_number, canonical, agency, charge_id(row_number, r), "", "", "", "",
                cells.decision)

    def facts_of(self, record: Record) -> Facts:
        """The Facts the rules decide this record on (for tests and explanations)."""
        charge = self._charge(record.statute, record.offense_description)
        arrested, offense = self._day(record.arrest_date), self._day(record.offense_date)
        return Facts(charge, self._adjudication(record.disposition, record.offense_class),
                     (offense if offense.value is not None else arrested).period, self._association(record),
                     bool(compact_key(record.court_case_number)), self._policy)

    def _rule(self, r: Record) -> tuple[RulingCells, list[str] | None, str, str, str, str, str]:
        """(ruling cells, notes on unreadable dates, expunge_by, offense date as ISO, age now, age at
        offense, years since conviction): all of a result that is not a field as read."""
        # Fields are unpacked once: reading them one attribute at a time costs more than deciding does.
        (ir_number, _, _, _, date_of_birth, _, _, _, dcn, arrest_date, _, offense_date, _, statute, description,
         offense_class, case, county, disposition, disposition_date, _) = r
        charge, not_cannabis = self._charges.get((statute, description)) or self._charge_entry(statute, description)
        if not_cannabis is not None:
            return not_cannabis, None, "", "", "", "", ""

        days = self._days
        arrested = days.get(arrest_date) or self._day(arrest_date)
        offense = days.get(offense_date) or self._day(offense_date)
        notes = []
        if arrested.unreadable:
            notes.append(_unreadable("arrest_date", arrest_date))
        if offense.unreadable:
            notes.append(_unreadable("offense_date", offense_date))
        if offense.value is None:
            offense = arrested
        # The case number as compared (cases.py); a charge whose number is all separators is in no case.
        case_key = compact_key(case) if case else ""
        association = self.associations.lookup(ir_number, county, dcn, case_key)
        adjudication = (self._adjudications.get((disposition, offense_class))
                        or self._adjudication(disposition, offense_class))
        period = offense.period
        # facts_key(charge, adjudication, period, association, bool(case_key)), written out as it runs for
        # every cannabis row (tests/evaluation/test_evaluate_caches.py holds the two equal).
        key = (charge.key, adjudication.key, period, association.section_7, association.violent_crime,
               association.possibly_violent, case_key != "")
        cells = self._rulings.get(key) or self._decide(key, charge, adjudication, period, association)

        deadline = ""
        if cells.automatic:
            created = arrested.value if arrested.value is not None else offense.value
            if created is not None:
                deadline = self._deadlines.get((cells.reason, created)) or self._deadline(cells, created)
        if not cells.is_conviction:
            return cells, notes, deadline, offense.iso, "", "", ""
        # The factors a court weighs on a motion to vacate (20 ILCS 2630/5.2(i)): the person's age now
        # and at the offense, and the years since the conviction; whole years, as of the evaluation date.
        convicted = days.get(disposition_date) or self._day(disposition_date)
        if not self._birth_in_file:  # the layout has no date of birth: the court is told so
            if convicted.unreadable:
                notes.append(_unreadable("disposition_date", disposition_date))
            return cells, notes, deadline, offense.iso, NOT_IN_FILE, NOT_IN_FILE, convicted.years_to_as_of
        born = days.get(date_of_birth) or self._day(date_of_birth)
        if born.unreadable:
            notes.append(_unreadable("date_of_birth", date_of_birth))
        if convicted.unreadable:
            notes.append(_unreadable("disposition_date", disposition_date))
        age_at_offense = "" if born.value is None or offense.value is None else str(
            whole_years(born.value, offense.value))
        return cells, notes, deadline, offense.iso, born.years_to_as_of, age_at_offense, convicted.years_to_as_of

    def unreadable(self, row: ReadRow) -> Result:
        """A row that could not be read still gets a result, naming the row and the field."""
        assert row.problem is not None
        return _new(Result, (*self._cells(row.row_number, row.record, _UNREADABLE,
                                          f"The row could not be read: {row.problem.message}.", "", "", "", "", "",
                                          self._agency(row.record), ""),
                             str(row.row_number) if self.groups_rows else ""))

    # --- reading each field once per distinct text ------------------------------------------------

    def _agency(self, r: Record) -> str:
        written = r.arresting_agency
        found = self._agency_names.get(written)
        if found is None:
            if len(self._agency_names) >= _CACHE_LIMIT:
                self._agency_names.clear()
                self._line_agencies.clear()
            found = self._agency_names[written] = agency_name(written)
        return found

    def _association(self, r: Record) -> Association:
        return self.associations.lookup(r.ir_number, r.county, r.dcn, compact_key(r.court_case_number))

    def _day(self, text: str) -> Day:
        found = self._days.get(text)
        if found is not None:
            return found
        if len(self._days) >= _CACHE_LIMIT:
            self._days.clear()
            self._days_by_value.clear()
        try:
            value = parse_date(text)
        except UnreadableDate:
            day = _UNREADABLE_DAY
        else:
            if value is None:
                day = _NO_DAY
            else:
                known = self._days_by_value.get(value)
                day = known if known is not None else self._days_by_value.setdefault(value, day_of(value, self.as_of))
        self._days[text] = day
        return day

    def _deadline(self, cells: RulingCells, created: date) -> str:
        """expunge_by as ISO: the schedule is read once per reason and date, not per row."""
        due = expunge_by(cells.ruling, created)
        if len(self._deadlines) >= _CACHE_LIMIT:
            self._deadlines.clear()
        deadline = self._deadlines[(cells.reason, created)] = due.isoformat() if due else ""
        return deadline

    def _adjudication(self, disposition_text: str, class_text: str) -> Adjudication:
        found = self._adjudications.get((disposition_text, class_text))
        if found is not None:
            return found
        if self._as_written:
            said = Adjudication(normalise_disposition(disposition_text), normalise_class(class_text))
        else:
            vocabulary = self.vocabulary
            said = Adjudication(vocabulary.disposition(disposition_text), vocabulary.offense_class(class_text))
        key = self._adjudication_keys.setdefault(said, len(self._adjudication_keys))
        adjudication = Adjudication(said.disposition, said.offense_class, key)
        if len(self._adjudications) >= _CACHE_LIMIT:
            self._adjudications.clear()
        self._adjudications[(disposition_text, class_text)] = adjudication
        return adjudication

    def _charge(self, statute: str, description: str) -> Charge:
        return (self._charges.get((statute, description)) or self._charge_entry(statute, description))[0]

    def _charge_entry(self, statute: str, description: str) -> tuple[Charge, RulingCells | None]:
        said = read_charge(statute, description)
        key = self._charge_keys.get(said)
        if key is None:
            if len(self._charge_keys) >= _CACHE_LIMIT:
                self._charges.clear()
                self._charge_keys.clear()
                self._rulings.clear()  # ruling keys hold charge keys, which are numbered afresh
            key = self._charge_keys[said] = len(self._charge_keys)
        charge = read_charge(statute, description, key)
        not_cannabis = None
        if not charge.is_cannabis:
            facts = Facts(charge, self._adjudication("", ""), None, Association(), True, self._policy)
            not_cannabis = RulingCells.of(facts, decide(facts))
        entry = self._charges[(statute, description)] = (charge, not_cannabis)
        return entry

    def _decide(self, key: FactsKey, charge: Charge, adjudication: Adjudication, period: Period | None,
                association: Association) -> RulingCells:
        facts = Facts(charge, adjudication, period, association, key[-1], self._policy)
        cells = RulingCells.of(facts, decide(facts))
        if len(self._rulings) >= _CACHE_LIMIT:
            self._rulings.clear()
        self._rulings[key] = cells
        return cells


def _violent_association(facts: Facts) -> str:
    """The violent_association cell: true (a violent crime), possible (a possibly violent one) or false."""
    if facts.violent_crime is not None:
        return "true"
    return "possible" if facts.possibly_violent is not None else "false"


def _unreadable(column: str, text: str) -> str:
    return f"The {column} {text.strip()!r} could not be read and was treated as missing."
