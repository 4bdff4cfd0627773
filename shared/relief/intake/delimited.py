"""Delimited files (comma, tab or pipe) read into rows: one ReadRow per data row, or the reason it
could not be read.

The layers, each replaceable on its own: bytes to text (encodings.py), text to physical rows
(physical.py: lines, quotes, blank lines, the input limits), and here the header mapped onto the
contract's columns (columns.py) and each physical row made a ReadRow.

Streaming throughout: a file of any size is read a row at a time. Rows in = rows out: every data
row comes back, in order, either as a Record or as a RowProblem that names the row and the field.
Only a file that is not a table with the required columns, or is past a file limit, is refused as
a whole.
"""

from __future__ import annotations

import io
import operator
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO

from .cells import FORMULA_START, formula_inside
from .columns import COLUMNS, REQUIRED, HeaderMap, map_header
from .encodings import TextSource, text_stream
from .errors import UnreadableFileError
from .limits import DEFAULT_LIMITS, InputLimits
from .physical import CORRUPT, NeedsCarefulReading, Oversized, PhysicalRows
from .records import EMPTY_RECORD, ReadRow, Record, RowProblem

__all__ = ["DelimitedRows", "NeedsCarefulReading", "open_delimited"]

# NamedTuple construction without the per-call Python wrapper: rows are made a million at a time.
_new = tuple.__new__


class DelimitedRows:
    """The data rows of an open delimited file. Iterate once.

    By default rows are read at the csv module's full speed, and a stray quote that would join
    lines raises NeedsCarefulReading. Read with `careful=True`, such lines are read one at a time.
    """

    def __init__(self, text: io.TextIOBase, encoding: str, gzipped: bool,
                 header_map: Mapping[str, str] | None = None, careful: bool = False,
                 limits: InputLimits = DEFAULT_LIMITS):
        self.encoding = encoding
        self.gzipped = gzipped
        self.physical = PhysicalRows(text, limits, careful)
        self.limits = limits
        self.delimiter = self.physical.delimiter
        self.header = self.physical.header
        self.columns: HeaderMap = map_header(self.header, header_map)
        width = self.columns.width
        # Missing optional columns read the empty string appended at index `width`.
        self._pick = operator.itemgetter(*(width if p is None else p for p in self.columns.positions))
        # The usual file has the contract's columns in the contract's order: its rows are records as split.
        self._in_order = self.columns.positions == tuple(range(len(COLUMNS))) and width == len(COLUMNS)
        self._required = tuple((c, self.columns.required(c)) for c in REQUIRED)
        self._pick_required = operator.itemgetter(*(p for _, p in self._required))

    @property
    def careful(self) -> bool:
        return self.physical.careful

    @property
    def blank_lines(self) -> int:
        return self.physical.blank_lines

    @property
    def collisions(self) -> tuple[str, ...]:
        return self.columns.collisions

    @property
    def unlisted(self) -> dict[str, dict[str, int]]:
        return {}  # the contract's layout has no value tables

    def __iter__(self) -> Iterator[ReadRow]:
        number = 0
        read = self._read
        width, pick_required, delimiter = self.columns.width, self._pick_required, self.delimiter
        in_order = self._in_order
        # ReadRow.plain, tested on the line: no NUL, no comma inside a cell, no formula start anywhere.
        formula_after_delimiter = formula_inside(delimiter).search
        comma_in_cells = delimiter != ","
        for line in self.physical:
            row = line.split(delimiter) if isinstance(line, str) else line
            number += 1
            if in_order and len(row) == width:  # the usual row, read here without a call (as _read would)
                required = pick_required(row)
                if all(required) and not any(map(str.isspace, required)):
                    plain = (isinstance(line, str) and "\x00" not in line and not (comma_in_cells and "," in line)
                             and not line.startswith(FORMULA_START) and formula_after_delimiter(line) is None)
                    yield _new(ReadRow, (number, _new(Record, row), None, plain, ""))
                else:
                    yield read(number, row)
                continue
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
        # A line is split only as far as the two fields (past them, one remainder), and whole only when
        # it is flagged: nearly every line is not.
        last = statute if description is None else max(statute, description)
        row: list[str] | Oversized
        for line in self.physical:
            if isinstance(line, str):
                head = line.split(delimiter, last + 1)
                if len(head) <= last or not flagged(head[statute], "" if description is None else head[description]):
                    continue
                row = line.split(delimiter)
            else:
                row = line
            if len(row) == width and not isinstance(row, Oversized) and flagged(
                    row[statute], "" if description is None else row[description]):
                row.append("")
                yield _new(Record, self._pick(row))

    def _read(self, number: int, row: list[str] | Oversized) -> ReadRow:
        if isinstance(row, Oversized):
            return ReadRow(number, EMPTY_RECORD, self._oversized(number, row))
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

    def _oversized(self, number: int, row: Oversized) -> RowProblem:
        """A row past a row limit: none of it is kept, the problem names the limit (and the column)."""
        column = None
        if row.field is not None:
            positions = self.columns.positions
            column = next((c for c, p in zip(COLUMNS, positions, strict=True) if p == row.field), None)
        where = column or (f"field {row.field + 1}" if row.field is not None else None)
        return RowProblem(column, self.limits.row_problem(row.limit, number, where))

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


@contextmanager
def opened_text(source: str | Path | BinaryIO | io.RawIOBase, limits: InputLimits,
                size: int | None) -> Iterator[TextSource]:
    """The text of a file (path or binary stream, `size` bytes when known), encoding and gzip undone."""
    with ExitStack() as owned:
        binary: BinaryIO | io.RawIOBase
        if isinstance(source, (str, Path)):
            binary = owned.enter_context(open(source, "rb"))
            size = Path(source).stat().st_size
        else:
            binary = source
        try:
            text = text_stream(binary, limits, size)
        except CORRUPT as error:
            raise UnreadableFileError(f"the file could not be read ({type(error).__name__})") from None
        yield text


@contextmanager
def open_delimited(source: str | Path | BinaryIO | io.RawIOBase, header_map: Mapping[str, str] | None = None,
                   careful: bool = False, limits: InputLimits = DEFAULT_LIMITS,
                   size: int | None = None) -> Iterator[DelimitedRows]:
    """Open a delimited file (path or binary stream, `size` bytes when known) for one pass over its rows."""
    with opened_text(source, limits, size) as text:
        yield DelimitedRows(text.text, text.encoding, text.gzipped, header_map, careful, limits)
