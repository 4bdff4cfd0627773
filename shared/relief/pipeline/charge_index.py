"""The job's charges by id: what an answers file is checked against, without reading any bundle.

Written by the assembler beside the job's outputs (bundles/<office>/<job>/charge-index.csv.gz), one
line per result in row order: its row number, the charge_id, the bundle the charge is in (its county as
courts.bundle_county names it: never a value as the record wrote it), the rules' decision and rule,
whether the disposition is a conviction and whether the charge has a court case number. A
million-row job's index is a few megabytes; a check reads it once, keeping only the rows the
answers name.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

from ..documents.courts import bundle_county
from ..evaluation.results import Result
from ..law.cases import compact_key
from ..law.dispositions import DispositionKind, normalise_disposition
from .keys import bundle_name

# `bundle`: the file name of the bundle (version 1's) the charge is in: its county's, or its volume's
# (pipeline/volumes.py). An index written before volumes has no such column: the county's bundle.
OLD_INDEX_HEADER = ("row_number", "charge_id", "county", "decision", "rule", "conviction", "case_number")
INDEX_HEADER = (*OLD_INDEX_HEADER, "bundle")
INDEX_HEADER_LINE = ",".join(INDEX_HEADER) + "\n"
CHARGE_ID = re.compile(r"R([1-9][0-9]{0,9})-[0-9a-f]{8}")


def row_of(charge_id: str) -> int | None:
    """The row number a well-formed charge_id names ("R12-0a1b2c3d" -> 12); None for anything else."""
    matched = CHARGE_ID.fullmatch(charge_id)
    return int(matched.group(1)) if matched else None


@dataclass(frozen=True, slots=True)
class IndexedCharge:
    charge_id: str
    county: str  # as courts.bundle_county names it
    decision: str  # the rules'
    rule: int | None  # None for a row that could not be read
    conviction: bool
    has_case_number: bool  # an order can name the court case
    bundle: str = ""  # the bundle's file name (version 1's)

    @property
    def bundle_file(self) -> str:
        return self.bundle or bundle_name(self.county)


@lru_cache(maxsize=1 << 14)
def is_conviction(disposition: str) -> bool:
    """Whether a disposition, as the record writes it, is a conviction (the few hundred texts a file uses, cached)."""
    return normalise_disposition(disposition).kind is DispositionKind.CONVICTION


def index_cells(result: Result) -> tuple[object, ...]:
    """A result's index line, but for its bundle."""
    return (result.row_number, result.charge_id, bundle_county(result.county), result.decision, result.rule,
            "1" if is_conviction(result.disposition) else "0", "1" if compact_key(result.court_case_number) else "0")


def index_line(result: Result, county: str) -> str:
    """A result's index line but for its bundle (no line end), `county` as bundle_county names it. Its
    cells are numbers, ids, decisions and county names, so a line needs no quoting; should one ever
    hold a comma, a quote or a line break, it is written by csv.writer instead."""
    line = (f"{result.row_number},{result.charge_id},{county},{result.decision},{result.rule},"
            f"{'1' if is_conviction(result.disposition) else '0'},"
            f"{'1' if compact_key(result.court_case_number) else '0'}")
    if line.count(",") == len(OLD_INDEX_HEADER) - 1 and not ('"' in line or "\n" in line or "\r" in line):
        return line
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="").writerow(index_cells(result))
    return buffer.getvalue()


def index_file_lines(lines: Iterable[tuple[str, str]]) -> Iterator[str]:
    """The index file, line by line: the header, then each `index_line` with the name of its bundle
    (letters, digits and dashes: nothing to quote). The assembler knows the bundles only after it has
    met every result, so it keeps the lines and adds the bundles after the cut."""
    yield INDEX_HEADER_LINE
    for line, bundle in lines:
        yield f"{line},{bundle}\n"


def write_index(results: Iterable[Result]) -> bytes:
    """An index of results all in their county's one bundle."""
    lines = ((index_line(result, county), bundle_name(county))
             for result in results for county in (bundle_county(result.county),))
    return gzip.compress("".join(index_file_lines(lines)).encode("utf-8"), compresslevel=6, mtime=0)


def read_index(stream: BinaryIO, rows: Iterable[int]) -> Mapping[int, IndexedCharge]:
    """The indexed charges of the given row numbers (those the job has), by row number."""
    wanted = set(rows)
    last = max(wanted, default=0)
    found: dict[int, IndexedCharge] = {}
    text = io.TextIOWrapper(gzip.GzipFile(fileobj=stream, mode="rb"), encoding="utf-8", newline="")
    reader = csv.reader(text)
    if tuple(next(reader, ())) not in (INDEX_HEADER, OLD_INDEX_HEADER):
        raise ValueError("not a relief charge index: unexpected header")
    # One line per result in row order: a charge a layout spreads over several rows is one line, under
    # its first row (the row its charge_id names).
    for row_number, charge_id, county, decision, rule, conviction, case_number, *bundle in reader:
        number = int(row_number)
        if number > last:
            break  # rows are in order: none further is wanted
        if number in wanted:
            found[number] = IndexedCharge(charge_id, county, decision, int(rule) if rule else None, conviction == "1",
                                          case_number == "1", bundle[0] if bundle else "")
    return found
