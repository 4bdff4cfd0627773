"""What the motion, the proposed orders and the summary share: a US-letter page in core fonts, the
court caption, latin-1-safe text, "page N of M" footers, fixed-width table rows with headings
repeated on every page, and the signature block.

fpdf2's own `table()` lays out every cell through multi_cell and takes ~40 s for 15,000 rows, so
exhibit rows are plain `cell()`s (a tenth of that) cut to their column width, with the column
headings drawn by the page `header()` hook on each page the table spans.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from fpdf import FPDF

from ..law.dates import read_date
from ..law.offense_classes import OffenseClass, normalise_class
from ..settings import SignatureBlock

FONT = "Times"
TABLE_FONT = "Helvetica"
_ELLIPSIS = "~"


# Letters and punctuation that do not decompose to a latin-1 base letter.
_SUBSTITUTES = {"\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u0152": "OE", "\u0153": "oe",
                "\u0131": "i", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                "\u2014": "-", "\u2026": "..."}


@lru_cache(maxsize=1 << 16)
def latin1(text: object) -> str:
    """Text the core fonts can show: accents kept where latin-1 has them, else stripped, else '?'.
    Control characters become spaces."""
    text = "" if text is None else str(text)
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        if char in "\r\n\t" or not char.isprintable():
            out.append(" ")
            continue
        try:
            char.encode("latin-1")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        plain = _SUBSTITUTES.get(char, plain)
        out.append(plain if plain and all(ord(c) < 256 for c in plain) else "?")
    return "".join(out)


def county_title(county: str) -> str:
    """'COOK' -> 'COOK COUNTY'; 'Cook County' -> 'COOK COUNTY'."""
    name = " ".join(latin1(county).upper().split())
    if not name:
        return "THE COUNTY"
    return name if name.endswith(" COUNTY") else f"{name} COUNTY"


# Short class labels for narrow table columns; anything else is printed as the record wrote it.
_CLASS_LABELS = {
    OffenseClass.MISD_A: "Misd A", OffenseClass.MISD_B: "Misd B", OffenseClass.MISD_C: "Misd C",
    OffenseClass.MISD: "Misd", OffenseClass.FEL_4: "Fel 4", OffenseClass.FEL_3: "Fel 3",
    OffenseClass.FEL_2: "Fel 2", OffenseClass.FEL_1: "Fel 1", OffenseClass.FEL_X: "Fel X", OffenseClass.FEL: "Fel",
}


def court_date(text: str) -> str:
    """A record's date as YYYY-MM-DD for the court, whatever form the record used; as written if unreadable."""
    parsed, _ = read_date(text)
    return parsed.isoformat() if parsed else text.strip()


def court_class(text: str) -> str:
    """A record's offense class in one short form ("CLASS A MISD", "A", "M A" -> "Misd A")."""
    return _CLASS_LABELS.get(normalise_class(text), text.strip())


def full_name(last: str, first: str, middle: str = "") -> str:
    given = " ".join(part for part in (first.strip(), middle.strip()) if part)
    return f"{last.strip()}, {given}" if given else last.strip()


_WRAPPED: dict[tuple, tuple[str, ...]] = {}


