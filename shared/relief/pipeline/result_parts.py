"""Result parts: one chunk's results as a gzipped CSV, the form the assembler merges back in row order."""

from __future__ import annotations

import csv
import gzip
import heapq
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..evaluation.result_csv import ResultWriter
from ..evaluation.results import RESULT_COLUMNS, ROW_RESULT_COLUMNS, Result, result_from_cells


def write_part(results: Iterable[Result]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = ResultWriter(buffer, source_rows=True)
    for result in results:
        writer.write(result)
    return gzip.compress(buffer.getvalue().encode("utf-8"), compresslevel=6, mtime=0)


def read_part(stream: BinaryIO) -> Iterator[Result]:
    """Results of one part, streaming. Cells the writer neutralised come back as written."""
    text = io.TextIOWrapper(gzip.GzipFile(fileobj=stream, mode="rb"), encoding="utf-8", newline="")
    reader = csv.reader(text)
    header = next(reader, None)
    if tuple(header or ()) not in (RESULT_COLUMNS, ROW_RESULT_COLUMNS):
        raise ValueError("not a relief result part: unexpected header")
    for row in reader:
        yield result_from_cells(row)


def merge_parts(parts: Iterable[Iterator[Result]]) -> Iterator[Result]:
    """All results of a job in input order: each part is in row order, rows are unique across parts."""
    return heapq.merge(*parts, key=lambda result: result.row_number)
