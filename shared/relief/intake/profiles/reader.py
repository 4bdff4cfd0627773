"""The header-mapping layer for a layout profile: physical rows become contract records by the profile.

It replaces delimited.DelimitedRows for a profile that is more than a header map, over the same
physical rows (physical.py) and limits. Rows in = rows out: every data row comes back, in order,
as a record or as the reason it could not be read. A field the profile does not give is read from
the column bearing its contract name, if there is one; a field the layout cannot supply is empty.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from ..columns import COLUMNS, IN_HEADER, REQUIRED, header_key
from ..delimited import opened_text
from ..errors import MissingColumnsError
from ..limits import DEFAULT_LIMITS, InputLimits
from ..physical import Oversized, PhysicalRows
from ..records import EMPTY_RECORD, ReadRow, Record, RowProblem
from .charges import charge_of
from .compose import Getter, HeaderIndex, compile_fields
from .dates import DateReader
from .model import Profile
from .tables import TableReader

DATE_FIELDS = ("date_of_birth", "arrest_date", "offense_date", "disposition_date")


def _empty(row: Sequence[str]) -> str:
    return ""


def _then(first: Getter, second: Callable[[str], str]) -> Getter:
    return lambda row: second(first(row))


class ProfiledRows:
    """The data rows of an open delimited file in a profile's layout. Iterate once."""

    def __init__(self, text: io.TextIOBase, encoding: str, gzipped: bool, profile: Profile, careful: bool = False,
                 limits: InputLimits = DEFAULT_LIMITS, today: date | None = None, lenient: bool = False):
        """`lenient` (relief inspect): a required field without a source, or empty, leaves the row readable."""
        self.encoding = encoding
        self.gzipped = gzipped
        self.profile = profile
        self.limits = limits
        self.physical = PhysicalRows(text, limits, careful)
        self.delimiter = self.physical.delimiter
        self.header = self.physical.header
        index = HeaderIndex(tuple(self.header))
        getters = compile_fields(profile, index)
        given = set(getters)
        self._collisions = _collisions(profile, self.header, given)
        for column in COLUMNS:  # the rest from same-named columns
            at = index.position(column)
            if column not in getters and column not in profile.not_in_file and at is not None:
                getters[column] = itemgetter(at)
        self.raw_getters = dict(getters)  # as the columns hold them: before dates and tables (inspect)
        missing = [c for c in IN_HEADER if c not in getters and c not in profile.not_in_file]
        if missing and not lenient:
            raise MissingColumnsError(missing, [h.strip() for h in self.header], [c for c in COLUMNS if c in getters])
        if profile.dates.forms:
            self.dates = DateReader(profile.dates, today)
            for column in DATE_FIELDS:
                if column in getters:
                    getters[column] = _then(getters[column], self.dates)
        self.tables = {name: TableReader(name, table) for name, table in profile.tables.items()}
        for name, reader in self.tables.items():
            if name in getters:
                getters[name] = _then(getters[name], reader)
        self._getters = tuple(getters.get(c, _empty) for c in COLUMNS)
        self._required = () if lenient else tuple(c for c in REQUIRED if c not in profile.not_in_file)
        self._required_at = tuple(COLUMNS.index(c) for c in self._required)
        positions = [index.position(c) for c in profile.charge.columns]
        self._charge = itemgetter(*positions) if positions else None
        self._one_charge_column = len(positions) == 1
        self.last_fields: list[str] | None = None

    @property
    def careful(self) -> bool:
        return self.physical.careful

    @property
    def blank_lines(self) -> int:
        return self.physical.blank_lines

    @property
    def collisions(self) -> tuple[str, ...]:
        return self._collisions

    @property
    def unlisted(self) -> dict[str, dict[str, int]]:
        """Per table field, the values no table lists and how many rows hold each."""
        return {name: dict(reader.unlisted) for name, reader in self.tables.items() if reader.unlisted}

    def __iter__(self) -> Iterator[ReadRow]:
        delimiter = self.delimiter
        for number, line in enumerate(self.physical, 1):
            yield self._read(number, line.split(delimiter) if isinstance(line, str) else line)

    def flagged_records(self, flagged: Callable[[str, str], bool]) -> Iterator[Record]:
        for row in self:
            if row.problem is None and flagged(row.record.statute, row.record.offense_description):
                yield row.record

    def _read(self, number: int, row: list[str] | Oversized) -> ReadRow:
        if isinstance(row, Oversized):
            where = f"field {row.field + 1}" if row.field is not None else None
            return ReadRow(number, EMPTY_RECORD, RowProblem(None, self.limits.row_problem(row.limit, number, where)))
        width = self.physical.width
        if len(row) != width:
            if not any(field.strip() for field in row):
                return ReadRow(number, EMPTY_RECORD, RowProblem(None, f"row {number} is empty"))
            why = "" if len(row) < width else " (a delimiter inside a value that is not quoted?)"
            return ReadRow(number, EMPTY_RECORD,
                           RowProblem(None, f"row {number} has {len(row)} fields where the header has {width}{why}"))
        self.last_fields = row  # the row as split, for relief inspect's look at raw dates
        record = Record(*(get(row) for get in self._getters))
        for column, at in zip(self._required, self._required_at, strict=True):
            if not record[at].strip():
                return ReadRow(number, record, RowProblem(column, f"row {number}: required field {column} is empty"))
        charge = ""
        if self._charge is not None:
            values = self._charge(row)
            charge = charge_of((values,) if self._one_charge_column else values)
        return ReadRow(number, record, None, False, charge)


def _collisions(profile: Profile, header: Sequence[str], given: set[str]) -> tuple[str, ...]:
    """Header names equal to a contract field that the profile reads from other columns: passed over,
    and said so (an explicit mapping wins)."""
    read_by = {header_key(c): name for name, source in profile.sources() for c in source.columns()}
    found = []
    for name in header:
        key = header_key(name)
        column = next((c for c in COLUMNS if header_key(c) == key), None)
        if column is None or key in read_by:
            continue
        if column in given or column in profile.not_in_file:
            found.append(name)
    return tuple(found)


@contextmanager
def open_profiled(source: str | Path | BinaryIO | io.RawIOBase, profile: Profile, careful: bool = False,
                  limits: InputLimits = DEFAULT_LIMITS, size: int | None = None,
                  today: date | None = None) -> Iterator[ProfiledRows]:
    """Open a file in a profile's layout for one pass over its rows."""
    with opened_text(source, limits, size) as text:
        yield ProfiledRows(text.text, text.encoding, text.gzipped, profile, careful, limits, today)
