"""What the motion, the proposed orders and the summary share: a US-letter page set in DejaVu Sans
(any name prints as written), the court caption, paragraphs, label-and-value blocks, tables whose
rows wrap and whose headings repeat on every page, the signature block, "DRAFT — NOT FOR FILING"
on every page of a draft, and "page N of M".

Nothing is ever cut: a value wider than its column wraps at spaces, and a word wider than the
column wraps between letters. Wrapped lines keep their spaces, so the lines of a cell joined
end to end are the value exactly; that is how `verify_documents` reads a cell back.

Every piece of text is drawn as its own text object (what `FPDF.text` writes) at a position this
module computes (fpdf2's `cell`/`multi_cell` lay text out again character by character, which costs
a county's bundle minutes); page breaks are taken here too, so a table's headings can be redrawn on
the new page. A `Document` is not an fpdf2 FPDF: setting one up cost an order a tenth of its time
for state no order uses; `pdf_file` writes the file.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from fpdf.drawing_primitives import DeviceCMYK, DeviceGray, DeviceRGB, convert_to_device_color

from ..law.dates import read_date
from ..law.offense_classes import OffenseClass, normalise_class
from ..settings import SignatureBlock
from .fonts import BOLD, REGULAR, document_fonts, face
from .pdf_file import Page, pdf_bytes

PT = 25.4 / 72  # mm per point
DRAFT = "DRAFT \u2014 NOT FOR FILING"
BODY, SMALL, TABLE = 10.5, 8.0, 7.0  # font sizes, points
CELL_PADDING = 0.8  # mm between a table cell's text and its column's edges
_LEADING = 1.22  # line height, in font sizes
_BASELINE = 0.92  # baseline below the top of a line, in font sizes


# --- text as printed -----------------------------------------------------------------------------

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@lru_cache(maxsize=1 << 16)
def shown(value: object) -> str:
    """A record's value as the documents print it: exactly as written (letter case, accents,
    apostrophes), in Unicode's composed form, with tabs and line breaks as spaces, and without
    spaces around it. `verify_documents` compares every printed field with this."""
    text = "" if value is None else str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _CONTROLS.sub(" ", text).strip()


# Short class labels for narrow table columns; anything else is printed as the record wrote it.
_CLASS_LABELS = {
    OffenseClass.MISD_A: "Misd A", OffenseClass.MISD_B: "Misd B", OffenseClass.MISD_C: "Misd C",
    OffenseClass.MISD: "Misd", OffenseClass.FEL_4: "Fel 4", OffenseClass.FEL_3: "Fel 3",
    OffenseClass.FEL_2: "Fel 2", OffenseClass.FEL_1: "Fel 1", OffenseClass.FEL_X: "Fel X", OffenseClass.FEL: "Fel",
}


@lru_cache(maxsize=1 << 14)
def court_date(text: str) -> str:
    """A record's date as YYYY-MM-DD for the court, whatever form the record used; as written if unreadable."""
    parsed, _ = read_date(text)
    return parsed.isoformat() if parsed else shown(text)


@lru_cache(maxsize=1 << 12)
def court_class(text: str) -> str:
    """A record's offense class in one short form ("CLASS A MISD", "A", "M A" -> "Misd A")."""
    return _CLASS_LABELS.get(normalise_class(text), shown(text))


def full_name(last: str, first: str, middle: str = "") -> str:
    """'LAST, FIRST MIDDLE', each part as written."""
    given = " ".join(part for part in (shown(first), shown(middle)) if part)
    last = shown(last)
    return f"{last}, {given}" if given and last else (last or given or IDENTITY_NOT_IN_FILE)


# The name printed for a person whose file layout carries no name (intake/profiles: not_in_file).
IDENTITY_NOT_IN_FILE = "(identity not in file)"


def agency_shown(written: str, name: str) -> str:
    """An arresting agency as printed: its name, with the ORI the record gave when the name came
    from the ORI table ("Cook County Sheriff's Office (IL0160000)"); else as written."""
    written, name = shown(written), shown(name)
    return f"{name} ({written})" if name and written and name != written else (name or written)


# --- measuring and wrapping ----------------------------------------------------------------------

