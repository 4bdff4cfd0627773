"""Order parts: the proposed orders one chunk's results call for, rendered where the work is
already parallel (in the evaluators) and stored as one uncompressed zip per chunk.

A member is named "<county>/<order file name>" (the county as documents.courts.bundle_county
names it), so the assembler can take one county's orders
for that county's bundle without unpacking anything else. Rendering is deterministic (the job's
creation time is printed, not the clock's), so a chunk delivered twice writes the same part.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from ..documents.orders import render_chunk_orders
from ..evaluation.results import Result
from ..settings import OfficeSettings

_EPOCH = (1980, 1, 1, 0, 0, 0)  # zip's earliest time: fixed, so the part's bytes depend only on its orders


def write_order_part(results: Iterable[Result], settings: OfficeSettings, created: datetime) -> bytes | None:
    """A zip of the chunk's orders, or None when the chunk has none (no `motion` charge in an
    Illinois county)."""
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for order in render_chunk_orders(results, settings, created=created):
            archive.writestr(zipfile.ZipInfo(f"{order.county}/{order.name}", _EPOCH), order.pdf)
            count += 1
    return buffer.getvalue() if count else None


def read_order_parts(paths: Iterable[Path], county: str) -> Iterator[tuple[str, bytes]]:
    """(file name, PDF) of every order for one county, part by part, in the parts' order."""
    prefix = county + "/"
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith(prefix):
                    yield name[len(prefix):], archive.read(name)
