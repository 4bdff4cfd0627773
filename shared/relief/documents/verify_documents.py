"""`relief verify BUNDLE --documents`: read every PDF of a bundle back and compare what it says with
the bundle's own results.csv, field by field. Offline; needs only the bundle.

What is checked:
- motion.pdf is there exactly when the bundle has a court and a `motion` conviction; its caption
  names the bundle's court; it states the number of convictions, people and proposed orders that
  results.csv holds; Exhibit A has one line per `motion` row, in row order, every column equal to
  that row's field as printed; its certificate of service lists the State Police and every
  arresting agency of the exhibit.
- One order per person per court case of the `motion` rows, none other: its caption (court, case
  number, defendant), the defendant's block (name, date of birth, sex and race where given, IR
  number), one line per charge with every field, and the agencies its directions name.
- summary.pdf states the numbers of people, charges, convictions in the motion, people in the
  motion and orders, and each decision's count (the decision in force: the office's answer where
  there is one); it reports the office's answers and lists every `motion` answer on a charge the
  statute excludes exactly as results.csv holds them; and its appendix states the decision rules
  as this version of relief has them (for a bundle of the same rule set).
- A line the office decided on review is marked in Exhibit A and in its order, and no other line
  is (the mark is part of the line's number).
- Every page of the motion and orders says DRAFT — NOT FOR FILING exactly when the manifest says
  the bundle is a draft.

The first disagreement is reported, naming the document, the line or field, and the results.csv
row; never a value (values are criminal-history records).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..evaluation.results import RESULT_COLUMNS, Result, result_from_cells
from ..intake.cells import FORMULA_START, as_written
from ..intake.illinois import illinois_county
from ..law.cases import compact_key
from ..law.decisions import DECISIONS, RULE_SET_VERSION, Decision
from ..law.rules import RULES
from .bundle import MOTION_PDF, ORDERS, SUMMARY_PDF, volume_of
from .courts import Court
from .layout import DRAFT, agency_shown, full_name, shown
from .manifest import MANIFEST, ManifestError, parse_manifest
from .motion import (
    EXHIBIT_COLUMNS,
    EXHIBIT_TITLE,
    NOTICE_TITLE,
    SERVICE_TITLE,
    STATE_POLICE,
    TITLE,
    counts_sentence,
    exhibit_cells,
    orders_sentence,
    volume_label,
)
from .orders import (
    BORN,
    CHARGE_COLUMNS,
    CHARGES_HEADING,
    DEFENDANT_HEADING,
    IR,
    NAME,
    ORDERED,
    RACE,
    SEX,
    OrderKey,
    charge_cells,
    defendant_fields,
    directions,
    order_key,
)
from .orders import TITLE as ORDER_TITLE
from .readback import Fragment, Page, ReadError, body, index_of, labelled, lines, numbered, read_pages, table, text_of
from .spreadsheets import RESULTS_CSV
from .summary import (
    ANSWERED_COLUMNS,
    ANSWERED_HEADING,
    APPENDIX_HEADING,
    DECIDED,
    DECISION_COLUMNS,
    OVERRIDE_COLUMNS,
    OVERRIDES_HEADING,
    RULE_COLUMNS,
    SECTIONS,
    Counts,
    at_a_glance,
    rule_cells,
)

_MAX_CSV = 1 << 34
_PRINTED_COLUMNS = RESULT_COLUMNS.index("charge_id") + 1  # every column through charge_id


@dataclass(frozen=True, slots=True)
class Disagreement:
    document: str  # the file in the bundle
    where: str  # the line, field or statement
    row: int | None = None  # the results.csv row it should equal

    @property
    def message(self) -> str:
        against = f" does not match results.csv row {self.row}" if self.row is not None else ""
        return f"{self.document}: {self.where}{against}"


@dataclass(frozen=True, slots=True)
class DocumentsVerification:
    ok: bool
    message: str
    disagreement: Disagreement | None = None
    documents: int = 0  # PDFs read back
    exhibit_lines: int = 0
    orders: int = 0

    def __bool__(self) -> bool:
        return self.ok


class _Disagrees(Exception):
    def __init__(self, disagreement: Disagreement):
        super().__init__(disagreement.message)
        self.disagreement = disagreement


def verify_documents(path: str | Path) -> DocumentsVerification:
    """Read back every PDF of a bundle and compare it with the bundle's results.csv."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _Check(archive).run()
    except _Disagrees as failed:
        return DocumentsVerification(False, failed.disagreement.message, failed.disagreement)
    except (zipfile.BadZipFile, OSError) as error:
        return DocumentsVerification(False, f"{path}: not a readable zip ({error})")


