"""Why a whole input file is refused. Messages name columns and limits, never a row's values."""

from __future__ import annotations

from collections.abc import Sequence


class UnreadableFileError(ValueError):
    """The whole file is refused: it is not a table with the required columns, or not readable."""


class MissingColumnsError(UnreadableFileError):
    """The header lacks required columns."""

    def __init__(self, missing: Sequence[str], found: Sequence[str]):
        self.missing = tuple(missing)
        self.found = tuple(found)
        shown = ", ".join(repr(f) for f in found[:30]) or "nothing"
        super().__init__(
            f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)} "
            f"(the header has {shown})"
        )
