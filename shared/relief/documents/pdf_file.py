"""A relief document written out as PDF bytes, without fpdf2's general writer.

fpdf2's `output` builds every object of the file as a Python object and serialises each by
reflection: for an order of two or three milliseconds it was half the time. A relief document holds
only pages of drawn text and rules and its two DejaVu fonts, so it is written here directly, in a
fixed order that lets everything but the pages be made once per process:

    1 pages  2 catalog  3 resources  4 info  5.. the fonts, seven objects each  then each page and its contents

The font objects depend only on the blocks of letters a document used (`fonts.Embedding`), and
their numbers are the same in every document, so their bytes are made once per set of blocks
(`_font_objects`). The page contents are deflated (`deflate`); the file is deterministic: the
same pages, title and creation time give the same bytes (its /ID is a digest of them).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple

from fpdf.syntax import PDFString

from .fonts import DocumentFont, face

_HEADER = b"%PDF-1.3\n%\xe9\xeb\xf1\xbf\n"
PAGES, CATALOG, RESOURCES, INFO, FIRST_FONT = 1, 2, 3, 4, 5
_FONT_OBJECTS = 7  # a Type0 font, its CIDFont, ToUnicode, CIDSystemInfo, descriptor, CIDToGIDMap, font file


class Page(NamedTuple):
    width: float  # points
    height: float
    contents: bytes  # the content stream, not deflated


def pdf_bytes(pages: Sequence[Page], fonts: Sequence[DocumentFont], title: str, author: str,
              created: datetime) -> bytes:
    """The PDF file of these pages, set in these fonts (named /F<i> in the pages, i from 1, in order)."""
    if not pages:
        raise ValueError("a PDF needs a page")
    if [font.i for font in fonts] != list(range(1, len(fonts) + 1)):
        raise ValueError("fonts are numbered 1, 2, ... in order")
    buffer = bytearray(_HEADER)
    offsets: list[int] = []
    digest = hashlib.md5(usedforsecurity=False)  # the file's /ID: of all but the fonts' fixed bytes

    def add(obj: bytes) -> None:
        offsets.append(len(buffer))
        buffer.extend(obj)
        digest.update(obj)

    first_page = FIRST_FONT + _FONT_OBJECTS * len(fonts)
    default = (pages[0].width, pages[0].height)
    kids = " ".join(f"{first_page + 2 * n} 0 R" for n in range(len(pages)))
    add(_obj(PAGES, f"<</Type /Pages /Kids [{kids}] /Count {len(pages)} /MediaBox {_box(*default)}>>"))
    add(_obj(CATALOG, f"<</Type /Catalog /Pages {PAGES} 0 R /OpenAction [{first_page} 0 R /FitH null] "
                      f"/PageLayout /OneColumn>>"))
    named = " ".join(f"/F{font.i} {FIRST_FONT + _FONT_OBJECTS * (font.i - 1)} 0 R" for font in fonts)
    add(_obj(RESOURCES, f"<</Font <<{named}>> /ProcSet [/PDF /Text]>>"))
    add(_obj(INFO, f"<</Title {PDFString(title).serialize()} /Author {PDFString(author).serialize()} "
                   f"/CreationDate ({_pdf_date(created)})>>"))
    for font in fonts:
        start = len(buffer)
        blocks = tuple(font.codes.blocks)
        blob, relative = _font_objects(font.face.style, font.i, blocks)
        buffer.extend(blob)
        digest.update(repr((font.face.style, blocks)).encode())  # what the font's objects are made from
        offsets.extend(start + at for at in relative)
    for n, page in enumerate(pages):
        number = first_page + 2 * n
        box = "" if (page.width, page.height) == default else f" /MediaBox {_box(page.width, page.height)}"
        add(_obj(number, f"<</Type /Page /Parent {PAGES} 0 R /Resources {RESOURCES} 0 R /Contents {number + 1} 0 R"
                         f"{box}>>"))
        add(_stream(number + 1, deflate(page.contents)))
    xref = len(buffer)
    file_id = digest.hexdigest().upper()
    lines = ["xref", f"0 {len(offsets) + 1}", "0000000000 65535 f "]
    lines += [f"{offset:010} 00000 n " for offset in offsets]
    lines += ["trailer", f"<</Size {len(offsets) + 1} /Root {CATALOG} 0 R /Info {INFO} 0 R "
                         f"/ID [<{file_id}><{file_id}>]>>", "startxref", str(xref), "%%EOF", ""]
    buffer.extend("\n".join(lines).encode("latin-1"))
    return bytes(buffer)


def deflate(contents: bytes) -> bytes:
    """A page's contents deflated at a low level in a small window: zlib's default setting up of a
    32 KB window cost more than compressing a page's few KB of text operators, three times the time
    for about a tenth more bytes. Any zlib stream is a valid FlateDecode stream."""
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, _WINDOW_BITS, _MEMORY_LEVEL)
    return compressor.compress(contents) + compressor.flush()


_LEVEL, _WINDOW_BITS, _MEMORY_LEVEL = 2, 13, 5


def _obj(number: int, body: str) -> bytes:
    return f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")


def _stream(number: int, deflated: bytes, length1: int | None = None) -> bytes:
    extra = f" /Length1 {length1}" if length1 is not None else ""
    return (f"{number} 0 obj\n<</Filter /FlateDecode /Length {len(deflated)}{extra}>>\nstream\n".encode("latin-1")
            + deflated + b"\nendstream\nendobj\n")


def _box(width: float, height: float) -> str:
    return f"[0 0 {width:.2f} {height:.2f}]"


@lru_cache(maxsize=16)
def _pdf_date(when: datetime) -> str:
    """A PDF date with its time zone (as fpdf2 writes it)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when.utcoffset() == UTC.utcoffset(None):
        return f"D:{when:%Y%m%d%H%M%S}Z"
    zone = f"{when:%z}"
    return f"D:{when:%Y%m%d%H%M%S}{zone[:-2]}'{zone[-2:]}'"


