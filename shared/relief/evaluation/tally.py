"""Counts of results by decision and reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .results import Result


class Tally:
    """Counts of results by (decision, reason)."""

    def __init__(self) -> None:
        self.reasons: Counter[tuple[str, str]] = Counter()

    def add(self, result: Result) -> None:
        self.reasons[(result.decision, result.reason)] += 1

    def add_counted(self, decisions_and_reasons: Iterable[tuple[str, str]]) -> None:
        """Count (decision, reason) pairs: what rows are counted by."""
        self.reasons.update(decisions_and_reasons)

    @property
    def decisions(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for (decision, _), count in self.reasons.items():
            counts[decision] += count
        return counts

    @property
    def rows(self) -> int:
        return sum(self.reasons.values())
