"""A PDF of the bundle read back as the court will see it: every piece of text with its page and
position, through pypdf's text extraction, and the few shapes the documents are made of (lines of a
paragraph, label-and-value blocks, numbered lists, tables) put back together.

layout.py draws each line of text as its own text object and keeps wrapped lines' spaces, so a
table cell is its column's fragments from one row's first line to the next row's, joined end to
end; the columns are where the first line of the headings starts on the page.

pypdf is a development dependency (`relief[local]`): only `relief verify --documents` and the tests
import this module, never the Lambda functions.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pypdf import PdfReader

MM = 72 / 25.4  # points per mm
_FOOTER = re.compile(r".* page \d+ of \d+$|^page \d+ of \d+$")
_SAME_LINE = 0.6  # mm: fragments this close vertically are on one line
_SAME_COLUMN = 0.6  # mm


@dataclass(frozen=True, slots=True)
class Fragment:
    page: int  # from 1
    x: float  # mm from the left edge
    y: float  # baseline, mm from the top edge
    text: str
    bold: bool

    @property
    def key(self) -> tuple[int, float, float]:
        return (self.page, round(self.y, 1), self.x)


class ReadError(ValueError):
    """The PDF is not a document of the shape expected (headings missing, a table without columns)."""


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    height: float  # mm
    fragments: tuple[Fragment, ...]  # in reading order: top to bottom, left to right


def read_pages(data: bytes) -> list[Page]:
    """Every page's text fragments, footer ("page N of M") included."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height) / MM
        found: list[Fragment] = []

        def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: object, size: float,
                  number: int = number, height: float = height, found: list[Fragment] = found) -> None:
            # pypdf puts a space before a text that starts right of the previous one on its line; the
            # documents never start a text object with a space (layout.py), so it is not theirs.
            text = text.lstrip(" ")
            if not text or text == "\n":
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
            found.append(Fragment(number, x / MM, height - y / MM, text, "Bold" in name))

        page.extract_text(visitor_text=visit)
        pages.append(Page(number, height, tuple(sorted(found, key=lambda f: f.key))))
    return pages


def body(pages: Sequence[Page]) -> list[Fragment]:
    """All fragments but the footers, in reading order across pages."""
    return [f for page in pages for f in page.fragments if not (f.y > page.height - 16 and _FOOTER.match(f.text))]


def text_of(fragments: Sequence[Fragment]) -> str:
    """Fragments joined as the lines of a paragraph: end to end (layout keeps spaces at line ends)."""
    return "".join(f.text for f in fragments)


def index_of(fragments: Sequence[Fragment], text: str, start: int = 0, bold: bool | None = None) -> int:
    """Where the first fragment that is exactly `text` is, from `start`; -1 if none."""
    for at in range(start, len(fragments)):
        fragment = fragments[at]
        if fragment.text == text and (bold is None or fragment.bold == bold):
            return at
    return -1


def lines(fragments: Sequence[Fragment]) -> list[list[Fragment]]:
    """Fragments grouped into printed lines (same page, same baseline), left to right."""
    grouped: list[list[Fragment]] = []
    for fragment in fragments:
        last = grouped[-1][-1] if grouped else None
        if last is not None and last.page == fragment.page and abs(last.y - fragment.y) < _SAME_LINE:
            grouped[-1].append(fragment)
        else:
            grouped.append([fragment])
    return grouped


def labelled(fragments: Sequence[Fragment], labels: Sequence[str]) -> list[tuple[str, str]]:
    """A label-and-value block: (label, value) for each line whose first fragment is one of `labels`;
    a value's wrapped lines (at the value's column, with no label) are joined to it."""
    fields: list[tuple[str, list[str]]] = []
    label_x: float | None = None
    for fragment in fragments:
        if fragment.text in labels and (label_x is None or abs(fragment.x - label_x) < _SAME_COLUMN):
            label_x = fragment.x
            fields.append((fragment.text, []))
        elif fields:
            fields[-1][1].append(fragment.text)
    return [(label, "".join(parts)) for label, parts in fields]


def numbered(fragments: Sequence[Fragment]) -> list[str]:
    """A numbered list's items: "1.", "2.", ... in one column, each item's lines in the next; the
    list ends at the first fragment in neither column. Bold text (a page's DRAFT banner, where the
    list runs onto a new page) is not the list's."""
    items: list[list[str]] = []
    number_x: float | None = None
    text_x: float | None = None
    for fragment in fragments:
        if fragment.bold:
            continue
        if re.fullmatch(rf"{len(items) + 1}\.", fragment.text) and (
                number_x is None or abs(fragment.x - number_x) < _SAME_COLUMN):
            number_x = fragment.x
            items.append([])
        elif items and text_x is None and number_x is not None and fragment.x > number_x + 2:
            text_x = fragment.x
            items[-1].append(fragment.text)
        elif items and text_x is not None and abs(fragment.x - text_x) < _SAME_COLUMN:
            items[-1].append(fragment.text)
        elif items:
            break
    return ["".join(item) for item in items]


@dataclass(frozen=True, slots=True)
class Row:
    page: int
    cells: tuple[str, ...]


def table(fragments: Sequence[Fragment], titles: Sequence[str], stop: Callable[[Fragment], bool] | None = None
          ) -> list[Row]:
    """The rows of a table whose column headings are `titles` ("\\n" between a heading's lines).

    The first line of every heading stands on one printed line, left to right, in bold; its
    fragments' positions are the columns. Headings repeated on later pages, and anything else in
    bold, are not cells. A fragment in the first column (which holds a short number or code and never
    wraps) starts a row; the fragments up to the next one are that row's cells, each cell's lines
    joined end to end. Reading stops at the first fragment `stop` accepts."""
    first_lines = [title.split("\n")[0] for title in titles]
    starts: list[float] | None = None
    rows: list[tuple[int, list[list[str]]]] = []
    for line in lines(fragments):
        if stop is not None and stop(line[0]):
            break
        if starts is None:
            if all(f.bold for f in line) and [f.text for f in line] == first_lines:
                starts = [f.x for f in line]
            continue
        for fragment in line:
            if fragment.bold:
                continue
            column = bisect.bisect_right(starts, fragment.x + _SAME_COLUMN) - 1
            if column < 0:
                raise ReadError(f"text left of the table on page {fragment.page}")
            if column == 0:
                rows.append((fragment.page, [[] for _ in titles]))
            elif not rows:
                raise ReadError(f"a table row without its first cell on page {fragment.page}")
            rows[-1][1][column].append(fragment.text)
    if starts is None:
        raise ReadError("the table's column headings are not in the document: " + " | ".join(first_lines))
    return [Row(page, tuple("".join(parts) for parts in cells)) for page, cells in rows]