@lru_cache(maxsize=256)
def _font_objects(style: str, index: int, blocks: tuple[int, ...]) -> tuple[bytes, tuple[int, ...]]:
    """The seven objects of font /F<index> (numbered from FIRST_FONT on, seven a font) for a
    document whose codes took these blocks, and where each starts in the returned bytes."""
    source = face(style)
    embedding = source.embedding(blocks)
    composite = FIRST_FONT + _FONT_OBJECTS * (index - 1)
    descendant, to_unicode, system, descriptor, mapping, program = range(composite + 1, composite + _FONT_OBJECTS)
    name = f"/{embedding.name}"
    entries = " ".join(f"{key} {value}" for key, value in source.descriptor.items())
    objects = [
        _obj(composite, f"<</Type /Font /Subtype /Type0 /BaseFont {name} /Encoding /Identity-H "
                        f"/DescendantFonts [{descendant} 0 R] /ToUnicode {to_unicode} 0 R>>"),
        _obj(descendant, f"<</Type /Font /Subtype /CIDFontType2 /BaseFont {name} /CIDSystemInfo {system} 0 R "
                         f"/FontDescriptor {descriptor} 0 R /DW {source.prototype.desc.missing_width} "
                         f"/W {embedding.widths} /CIDToGIDMap {mapping} 0 R>>"),
        _stream(to_unicode, embedding.to_unicode),
        _obj(system, "<</Registry (Adobe) /Ordering (UCS) /Supplement 0>>"),
        _obj(descriptor, f"<<{entries} /FontName {name} /FontFile2 {program} 0 R>>"),
        _stream(mapping, embedding.cid_to_gid),
        _stream(program, embedding.program, embedding.program_length),
    ]
    starts, at = [], 0
    for obj in objects:
        starts.append(at)
        at += len(obj)
    return b"".join(objects), tuple(starts)
