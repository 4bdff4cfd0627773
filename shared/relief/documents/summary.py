"""The bundle's summary: counts by decision, by reason and by offense year, as JSON and as a one- or
two-page PDF with bar charts drawn as rectangles."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from ..evaluation.results import Result
from ..law.decisions import DECISIONS, Decision
from .layout import FONT, Document, county_title, latin1

UNKNOWN_YEAR = "unknown"


class Counts:
    """Counts of one bundle's results, added one at a time."""

    def __init__(self) -> None:
        self.decisions: Counter[str] = Counter()
        self.reasons: Counter[tuple[str, str]] = Counter()
        self.years: dict[str, Counter[str]] = {}  # offense year -> decision -> count
        self.rows = 0

    def add(self, result: Result) -> None:
        self.rows += 1
        self.decisions[result.decision] += 1
        self.reasons[(result.decision, result.reason)] += 1
        year = result.offense_date[:4]
        year = year if len(year) == 4 and year.isdigit() else UNKNOWN_YEAR
        self.years.setdefault(year, Counter())[result.decision] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "decisions": {d: self.decisions.get(d, 0) for d in DECISIONS},
            "reasons": {f"{d}/{r}": n for (d, r), n in sorted(self.reasons.items())},
            "offense_years": {year: dict(sorted(counts.items()))
                              for year, counts in sorted(self.years.items())},
        }


def summary_document(counts: Counts, about: Mapping[str, Any]) -> dict[str, Any]:
    """What summary.json holds: `about` (job, office, county, source SHA-256, rules, time) and the counts."""
    return {**about, **counts.as_dict()}


def summary_json(counts: Counts, about: Mapping[str, Any]) -> bytes:
    return (json.dumps(summary_document(counts, about), indent=2, sort_keys=False, default=_plain) + "\n").encode()


def _plain(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def render_summary(counts: Counts, about: Mapping[str, Any], county: str, created: datetime | None = None) -> bytes:
    pdf = Document(footer_label="Summary", created=created)
    pdf.set_title("Relief job summary")
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, f"Cannabis relief: {county_title(county).title()}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    for key, value in about.items():
        pdf.cell(40, 5, latin1(key.replace("_", " ")))
        pdf.cell(0, 5, latin1(_plain(value)), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(40, 5, "charges")
    pdf.cell(0, 5, f"{counts.rows:,}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    _bars(pdf, "Charges by decision", [(d, counts.decisions.get(d, 0)) for d in DECISIONS])
    _bars(pdf, "Charges by decision and reason",
          [(f"{d} / {r}", n) for (d, r), n in sorted(counts.reasons.items())])
    cannabis = [(year, sum(n for d, n in c.items() if d != Decision.NOT_CANNABIS.value))
                for year, c in sorted(counts.years.items())]
    _bars(pdf, "Cannabis charges by offense year (dark: in the motion)", cannabis,
          dark={year: c.get(Decision.MOTION.value, 0) for year, c in counts.years.items()})
    return pdf.to_bytes()


def _bars(pdf: Document, title: str, rows: list[tuple[str, int]], dark: Mapping[str, int] | None = None) -> None:
    """A horizontal bar chart: one labelled rectangle per row, scaled to the largest count."""
    bar_height, label_width, number_width = 4.0, 62.0, 18.0
    pdf.keep_together(12 + bar_height * min(len(rows), 8))
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=8)
    longest = max((n for _, n in rows), default=0) or 1
    room = pdf.w - pdf.l_margin - pdf.r_margin - label_width - number_width
    for label, count in rows:
        pdf.keep_together(bar_height + 1)
        y = pdf.get_y()
        pdf.cell(label_width, bar_height, pdf.fit(label, label_width - 1))
        pdf.set_fill_color(170, 190, 215)
        x = pdf.l_margin + label_width
        if count:
            pdf.rect(x, y + 0.5, max(room * count / longest, 0.4), bar_height - 1, style="F")
        if dark and dark.get(label):
            pdf.set_fill_color(40, 70, 120)
            pdf.rect(x, y + 0.5, max(room * dark[label] / longest, 0.4), bar_height - 1, style="F")
        pdf.set_x(x + room)
        pdf.cell(number_width, bar_height, f"{count:,}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