def _wrap(text: str, width: float, measure) -> list[str]:
    """Greedy word wrap; a word wider than the line is cut to fit."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if not line or measure(candidate) <= width:
                line = candidate
            else:
                lines.append(line)
                line = word
            while measure(line) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and measure(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


class Column(NamedTuple):
    title: str
    width: float  # mm
    align: str = "L"


class Document(FPDF):
    """A US-letter court paper with "page N of M" in the footer."""

    def __init__(self, footer_label: str = "", created: datetime | None = None, orientation: str = "P"):
        super().__init__(orientation=orientation, unit="mm", format="letter")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        self.footer_label = latin1(footer_label)
        self.table_title = ""
        self.table_columns: Sequence[Column] = ()
        self.table_size = 7.0
        if created is not None:
            self.set_creation_date(created)  # a fixed time makes the bytes reproducible
        self.set_author("relief")
        self.set_font(FONT, size=12)
        self._fit_cache: dict[tuple[str, float], str] = {}

    # --- page hooks ----------------------------------------------------------------------------

    def header(self) -> None:
        if self.table_columns:
            if self.table_title:
                self.set_font(FONT, "B", 11)
                self.cell(0, 6, self.table_title, new_x="LMARGIN", new_y="NEXT")
            self._column_headings()

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=8)
        label = f"{self.footer_label}   " if self.footer_label else ""
        self.cell(0, 5, f"{label}page {self.page_no()} of {{nb}}", align="C")

    # --- text ----------------------------------------------------------------------------------

    def caption(self, county: str, title: str, right_lines: Sequence[str] = ()) -> None:
        """IN THE CIRCUIT COURT OF <COUNTY>, ILLINOIS / THE PEOPLE OF THE STATE OF ILLINOIS / title."""
        self.set_font(FONT, "B", 12)
        self.cell(0, 6, f"IN THE CIRCUIT COURT OF {county_title(county)}, ILLINOIS", align="C",
                  new_x="LMARGIN", new_y="NEXT")
        self.ln(4)
        self.set_font(FONT, size=12)
        top = self.get_y()
        for line in ("THE PEOPLE OF THE STATE OF ILLINOIS,", "        Plaintiff,", "", "    v.", "",
                     "RECORDS LISTED HEREIN."):
            self.cell(95, 6, line, new_x="LMARGIN", new_y="NEXT")
        bottom = self.get_y()
        if right_lines:
            self.set_y(top + 12)
            for line in right_lines:
                self.set_x(self.l_margin + 105)
                self.cell(0, 6, latin1(line), new_x="LMARGIN", new_y="NEXT")
        self.set_y(max(bottom, self.get_y()) + 4)
        self.set_font(FONT, "B", 13)
        for line in latin1(title).split("\n"):
            self.cell(0, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        self.set_font(FONT, size=12)

    def paragraph(self, text: str, style: str = "", size: float = 12, indent: bool = True) -> None:
        self.set_font(FONT, style, size)
        self.lines(("\xa0" * 10 if indent else "") + latin1(text), size * 0.5)
        self.ln(2)

    def numbered(self, items: Sequence[str], size: float = 12, start: int = 1) -> None:
        self.set_font(FONT, size=size)
        for number, item in enumerate(items, start=start):
            self.cell(10, size * 0.5, f"{number}.")
            self.lines(latin1(item), size * 0.5, indent=10)
            self.ln(1.5)

    def lines(self, text: str, height: float, indent: float = 0, width: float = 0) -> None:
        """Text wrapped at spaces to `width` (default: to the right margin), one cell per line,
        starting at the left margin plus `indent`. fpdf2's multi_cell measures each line afresh
        character by character; court papers repeat the same paragraphs, so wrapping is cached."""
        width = width or (self.w - self.r_margin - self.l_margin - indent)
        for line in self._wrapped(text, width):
            self.set_x(self.l_margin + indent)
            self.cell(width, height, line, new_x="LMARGIN", new_y="NEXT")

    def _wrapped(self, text: str, width: float) -> tuple[str, ...]:
        key = (self.font_family, self.font_style, self.font_size_pt, width, text)
        found = _WRAPPED.get(key)
        if found is None:
            found = tuple(_wrap(text, width, self._word_width))
            if len(_WRAPPED) > 1 << 12:
                _WRAPPED.clear()
            _WRAPPED[key] = found
        return found

    def _word_width(self, word: str) -> float:
        return self.get_string_width(word)

    def signature_block(self, office_name: str, signature: SignatureBlock, lead: str = "Respectfully submitted,",
                        size: float = 12) -> None:
        lines = [latin1(office_name), "", "By: ________________________________", latin1(signature.attorney),
                 latin1(signature.title), *(latin1(line) for line in signature.address)]
        if signature.phone:
            lines.append(f"Tel. {latin1(signature.phone)}")
        if signature.email:
            lines.append(latin1(signature.email))
        if signature.ardc_number:
            lines.append(f"ARDC No. {latin1(signature.ardc_number)}")
        height = size * 0.5
        self.keep_together(height * (len(lines) + 2))
        self.set_font(FONT, size=size)
        self.ln(height * 0.6)
        self.set_x(self.l_margin + 90)
        self.cell(0, height, lead, new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            self.set_x(self.l_margin + 90)
            self.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")

    def keep_together(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    # --- tables --------------------------------------------------------------------------------

    def start_table(self, columns: Sequence[Column], title: str = "", size: float = 7.0, new_page: bool = True,
                    orientation: str = "") -> None:
        """Rows from here on are a table whose headings (and title) repeat at the top of each page."""
        self.table_columns, self.table_title, self.table_size = columns, latin1(title), size
        if new_page:
            self.add_page(orientation=orientation)
        else:
            self.header()

    def end_table(self) -> None:
        self.table_columns, self.table_title = (), ""
        self.set_font(FONT, size=12)

    def row(self, cells: Sequence[str], height: float | None = None) -> None:
        height = height or self.table_size * 0.55
        if self.will_page_break(height):
            self.add_page(orientation=self.cur_orientation.value)
        self.set_font(TABLE_FONT, size=self.table_size)
        for column, text in zip(self.table_columns, cells, strict=False):
            self.cell(column.width, height, self.fit(text, column.width - 1), align=column.align)
        self.ln(height)

    def fit(self, text: str, width: float) -> str:
        """The text cut (ending in '~') to fit `width` mm in the current font."""
        key = (text, width)
        fitted = self._fit_cache.get(key)
        if fitted is None:
            fitted = latin1(text)
            if self.get_string_width(fitted) > width:
                while fitted and self.get_string_width(fitted + _ELLIPSIS) > width:
                    fitted = fitted[:-1]
                fitted += _ELLIPSIS
            if len(self._fit_cache) < 1 << 16:
                self._fit_cache[key] = fitted
        return fitted

    def _column_headings(self) -> None:
        self.set_font(TABLE_FONT, "B", self.table_size)
        self.set_fill_color(225, 225, 225)
        height = self.table_size * 0.5
        titles = [column.title.split("\n") for column in self.table_columns]
        depth = max(len(lines) for lines in titles)
        x, top = self.l_margin, self.get_y()
        for column, lines in zip(self.table_columns, titles, strict=False):
            for n in range(depth):
                self.set_xy(x, top + n * height)
                text = lines[n - depth + len(lines)] if n >= depth - len(lines) else ""  # bottom-aligned
                self.cell(column.width, height, text, border="B" if n == depth - 1 else 0, align=column.align,
                          fill=True)
            x += column.width
        self.set_xy(self.l_margin, top + depth * height + 0.8)
        self.set_font(TABLE_FONT, size=self.table_size)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
