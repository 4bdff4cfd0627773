"""The bundle's summary: what was decided and what the office does next, for an office manager
(summary.pdf), and the same counts for programs (summary.json).

summary.pdf: people, charges, convictions for the motion, proposed orders; each decision with what
it means and what to do next; each kind of doubt with what to check; the automatic expungements by
deadline; a chart of the cannabis charges by offense year; and what the bundle is of.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from ..evaluation.results import Result
from ..law.decisions import DECISIONS, Decision
from .layout import BODY, Column, Document, Field, line_height, shown
from .plain_words import DECISION_WORDS, DOUBTS, NO_COUNTY_DOUBT, Words, reason_in_words

UNKNOWN_YEAR = "unknown"
TITLE = "Cannabis relief: what was decided and what to do next"

# Labels of the "at a glance" block (verify_documents reads the numbers after them).
PEOPLE, CHARGES, CONVICTIONS, MOTION_PEOPLE, ORDERS = (
    "People", "Charges", "Convictions in the motion", "People in the motion", "Proposed orders")
DECISION_COLUMNS = (Column("Decision", 24), Column("Charges", 18), Column("What it means", 62),
                    Column("What to do next", 71.9))
DOUBT_COLUMNS = (Column("Doubt", 40), Column("Charges", 14), Column("What it is", 56),
                 Column("What to check", 65.9))
DEADLINE_COLUMNS = (Column("Expunge by", 30), Column("Charges", 25))
DECIDED = "What was decided"
DOUBTS_HEADING = "Doubts to settle in review.csv"
DEADLINES_HEADING = "Automatic expungements by deadline (nothing to file)"
CHART_HEADING = "Cannabis charges by offense year (dark: convictions in the motion)"
ABOUT_HEADING = "About this bundle"
SECTIONS = (DECIDED, DOUBTS_HEADING, DEADLINES_HEADING, CHART_HEADING, ABOUT_HEADING)


class Counts:
    """Counts of one bundle's (or one job's) results, added one at a time. `people`: also count
    people and proposed orders (a bundle's; a job's summary.json has no need of them)."""

    def __init__(self, people: bool = False) -> None:
        self.decisions: Counter[str] = Counter()
        self.reasons: Counter[tuple[str, str]] = Counter()
        self.years: dict[str, Counter[str]] = {}  # offense year -> decision -> count
        self.deadlines: Counter[str] = Counter()  # expunge_by -> automatic charges
        self.rows = 0
        self._people: set[str] | None = set() if people else None
        self._motion_people: set[str] = set()

    def add(self, result: Result) -> None:
        self.rows += 1
        decision = result.decision
        self.decisions[decision] += 1
        self.reasons[(decision, result.reason)] += 1
        year = result.offense_date[:4]
        year = year if len(year) == 4 and year.isdigit() else UNKNOWN_YEAR
        self.years.setdefault(year, Counter())[decision] += 1
        if decision == Decision.AUTOMATIC.value:
            self.deadlines[result.expunge_by or "none given"] += 1
        if self._people is not None:
            person = shown(result.ir_number)
            self._people.add(person)
            if decision == Decision.MOTION.value:
                self._motion_people.add(person)

    @property
    def people(self) -> int:
        return len(self._people or ())

    @property
    def motion_people(self) -> int:
        return len(self._motion_people)

    def as_dict(self) -> dict[str, Any]:
        counted = {
            "rows": self.rows,
            "decisions": {d: self.decisions.get(d, 0) for d in DECISIONS},
            "reasons": {f"{d}/{r}": n for (d, r), n in sorted(self.reasons.items())},
            "offense_years": {year: dict(sorted(counts.items())) for year, counts in sorted(self.years.items())},
            "expunge_by": dict(sorted(self.deadlines.items())),
        }
        if self._people is not None:
            counted["people"] = self.people
            counted["motion_people"] = self.motion_people
        return counted


def summary_document(counts: Counts, about: Mapping[str, Any], orders: int | None = None) -> dict[str, Any]:
    """What summary.json holds: `about` (job, office, county, source SHA-256, rules, time) and the counts."""
    document = {**about, **counts.as_dict()}
    if orders is not None:
        document["orders"] = orders
    return document


def summary_json(counts: Counts, about: Mapping[str, Any], orders: int | None = None) -> bytes:
    return (json.dumps(summary_document(counts, about, orders), indent=2, sort_keys=False, default=_plain)
            + "\n").encode()


def _plain(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def at_a_glance(counts: Counts, orders: int) -> tuple[Field, ...]:
    """The five numbers an office asks first, as summary.pdf prints them."""
    return (Field(PEOPLE, f"{counts.people:,}"), Field(CHARGES, f"{counts.rows:,}"),
            Field(CONVICTIONS, f"{counts.decisions.get(Decision.MOTION.value, 0):,}"),
            Field(MOTION_PEOPLE, f"{counts.motion_people:,}"), Field(ORDERS, f"{orders:,}"))


def render_summary(counts: Counts, about: Mapping[str, Any], *, place: str, orders: int, draft_reasons: Sequence[str],
                   court_papers: bool, created: datetime | None = None) -> bytes:
    """summary.pdf. `place`: the county (or the doubt) the bundle is for; `court_papers`: whether the
    bundle holds a motion and orders; `draft_reasons`: what the office settings lack, if anything."""
    pdf = Document(footer_label="Summary", created=created)
    pdf.set_title("Relief summary")
    pdf.new_page()
    pdf.heading(TITLE, size=BODY + 3, align="L")
    pdf.heading(shown(place), size=BODY + 1, align="L", after=3)
    if not court_papers and counts.decisions.get(Decision.MOTION.value, 0):
        pdf.paragraph(f"This bundle holds no court paper. {NO_COUNTY_DOUBT.what} Its convictions are listed in "
                      f"review.csv. {NO_COUNTY_DOUBT.next}", first=0)
    elif not court_papers:
        pdf.paragraph("This bundle holds no court paper: no conviction here qualifies for the motion.", first=0)
    if draft_reasons and court_papers:
        pdf.paragraph("The motion and the orders in this bundle say DRAFT \u2014 NOT FOR FILING on every page, because "
                      "the office settings do not yet give " + _and(draft_reasons) + ". Fill them in and run the "
                      "file again to get papers that can be filed.", bold=True, first=0)
    pdf.fields(at_a_glance(counts, orders), label_width=60, after=4)

    pdf.paragraph(DECIDED, bold=True, first=0, after=1)
    table = pdf.start_table(DECISION_COLUMNS, size=8)
    for decision in DECISIONS:
        words = DECISION_WORDS[decision]
        table.row((decision, f"{counts.decisions.get(decision, 0):,}", words.what, words.next))
    pdf.end_table()

    doubts = sorted((reason, n) for (decision, reason), n in counts.reasons.items()
                    if decision == Decision.REVIEW.value)
    if doubts:
        pdf.cursor += 2
        pdf.paragraph(DOUBTS_HEADING, bold=True, first=0, after=1)
        table = pdf.start_table(DOUBT_COLUMNS, size=8)
        for reason, n in doubts:
            words = DOUBTS.get(reason, Words(reason_in_words(reason), "Read the explanation column."))
            table.row((reason, f"{n:,}", words.what, words.next))
        pdf.end_table()

    if counts.deadlines:
        pdf.cursor += 2
        pdf.paragraph(DEADLINES_HEADING, bold=True, first=0, after=1)
        table = pdf.start_table(DEADLINE_COLUMNS, size=8)
        for deadline, n in sorted(counts.deadlines.items()):
            table.row((deadline, f"{n:,}"))
        pdf.end_table()

    cannabis = [(year, sum(n for d, n in c.items() if d != Decision.NOT_CANNABIS.value))
                for year, c in sorted(counts.years.items())]
    _bars(pdf, CHART_HEADING, cannabis,
          dark={year: c.get(Decision.MOTION.value, 0) for year, c in counts.years.items()})

    facts = about_fields(about)
    pdf.ensure(line_height(8) * (len(facts) + 2))
    pdf.paragraph(ABOUT_HEADING, bold=True, first=0, after=1)
    pdf.fields(facts, size=8, label_width=45)
    return pdf.to_bytes()


_ABOUT = (("office_name", "Office"), ("court", "Court"), ("job_id", "Job"), ("office", "Uploaded for"),
          ("source_sha256", "Source file SHA-256"), ("rule_set_version", "Rules"), ("as_of", "Evaluated as of"),
          ("created", "Bundle made"))


def about_fields(about: Mapping[str, Any]) -> list[Field]:
    """What the bundle is of, in words: the office by its name, its court, the job and source."""
    fields = [Field(label, shown(_plain(about[key]))) for key, label in _ABOUT if about.get(key)]
    if "draft" in about:
        papers = "drafts: DRAFT \u2014 NOT FOR FILING" if about["draft"] else "ready to file"
        fields.append(Field("Court papers", papers))
    return fields


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _bars(pdf: Document, title: str, rows: list[tuple[str, int]], dark: Mapping[str, int] | None = None) -> None:
    """A horizontal bar chart: one labelled rectangle per row, scaled to the largest count."""
    if not rows:
        return
    bar_height, label_width, number_width = 3.6, 20.0, 18.0
    pdf.ensure(10 + bar_height * min(len(rows), 8))
    pdf.cursor += 3
    pdf.paragraph(title, bold=True, first=0, after=1)
    longest = max((n for _, n in rows), default=0) or 1
    room = pdf.w - pdf.l_margin - pdf.r_margin - label_width - number_width
    for label, count in rows:
        pdf.ensure(bar_height + 0.4)
        y = pdf.cursor
        pdf.put(label, y + 0.3, 7)
        x = pdf.l_margin + label_width
        pdf.set_fill_color(170, 190, 215)
        if count:
            pdf.rect(x, y + 0.5, max(room * count / longest, 0.4), bar_height - 1, style="F")
        if dark and dark.get(label):
            pdf.set_fill_color(40, 70, 120)
            pdf.rect(x, y + 0.5, max(room * dark[label] / longest, 0.4), bar_height - 1, style="F")
        pdf.set_fill_color(0)
        pdf.put(f"{count:,}", y + 0.3, 7, x=x + room, align="R", width=number_width)
        pdf.cursor += bar_height
    pdf.cursor += 3
