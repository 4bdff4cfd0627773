"""Delimited text to physical rows: the header row, then each record as the file holds it, bounded.

This layer knows lines, quotes, delimiters and the office's input limits, and nothing of what the
columns mean (delimited.py maps the header to the contract's columns). A record is what a
spreadsheet counts as a row: one line, or several when a quoted field holds line breaks; blank
lines are skipped and counted. Nothing longer than a row is ever held: lines are read with a bound
(limits.max_row_chars), so a 50 MB line costs 64 KB of memory and one unreadable row.

Each record comes out as
- the line itself (without its line break) when splitting it on the delimiter gives its fields:
  nearly every line, and twice as fast as csv.reader;
- the list of fields csv read, for a line with quotes;
- `Oversized`, for a record past a row limit (too long, or a field too long).

By default a record over several lines raises NeedsCarefulReading, and the caller reads the file
again with `careful=True`, where such records are checked: a stray quote may not swallow the lines
after it.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from functools import partial
from itertools import chain
from typing import NamedTuple

from .errors import UnreadableFileError
from .limits import CSV_FIELD_LIMIT, DEFAULT_LIMITS, InputLimits

DELIMITERS = (",", "\t", "|")
csv.field_size_limit(CSV_FIELD_LIMIT)

CORRUPT = (EOFError, gzip.BadGzipFile, zlib.error)


class NeedsCarefulReading(Exception):
    """The fast reader met a row that spans lines and does not fit: read the file carefully instead."""


class Oversized(NamedTuple):
    """A record past a row limit: which limit, and for a field, its position in the record."""

    limit: str  # "max_row_chars" or "max_field_chars"
    field: int | None = None


PhysicalRow = str | list[str] | Oversized


class _TooLong(Exception):
    """Raised inside the careful reader's line feed: the record ran past limits.max_row_chars."""

    def __init__(self, line_too_long: bool):
        self.line_too_long = line_too_long


def detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _blank(row: list[str]) -> bool:
    """A line with nothing on it (or only spaces): not a row, counted as a blank line."""
    return not row or (len(row) == 1 and not row[0].strip())


def damaged(line_num: int, error: Exception) -> UnreadableFileError:
    return UnreadableFileError(f"the compressed file is damaged after line {line_num} and cannot be read to its "
                               f"end ({type(error).__name__})")