def _disagree(document: str, where: str, row: int | None = None) -> _Disagrees:
    return _Disagrees(Disagreement(document, where, row))


class _Check:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = set(archive.namelist())
        self.documents = 0

    def run(self) -> DocumentsVerification:
        about = self._about()
        county = illinois_county(str(about.get("county", "")))
        court_lines = tuple(str(about.get("court", "")).split(" / ")) if about.get("court") else ()
        draft = bool(about.get("draft"))
        counts, motion = self._results()
        motion = motion if court_lines else []
        groups: dict[OrderKey, list[Result]] = {}
        for result in motion:
            groups.setdefault(order_key(result), []).append(result)

        exhibit_lines = 0
        if motion:
            if county is None:
                raise _disagree(MANIFEST, f"names county {about.get('county')!r}, not an Illinois county")
            court = Court(county, county.circuit)
            exhibit_lines = self._motion(motion, len(groups), court_lines, draft, volume_of(about))
            self._orders(groups, court, court_lines, draft)
        else:
            extra = sorted(n for n in self.names if n == MOTION_PDF or n.startswith(ORDERS))
            if extra:
                raise _disagree(extra[0], "is in the bundle, but results.csv has no conviction for a motion here")
        self._summary(counts, len(groups), str(about.get("rule_set_version", "")))
        return DocumentsVerification(
            True, f"{self.documents:,} PDFs read back: Exhibit A's {exhibit_lines:,} lines, {len(groups):,} orders "
                  f"and the summary match results.csv ({counts.rows:,} rows)",
            None, self.documents, exhibit_lines, len(groups))

    # --- inputs --------------------------------------------------------------------------------

    def _about(self) -> dict[str, object]:
        if MANIFEST not in self.names:
            raise _disagree(MANIFEST, "missing from the bundle")
        try:
            return dict(parse_manifest(self.archive.read(MANIFEST)).about)
        except ManifestError as error:
            raise _disagree(MANIFEST, str(error)) from None

    def _results(self) -> tuple[Counts, list[Result]]:
        """results.csv read once: its counts, and its `motion` rows (the only rows held in memory)."""
        if RESULTS_CSV not in self.names:
            raise _disagree(RESULTS_CSV, "missing from the bundle")
        if self.archive.getinfo(RESULTS_CSV).file_size > _MAX_CSV:
            raise _disagree(RESULTS_CSV, "too large to read back")
        with self.archive.open(RESULTS_CSV) as raw:
            reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
            header = tuple(next(reader, ()))
            # Read the columns it has in this version's order: all of them; or, from an older bundle,
            # those up to the office's answers (or source_rows), as long as it has what the documents print.
            width = next((at for at, (name, wanted) in enumerate(zip(header, RESULT_COLUMNS, strict=False))
                          if name != wanted), min(len(header), len(RESULT_COLUMNS)))
            if width < _PRINTED_COLUMNS:
                raise _disagree(RESULTS_CSV, "does not have the results columns this version of relief reads")
            counts = Counts(people=True)
            motion = []
            for line, cells in enumerate(reader, start=2):
                if len(cells) < width or not cells[0].isdigit():
                    raise _disagree(RESULTS_CSV, f"line {line} is not a result row")
                result = result_from_cells([as_written(c) for c in cells[:width]])
                counts.add(result)
                if result.final_decision == Decision.MOTION.value:
                    motion.append(result)
        return counts, motion

    def _pages(self, name: str) -> list[Page]:
        if name not in self.names:
            raise _disagree(name, "missing from the bundle")
        try:
            pages = read_pages(self.archive.read(name))
        except Exception as error:  # pypdf raises many kinds on a damaged file
            raise _disagree(name, f"cannot be read as a PDF ({type(error).__name__})") from None
        self.documents += 1
        return pages

    # --- the motion ----------------------------------------------------------------------------

    def _motion(self, motion: list[Result], orders: int, court_lines: tuple[str, ...], draft: bool,
                volume: tuple[int, int, int]) -> int:
        """`volume`: (part, parts, first Exhibit A line) as the manifest states them."""
        pages = self._pages(MOTION_PDF)
        _draft_on_every_page(MOTION_PDF, pages, draft)
        text = body(pages)
        _court_lines(MOTION_PDF, text, court_lines)
        title = index_of(text, TITLE[0], bold=True)
        notice = index_of(text, NOTICE_TITLE, bold=True)
        if title < 0 or notice < 0:
            raise _disagree(MOTION_PDF, "is not a motion with its notice of motion")
        said = text_of(text[title:notice])
        part, parts, first_line = volume
        if parts > 1 and volume_label(part, parts) not in said:
            raise _disagree(MOTION_PDF, f"its title does not say {volume_label(part, parts)}, as the manifest does")
        people = len({shown(r.ir_number) for r in motion})
        if counts_sentence(len(motion), people) not in said:
            raise _disagree(MOTION_PDF, f"the number of convictions or people it states is not the {len(motion):,} "
                                        f"convictions of {people:,} people of results.csv")
        if orders_sentence(orders) not in said:
            raise _disagree(MOTION_PDF, f"the number of proposed orders it states is not {orders:,}")

        service = index_of(text, SERVICE_TITLE, bold=True)
        exhibit = index_of(text, EXHIBIT_TITLE, bold=True)
        if service < 0 or exhibit < 0:
            raise _disagree(MOTION_PDF, "has no certificate of service or no Exhibit A")
        served = numbered(text[service:exhibit])
        agencies = sorted({agency_shown(r.arresting_agency, r.arresting_agency_name) for r in motion
                           if shown(r.arresting_agency)}, key=str.casefold)
        if served != [STATE_POLICE, *agencies]:
            raise _disagree(MOTION_PDF, "the certificate of service does not list the State Police and exactly the "
                                        "arresting agencies of Exhibit A")

        try:
            rows = table(text[exhibit:], [c.title for c in EXHIBIT_COLUMNS])
        except ReadError as error:
            raise _disagree(MOTION_PDF, f"Exhibit A: {error}") from None
        for number, (row, result) in enumerate(zip(rows, motion, strict=False), start=first_line):
            expected = exhibit_cells(number, result)
            for column, printed, wanted, raw in zip(EXHIBIT_COLUMNS, row.cells, expected,
                                                    _raw_exhibit(number, result), strict=True):
                if printed not in (wanted, raw):
                    raise _disagree(MOTION_PDF, f"Exhibit A line {number} (page {row.page}), column "
                                                f"{_title(column.title)},", result.row_number)
        if len(rows) != len(motion):
            missing = motion[len(rows)].row_number if len(rows) < len(motion) else None
            raise _disagree(MOTION_PDF, f"Exhibit A has {len(rows):,} lines; results.csv has {len(motion):,} "
                                        f"convictions for the motion" + ("" if missing is None else
                                                                         f" (the first missing is row {missing})"))
        return len(rows)

    # --- the orders ----------------------------------------------------------------------------

    def _orders(self, groups: dict[OrderKey, list[Result]], court: Court, court_lines: tuple[str, ...],
                draft: bool) -> None:
        by_printed: dict[tuple[str, str], list[OrderKey]] = defaultdict(list)
        for key, charges in groups.items():
            by_printed[(compact_key(charges[0].court_case_number), key.person)].append(key)
        found: set[OrderKey] = set()
        for name in sorted(n for n in self.names if n.startswith(ORDERS)):
            pages = self._pages(name)
            _draft_on_every_page(name, pages, draft)
            text = body(pages)
            _court_lines(name, text, court_lines)
            case_number, defendant = _caption(name, text)
            fields = labelled(_between(name, text, DEFENDANT_HEADING, CHARGES_HEADING),
                              (NAME, BORN, SEX, RACE, IR))
            ir_number = dict(fields).get(IR, "")
            candidates = [k for k in by_printed.get((compact_key(case_number), compact_key(ir_number)), [])
                          if k not in found]
            if not candidates:
                raise _disagree(name, "is for a person and court case with no conviction for the motion in "
                                      "results.csv")
            key = candidates[0]
            found.add(key)
            charges = groups[key]
            first = charges[0]
            if case_number != shown(first.court_case_number):
                raise _disagree(name, "the case number of its caption,", first.row_number)
            if defendant != f"{full_name(first.last_name, first.first_name, first.middle_name)},":
                raise _disagree(name, "the defendant named in its caption,", first.row_number)
            if fields != [tuple(f) for f in defendant_fields(first)]:
                wrong = next((label for (label, value), want in zip(fields, defendant_fields(first), strict=False)
                              if (label, value) != tuple(want)), "the list of fields")
                raise _disagree(name, f"the defendant's {wrong},", first.row_number)
            self._charges(name, text, charges)
            ordered = numbered(text[index_of(text, ORDERED, bold=True):])
            agencies = list(dict.fromkeys(agency_shown(r.arresting_agency, r.arresting_agency_name)
                                          for r in charges if shown(r.arresting_agency)))
            if ordered != directions(court, agencies):
                raise _disagree(name, "what it orders, or the arresting agencies it names,", first.row_number)
        missing = [groups[k][0].row_number for k in groups if k not in found]
        if missing:
            raise _disagree(ORDERS, f"no proposed order for the conviction of results.csv row {missing[0]}"
                                    + (f" (and {len(missing) - 1:,} more)" if len(missing) > 1 else ""))

    def _charges(self, name: str, text: list[Fragment], charges: list[Result]) -> None:
        start = index_of(text, CHARGES_HEADING, bold=True)
        try:
            rows = table(text[start:], [c.title for c in CHARGE_COLUMNS],
                         stop=lambda f: f.bold and f.text == ORDERED)
        except ReadError as error:
            raise _disagree(name, str(error)) from None
        for number, (row, result) in enumerate(zip(rows, charges, strict=False), start=1):
            for column, printed, wanted, raw in zip(CHARGE_COLUMNS, row.cells, charge_cells(number, result),
                                                    _raw_charge(number, result), strict=True):
                if printed not in (wanted, raw):
                    raise _disagree(name, f"charge line {number} (page {row.page}), column {_title(column.title)},",
                                    result.row_number)
        if len(rows) != len(charges):
            raise _disagree(name, f"lists {len(rows):,} charges; results.csv has {len(charges):,} for this person "
                                  f"in this case", charges[0].row_number)

    # --- the summary ---------------------------------------------------------------------------

    def _summary(self, counts: Counts, orders: int, rule_set_version: str) -> None:
        pages = self._pages(SUMMARY_PDF)
        text = body(pages)
        expected = at_a_glance(counts, orders)
        decided = index_of(text, DECIDED, bold=True)
        if decided < 0:
            raise _disagree(SUMMARY_PDF, "does not say what was decided")
        printed = dict(labelled(text[:decided], [f.label for f in expected]))
        for field in expected:
            if printed.get(field.label) != field.value:
                raise _disagree(SUMMARY_PDF, f"the number of {field.label.lower()} it states is not results.csv's")
        try:
            rows = table(text[decided:], [c.title for c in DECISION_COLUMNS],
                         stop=lambda f: f.bold and f.text in SECTIONS and f.text != DECIDED)
        except ReadError as error:
            raise _disagree(SUMMARY_PDF, str(error)) from None
        stated = {row.cells[0]: row.cells[1] for row in rows}
        for decision in DECISIONS:
            if stated.get(decision) != f"{counts.decisions.get(decision, 0):,}":
                raise _disagree(SUMMARY_PDF, f"the number of {decision} decisions it states is not results.csv's")
        self._answers(text, counts)
        self._appendix(text, rule_set_version)

    def _answers(self, text: list[Fragment], counts: Counts) -> None:
        """The office's answers as the summary counts them, and every motion answer that overrides the
        statute, as results.csv has them."""
        start = index_of(text, ANSWERED_HEADING, bold=True)
        if (start >= 0) != bool(counts.answered):
            raise _disagree(SUMMARY_PDF, "the answers it reports are not results.csv's (answer_decision)")
        if start < 0:
            return
        stop = _section_stop(ANSWERED_HEADING)
        try:
            rows = table(text[start:], [c.title for c in ANSWERED_COLUMNS], stop=stop)
        except ReadError as error:
            raise _disagree(SUMMARY_PDF, str(error)) from None
        if [row.cells for row in rows] != [(rules, answer, f"{n:,}")
                                           for (rules, answer), n in sorted(counts.answered.items())]:
            raise _disagree(SUMMARY_PDF, "the answers it counts are not results.csv's (answer_decision)")
        start = index_of(text, OVERRIDES_HEADING, bold=True)
        if (start >= 0) != bool(counts.overrides):
            raise _disagree(SUMMARY_PDF, "the motion answers against the statute it lists are not results.csv's")
        if start < 0:
            return
        try:
            rows = table(text[start:], [c.title for c in OVERRIDE_COLUMNS], stop=_section_stop(OVERRIDES_HEADING))
        except ReadError as error:
            raise _disagree(SUMMARY_PDF, str(error)) from None
        wanted = [tuple(shown(cell) for cell in override) for override in counts.overrides]
        if [row.cells for row in rows] != wanted:
            raise _disagree(SUMMARY_PDF, "the motion answers against the statute it lists are not results.csv's")

    def _appendix(self, text: list[Fragment], rule_set_version: str) -> None:
        """The rule table, as these rules state it (a bundle of another rule set is not compared)."""
        start = index_of(text, APPENDIX_HEADING, bold=True)
        if start < 0:
            raise _disagree(SUMMARY_PDF, "has no appendix of the decision rules")
        if rule_set_version != RULE_SET_VERSION:
            return
        try:
            rows = table(text[start:], [c.title for c in RULE_COLUMNS])
        except ReadError as error:
            raise _disagree(SUMMARY_PDF, str(error)) from None
        for row, rule in zip(rows, RULES, strict=False):
            if row.cells != rule_cells(rule):
                raise _disagree(SUMMARY_PDF, f"the appendix's rule {rule.number} is not rule {rule.number} of "
                                             f"{RULE_SET_VERSION}")
        if len(rows) != len(RULES):
            raise _disagree(SUMMARY_PDF, f"the appendix lists {len(rows)} rules; {RULE_SET_VERSION} has {len(RULES)}")


