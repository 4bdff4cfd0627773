"""The one way into an input file: `open_rows` picks the reader for its format.

Every reader gives the same thing, `Rows`: the data rows in order as ReadRows (rows in = rows
out), a fast look at the few charges a first pass needs, and what was learnt about the file. A new
format (the Cook County clerk's JSON export, say) is one module with an opener registered in
`READERS`; nothing after intake changes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import BinaryIO, Protocol

from .delimited import NeedsCarefulReading, open_delimited
from .limits import DEFAULT_LIMITS, InputLimits
from .profiles.model import Profile
from .profiles.reader import open_profiled
from .records import ReadRow, Record

__all__ = ["READERS", "NeedsCarefulReading", "Rows", "open_rows"]


class Rows(Protocol):
    """The data rows of one open input file. Iterate once."""

    encoding: str
    gzipped: bool
    delimiter: str  # "" for a format that has none

    @property
    def blank_lines(self) -> int:
        """Lines with nothing on them, skipped and counted (limits.max_blank_lines)."""
        ...

    def __iter__(self) -> Iterator[ReadRow]: ...

    def flagged_records(self, flagged: Callable[[str, str], bool]) -> Iterator[Record]:
        """The readable records whose (statute, offense_description) `flagged` accepts."""
        ...

    @property
    def collisions(self) -> tuple[str, ...]:
        """Header names equal to a contract column that an explicit mapping reads from another column:
        passed over (an explicit mapping wins), and reported."""
        ...

    @property
    def unlisted(self) -> dict[str, dict[str, int]]:
        """Per table field, the values a profile's table does not list, with how many rows hold each
        (so far). Codes, shown by relief inspect only; counted elsewhere."""
        ...


Opener = Callable[..., AbstractContextManager[Rows]]

# format name -> opener(source, header_map=..., careful=..., limits=..., size=...)
READERS: dict[str, Opener] = {"delimited": open_delimited}


def open_rows(source: str | Path | BinaryIO | io.RawIOBase, header_map: Mapping[str, str] | None = None,
              careful: bool = False, limits: InputLimits = DEFAULT_LIMITS,
              size: int | None = None, profile: Profile | None = None,
              today: date | None = None) -> AbstractContextManager[Rows]:
    """Open an input file (path or binary stream) for one pass over its rows.

    `careful`: read line by line where a stray quote could join rows (after NeedsCarefulReading).
    `limits`: the office's input limits; `size`: the stored file's size in bytes, when known, so a
    file too large is refused before it is read. `profile`: the file's layout (profiles/); one that
    is only a header map (the `isp` profile) is read by the contract reader with `header_map` added
    to it; `today`: the day two-digit years may not pass (profiles/dates.py).
    """
    if profile is not None and not profile.is_header_map:
        if header_map:
            profile = profile.with_header_map(dict(header_map))
        return open_profiled(source, profile, careful=careful, limits=limits, size=size, today=today)
    combined = {**profile.header_map(), **(header_map or {})} if profile is not None else header_map
    return READERS["delimited"](source, header_map=combined, careful=careful, limits=limits, size=size)