class PhysicalRows:
    """The header row and then the records of an open delimited text. Iterate once."""

    def __init__(self, text: io.TextIOBase, limits: InputLimits = DEFAULT_LIMITS, careful: bool = False):
        self.limits = limits
        self.careful = careful
        self.blank_lines = 0
        self._records = 0  # counted by the careful reader (the fast one counts lines)
        # Every read is bounded: a line longer than a row may be comes back in pieces.
        self._readline = partial(text.readline, limits.max_row_chars + 2)
        try:
            header_line = self._readline()
        except CORRUPT as error:
            raise UnreadableFileError(f"the file could not be read ({type(error).__name__})") from None
        if not header_line:
            raise UnreadableFileError("the file is empty: there is no header row")
        if not header_line.strip():
            raise UnreadableFileError("the first line is blank: the file must start with its header row")
        if len(header_line.rstrip("\r\n")) > limits.max_row_chars:
            raise limits.refuse("max_row_chars")
        self.delimiter = detect_delimiter(header_line)
        self.header: list[str] = next(csv.reader([header_line], delimiter=self.delimiter))
        if len(self.header) > limits.max_columns:
            raise limits.refuse("max_columns")
        self.width = len(self.header)

    def __iter__(self) -> Iterator[PhysicalRow]:
        return self._careful_rows() if self.careful else self._fast_rows()

    # --- fast: a line is a record --------------------------------------------------------------

    def _fast_rows(self) -> Iterator[PhysicalRow]:
        """Each line in order; a record over several lines raises NeedsCarefulReading.

        The per-line test is what keeps this fast: a line with no quote, not blank, no longer than a
        field may be and within the row limit is exactly its fields split on the delimiter; anything
        else goes to `_unusual`.
        """
        lines = iter(self._readline, "")
        field_limit = self.limits.max_field_chars
        # While the line number is within this, the rows are too: no need to count them per line.
        row_budget = self.limits.max_rows + 1
        line_num = 1  # the header's
        try:
            for line_num, line in enumerate(lines, 2):
                body = line.rstrip("\r\n")  # csv ends a row at any run of line breaks
                if '"' in body or len(body) > field_limit or line_num > row_budget or not body or body.isspace():
                    unusual = self._unusual(line, body, lines, line_num)
                    if unusual is not None:
                        yield unusual
                else:
                    yield body
        except CORRUPT as error:
            raise damaged(line_num, error) from None

    def _unusual(self, line: str, body: str, lines: Iterator[str], line_num: int) -> PhysicalRow | None:
        """A line the fast test set aside: blank (None), past a limit, quoted, or just long."""
        limits = self.limits
        if not body or (body.isspace() and self.delimiter not in body):  # ("\t\t" is a row of empty fields)
            self._count_blank()
            return None
        if line_num - 1 - self.blank_lines > limits.max_rows:  # (every line is one record here)
            raise limits.refuse("max_rows")
        if len(body) > limits.max_row_chars:
            if not line.endswith(("\n", "\r")):
                self._skip_rest_of_line(lines)
            return Oversized("max_row_chars")
        row = self._quoted_row(line, lines, line_num) if '"' in body else body.split(self.delimiter)
        if _blank(row):  # a line of nothing but an empty quoted field
            self._count_blank()
            return None
        long_field = self._long_field(row) if len(body) > limits.max_field_chars else None
        if long_field is not None:
            return Oversized("max_field_chars", long_field)
        return row if '"' in body else body

    def _quoted_row(self, line: str, lines: Iterator[str], line_num: int) -> list[str]:
        """The record at `line` as csv.reader reads it; NeedsCarefulReading when it runs over several
        lines (csv asks for the next one) or csv gives up on it."""
        reader = csv.reader(chain((line,), self._spans(lines, line_num)), delimiter=self.delimiter)
        try:
            return next(reader)
        except csv.Error:
            raise NeedsCarefulReading(f"line {line_num}") from None

    @staticmethod
    def _spans(lines: Iterator[str], line_num: int) -> Iterator[str]:
        """What csv reads after the line: the end of the file, or NeedsCarefulReading when there is more."""
        for _ in lines:
            raise NeedsCarefulReading(f"line {line_num}")
        yield from ()

    # --- careful: a quoted field may span lines, a stray quote may not swallow them ---------------

    def _careful_rows(self) -> Iterator[PhysicalRow]:
        """Records as csv reads them, except that a stray quote may not swallow the lines after it.

        A quoted field may span lines. When a multi-line record does not have the header's width,
        csv gives up on it, or it runs past the row limit, its lines are read again one at a time,
        so one bad quote costs one row, not the rest of the file.
        """
        lines: list[str] = []
        limit = self.limits.max_row_chars
        line_num = 1

        def feed() -> Iterator[str]:
            nonlocal line_num
            held = 0
            for line in iter(self._readline, ""):
                line_num += 1
                if len(line) > limit and len(line.rstrip("\r\n")) > limit:
                    if not line.endswith(("\n", "\r")):
                        self._skip_rest_of_line(iter(self._readline, ""))
                    raise _TooLong(line_too_long=True)
                lines.append(line)
                held = held + len(line) if len(lines) > 1 else len(line)  # `lines` is emptied per record
                if held > limit:
                    raise _TooLong(line_too_long=False)
                yield line

        reader = csv.reader(feed(), delimiter=self.delimiter)
        try:
            while True:
                lines.clear()
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error:
                    yield from self._counted(self._one_line(line) for line in list(lines))
                    continue
                except _TooLong as too_long:
                    if too_long.line_too_long:  # the lines before it, then the long line: one row
                        yield from self._counted(self._one_line(line) for line in list(lines))
                        yield from self._counted([Oversized("max_row_chars")])
                    else:
                        yield from self._counted(self._long_record(list(lines)))
                    reader = csv.reader(feed(), delimiter=self.delimiter)  # the feed ended with its exception
                    continue
                if len(lines) > 1:
                    yield from self._counted(self._joined_or_one_by_one(row, list(lines)))
                else:
                    yield from self._counted([row])
        except CORRUPT as error:
            raise damaged(line_num, error) from None

    def _counted(self, rows: Iterator[PhysicalRow] | list[PhysicalRow]) -> Iterator[PhysicalRow]:
        """Blank lines skipped and counted, the rest counted against the row limit, long fields marked."""
        for row in rows:
            if isinstance(row, list):
                if _blank(row):
                    self._count_blank()
                    continue
                long_field = self._long_field(row)
                if long_field is not None:
                    row = Oversized("max_field_chars", long_field)
            self._records += 1
            if self._records > self.limits.max_rows:
                raise self.limits.refuse("max_rows")
            yield row

    def _long_record(self, lines: list[str]) -> Iterator[PhysicalRow]:
        """Lines csv read as one record until it passed the row limit: whole rows swallowed by a stray
        quote, each read alone; or one record too long, one Oversized row, read past to its end (where
        its quotes pair up: "" inside a quoted field is a quote, so a count's parity follows them)."""
        alone = [self._one_line(line) for line in lines]
        if all(len(row) == self.width for row in alone):
            yield from alone
            return
        inside = sum(line.count('"') for line in lines) % 2
        while inside:  # (a piece of an overlong line counts as well as the whole line would)
            line = self._readline()
            if not line:
                break
            inside ^= line.count('"') % 2
        yield Oversized("max_row_chars")

    def _joined_or_one_by_one(self, row: list[str], lines: list[str]) -> Iterator[list[str]]:
        """A record csv read over several lines is one record when it has the header's width, its
        quotes are proper CSV (a closing quote is followed by a delimiter or the line's end), and
        not every one of its lines is a whole row by itself. Two stray quotes can pair up across
        rows into a record of the right width, but then they are rarely proper CSV, and each line is
        a whole row; a line break inside a quoted field (in any column, the last one too) leaves at
        least one line that is only part of a row."""
        alone = [self._one_line(line) for line in lines]
        if len(row) == self.width and not all(len(r) == self.width for r in alone) and self._proper_csv(lines):
            yield row
        else:
            yield from alone

    def _proper_csv(self, lines: list[str]) -> bool:
        try:
            return len(list(csv.reader(lines, delimiter=self.delimiter, strict=True))) == 1
        except csv.Error:
            return False

    def _one_line(self, line: str) -> list[str]:
        line = line.rstrip("\r\n")
        row = next(csv.reader([line], delimiter=self.delimiter), [])
        if len(row) != self.width:
            literal = next(csv.reader([line], delimiter=self.delimiter, quoting=csv.QUOTE_NONE), [])
            if len(literal) == self.width:
                return [field.strip('"') for field in literal]
        return row

    # --- limits ------------------------------------------------------------------------------------

    def _count_blank(self) -> None:
        self.blank_lines += 1
        if self.blank_lines > self.limits.max_blank_lines:
            raise self.limits.refuse("max_blank_lines")

    def _long_field(self, row: list[str]) -> int | None:
        limit = self.limits.max_field_chars
        return next((at for at, field in enumerate(row) if len(field) > limit), None)

    @staticmethod
    def _skip_rest_of_line(lines: Iterator[str]) -> None:
        """Read past the rest of an overlong line, a bounded piece at a time, keeping none of it.
        (A CRLF split between two pieces leaves its LF as one blank line, counted as such.)"""
        for piece in lines:
            if piece.endswith(("\n", "\r")):
                return
