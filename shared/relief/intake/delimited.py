"""Delimited text (comma, tab or pipe) read into rows: one ReadRow per data row, or the reason it
could not be read.

Streaming throughout: a file of any size is read a row at a time. Rows in = rows out: every data
row comes back, in order, either as a Record or as a RowProblem that names the row and the field.
Only a file that is not a table with the required columns is refused as a whole.
"""

from __future__ import annotations

import csv
import gzip
import io
import operator
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from .cells import FORMULA_START, formula_inside
from .columns import COLUMNS, REQUIRED, HeaderMap, map_header
from .encodings import text_stream
from .errors import UnreadableFileError
from .records import EMPTY_RECORD, ReadRow, Record, RowProblem

DELIMITERS = (",", "\t", "|")
csv.field_size_limit(1 << 20)

# NamedTuple construction without the per-call Python wrapper: rows are made a million at a time.
_new = tuple.__new__

_CORRUPT = (EOFError, gzip.BadGzipFile, zlib.error)


def detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _blank(row: list[str]) -> bool:
    """A line with nothing on it (or only spaces): not a row, counted as a blank line."""
    return not row or (len(row) == 1 and not row[0].strip())


class NeedsCarefulReading(Exception):
    """The fast reader met a row that spans lines and does not fit: read the file carefully instead."""


