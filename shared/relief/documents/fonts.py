"""The documents' Unicode font (DejaVu Sans, regular and bold; see fonts/SOURCE.md), fast enough to
embed in a hundred thousand small PDFs.

fpdf2 parses a TrueType file for every document it is added to and subsets it with fontTools when
the document is written: about half a second a PDF, where an order has three milliseconds. So here
each file is parsed once per process (`_Face`), every document gets a light `DocumentFont` that
shares the parsed font and keeps the document's own codes, and its embedded subset is made by fontTools once per
process for each set of glyphs and reused (`_Face.embedding`). To make those sets few, every document
embeds printable ASCII (and the em dash) under fixed codes, and a letter outside it brings its whole
Unicode block ("ñ" brings Latin-1, "Ł" Latin Extended-A, "ễ" Latin Extended Additional). Text all
in those fixed codes then encodes the same in every document, and is encoded once per process
(`DocumentFont.text_operator`).

`pdf_file` writes the font objects of a PDF from that cached subset (fpdf2's own writer would
subset, and so change, the shared parsed font).
"""

from __future__ import annotations

import bisect
import hashlib
import io
import zlib
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from fontTools import subset as ftsubset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import Glyph, TTFFont
from fpdf.output import _cid_font_widths

FAMILY = "dejavu"
REGULAR, BOLD = "", "B"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
BASE_TEXT = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u2014"  # printable ASCII and the em dash
REPLACEMENT = "\ufffd"  # printed for a character the font does not have (verify then names the line)

# Unicode blocks a letter outside BASE_TEXT brings whole into a document's subset (start points);
# anything past the last listed block goes by 256-character page.
_BLOCK_STARTS = (0x00A0, 0x0100, 0x0180, 0x0250, 0x02B0, 0x0300, 0x0370, 0x0400, 0x0530, 0x1E00, 0x1F00,
                 0x2000, 0x2070)
_DROPPED_TABLES = ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "kern", "DSIG"]


def block_of(code: int) -> int:
    """The start of the block a character's whole block is embedded by."""
    at = bisect.bisect_right(_BLOCK_STARTS, code) - 1
    if at < 0 or code >= 0x2100:
        return code & ~0xFF
    return _BLOCK_STARTS[at]


class _Face:
    """One font file, parsed once per process: widths, glyphs, and its subsets as embedded."""

    def __init__(self, style: str):
        self.style = style
        self.path = resources.files("relief.documents") / "fonts" / _FILES[style]
        scratch = FPDF()
        scratch.add_font(FAMILY, style, str(self.path))
        prototype = scratch.fonts[FAMILY + style]
        assert isinstance(prototype, TTFFont)
        self.prototype = prototype
        self.data = self.path.read_bytes()
        cmap = self.prototype.cmap
        self.base = tuple(ord(c) for c in BASE_TEXT if ord(c) in cmap)
        self.base_set = frozenset(self.base)
        self.base_codes = {code: n for n, code in enumerate(self.base, start=1)}  # see DocumentCodes
        self.widths: dict[str, float] = {}  # character -> advance, 1/1000 em
        self.base_operators: dict[str, bytes] = {}  # text all in BASE_TEXT -> its operator (_base_operator)
        desc = prototype.desc
        self.descriptor = {"/Type": "/FontDescriptor", "/Ascent": str(desc.ascent), "/Descent": str(desc.descent),
                           "/CapHeight": str(desc.cap_height), "/Flags": str(desc.flags.value),
                           "/FontBBox": str(desc.font_b_box), "/ItalicAngle": str(desc.italic_angle),
                           "/StemV": str(desc.stem_v), "/MissingWidth": str(desc.missing_width)}
        self._blocks: dict[int, tuple[int, ...]] = {}
        self._glyphs: dict[int, Glyph] = {}

    def width(self, char: str) -> float:
        found = self.widths.get(char)
        if found is None:
            code = ord(char)
            found = self.widths[char] = float(self.prototype.cw[code] if code in self.prototype.cmap
                                              else self.prototype.cw[ord(REPLACEMENT)])
        return found

    def has(self, code: int) -> bool:
        return code in self.prototype.cmap

    def block(self, start: int) -> tuple[int, ...]:
        """The characters of a block the font has, in code order."""
        found = self._blocks.get(start)
        if found is None:
            end = next((s for s in _BLOCK_STARTS if s > start), (start | 0xFF) + 1)
            found = self._blocks[start] = tuple(c for c in range(start, end) if c in self.prototype.cmap
                                                and c not in self.base_set)
        return found

    def glyph(self, code: int) -> Glyph:
        found = self._glyphs.get(code)
        if found is None:
            font = self.prototype
            found = self._glyphs[code] = Glyph(font.glyph_ids[code], (code,), font.cmap[code], int(font.cw[code]))
        return found

    @lru_cache(maxsize=64)  # noqa: B019 - one _Face per style lives as long as the process
    def embedding(self, blocks: tuple[int, ...]) -> Embedding:
        """What a document whose codes took these blocks (in this order) embeds: made once."""
        codes = DocumentCodes(self)
        for start in blocks:
            codes.code(chr(self.block(start)[0]))
        glyphs = list(codes.items())
        program, glyph_ids = self._subset(frozenset(blocks))
        cid_to_gid = bytearray(2 * (max(cid for _, cid in glyphs) + 1))  # two bytes a code, up to the highest
        for glyph, cid in glyphs:
            gid = glyph_ids.get(glyph.glyph_name, 0)
            cid_to_gid[2 * cid], cid_to_gid[2 * cid + 1] = gid >> 8, gid & 0xFF
        return Embedding(
            name=f"{_tag(blocks)}+{self.prototype.name}",
            widths=_cid_font_widths({cid: glyph.glyph_width for glyph, cid in glyphs}),
            to_unicode=zlib.compress(_to_unicode_cmap(glyphs).encode("latin-1")),
            cid_to_gid=zlib.compress(bytes(cid_to_gid)),
            program=zlib.compress(program),
            program_length=len(program),
        )

    def _subset(self, blocks: frozenset[int]) -> tuple[bytes, dict[str, int]]:
        """The font file cut down to ASCII and these blocks, without hinting (viewers need none),
        and each kept glyph's id in it."""
        names = {self.glyph(code).glyph_name for code in self.base}
        for start in blocks:
            names.update(self.glyph(code).glyph_name for code in self.block(start))
        font = TTFont(io.BytesIO(self.data), recalcTimestamp=False, lazy=True)
        options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True, hinting=False)
        options.drop_tables += _DROPPED_TABLES
        subsetter = ftsubset.Subsetter(options)
        subsetter.populate(glyphs=sorted(names))
        subsetter.subset(font)
        stream = io.BytesIO()
        font.save(stream)
        return stream.getvalue(), {name: font.getGlyphID(name) for name in names}


