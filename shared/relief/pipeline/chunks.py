"""Chunks: the rows of one upload split so that every charge of one person lands in the same chunk.

The splitter streams the upload once and appends each row to one of N partition files chosen by a
hash of its IR number, so an unsorted file is partitioned without being held in memory. Arrests
(DCN) and court cases belong to one person, so a chunk holds everything the association rules
need. A chunk file keeps each row's number and, for a row that could not be read, its problem,
so every input row reaches the evaluator and gets a result.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..intake.columns import COLUMNS
from ..intake.records import ReadRow, Record, RowProblem
from .environment import GZIP_EXPANSION, MAX_CHUNKS

# `charge`: the row's charge when the layout spreads charges over rows (ReadRow.charge).
CHUNK_HEADER = ("row_number", "problem_field", "problem_message", "charge", *COLUMNS)
_BUFFER = 1 << 16


def partition_count(size_bytes: int, gzipped: bool, target_bytes: int) -> int:
    """How many chunks an upload of this size becomes: about target_bytes of text each."""
    text_bytes = size_bytes * (GZIP_EXPANSION if gzipped else 1)
    return max(1, min(MAX_CHUNKS, math.ceil(text_bytes / max(1, target_bytes))))


def partition_of(row: ReadRow, partitions: int) -> int:
    ir_number = row.record.ir_number.strip().upper()
    if not ir_number:  # an unreadable row has no person: spread by row number
        return row.row_number % partitions
    return zlib.crc32(ir_number.encode()) % partitions


def _chunk_fields(row: ReadRow) -> tuple[object, ...]:
    problem = row.problem
    if problem is None:
        return (row.row_number, "", "", row.charge, *row.record)
    return (row.row_number, problem.field or "", problem.message, row.charge, *row.record)


class PartitionSpool:
    """N partition files in a temporary folder, written row by row and read back one at a time.

    Files are plain CSV while they are written (a gzip stream per partition would cost far more
    memory than a write buffer); each is compressed once, when it is read back for upload.
    """

    def __init__(self, partitions: int, folder: str | None = None):
        self.partitions = partitions
        self._folder = tempfile.TemporaryDirectory(prefix="relief-split-", dir=folder)
        self._files: dict[int, io.TextIOWrapper] = {}
        self._writers: dict[int, Any] = {}  # csv writers
        self.rows = [0] * partitions

    def add(self, row: ReadRow) -> None:
        index = partition_of(row, self.partitions)
        writer = self._writers.get(index)
        if writer is None:
            # Kept open across add() calls; closed by chunks() or close().
            stream = open(self._path(index), "w", newline="", encoding="utf-8", buffering=_BUFFER)  # noqa: SIM115
            self._files[index] = stream
            writer = self._writers[index] = csv.writer(stream, lineterminator="\n")
            writer.writerow(CHUNK_HEADER)
        writer.writerow(_chunk_fields(row))
        self.rows[index] += 1

    def chunks(self) -> Iterator[tuple[int, int, bytes]]:
        """(chunk number from 1, rows, gzipped chunk file) for every partition that got rows."""
        for stream in self._files.values():
            stream.close()
        number = 0
        for index in range(self.partitions):
            if not self.rows[index]:
                continue
            number += 1
            yield number, self.rows[index], gzip.compress(self._path(index).read_bytes(), compresslevel=6, mtime=0)

    def close(self) -> None:
        for stream in self._files.values():
            stream.close()
        self._folder.cleanup()

    def __enter__(self) -> PartitionSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _path(self, index: int) -> Path:
        return Path(self._folder.name) / f"{index:05d}.csv"


def read_chunk(data: bytes | BinaryIO) -> list[ReadRow]:
    """The rows of a chunk file (gzipped or not), in the order they were written."""
    raw = data if isinstance(data, bytes) else data.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
    header = next(reader, None)
    if tuple(header or ()) != CHUNK_HEADER:
        raise ValueError("not a relief chunk file: its header is not the chunk header")
    rows = []
    for number, problem_field, problem_message, charge, *fields in reader:
        problem = RowProblem(problem_field or None, problem_message) if problem_message else None
        rows.append(ReadRow(int(number), Record(*fields), problem, False, charge))
    return rows

