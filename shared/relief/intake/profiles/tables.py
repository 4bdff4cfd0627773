"""Value tables: a layout's coded dispositions and classes read as the reference's words.

A value the table lists becomes its word (`SOLW` -> STRICKEN OFF WITH LEAVE TO REINSTATE); a value it
does not list is kept as written, counted, and read by the rules as unknown: never guessed from the
words it happens to contain (`Finding Not Not Guilty` is not a finding of not guilty, and a class `M`
in the State's Attorney's data is first-degree murder, not a misdemeanor). `Vocabulary` is that
reading, used alike by the evaluator and by the merging of a charge's rows.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ...law.dispositions import Disposition, DispositionKind, normalise_disposition
from ...law.offense_classes import OffenseClass, normalise_class
from .model import Profile, ValueTable, table_key

NOT_LISTED = Disposition(DispositionKind.UNKNOWN, "a code the layout's table does not list")
ANCILLARY = Disposition(DispositionKind.UNKNOWN, "a sentence line that does not decide the charge")


class TableReader:
    """One field's table: translate each value, counting those it does not list."""

    def __init__(self, field_name: str, table: ValueTable):
        self.field = field_name
        self._words = table.lookup()
        self._ancillary = table.ancillary_keys()
        self.unlisted: Counter[str] = Counter()

    def __call__(self, value: str) -> str:
        key = table_key(value)
        word = self._words.get(key)
        if word is not None:
            return word
        if key and key not in self._ancillary:
            self.unlisted[value.strip()] += 1
        return value


class Vocabulary:
    """How the rules read a disposition and a class under a profile: through its tables' words when it
    has tables, else as written (the contract's reading)."""

    def __init__(self, profile: Profile | None = None):
        disposition = profile.tables.get("disposition") if profile else None
        offense_class = profile.tables.get("offense_class") if profile else None
        self._disposition_words = frozenset(disposition.values.values()) if disposition else None
        self._ancillary = disposition.ancillary_keys() if disposition else frozenset()
        self._class_words = frozenset(offense_class.values.values()) if offense_class else None

    def disposition(self, text: str) -> Disposition:
        return _reading(self._disposition_words, self._ancillary, text)

    def offense_class(self, text: str) -> OffenseClass:
        return _class_reading(self._class_words, text)

    @property
    def reads_as_written(self) -> bool:
        return self._disposition_words is None and self._class_words is None


    def disposition_for_law(self, text: str) -> str:
        """The text the law's own readers (associations) are given: a value the table does not list is
        given as empty, which they read as unknown."""
        reading = self.disposition(text)
        return "" if reading is NOT_LISTED or reading is ANCILLARY else text

    def class_for_law(self, text: str) -> str:
        return "" if self.offense_class(text) is OffenseClass.UNRECOGNISED and text.strip() else text


@lru_cache(maxsize=4096)
def _reading(words: frozenset[str] | None, ancillary: frozenset[str], text: str) -> Disposition:
    stripped = text.strip()
    if words is None or not stripped or stripped in words:
        return normalise_disposition(text)
    return ANCILLARY if table_key(stripped) in ancillary else NOT_LISTED


@lru_cache(maxsize=1024)
def _class_reading(words: frozenset[str] | None, text: str) -> OffenseClass:
    stripped = text.strip()
    if words is None or not stripped or stripped in words:
        return normalise_class(text)
    return OffenseClass.UNRECOGNISED