class DelimitedRows:
    """The data rows of an open delimited file. Iterate once.

    By default rows are read at the csv module's full speed, and a stray quote that would join
    lines raises NeedsCarefulReading. Read with `careful=True`, such lines are read one at a time.
    """

    def __init__(self, text: io.TextIOBase, encoding: str, gzipped: bool,
                 header_map: Mapping[str, str] | None = None, careful: bool = False):
        self.careful = careful
        self.encoding = encoding
        self.gzipped = gzipped
        self.blank_lines = 0
        self._text = text
        try:
            header_line = text.readline()
        except _CORRUPT as error:
            raise UnreadableFileError(f"the file could not be read: {error}") from None
        if not header_line.strip():
            raise UnreadableFileError("the file is empty: there is no header row")
        self.delimiter = detect_delimiter(header_line)
        self.header = next(csv.reader([header_line], delimiter=self.delimiter))
        self.columns: HeaderMap = map_header(self.header, header_map)
        width = self.columns.width
        # Missing optional columns read the empty string appended at index `width`.
        self._pick = operator.itemgetter(*(width if p is None else p for p in self.columns.positions))
        # The usual file has the contract's columns in the contract's order: its rows are records as split.
        self._in_order = self.columns.positions == tuple(range(len(COLUMNS))) and width == len(COLUMNS)
        self._required = tuple((c, self.columns.required(c)) for c in REQUIRED)
        self._pick_required = operator.itemgetter(*(p for _, p in self._required))

    def __iter__(self) -> Iterator[ReadRow]:
        number = 0
        read = self._read
        width, pick_required, delimiter = self.columns.width, self._pick_required, self.delimiter
        in_order = self._in_order
        # ReadRow.plain, tested on the line: no NUL, no comma inside a cell, no formula start anywhere.
        formula_after_delimiter = formula_inside(delimiter).search
        comma_in_cells = delimiter != ","
        for line in self._physical_rows():
            row = line.split(delimiter) if isinstance(line, str) else line
            if in_order and len(row) == width:  # the usual row, read here without a call (as _read would)
                number += 1
                required = pick_required(row)
                if all(required) and not any(map(str.isspace, required)):
                    plain = (isinstance(line, str) and "\x00" not in line and not (comma_in_cells and "," in line)
                             and not line.startswith(FORMULA_START) and formula_after_delimiter(line) is None)
                    yield _new(ReadRow, (number, _new(Record, row), None, plain))
                else:
                    yield read(number, row)
                continue
            if _blank(row):
                self.blank_lines += 1
                continue
            number += 1
            yield read(number, row)

    def flagged_records(self, flagged: Callable[[str, str], bool]) -> Iterator[Record]:
        """The records whose (statute, offense_description) `flagged` accepts, the rest skipped at csv speed.

        For a first pass that looks for a few charges among millions; rows that cannot be read are
        skipped here and reported by the full pass.
        """
        width = self.columns.width
        statute = self.columns.required("statute")
        description = self.columns.position("offense_description")
        delimiter = self.delimiter
        for line in self._physical_rows():
            row = line.split(delimiter) if isinstance(line, str) else line
            if len(row) == width and flagged(row[statute], "" if description is None else row[description]):
                row.append("")
                yield _new(Record, self._pick(row))

    def _read(self, number: int, row: list[str]) -> ReadRow:
        width = self.columns.width
        if len(row) != width:
            if not any(field.strip() for field in row):
                return ReadRow(number, EMPTY_RECORD, RowProblem(None, f"row {number} is empty"))
            return ReadRow(number, EMPTY_RECORD, self._shape_problem(number, row))
        if self._in_order:
            record = _new(Record, row)
        else:
            row.append("")
            record = _new(Record, self._pick(row))
        required = self._pick_required(row)
        if not all(required) or any(map(str.isspace, required)):
            for column, position in self._required:
                if not row[position].strip():
                    return ReadRow(number, record,
                                   RowProblem(column, f"row {number}: required field {column} is empty"))
        return ReadRow(number, record, None)

    def _shape_problem(self, number: int, row: list[str]) -> RowProblem:
        width = self.columns.width
        if len(row) < width:
            lost = [c for c, p in zip(COLUMNS, self.columns.positions, strict=False) if p is not None and p >= len(row)]
            if not lost:
                named = "columns the office does not use"
            elif len(lost) <= 3:
                named = ", ".join(lost)
            else:
                named = f"{lost[0]} and the {len(lost) - 1} columns after it"
            return RowProblem(lost[0] if lost else None,
                              f"row {number} has {len(row)} fields where the header has {width}: "
                              f"no value for {named}")
        return RowProblem(None, f"row {number} has {len(row)} fields where the header has {width} "
                                f"(a delimiter inside a value that is not quoted?)")

    def _physical_rows(self) -> Iterator[str | list[str]]:
        """Each line, or row of quoted lines, in order: as the line itself (without its line break)
        when splitting it on the delimiter gives its fields, else as the fields csv read."""
        return self._careful_rows() if self.careful else self._fast_rows()

    def _fast_rows(self) -> Iterator[str | list[str]]:
        """Rows as csv.reader reads them, a row over several lines raising NeedsCarefulReading.

        A line with no quote and no stray line break is exactly its fields split on the delimiter,
        which is twice as fast as csv.reader; any other line goes through csv.reader, which reads
        on from the same lines only when a quoted field runs past the line's end.
        """
        lines = iter(self._text)
        limit = csv.field_size_limit()
        line_num = 0
        try:
            for line in lines:
                line_num += 1
                body = line.rstrip("\r\n")  # csv ends a row at any run of line breaks
                if '"' in body or "\r" in body or "\n" in body or len(body) > limit:
                    yield self._quoted_row(line, lines, line_num)
                else:
                    yield body
        except _CORRUPT as error:
            raise self._damaged(line_num, error) from None

    def _quoted_row(self, line: str, lines: Iterator[str], line_num: int) -> list[str]:
        """The row at `line` (number `line_num`) as csv.reader reads it; NeedsCarefulReading when it
        runs over several lines or csv gives up on it."""
        reader = csv.reader(chain((line,), lines), delimiter=self.delimiter)
        try:
            row = next(reader)
        except csv.Error:
            raise NeedsCarefulReading(f"line {line_num + reader.line_num - 1}") from None
        except _CORRUPT as error:
            raise self._damaged(line_num + reader.line_num - 1, error) from None
        if reader.line_num > 1:  # a row over several lines: rare, so check it carefully
            raise NeedsCarefulReading(f"line {line_num}")
        return row

    @staticmethod
    def _damaged(line_num: int, error: Exception) -> UnreadableFileError:
        return UnreadableFileError(f"the compressed file is damaged after line {line_num + 1} "
                                   f"and cannot be read to its end: {error}")

    def _careful_rows(self) -> Iterator[list[str]]:
        """Rows as csv reads them, except that a stray quote may not swallow the lines after it.

        A quoted field may span lines. When a multi-line row does not have the header's width, or
        csv gives up on it, its lines are read again one at a time, so one bad quote costs one
        row, not the rest of the file.
        """
        lines: list[str] = []

        def feed() -> Iterator[str]:
            try:
                for line in self._text:
                    lines.append(line)
                    yield line
            except _CORRUPT as error:
                raise self._damaged(reader.line_num, error) from None

        reader = csv.reader(feed(), delimiter=self.delimiter)
        while True:
            lines.clear()
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield from [self._one_line(line) for line in lines]
                continue
            if len(lines) > 1:
                yield from self._joined_or_one_by_one(row, list(lines))
            else:
                yield row

    def _joined_or_one_by_one(self, row: list[str], lines: list[str]) -> Iterator[list[str]]:
        """A row csv read over several lines is one row only if its lines are not whole rows themselves:
        two stray quotes can pair up across lines into a row of the right width."""
        width = self.columns.width
        alone = [self._one_line(line) for line in lines]
        if len(row) == width and not any(len(r) == width for r in alone):
            yield row
        else:
            yield from alone

    def _one_line(self, line: str) -> list[str]:
        line = line.rstrip("\r\n")
        row = next(csv.reader([line], delimiter=self.delimiter), [])
        if len(row) != self.columns.width:
            literal = next(csv.reader([line], delimiter=self.delimiter, quoting=csv.QUOTE_NONE), [])
            if len(literal) == self.columns.width:
                return [field.strip('"') for field in literal]
        return row


@contextmanager
def open_delimited(source: str | Path | BinaryIO | io.RawIOBase, header_map: Mapping[str, str] | None = None,
                   careful: bool = False) -> Iterator[DelimitedRows]:
    """Open a delimited file (path or binary stream) for one pass over its rows."""
    with ExitStack() as owned:
        binary = owned.enter_context(open(source, "rb")) if isinstance(source, (str, Path)) else source
        try:
            text, encoding, gzipped = text_stream(binary)
        except _CORRUPT as error:
            raise UnreadableFileError(f"the file could not be read: {error}") from None
        yield DelimitedRows(text, encoding, gzipped, header_map, careful)
