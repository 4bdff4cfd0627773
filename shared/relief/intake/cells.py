"""CSV cells that open safely in a spreadsheet, and cells that can be written as they stand.

A cell starting with =, +, -, @ (or a tab or carriage return) is a formula to Excel and
LibreOffice (CSV injection). Results are written with such cells neutralised; a row whose cells
are all plain can skip the CSV writer. Both tests live here, once.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_inside(delimiter: str) -> re.Pattern[str]:
    """Finds a cell that starts a formula anywhere in a line of cells joined by `delimiter` but the
    first (which str.startswith(FORMULA_START) tests)."""
    starts = "".join(c for c in "=+-@\t\r" if c != delimiter)
    return re.compile(re.escape(delimiter) + "[" + re.escape(starts) + "]")


def spreadsheet_safe(value: str) -> str:
    """The value, with an apostrophe before a would-be formula so a spreadsheet shows it as text."""
    return "'" + value if value.startswith(FORMULA_START) else value


def as_written(cell: str) -> str:
    """A cell spreadsheet_safe wrote, as the record wrote it: the apostrophe before a would-be formula
    removed (what reads a bundle's results.csv back: verify, and the next version of the bundle)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def is_plain(cell: str) -> bool:
    """Written to CSV exactly as it stands: no quoting needed and not a formula."""
    return not (cell.startswith(FORMULA_START) or '"' in cell or "," in cell or "\n" in cell or "\r" in cell
                or "\x00" in cell)