def _section_stop(heading: str) -> Callable[[Fragment], bool]:
    """Where a summary table that follows `heading` ends: the next section's heading."""
    return lambda f: f.bold and f.text in SECTIONS and f.text != heading


def _title(title: str) -> str:
    return title.replace("\n", " ")


def _raw_exhibit(number: int, result: Result) -> tuple[str, ...]:
    """Exhibit A's cells from the CSV cells as they stand (apostrophe kept): a value that really
    began with an apostrophe and a formula sign prints as written."""
    return exhibit_cells(number, _as_stored(result))


def _raw_charge(number: int, result: Result) -> tuple[str, ...]:
    return charge_cells(number, _as_stored(result))


def _as_stored(result: Result) -> Result:
    return Result(result.row_number, *(("'" + v if v.startswith(FORMULA_START) else v) for v in result[1:]))


def _draft_on_every_page(name: str, pages: Sequence[Page], draft: bool) -> None:
    for page in pages:
        marked = any(f.bold and f.text == DRAFT for f in page.fragments)
        if marked != draft:
            raise _disagree(name, f"page {page.number} {'lacks' if draft else 'has'} the words {DRAFT}, but the "
                                  f"manifest says the bundle {'is' if draft else 'is not'} a draft")


def _court_lines(name: str, text: list[Fragment], court_lines: tuple[str, ...]) -> None:
    printed = [f.text for f in text if f.bold and f.text != DRAFT][: len(court_lines)]
    if tuple(printed) != court_lines:
        raise _disagree(name, "the court named in its caption is not the bundle's court")


