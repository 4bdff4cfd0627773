"""How much of an input file the reader takes: every input is bounded.

A row past a row limit (its length, a field's length) becomes one unreadable row naming the limit
and the file goes on; a file past a file limit (its size once decompressed, its rows, its blank
lines, its header's columns) is refused as soon as the reader meets it, before more work is done.
Every limit is an office setting (`[limits]` in the office's settings file); each message names
the limit and the setting that raises it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import LimitExceeded

KIB = 1 << 10
MIB = 1 << 20
GIB = 1 << 30

# The csv module's own field limit (process-wide), set by the reader. A row limit above it would let
# csv refuse a row before the reader can name the limit, so no limit may exceed it.
CSV_FIELD_LIMIT = MIB


class InputLimits(BaseModel):
    """The limits, with defaults far above any real ISP file and far below what would exhaust a stage."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # A 1,000,000-row ISP file is about 200 MB; the splitter spools the text to its 4 GB of /tmp.
    max_bytes: int = Field(default=2 * GIB, ge=1, description="bytes of text, after gzip is undone")
    max_rows: int = Field(default=10_000_000, ge=1, description="data rows")
    max_blank_lines: int = Field(default=100_000, ge=0, description="blank lines")
    max_columns: int = Field(default=200, ge=8, le=10_000, description="fields in the header row")
    # A real row is a few hundred characters; a field a few dozen, a long offense description a few hundred.
    max_row_chars: int = Field(default=64 * KIB, ge=256, le=CSV_FIELD_LIMIT, description="characters in one row")
    max_field_chars: int = Field(default=8 * KIB, ge=64, le=CSV_FIELD_LIMIT, description="characters in one field")

    @model_validator(mode="after")
    def _field_fits_in_a_row(self) -> InputLimits:
        if self.max_field_chars > self.max_row_chars:
            raise ValueError(f"max_field_chars ({self.max_field_chars:,}) cannot exceed max_row_chars "
                             f"({self.max_row_chars:,}): a field is part of a row")
        return self

    def refuse(self, name: str) -> LimitExceeded:
        """The file is past a file limit: a refusal naming the limit and the setting that raises it."""
        return LimitExceeded(name, f"{_FILE_LIMITS[name].format(getattr(self, name))} (the limit is the office "
                                   f"setting limits.{name}: raise it there to read a file this large)")

    def row_problem(self, name: str, row: int, column: str | None = None) -> str:
        """Why one row is unreadable: the row, the column, the limit and its setting; never a value."""
        where = f"row {row}" + (f": field {column}" if column else "")
        return f"{where} is longer than {getattr(self, name):,} characters (limits.{name})"


# What each file limit refuses, filled in with its value.
_FILE_LIMITS = {
    "max_bytes": "the file holds more than {:,} bytes of text once decompressed",
    "max_rows": "the file has more than {:,} data rows",
    "max_blank_lines": "the file has more than {:,} blank lines",
    "max_columns": "the header row has more than {:,} fields",
    "max_row_chars": "the first line is longer than {:,} characters, too long for a header row",
}


DEFAULT_LIMITS = InputLimits()
