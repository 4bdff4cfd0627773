"""The signed filing bundle: one zip per county per job, for the court.

    motion.pdf                 bulk motion to vacate and expunge, with Exhibit A (one line per `motion` charge)
    orders/<case number>.pdf   one proposed order per court case (NO-CASE-NUMBER.pdf for charges without one)
    results.csv                every charge: decision, reason, explanation, authority, ...
    review.csv                 `review` decisions, sorted by reason then row
    automatic.csv              `automatic` decisions, with expunge_by
    summary.pdf, summary.json  counts by decision, reason and offense year; source SHA-256, rules, office, time
    manifest.json              every file above: path, size, SHA-256; job, office, county, source, rules, time
    manifest.sig               signed statement naming the manifest's SHA-256 (ECDSA_SHA_256, DER, base64)
    signing-key.pem            the public key (SubjectPublicKeyInfo PEM) after a `Key-Id:` line

The results are read once, in row order, and spooled to temporary files (the CSVs, and the `motion`
rows for Exhibit A); the zip is then written entry by entry from those files, hashing as it goes,
so the bundle is never held in memory whole. The zip is written beside the destination as
`.partial` and renamed when complete.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from ..evaluation.results import Result
from ..law.decisions import Decision
from ..settings import OfficeSettings
from .manifest import MANIFEST, PUBLIC_KEY, SIGNATURE, FileEntry, build_manifest, sha256_bytes
from .motion import render_motion
from .orders import NO_CASE_NUMBER, case_file_name, group_orders, order_file_name, render_order
from .signing import Signer, sign_manifest
from .spreadsheets import Spreadsheets
from .summary import Counts, render_summary, summary_json

MOTION_PDF = "motion.pdf"
ORDERS = "orders/"
SUMMARY_PDF = "summary.pdf"
SUMMARY_JSON = "summary.json"
_BLOCK = 1 << 20
_ZIP64_FROM = 1 << 30

OrderSource = tuple[str, bytes | str | os.PathLike]  # (file name, PDF bytes or a path to the PDF)


@dataclass(frozen=True, slots=True)
class BundleInfo:
    """What a bundle is of; printed in the summary and manifest and signed with them."""

    job_id: str
    office: str
    county: str
    source_sha256: str
    rule_set_version: str
    created: datetime
    as_of: date
    settings: OfficeSettings = field(default_factory=OfficeSettings)

    def about(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "office": self.office, "office_name": self.settings.office_name,
                "county": self.county, "source_sha256": self.source_sha256,
                "rule_set_version": self.rule_set_version, "as_of": self.as_of.isoformat(),
                "created": self.created.isoformat()}


@dataclass(frozen=True, slots=True)
class BundleReport:
    path: Path
    size: int
    files: int  # in the manifest
    rows: int
    decisions: dict[str, int]
    motion: int  # Exhibit A lines
    people: int  # in the motion
    orders: int
    review: int
    automatic: int
    manifest_sha256: str
    key_id: str


class BundleError(ValueError):
    pass


def write_bundle(results: Iterable[Result], info: BundleInfo, destination: str | Path, signer: Signer,
                 orders: Iterable[OrderSource] | None = None, workdir: str | Path | None = None) -> BundleReport:
    """Write the signed bundle for one county's results to `destination` (a .zip path).

    `results` is iterated once, in row order. `orders` are pre-rendered proposed orders as (file
    name, bytes or path) pairs, e.g. from `orders.render_chunk_orders` in each evaluator; when None
    the orders are rendered here, which keeps the `motion` results in memory grouped by case.
    Every court case in the motion must have an order; names that collide get a `_2` suffix.
    """
    destination = Path(destination)
    with tempfile.TemporaryDirectory(prefix="relief-bundle-", dir=workdir) as folder:
        spool = Path(folder)
        sheets = Spreadsheets(spool)
        counts = Counts()
        people: set[str] = set()
        case_names: set[str] = set()
        grouped: list[Result] | None = [] if orders is None else None
        motion_rows = 0
        with open(spool / "motion.pickle", "wb") as motion_spool:
            pickler = pickle.Pickler(motion_spool, protocol=pickle.HIGHEST_PROTOCOL)
            for result in results:
                sheets.add(result)
                counts.add(result)
                if result.decision == Decision.MOTION.value:
                    pickler.dump(tuple(result))
                    pickler.clear_memo()
                    motion_rows += 1
                    people.add(result.ir_number)
                    case_names.add(case_file_name(result))
                    if grouped is not None:
                        grouped.append(result)
        spreadsheets = sheets.close()

        partial = destination.with_name(destination.name + ".partial")
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            manifest, sink = _write_zip(partial, spool, info, signer, orders, grouped, spreadsheets, counts,
                                        motion_rows, len(people), case_names)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(destination)

    return BundleReport(destination, destination.stat().st_size, len(sink.entries), counts.rows,
                        counts.as_dict()["decisions"], motion_rows, len(people), sink.orders, sheets.review_rows,
                        sheets.automatic_rows, sha256_bytes(manifest), signer.key_id)


def _write_zip(partial: Path, spool: Path, info: BundleInfo, signer: Signer, orders: Iterable[OrderSource] | None,
               grouped: list[Result] | None, spreadsheets: dict[str, Path], counts: Counts, motion_rows: int,
               people: int, case_names: set[str]) -> tuple[bytes, _Sink]:
    about = info.about()
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        sink = _Sink(archive, info.created)
        sink.add_bytes(MOTION_PDF, render_motion(_unspool(spool / "motion.pickle"), info.settings, info.county,
                                                 count=motion_rows, people=people, created=info.created))
        if grouped is not None:
            order_sources: Iterable[OrderSource] = (
                (order.file_name, render_order(order.results, info.settings, order.county, created=info.created))
                for order in group_orders(grouped))
        else:
            order_sources = orders or ()
        written = sink.add_orders(order_sources)
        grouped = None
        missing = case_names - written
        if missing:
            raise BundleError(f"{len(missing):,} court case(s) in the motion have no proposed order")
        for name, path in spreadsheets.items():
            sink.add_file(name, path)
        sink.add_bytes(SUMMARY_PDF, render_summary(counts, about, info.county, created=info.created))
        sink.add_bytes(SUMMARY_JSON, summary_json(counts, about))

        manifest = build_manifest(sink.entries, about)
        signature, public_key = sign_manifest(signer, manifest, {"job_id": info.job_id, "county": info.county})
        sink.add_bytes(MANIFEST, manifest, listed=False)
        sink.add_bytes(SIGNATURE, signature, listed=False)
        sink.add_bytes(PUBLIC_KEY, public_key, listed=False)
    return manifest, sink


def _unspool(path: Path) -> Iterator[Result]:
    with open(path, "rb") as stream:
        unpickler = pickle.Unpickler(stream)
        while True:
            try:
                yield Result._make(unpickler.load())
            except EOFError:
                return


class _Sink:
    """Adds entries to the zip, streaming, and remembers each one's size and SHA-256."""

    def __init__(self, archive: zipfile.ZipFile, created: datetime):
        self.archive = archive
        self.date_time = max(created.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
        self.entries: list[FileEntry] = []
        self.orders = 0
        self._names: set[str] = set()

    def _info(self, name: str) -> zipfile.ZipInfo:
        if name in self._names:
            raise BundleError(f"two files named {name} in one bundle")
        self._names.add(name)
        info = zipfile.ZipInfo(name, self.date_time)
        # PDFs are already compressed inside; deflating them again only costs time.
        info.compress_type = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add_bytes(self, name: str, data: bytes, listed: bool = True) -> None:
        info = self._info(name)
        self.archive.writestr(info, data)
        if listed:
            self.entries.append(FileEntry(name, len(data), sha256_bytes(data)))

    def add_file(self, name: str, path: str | os.PathLike) -> None:
        with open(path, "rb") as source:
            self.add_stream(name, source, os.fstat(source.fileno()).st_size)

    def add_stream(self, name: str, source: BinaryIO, size_hint: int = 0) -> None:
        import hashlib

        digest, size = hashlib.sha256(), 0
        with self.archive.open(self._info(name), "w", force_zip64=size_hint >= _ZIP64_FROM) as sink:
            while block := source.read(_BLOCK):
                digest.update(block)
                sink.write(block)
                size += len(block)
        self.entries.append(FileEntry(name, size, digest.hexdigest()))

    def add_orders(self, sources: Iterable[OrderSource]) -> set[str]:
        """Adds each order under orders/, its name made safe and unique; returns the names before
        any suffix, to check every case of the motion has its order."""
        bases: set[str] = set()
        for name, content in sources:
            base = _order_name(name)
            bases.add(base)
            unique, n = base, 1
            while ORDERS + unique in self._names:
                n += 1
                unique = f"{base[:-4]}_{n}.pdf"
            if isinstance(content, (bytes, bytearray, memoryview)):
                self.add_bytes(ORDERS + unique, bytes(content))
            else:
                self.add_file(ORDERS + unique, content)
            self.orders += 1
        return bases


def _order_name(name: str) -> str:
    """A pre-rendered order's file name, made safe: 'orders/2011 CR 1.pdf' -> '2011-CR-1.pdf'."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return order_file_name(stem) if stem != NO_CASE_NUMBER else f"{NO_CASE_NUMBER}.pdf"