_CASE_NO = re.compile(r"Case No\. (.*)")


def _caption(name: str, text: list[Fragment]) -> tuple[str, str]:
    """(the case number, the defendant's lines joined) of an order's caption: the ")" column above
    the order's title, the parties on its left, the case number on its right."""
    title = index_of(text, ORDER_TITLE[0], bold=True)
    text = text[:title] if title >= 0 else []
    bars = [f for f in text if f.text == ")" and f.page == 1]
    if not bars:
        raise _disagree(name, "has no caption")
    top, bottom, bar_x = bars[0].y - 0.5, bars[-1].y + 0.5, bars[0].x
    inside = [f for f in text if f.page == 1 and top <= f.y <= bottom and f.text != ")"]
    left = lines([f for f in inside if f.x < bar_x])
    right = text_of([f for f in inside if f.x > bar_x])
    matched = _CASE_NO.fullmatch(right)
    left_text = [text_of(line) for line in left]
    try:
        start, end = left_text.index("v.") + 1, left_text.index("Defendant.")
    except ValueError:
        raise _disagree(name, "its caption does not name a defendant") from None
    if matched is None:
        raise _disagree(name, "its caption has no case number")
    return matched.group(1), "".join(left_text[start:end])


def _between(name: str, text: list[Fragment], first: str, last: str) -> list[Fragment]:
    start, end = index_of(text, first, bold=True), index_of(text, last, bold=True)
    if start < 0 or end < start:
        raise _disagree(name, f"has no {first!r} block")
    return text[start + 1:end]