def line_height(size: float) -> float:
    """The distance in mm from one line to the next at `size` points."""
    return size * _LEADING * PT


_TOKENS = re.compile(r"\S+\s*|\s+")


@lru_cache(maxsize=1 << 16)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in mm of `text` set at `size` points."""
    width = face(BOLD if bold else REGULAR).width
    return sum(width(c) for c in text) * size / 1000 * PT


def wrap(text: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
    """`text` in lines no wider than `width` mm: at spaces where it can, between letters where a word
    is wider than the line. The lines joined end to end are `text` exactly (spaces stay at the end
    of the line they follow). Never empty: "" is one empty line."""
    if text_width(text, size, bold) <= width:
        return (text,)
    return _wrap(text, width, size, bold)


@lru_cache(maxsize=1 << 14)
def _wrap(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    def fits(piece: str) -> bool:
        return text_width(piece.rstrip(), size, bold) <= width

    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if fits(line + token):
            line += token
            continue
        if line:
            lines.append(line)
            line = ""
        while not fits(token):
            cut = _longest_prefix(token, width, size, bold)
            lines.append(token[:cut])
            token = token[cut:]
        line = token
    if line or not lines:
        lines.append(line)
    return tuple(lines)


def _longest_prefix(word: str, width: float, size: float, bold: bool) -> int:
    """How many letters of `word` fit in `width` (at least one, so wrapping always moves on)."""
    advance = face(BOLD if bold else REGULAR).width
    scale = size / 1000 * PT
    ends = list(accumulate(advance(c) * scale for c in word))
    return max(1, bisect.bisect_right(ends, width + 1e-9))


# --- the page --------------------------------------------------------------------------------------

class Column(NamedTuple):
    title: str  # "\n" between heading lines
    width: float  # mm


class Field(NamedTuple):
    label: str
    value: str


class _Page:
    """A page as drawn: its size in points and its content stream."""

    __slots__ = ("contents", "height", "width")

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.contents = bytearray()


_LETTER = (612.0, 792.0)  # points, portrait
_DEFAULT_LINE = 0.567  # points: the width lines have until set_line_width (fpdf2's default)
_BLACK = convert_to_device_color(0)


@lru_cache(maxsize=64)
def _color(r: int, g: int, b: int) -> DeviceGray | DeviceRGB | DeviceCMYK:
    return convert_to_device_color(r, g, b)


class Document:
    """A US-letter court paper: 20 mm margins, DejaVu Sans, "page N of M" and, for a draft, the words
    DRAFT — NOT FOR FILING at the top of every page.

    It draws what fpdf2's FPDF would for the little it uses (pages, text, filled rectangles, rules,
    colours and line width, in the same operators) without setting up an FPDF for every order: the
    pages go to `pdf_file` as content streams."""

    k = 72 / 25.4  # points per mm
    l_margin, t_margin, r_margin = 20.0, 18.0, 20.0

    def __init__(self, footer_label: str = "", created: datetime | None = None, draft: bool = False,
                 orientation: str = "P", size: float = BODY):
        self.orientation = _orientation(orientation)
        self.w, self.h = _page_size(self.orientation)
        self.pages: list[_Page] = []
        self.page = 0  # the page drawn on, from 1
        self._regular, self._bold = document_fonts()
        self.footer_label = shown(footer_label)
        self.draft = draft
        self.size = size  # the body text's font size, points
        self.cursor = self.t_margin
        self.bottom = 0.0
        self._table: _TableHeadings | None = None
        self.title = ""
        self.author = "relief"
        # A fixed time makes the bytes reproducible.
        self.creation_date = created if created is not None else datetime.now(UTC)
        self._line_width = _DEFAULT_LINE / self.k  # mm
        self._draw_color = self.fill_color = _BLACK

    def set_title(self, title: str) -> None:
        self.title = title

    # --- pages ---------------------------------------------------------------------------------

    @property
    def pages_count(self) -> int:
        return len(self.pages)

    def new_page(self, orientation: str = "") -> None:
        """A new page, in the given orientation ("P" or "L") or the last page's."""
        if orientation:
            self.orientation = _orientation(orientation)
        self.w, self.h = _page_size(self.orientation)
        self.pages.append(_Page(self.w * self.k, self.h * self.k))
        self.page = len(self.pages)
        # What FPDF.add_page starts a page with: the line cap, the line width, colours other than black.
        self._out(f"2 J\n{self._line_width * self.k:.2f} w")
        if self._draw_color != _BLACK:
            self._out(self._draw_color.serialize().upper())
        if self.fill_color != _BLACK:
            self._out(self.fill_color.serialize().lower())
        self.bottom = self.h - 18
        self.cursor = self.t_margin
        if self.draft:
            self.put(DRAFT, self.cursor - 9, 12, bold=True, align="C")
        if self._table is not None:
            self._table.draw(self)

    def room(self) -> float:
        return self.bottom - self.cursor

    def ensure(self, height: float) -> None:
        """A new page unless `height` mm still fit on this one."""
        if self.page == 0 or height > self.room():
            self.new_page()

    def to_bytes(self) -> bytes:
        """The PDF, with "page N of M" drawn on every page now that M is known."""
        total = self.pages_count
        last = (self.w, self.h)
        for number, page in enumerate(self.pages, start=1):
            self.page = number
            self.w, self.h = page.width / self.k, page.height / self.k  # a page's own size: some are landscape
            label = f"{self.footer_label} \u2014 " if self.footer_label else ""
            self.put(f"{label}page {number} of {total}", self.h - 13, SMALL, align="C")
        self.page = total
        self.w, self.h = last
        pages = [Page(page.width, page.height, bytes(page.contents)) for page in self.pages]
        return pdf_bytes(pages, (self._regular, self._bold), title=self.title, author=self.author,
                         created=self.creation_date)

    # --- drawing ---------------------------------------------------------------------------------

    def _out(self, operators: str) -> None:
        contents = self.pages[self.page - 1].contents
        contents += operators.encode("latin-1")
        contents.append(0x0A)

    def set_fill_color(self, r: int, g: int = -1, b: int = -1) -> None:
        """The colour of filled shapes and of text (0-255, grey when only `r` is given)."""
        color = _color(r, g, b)
        if color != self.fill_color:
            self.fill_color = color
            if self.page:
                self._out(color.serialize().lower())

    def set_draw_color(self, r: int, g: int = -1, b: int = -1) -> None:
        """The colour of lines."""
        color = _color(r, g, b)
        if color != self._draw_color:
            self._draw_color = color
            if self.page:
                self._out(color.serialize().upper())

    def set_line_width(self, width: float) -> None:
        """The width of lines, mm."""
        if width != self._line_width:
            self._line_width = width
            if self.page:
                self._out(f"{width * self.k:.2f} w")

    def rect(self, x: float, y: float, w: float, h: float, style: str = "D") -> None:
        """A rectangle, its top left corner at (x, y) mm: filled ("F"), outlined ("D") or both ("DF")."""
        operator = {"F": "f", "D": "S", "DF": "B", "FD": "B"}[style.upper()]
        k = self.k
        self._out(f"{x * k:.2f} {(self.h - y) * k:.2f} {w * k:.2f} {-h * k:.2f} re {operator}")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        k = self.k
        self._out(f"{x1 * k:.2f} {(self.h - y1) * k:.2f} m {x2 * k:.2f} {(self.h - y2) * k:.2f} l S")


    # --- text ----------------------------------------------------------------------------------

    def put(self, text: str, top: float, size: float, bold: bool = False, x: float | None = None,
            align: str = "L", width: float = 0) -> None:
        """One line of text whose top is at `top` mm: from `x` (default the left margin), or centred
        or right-aligned within `width` (default the space between the margins)."""
        if not text:
            return
        left = self.l_margin if x is None else x
        if text[0] == " ":  # an indent: drawn as a position, so no text object starts with a space
            stripped = text.lstrip(" ")
            left += text_width(text[: len(text) - len(stripped)], size, bold)
            text = stripped
        if align != "L":
            width = width or self.w - self.r_margin - left
            spare = width - text_width(text, size, bold)
            left += spare / 2 if align == "C" else spare
        # What FPDF.text writes, less its general checks, appended to the page's contents directly. The
        # fonts need no registering per page: pdf_file gives every page both.
        font = self._bold if bold else self._regular
        self.pages[self.page - 1].contents += b"%s%.2f %.2f Td %s ET\n" % (
            _font_operator(font.i, size), left * self.k, (self.h - top - size * _BASELINE * PT) * self.k,
            font.text_operator(text))

    def lines(self, lines: Sequence[str], size: float, bold: bool = False, x: float | None = None,
              align: str = "L", width: float = 0) -> None:
        """Lines one under the other from the cursor, breaking pages as needed."""
        height = line_height(size)
        for line in lines:
            self.ensure(height)
            self.put(line, self.cursor, size, bold, x, align, width)
            self.cursor += height

    def paragraph(self, text: str, size: float | None = None, bold: bool = False, indent: float = 0, first: float = 10,
                  align: str = "L", after: float = 2.0, keep_with: float = 0) -> None:
        """A paragraph wrapped to the margins, its first line indented by `first` mm. `keep_with`: the
        mm of what follows that must stay on a page with the paragraph's last two lines."""
        size = size or self.size
        left = self.l_margin + indent
        width = self.w - self.r_margin - left
        if first and align == "L":
            head, *_ = wrap(text, width - first, size, bold)
            rest = text[len(head):]
            lines = [(head, left + first), *((line, left) for line in (wrap(rest, width, size, bold) if rest else ()))]
        else:
            lines = [(line, left) for line in wrap(text, width, size, bold)]
        height = line_height(size)
        for n, (line, x) in enumerate(lines):
            if keep_with and n == max(len(lines) - 2, 0):
                self.ensure(height * (len(lines) - n) + after + keep_with)
            self.lines((line,), size, bold, x, align, width if align != "L" else 0)
        self.cursor += after

    def paragraph_height(self, text: str, size: float | None = None, bold: bool = False, indent: float = 0,
                         first: float = 10, after: float = 2.0) -> float:
        """The height `paragraph` would take on this page, to keep it with what follows."""
        size = size or self.size
        left = self.l_margin + indent
        width = self.w - self.r_margin - left
        if first:
            head = wrap(text, width - first, size, bold)[0]
            rest = text[len(head):]
            count = 1 + (len(wrap(rest, width, size, bold)) if rest else 0)
        else:
            count = len(wrap(text, width, size, bold))
        return count * line_height(size) + after

    def heading(self, text: str, size: float | None = None, align: str = "C", after: float = 2.0) -> None:
        self.paragraph(text, size or self.size + 1, bold=True, first=0, align=align, after=after)

    def numbered(self, items: Sequence[str], size: float | None = None, start: int = 1, indent: float = 0) -> None:
        """A numbered list: each item's lines hang under its text, not its number."""
        size = size or self.size
        hang = 8.0
        left = self.l_margin + indent
        width = self.w - self.r_margin - left - hang
        height = line_height(size)
        for number, item in enumerate(items, start=start):
            lines = wrap(item, width, size)
            self.ensure(height * min(len(lines), 2))
            self.put(f"{number}.", self.cursor, size, x=left)
            self.lines(lines, size, x=left + hang)
            self.cursor += 1.2

    def numbered_height(self, items: Sequence[str], size: float | None = None, indent: float = 0) -> float:
        size = size or self.size
        width = self.w - self.r_margin - self.l_margin - indent - 8.0
        return sum(len(wrap(item, width, size)) * line_height(size) + 1.2 for item in items)

    def fields(self, fields: Sequence[Field], size: float | None = None, label_width: float = 42, indent: float = 0,
               after: float = 2.0) -> None:
        """Label-and-value lines ("Date of birth   1980-06-15"); a long value wraps under itself."""
        size = size or self.size
        left = self.l_margin + indent
        width = self.w - self.r_margin - left - label_width
        height = line_height(size)
        for label, value in fields:
            lines = wrap(value, width, size)
            self.ensure(height)
            self.put(label, self.cursor, size, x=left)
            for n, line in enumerate(lines):
                if n:
                    self.ensure(height)
                self.put(line, self.cursor, size, x=left + label_width)
                self.cursor += height
        self.cursor += after

    def caption(self, court: Sequence[str], left: Sequence[str], right: Sequence[str], title: Sequence[str]) -> None:
        """The court's name centred; the parties on the left of a column of ")" and the case number
        on its right; then the title centred in bold."""
        self.ensure(60)
        self.lines(court, self.size + 0.5, bold=True, align="C")
        self.cursor += 4
        size = BODY
        height = line_height(size)
        left_width, bar = 98.0, self.l_margin + 100
        left_lines = [line for text in left for line in (wrap(text, left_width, size) if text else ("",))]
        right_lines = [line for text in right for line in wrap(text, self.w - self.r_margin - bar - 6, size)]
        rows = max(len(left_lines), len(right_lines) + 2)
        top = self.cursor
        for n in range(rows):
            y = top + n * height
            if n < len(left_lines):
                self.put(left_lines[n], y, size)
            self.put(")", y, size, x=bar)
            at = n - (rows - len(right_lines)) // 2
            if 0 <= at < len(right_lines):
                self.put(right_lines[at], y, size, x=bar + 6)
        self.cursor = top + rows * height + 5
        for line in title:
            self.heading(line, size=self.size + 1.5, after=0.5)
        self.cursor += 4

    def signature_block(self, office_name: str, signature: SignatureBlock, lead: str = "Respectfully submitted,",
                        size: float = BODY) -> None:
        """The office's signature block at the cursor. It never stands alone on a page: the caller
        makes room for it with the text it closes (`signature_height`)."""
        self.ensure(self.signature_height(office_name, signature, lead, size))
        x = self.l_margin + 88
        for line in self.signature_lines(office_name, signature, lead):
            self.put(line, self.cursor, size, x=x)
            self.cursor += size * _LEADING * PT

    @staticmethod
    def signature_lines(office_name: str, signature: SignatureBlock, lead: str) -> list[str]:
        lines = [lead, shown(office_name), "", "By: ________________________________",
                 shown(signature.attorney) or "(signing attorney: not set)", shown(signature.title)]
        lines += [shown(line) for line in signature.address]
        if signature.phone:
            lines.append(f"Tel. {shown(signature.phone)}")
        if signature.email:
            lines.append(shown(signature.email))
        lines.append(f"ARDC No. {shown(signature.ardc_number)}" if signature.ardc_number
                     else "ARDC No. (not set)")
        return lines

    def signature_height(self, office_name: str, signature: SignatureBlock, lead: str, size: float = BODY) -> float:
        return len(self.signature_lines(office_name, signature, lead)) * size * _LEADING * PT

    # --- tables --------------------------------------------------------------------------------

    def start_table(self, columns: Sequence[Column], size: float = TABLE, title: str = "") -> Table:
        """A table starting at the cursor (on a new page if its headings and a row would not fit);
        its title and headings repeat at the top of every page it runs onto."""
        headings = _TableHeadings(tuple(columns), size, title)
        self.ensure(headings.height + size * _LEADING * PT * 2)
        self._table = headings
        headings.draw(self)
        return Table(self, headings)

    def end_table(self) -> None:
        self._table = None
        self.cursor += 2


