"""Bytes to text: gzip and the encoding are detected, never assumed, and never a crash.

ISP and clerk exports come as UTF-8, UTF-8 with a BOM, or Windows-1252 (which Latin-1 files also
decode as, but for five undefined bytes), and now and then as UTF-16 or UTF-32 from a Windows tool.
UTF-16 and UTF-32 are recognised by their byte-order mark or, without one, by where the NUL bytes
fall in the first 64 KB (ASCII text in UTF-16LE is every other byte NUL). Otherwise a file is read
as UTF-8 unless its first 64 KB show it is not; a stray Windows-1252 byte further on is decoded as
Windows-1252 rather than failing row 800,000 of a job.

Workbooks, PDFs, archives, images and other binary files are recognised by their first bytes and
refused with what to do instead (signatures.py). The text is counted as it is read: past the
office's limit on its size the file is refused (a gzip bomb stops there).
"""

from __future__ import annotations

import codecs
import gzip
import io
from dataclasses import dataclass
from typing import Any, BinaryIO

from .errors import NotADelimitedFile
from .limits import DEFAULT_LIMITS, InputLimits
from .signatures import looks_binary, recognise, refusal

GZIP_MAGIC = b"\x1f\x8b"
SAMPLE_BYTES = 1 << 16
_FALLBACK = "relief-cp1252"

# Longest first, so the UTF-32LE mark (FF FE 00 00) is not taken for UTF-16LE's (FF FE).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Where ASCII text puts its NUL bytes, by position modulo 4, in each wide encoding without a BOM.
_NUL_PATTERNS = (((False, True, True, True), "utf-32-le"), ((True, True, True, False), "utf-32-be"),
                 ((False, True, False, True), "utf-16-le"), ((True, False, True, False), "utf-16-be"))
_WIDE = frozenset({"utf-32", "utf-16", "utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"})
_NUL_SAMPLE = 4096


def _decode_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    # Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; Latin-1 maps every byte.
    text = "".join(bytes([b]).decode("cp1252", errors="strict") if b not in b"\x81\x8d\x8f\x90\x9d" else chr(b)
                   for b in bad)
    return text, error.end


codecs.register_error(_FALLBACK, _decode_as_cp1252)


def _wide_by_nuls(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where its NUL bytes fall; None when not."""
    sample = sample[: _NUL_SAMPLE - _NUL_SAMPLE % 4]
    groups = len(sample) // 4
    if groups < 2:
        return None
    zero_share = [sample[at::4][:groups].count(0) / groups for at in range(4)]
    for pattern, encoding in _NUL_PATTERNS:
        if all((share >= 0.7) if nul else (share <= 0.3) for share, nul in zip(zero_share, pattern, strict=True)):
            return encoding
    return None


def detect_encoding(sample: bytes) -> str:
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    wide = _wide_by_nuls(sample)
    if wide:
        return wide
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


class _CountedText(io.RawIOBase):
    """Passes the (decompressed) bytes through, refusing the file once they pass the size limit."""

    def __init__(self, source: Any, limits: InputLimits):
        self._source = source
        self._limits = limits
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._source.read(len(buffer))
        size = len(data)
        self.count += size
        if self.count > self._limits.max_bytes:
            raise self._limits.refuse("max_bytes")
        buffer[:size] = data
        return size


@dataclass(frozen=True)
class TextSource:
    """An input file as text: the stream for the csv module, and what was learnt on the way."""

    text: io.TextIOWrapper
    encoding: str
    gzipped: bool


def text_stream(binary: BinaryIO | io.RawIOBase, limits: InputLimits = DEFAULT_LIMITS,
                size: int | None = None) -> TextSource:
    """A text stream over `binary` (whose stored size is `size`, when known), refusing what is not text."""
    raw: Any = binary  # any readable binary stream: a file, S3Object, HashingReader
    buffered: io.BufferedReader = io.BufferedReader(raw, buffer_size=SAMPLE_BYTES)
    gzipped = buffered.peek(2)[:2] == GZIP_MAGIC
    if not gzipped and size is not None and size > limits.max_bytes:
        raise limits.refuse("max_bytes")  # refused before a byte of it is read
    source: Any = gzip.GzipFile(fileobj=buffered, mode="rb") if gzipped else buffered
    text_bytes = io.BufferedReader(_CountedText(source, limits), buffer_size=SAMPLE_BYTES)
    head = text_bytes.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]
    kind = recognise(head)
    if kind is not None:
        raise NotADelimitedFile(refusal(kind))
    encoding = detect_encoding(head)
    if encoding not in _WIDE and looks_binary(head[:_NUL_SAMPLE]):
        raise NotADelimitedFile("this is not a text file (its first bytes are mostly control characters such "
                                "as NUL): give relief the State Police's delimited text export (CSV, tab- or "
                                "pipe-delimited, optionally gzip-compressed)")
    errors = "replace" if encoding in _WIDE else _FALLBACK
    return TextSource(io.TextIOWrapper(text_bytes, encoding=encoding, errors=errors, newline=""), encoding, gzipped)
