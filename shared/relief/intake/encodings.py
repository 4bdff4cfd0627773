"""Bytes to text: gzip and the encoding are detected, never assumed, and never a crash.

ISP and clerk exports come as UTF-8, UTF-8 with a BOM, or Windows-1252 (which Latin-1 files also
decode as, but for five undefined bytes). A file is read as UTF-8 unless its first 64 KB show it
is not; a stray Windows-1252 byte further on is decoded as Windows-1252 rather than failing
row 800,000 of a job.
"""

from __future__ import annotations

import codecs
import gzip
import io
from typing import Any, BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
SAMPLE_BYTES = 1 << 16
_FALLBACK = "relief-cp1252"


def _decode_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    # Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; Latin-1 maps every byte.
    text = "".join(bytes([b]).decode("cp1252", errors="strict") if b not in b"\x81\x8d\x8f\x90\x9d" else chr(b)
                   for b in bad)
    return text, error.end


codecs.register_error(_FALLBACK, _decode_as_cp1252)


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def text_stream(binary: BinaryIO | io.RawIOBase) -> tuple[io.TextIOWrapper, str, bool]:
    """A text stream over `binary` for the csv module, its encoding, and whether it was gzipped."""
    raw: Any = binary  # any readable binary stream: a file, S3Object, HashingReader
    buffered: io.BufferedReader = io.BufferedReader(raw, buffer_size=SAMPLE_BYTES)
    gzipped = buffered.peek(2)[:2] == GZIP_MAGIC
    if gzipped:
        unzipped: Any = gzip.GzipFile(fileobj=buffered, mode="rb")
        buffered = io.BufferedReader(unzipped, buffer_size=SAMPLE_BYTES)
    encoding = detect_encoding(buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES])
    errors = "replace" if encoding == "utf-16" else _FALLBACK
    return io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline=""), encoding, gzipped