def _orientation(orientation: str) -> str:
    letter = orientation[:1].upper()
    if letter not in ("P", "L"):
        raise ValueError(f"a page is portrait (P) or landscape (L), not {orientation!r}")
    return letter


def _page_size(orientation: str) -> tuple[float, float]:
    """(width, height) in mm of a letter page in this orientation."""
    width, height = _LETTER if orientation == "P" else _LETTER[::-1]
    return width / Document.k, height / Document.k


@lru_cache(maxsize=256)
def _font_operator(font: int, size: float) -> bytes:
    """How a text object starts: "BT /F1 10.50 Tf " (written once for each font and size)."""
    return f"BT /F{font} {size:.2f} Tf ".encode("latin-1")


class _TableHeadings(NamedTuple):
    columns: tuple[Column, ...]
    size: float
    title: str

    @property
    def heading_size(self) -> float:
        return self.size - 0.5

    @property
    def depth(self) -> int:
        return max(len(c.title.split("\n")) for c in self.columns)

    @property
    def height(self) -> float:
        title = line_height(BODY + 0.5) + 1 if self.title else 0
        return title + self.depth * line_height(self.heading_size) + 1.5

    def draw(self, pdf: Document) -> None:
        """The title, then the column headings on a grey band; each heading's first line at the
        column's left edge, where its cells start (verify_documents finds the columns by them).

        Every order draws the same headings at the same place, so what they drew is kept and
        appended again: headings whose text is all in the fixed codes draw the same operators in
        every document (fonts.DocumentCodes), given the place and the fill colour before."""
        contents = pdf.pages[pdf.page - 1].contents
        key = (self, pdf.cursor, pdf.h, pdf.fill_color) if _in_fixed_codes(self) else None
        drawn = _DRAWN_HEADINGS.get(key) if key is not None else None
        if drawn is not None:
            contents += drawn.operators
            pdf.cursor = drawn.cursor
            pdf.fill_color = _BLACK  # as drawing leaves it, its "0 g" among the operators
            return
        start = len(contents)
        self._draw(pdf)
        if key is not None:
            if len(_DRAWN_HEADINGS) >= _MOST_DRAWN_HEADINGS:
                _DRAWN_HEADINGS.clear()
            _DRAWN_HEADINGS[key] = _Drawn(bytes(contents[start:]), pdf.cursor)

    def _draw(self, pdf: Document) -> None:
        if self.title:
            pdf.put(self.title, pdf.cursor, BODY + 0.5, bold=True)
            pdf.cursor += line_height(BODY + 0.5) + 1
        line = line_height(self.heading_size)
        pdf.set_fill_color(225, 225, 225)
        pdf.rect(pdf.l_margin, pdf.cursor, sum(c.width for c in self.columns), self.depth * line + 0.8, style="F")
        pdf.set_fill_color(0)  # text is drawn in the fill colour
        x = pdf.l_margin
        for column in self.columns:
            for n, text in enumerate(column.title.split("\n")):
                pdf.put(text, pdf.cursor + 0.4 + n * line, self.heading_size, bold=True, x=x + CELL_PADDING)
            x += column.width
        pdf.cursor += self.depth * line + 1.5