class Embedding(NamedTuple):
    """A font's objects in a PDF, deflated, for one set of codes."""

    name: str  # the subset's PostScript name, tag included
    widths: str  # the CIDFont's /W array
    to_unicode: bytes
    cid_to_gid: bytes
    program: bytes
    program_length: int  # the font file's size before deflating (/Length1)


@cache
def face(style: str) -> _Face:
    return _Face(style)


class DocumentCodes:
    """The codes one document's text is written in: ASCII at fixed codes, other blocks as they come.

    Code 0 is .notdef; ASCII takes 1..n in order, so an ASCII string encodes the same in every
    document. A block is given codes whole, the first time one of its letters is drawn.
    """

    def __init__(self, font: _Face):
        self.face = font
        self.codes: dict[int, int] = dict(font.base_codes)
        self.blocks: list[int] = []  # in the order they were given codes

    def code(self, char: str) -> int:
        code = ord(char)
        found = self.codes.get(code)
        if found is None:
            if not self.face.has(code):
                return self.code(REPLACEMENT)
            start = block_of(code)
            self.blocks.append(start)
            for member in self.face.block(start):
                self.codes[member] = len(self.codes) + 1
            found = self.codes[code]
        return found

    def items(self) -> Iterator[tuple[Glyph, int]]:
        for code, cid in self.codes.items():
            yield self.face.glyph(code), cid


def _escape(codes: list[int]) -> str:
    """Two-byte codes as a PDF literal string (UTF-16-BE bytes read as latin-1, parentheses escaped)."""
    text = "".join(chr(c) for c in codes).encode("utf-16-be").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("\r", "\\r")


_BASE_OPERATORS = 1 << 15  # the most kept per font; past it the cache starts again


def _base_operator(font: _Face, text: str) -> bytes | None:
    """The text operator of text all in BASE_TEXT (printable ASCII and the em dash of every page's
    footer): the same in every document (DocumentCodes). None for text with any other letter."""
    base = font.base_codes
    try:
        codes = [base[ord(c)] for c in text]
    except KeyError:
        return None
    operators = font.base_operators
    if len(operators) >= _BASE_OPERATORS:
        operators.clear()
    found = operators[text] = f"({_escape(codes)}) Tj".encode("latin-1")
    return found


class DocumentFont:
    """One document's use of a parsed font: the font's tables are shared (`face`), the codes its
    text took are the document's own. /F<i> in the document's pages."""

    __slots__ = ("codes", "face", "i")

    def __init__(self, style: str, index: int):
        self.face = face(style)
        self.i = index
        self.codes = DocumentCodes(self.face)

    def text_operator(self, text: str) -> bytes:
        """The operator that shows `text` in this document ("(...) Tj"), as the page's bytes."""
        found = self.face.base_operators.get(text)  # a plain dict: most of a page's text is asked for again
        if found is None:
            found = _base_operator(self.face, text)
        if found is not None:
            return found
        return f"({_escape([self.codes.code(c) for c in text])}) Tj".encode("latin-1")


def document_fonts() -> tuple[DocumentFont, DocumentFont]:
    """A new document's regular and bold DejaVu Sans: /F1 and /F2 in its pages."""
    return DocumentFont(REGULAR, 1), DocumentFont(BOLD, 2)


def _tag(blocks: tuple[int, ...]) -> str:
    """The six capital letters PDF puts before a subset font's name, different for each subset."""
    number = int.from_bytes(hashlib.sha256(repr(blocks).encode()).digest()[:4], "big")
    letters = []
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(letters)


def _to_unicode_cmap(glyphs: list[tuple[Glyph, int]]) -> str:
    lines = [f"<{cid:04X}> <{_utf16_hex(glyph)}>" for glyph, cid in glyphs if isinstance(glyph.unicode, tuple)]
    blocks = []
    for start in range(0, len(lines), 100):  # a bfchar block holds at most 100 entries
        chunk = lines[start:start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "".join(blocks) + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")


def _utf16_hex(glyph: Glyph) -> str:
    assert isinstance(glyph.unicode, tuple)
    return "".join(chr(code).encode("utf-16-be").hex().upper() for code in glyph.unicode)
