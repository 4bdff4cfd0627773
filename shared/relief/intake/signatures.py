"""Files that are not delimited text, recognised by their first bytes, and what to do instead.

An office that uploads the workbook, the PDF printout or the zip it was e-mailed should hear what
it sent and how to make the CSV relief reads, not an encoding error or a list of missing columns.
"""

from __future__ import annotations

from dataclasses import dataclass

SAVE_AS_CSV = "open it and save it as CSV (comma-delimited, UTF-8), then give relief the CSV"


@dataclass(frozen=True, slots=True)
class Signature:
    magic: bytes
    what: str  # "an Excel workbook (.xlsx)"
    instead: str  # what to do


# Zip-based formats name their parts near the start: the first part's name follows the first header.
_ZIP = b"PK\x03\x04"
_ZIP_KINDS = (
    (b"xl/", Signature(_ZIP, "an Excel workbook (.xlsx)", SAVE_AS_CSV)),
    (b"word/", Signature(_ZIP, "a Word document (.docx)", "relief reads the State Police's data file "
                                                           "(CSV, tab- or pipe-delimited), not a document")),
    (b"opendocument.spreadsheet", Signature(_ZIP, "an OpenDocument spreadsheet (.ods)", SAVE_AS_CSV)),
)
_ZIP_ARCHIVE = Signature(_ZIP, "a zip archive", "unzip it and give relief the CSV inside "
                                                "(relief reads gzip-compressed CSV, .csv.gz, as it is)")

SIGNATURES: tuple[Signature, ...] = (
    Signature(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls) or another Office file",
              SAVE_AS_CSV),
    Signature(b"%PDF-", "a PDF", "relief reads the State Police's data file (CSV, tab- or pipe-delimited); "
                                 "ask for the data export rather than a printout"),
    Signature(b"{\\rtf", "a Rich Text document", "relief reads the data file (CSV), not a document"),
    Signature(b"\x89PNG\r\n\x1a\n", "a PNG image", "relief reads the data file (CSV), not a picture of it"),
    Signature(b"\xff\xd8\xff", "a JPEG image", "relief reads the data file (CSV), not a picture of it"),
    Signature(b"GIF8", "a GIF image", "relief reads the data file (CSV), not a picture of it"),
    Signature(b"II*\x00", "a TIFF image", "relief reads the data file (CSV), not a picture of it"),
    Signature(b"MM\x00*", "a TIFF image", "relief reads the data file (CSV), not a picture of it"),
    Signature(b"BZh", "a bzip2 archive", "decompress it (or compress the CSV with gzip instead)"),
    Signature(b"\xfd7zXZ\x00", "an xz archive", "decompress it (or compress the CSV with gzip instead)"),
    Signature(b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it and give relief the CSV inside"),
    Signature(b"Rar!\x1a\x07", "a RAR archive", "extract it and give relief the CSV inside"),
    Signature(b"SQLite format 3\x00", "an SQLite database", "export the table as CSV"),
    Signature(b"\x7fELF", "a program", "relief reads the data file (CSV)"),
)

# Bytes no text file holds in any number: C0 controls other than tab, line feed, form feed and carriage return.
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0c\r")
_CONTROL_SHARE = 0.05  # more than this share of the first bytes being controls: not text


def recognise(head: bytes) -> Signature | None:
    """The kind of non-text file `head` (its first bytes) starts, or None when it may be text."""
    if head.startswith(_ZIP):
        return next((kind for marker, kind in _ZIP_KINDS if marker in head[:4096]), _ZIP_ARCHIVE)
    return next((s for s in SIGNATURES if head.startswith(s.magic)), None)


def looks_binary(head: bytes) -> bool:
    """Too many control bytes for text in any single-byte or UTF-8 encoding (UTF-16/32 are ruled out first)."""
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls > _CONTROL_SHARE * len(head)


def refusal(signature: Signature) -> str:
    return f"this is {signature.what}, not a delimited text file: {signature.instead}"