class _Drawn(NamedTuple):
    operators: bytes
    cursor: float  # after drawing


_DRAWN_HEADINGS: dict[tuple[_TableHeadings, float, float, object], _Drawn] = {}
_MOST_DRAWN_HEADINGS = 1 << 12


@lru_cache(maxsize=64)
def _in_fixed_codes(headings: _TableHeadings) -> bool:
    fixed = face(BOLD).base_codes
    return all(ord(c) in fixed for text in (headings.title, *(c.title for c in headings.columns)) for c in text
               if c != "\n")


class Table:
    """Rows of a table: each cell wrapped to its column; a row taller than what is left of the page
    starts a new one, and one taller than a page runs on over pages, headings repeated."""

    def __init__(self, pdf: Document, headings: _TableHeadings):
        self.pdf = pdf
        self.headings = headings
        self.line = line_height(headings.size)
        self.lefts = list(accumulate((c.width for c in headings.columns[:-1]), initial=pdf.l_margin + CELL_PADDING))
        self.widths = [c.width - 2 * CELL_PADDING for c in headings.columns]
        self.full_width = sum(c.width for c in headings.columns)

    def row(self, cells: Sequence[str]) -> None:
        pdf, size, line = self.pdf, self.headings.size, self.line
        wrapped = [wrap(text, width, size) for text, width in zip(cells, self.widths, strict=True)]
        depth = max(len(lines) for lines in wrapped)
        page_room = pdf.bottom - pdf.t_margin - self.headings.height
        if depth * line + 0.6 > pdf.room() and depth * line <= page_room:
            pdf.new_page()
        for n in range(depth):
            if line > pdf.room():
                pdf.new_page()
            for lines, x in zip(wrapped, self.lefts, strict=True):
                if n < len(lines) and lines[n]:
                    pdf.put(lines[n], pdf.cursor, size, x=x)
            pdf.cursor += line
        pdf.set_draw_color(200, 200, 200)
        pdf.set_line_width(0.1)
        pdf.line(pdf.l_margin, pdf.cursor + 0.3, pdf.l_margin + self.full_width, pdf.cursor + 0.3)
        pdf.cursor += 0.6

