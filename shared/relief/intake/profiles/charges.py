"""Several rows, one charge: the layout's sentence lines or charge versions gathered and read as one.

Rows of one person (IR number) that share the profile's charge columns, all non-empty, are one
charge. A row that cannot be read, or lacks one of those columns, is a charge by itself. The charge
is decided once, on one record made of its rows:
- a conviction if any line says so: the deciding row is then the latest conviction line (by
  disposition date, then file order), whose statute, class and description are the charge's, and the
  conviction's date is the earliest of those lines (a later line is a sentence changed);
- else the latest line that decides anything (an ancillary sentence line never does), else the
  latest line;
- its sentence is every line's sentence, in file order, each once.
Every row's number is kept: the charge's result lists them (`source_rows`).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

from ...law.dates import read_date
from ...law.dispositions import DispositionKind
from ..records import ReadRow, Record
from .tables import ANCILLARY, Vocabulary

ChargeKey = tuple[str, str]  # (person, the charge columns joined)
SEPARATOR = "\x1f"  # between the charge columns' values in ReadRow.charge


def charge_of(values: Sequence[str]) -> str:
    """ReadRow.charge for a row whose charge columns hold `values`: empty unless all are given."""
    stripped = [v.strip() for v in values]
    return SEPARATOR.join(stripped) if all(stripped) else ""


def charge_key(row: ReadRow) -> ChargeKey | None:
    if row.problem is not None or not row.charge:
        return None
    return row.record.ir_number.strip().upper(), row.charge


def count_charges(rows: Iterable[ReadRow]) -> dict[ChargeKey, int]:
    """How many rows each charge spanning several rows has (charges of one row are left out)."""
    counts = Counter(key for key in map(charge_key, rows) if key is not None)
    return {key: n for key, n in counts.items() if n > 1}


class _Group:
    __slots__ = ("remaining", "rows")

    def __init__(self, row: ReadRow, remaining: int):
        self.rows = [row]
        self.remaining = remaining


def charge_groups(rows: Iterable[ReadRow], counts: Mapping[ChargeKey, int]) -> Iterator[list[ReadRow]]:
    """The rows gathered into charges, in the order of each charge's first row, streaming: a charge is
    given when its last row (by `counts`, from an earlier pass) has been read. Memory holds only the
    rows between a charge's first row and its last."""
    pending: deque[_Group] = deque()
    open_groups: dict[ChargeKey, _Group] = {}
    for row in rows:
        key = charge_key(row)
        total = counts.get(key, 1) if key is not None else 1
        if total == 1:
            if not pending:
                yield [row]
                continue
            pending.append(_Group(row, 0))
        else:
            assert key is not None
            group = open_groups.get(key)
            if group is None:
                group = open_groups[key] = _Group(row, total - 1)
                pending.append(group)
            else:
                group.rows.append(row)
                group.remaining -= 1
                if not group.remaining:
                    del open_groups[key]
        while pending and not pending[0].remaining:
            yield pending.popleft().rows
    for group in pending:  # (only when the counts were not this file's: nothing is lost either way)
        yield group.rows


def one_charge(rows: Sequence[ReadRow], vocabulary: Vocabulary) -> Record:
    """The record a charge's readable rows are decided on (module docstring)."""
    if len(rows) == 1:
        return rows[0].record
    records = [row.record for row in rows]
    readings = [vocabulary.disposition(r.disposition) for r in records]
    dates = [read_date(r.disposition_date)[0] or date.min for r in records]
    order = range(len(records))
    convictions = [i for i in order if readings[i].kind is DispositionKind.CONVICTION]
    if convictions:
        deciding = max(convictions, key=lambda i: (dates[i], i))
        dated = [i for i in convictions if dates[i] != date.min]
        decided_on = records[min(dated, key=lambda i: (dates[i], i)) if dated else deciding].disposition_date
    else:
        deciding_lines = [i for i in order if readings[i] is not ANCILLARY] or list(order)
        deciding = max(deciding_lines, key=lambda i: (dates[i], i))
        decided_on = records[deciding].disposition_date
    sentences = dict.fromkeys(s for r in records if (s := r.sentence.strip()))
    return records[deciding]._replace(disposition_date=decided_on, sentence="; ".join(sentences))
