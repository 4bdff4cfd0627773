"""Why a whole input file is refused. Messages name columns, limits and kinds of file, never a value
from the file: they go to logs, job records and notifications, where no criminal history may go."""

from __future__ import annotations

from collections.abc import Sequence


class UnreadableFileError(ValueError):
    """The whole file is refused: it is not a table with the required columns, or not readable."""


class MissingColumnsError(UnreadableFileError):
    """The header lacks required columns.

    The header's own names are not quoted: when the first line is a data row (a file without a
    header) they are a person's name and date of birth. `found` keeps them for a caller that shows
    them to the person who owns the file; the message counts them only.
    """

    def __init__(self, missing: Sequence[str], found: Sequence[str], recognised: Sequence[str] = ()):
        self.missing = tuple(missing)
        self.found = tuple(found)
        self.recognised = tuple(recognised)
        plural = "s" if len(self.missing) > 1 else ""
        if self.recognised:
            seen = (f"the header has {len(self.found)} fields, {len(self.recognised)} of them contract "
                    f"columns: {', '.join(self.recognised)}")
        else:
            seen = (f"none of the first line's {len(self.found)} fields is a contract column name: the file "
                    f"must start with a header row")
        super().__init__(
            f"missing required column{plural}: {', '.join(self.missing)} ({seen}). If the file names "
            f"{'them' if plural else 'it'} otherwise, map its names in the office settings' [header_map], "
            f'e.g. "<its name>" = "{self.missing[0]}"')


class LimitExceeded(UnreadableFileError):
    """The file is past one of the office's input limits (intake.limits)."""

    def __init__(self, limit: str, message: str):
        self.limit = limit
        super().__init__(message)


class NotADelimitedFile(UnreadableFileError):
    """The file is something else (a workbook, a PDF, an archive, an image): it says what, and what to do."""
