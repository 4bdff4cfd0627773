"""Dates as ISP files and circuit clerks write them.

`YYYY-MM-DD`, `MM/DD/YYYY`, `M/D/YYYY`, `MM/DD/YY` (00-29 -> 2000s, 30-99 -> 1900s), `YYYYMMDD`,
each optionally followed by a time (`03/15/2011 12:00:00 AM`). Anything else is unreadable, and
an unreadable date is reported, never guessed.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
# What may follow the date: a clock time, optionally with seconds, fractions, AM/PM or a zone.
_TIME = re.compile(r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AP]\.?M\.?)?\s*"
                   r"(?:Z|[+-]\d{2}:?\d{2})?)?\s*", re.I)


class UnreadableDate(ValueError):
    pass


def two_digit_year(yy: int) -> int:
    return 2000 + yy if yy <= 29 else 1900 + yy


def parse_date(text: str) -> date | None:
    """The date in `text`; None when the field is empty; UnreadableDate when it cannot be read."""
    text = text.strip()
    if not text:
        return None
    # The spellings files use, read without the patterns (to the same dates: tests hold them to it),
    # as a file holds a few hundred thousand distinct date texts: YYYYMMDD, YYYY-MM-DD, MM/DD/YYYY,
    # M/D/YYYY and MM/DD/YY, each optionally followed by a time after a space. Anything else, and any
    # text that is not ASCII (a pattern's digit is any Unicode digit), is read by the patterns.
    if text.isascii():
        day, space, _ = text.partition(" ")
        if not space or _TIME.fullmatch(text, len(day)) is not None:
            size = len(day)
            if size == 8 and day.isdigit():
                return _date(text, int(day[:4]), int(day[4:6]), int(day[6:]))
            if size == 10 and day[4] == "-" == day[7] and (day[:4] + day[5:7] + day[8:]).isdigit():
                return _date(text, int(day[:4]), int(day[5:7]), int(day[8:]))
            month, _, rest = day.partition("/")
            in_month, _, year = rest.partition("/")
            if (0 < len(month) <= 2 and 0 < len(in_month) <= 2 and (len(year) == 4 or len(year) == 2)
                    and (month + in_month + year).isdigit()):
                return _date(text, two_digit_year(int(year)) if len(year) == 2 else int(year), int(month),
                             int(in_month))
    return _parse_by_pattern(text)


def _date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise UnreadableDate(text) from None


def _parse_by_pattern(text: str) -> date:
    """parse_date for a stripped, non-empty text, by the patterns alone."""
    for pattern, order in ((_ISO, "ymd"), (_US, "mdy"), (_COMPACT, "ymd")):
        match = pattern.match(text)
        if match is None or (match.end() < len(text) and _TIME.fullmatch(text, match.end()) is None):
            continue  # (nothing after the date needs no look: most dates have no time)
        a, b, c = match.groups()
        if order == "ymd":
            year, month, day = int(a), int(b), int(c)
        else:
            month, day = int(a), int(b)
            year = two_digit_year(int(c)) if len(c) == 2 else int(c)
        try:
            return date(year, month, day)
        except ValueError:
            break
    raise UnreadableDate(text)


@lru_cache(maxsize=1 << 16)
def read_date(text: str) -> tuple[date | None, bool]:
    """(date, unreadable): an unreadable date is treated as missing and flagged. Cached: files
    repeat the same dates many times."""
    try:
        return parse_date(text), False
    except UnreadableDate:
        return None, True


def whole_years(start: date, end: date) -> int:
    """Completed years from start to end, as a person counts their age."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))
