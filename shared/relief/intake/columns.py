"""The ISP file's columns, as the contract names them, and how a header is matched to them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import MissingColumnsError

# Contract order; a Record holds its fields in exactly this order.
COLUMNS: tuple[str, ...] = (
    "ir_number",
    "last_name",
    "first_name",
    "middle_name",
    "date_of_birth",
    "sex",
    "race",
    "fbi_number",
    "dcn",
    "arrest_date",
    "arresting_agency",
    "offense_date",
    "charge_number",
    "statute",
    "offense_description",
    "offense_class",
    "court_case_number",
    "county",
    "disposition",
    "disposition_date",
    "sentence",
)

# Columns every row must fill: a row with one of them empty is an unreadable row.
REQUIRED: tuple[str, ...] = (
    "ir_number",
    "last_name",
    "first_name",
    "date_of_birth",
    "dcn",
    "arrest_date",
    "statute",
    "county",
)
# Columns the header must have. A row's disposition may be empty (a pending case), but a file without
# the column cannot tell a conviction from a dismissal: every cannabis row would go to review.
IN_HEADER: tuple[str, ...] = (*REQUIRED, "disposition")

_IGNORED = re.compile(r"[\s_.\-]+")


def header_key(name: str) -> str:
    """`IR Number`, `IR_NUMBER` and `ir-number` all become `irnumber`."""
    return _IGNORED.sub("", name.strip().lstrip("\ufeff")).lower()


_CONTRACT_KEYS = {header_key(c): c for c in COLUMNS}


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Where each contract column sits in the file's rows (None: the file has no such column)."""

    positions: tuple[int | None, ...]  # indexed like COLUMNS
    width: int  # number of fields in the header
    duplicates: tuple[str, ...] = ()  # header names that matched a column already taken
    # Header names equal to a contract column that the office maps from another column: passed over.
    collisions: tuple[str, ...] = ()

    def position(self, column: str) -> int | None:
        return self.positions[COLUMNS.index(column)]

    def required(self, column: str) -> int:
        """The position of a column the file was refused without."""
        position = self.position(column)
        if position is None:
            raise KeyError(f"{column} is not in the file")
        return position


def map_header(header: Sequence[str], office_map: Mapping[str, str] | None = None) -> HeaderMap:
    """Match header names to contract columns; refuse the file if a column it must have is missing.

    `office_map` maps the office's own header names to contract column names; its keys are matched
    with the same leniency as the contract's names. An explicit mapping wins over a column that merely
    bears the contract's name: that column is passed over and named in `collisions`.
    """
    mapped = {header_key(theirs): ours for theirs, ours in (office_map or {}).items()}
    positions: dict[str, int] = {}
    duplicates = []
    collisions = []
    for index, name in enumerate(header):  # the office's names first: they win
        column = mapped.get(header_key(name))
        if column is None:
            continue
        if column in positions:
            duplicates.append(name)
            continue
        positions[column] = index
    by_office = set(positions)
    for index, name in enumerate(header):
        key = header_key(name)
        column = None if key in mapped else _CONTRACT_KEYS.get(key)
        if column is None:
            continue
        if column in by_office:
            collisions.append(name)
            continue
        if column in positions:
            duplicates.append(name)
            continue
        positions[column] = index
    missing = [c for c in IN_HEADER if c not in positions]
    if missing:
        raise MissingColumnsError(missing, [h.strip() for h in header], [c for c in COLUMNS if c in positions])
    return HeaderMap(
        positions=tuple(positions.get(c) for c in COLUMNS),
        width=len(header),
        duplicates=tuple(duplicates),
        collisions=tuple(collisions),
    )
