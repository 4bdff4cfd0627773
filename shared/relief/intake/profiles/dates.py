"""A layout's date forms read into the contract's ISO form, so the law reads the same date values.

`%d-%b-%y` (13-Jan-06) and the like: a two-digit year is put in the latest century that keeps the
date on or before the day the file is read, so no date of birth or arrest is ever in the future
(`14-Feb-28` is 1928, `12-Jul-19` is 2019). A text that no form reads is kept as written: the law
then tries the contract's forms and, failing those, reports the date unreadable, never guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from .model import DateForms

_CACHE_LIMIT = 1 << 16


class DateReader:
    def __init__(self, forms: DateForms, today: date | None = None):
        self.forms = forms.forms
        self.today = today or date.today()
        self._two_digit = tuple("%y" in form for form in self.forms)
        self._read: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        """The date as YYYY-MM-DD, or the text as written when no form reads it."""
        found = self._read.get(text)
        if found is None:
            found = self._iso(text)
            if len(self._read) >= _CACHE_LIMIT:
                self._read.clear()
            self._read[text] = found
        return found

    def form_of(self, text: str) -> str | None:
        """The form that reads `text`, or None."""
        stripped = text.strip()
        for form in self.forms:
            try:
                datetime.strptime(stripped, form)
            except ValueError:
                continue
            return form
        return None

    def _iso(self, text: str) -> str:
        stripped = text.strip()
        if not stripped or not self.forms:
            return text
        for form, two_digit in zip(self.forms, self._two_digit, strict=True):
            try:
                value = datetime.strptime(stripped, form).date()
            except ValueError:
                continue
            if two_digit:
                pivoted = self._not_in_future(value)
                return text if pivoted is None else pivoted.isoformat()
            return value.isoformat()
        return text

    def _not_in_future(self, value: date) -> date | None:
        today = self.today
        year = today.year - today.year % 100 + value.year % 100
        if (year, value.month, value.day) > (today.year, today.month, today.day):
            year -= 100
        try:
            return value.replace(year=year)
        except ValueError:  # 29 February of a year that has none
            return None


_SHAPE = re.compile(r"[A-Za-z]+|\d+")


def date_shape(text: str) -> str:
    """A date's shape without its value, for `relief inspect`: digits become 9, letters A or a."""
    def shape(match: re.Match[str]) -> str:
        part = match.group()
        if part.isdigit():
            return "9" * len(part)
        return "".join("A" if c.isupper() else "a" for c in part)

    return _SHAPE.sub(shape, text.strip())


# strptime forms for the shapes a layout commonly writes (the contract's own forms need none).
FORMS_BY_SHAPE = {
    "9-Aaa-99": "%d-%b-%y", "99-Aaa-99": "%d-%b-%y", "9-AAA-99": "%d-%b-%y", "99-AAA-99": "%d-%b-%y",
    "9-Aaa-9999": "%d-%b-%Y", "99-Aaa-9999": "%d-%b-%Y", "9-AAA-9999": "%d-%b-%Y", "99-AAA-9999": "%d-%b-%Y",
    "99AAA99": "%d%b%y", "99AAA9999": "%d%b%Y",
    "99/99/9999 99:99:99 AA": "%m/%d/%Y %I:%M:%S %p", "99/99/9999": "%m/%d/%Y",
    "99.99.9999": "%d.%m.%Y", "Aaa 99, 9999": "%b %d, %Y", "Aaa 9, 9999": "%b %d, %Y",
}
