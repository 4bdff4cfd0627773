"""The signed filing bundle: one zip per county per job, for the court.

    motion.pdf                 the motion to vacate and expunge with its notice of motion, certificate
                               of service and Exhibit A (one line per `motion` conviction); none when
                               the county has no such conviction
    orders/order-<case>-<id>.pdf  one proposed order per person per court case (<id>: the charge_id
                               of the person's first charge in the case)
    results.csv                every charge: decision, reason, explanation, authority, ...
    review.csv                 what a person must settle, by reason, with the doubt in words, what to
                               check, and columns for the answer
    automatic.csv              `automatic` decisions, with expunge_by
    summary.pdf, summary.json  what was decided and what to do next; counts; source SHA-256, rules, office, time
    manifest.json              every file above: path, size, SHA-256; job, office, county, court, source, rules, time
    manifest.sig               signed statement naming the manifest's SHA-256 (ECDSA_SHA_256, DER, base64)
    signing-key.pem            the public key (SubjectPublicKeyInfo PEM) after a `Key-Id:` line

Rows whose record names no Illinois county have a bundle of their own (courts.NO_COUNTY) with no
court paper in it: its convictions are in its review.csv, their doubt the county. Until the office
settings give the signing attorney, address, phone and ARDC number, every page of the motion and
the orders says DRAFT — NOT FOR FILING.

The results are read once, in row order, and spooled to temporary files: the CSVs, and the
`motion` rows for Exhibit A as JSON lines (one self-contained line per row: nothing read back
depends on an earlier line). The zip is then written entry by entry from those files, hashing as it
goes, so the bundle is never held in memory whole. The zip is written beside the destination as
`.partial` and renamed when complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from ..evaluation.answers import reviewer_decided
from ..evaluation.results import Result
from ..law.decisions import Decision
from ..settings import OfficeSettings
from .courts import Court, court_of
from .layout import agency_shown, shown
from .manifest import MANIFEST, PUBLIC_KEY, SIGNATURE, FileEntry, build_manifest, sha256_bytes
from .motion import render_motion, volume_label
from .orders import ORDER_PREFIX, OrderKey, group_orders, order_file_name, order_key, render_order
from .signing import Signer, sign_manifest
from .spreadsheets import Spreadsheets
from .summary import Counts, render_summary, summary_json

MOTION_PDF = "motion.pdf"
ORDERS = "orders/"
SUMMARY_PDF = "summary.pdf"
SUMMARY_JSON = "summary.json"
_BLOCK = 1 << 20
_ZIP64_FROM = 1 << 30
_ORDER_NAME = re.compile(re.escape(ORDER_PREFIX) + r"[A-Za-z0-9_-]+\.pdf")

OrderSource = tuple[str, bytes | str | os.PathLike]  # (file name, PDF bytes or a path to the PDF)


@dataclass(frozen=True, slots=True)
class BundleInfo:
    """What a bundle is of; printed in the summary and manifest and signed with them."""

    job_id: str
    office: str
    county: str  # as courts.bundle_county names it: an Illinois county, or courts.NO_COUNTY
    source_sha256: str
    rule_set_version: str
    created: datetime
    as_of: date
    settings: OfficeSettings = field(default_factory=OfficeSettings)
    # A county's bundle is version 1 when the job is assembled; each answers file that changes the
    # county's charges makes the next version, whose manifest names the answers file and the previous
    # version's manifest by their SHA-256 (a chain `relief verify --previous` checks offline).
    version: int = 1
    answers_sha256: str = ""
    previous_manifest_sha256: str = ""
    settings_sha256: str = ""  # the office settings the job was decided under ("" for the reference's defaults)
    # One volume of a county filed in several (pipeline/volumes.py): which, of how many, and the
    # number of its first Exhibit A line (the lines run on from the volume before).
    volume: int = 1
    volumes: int = 1
    first_line: int = 1

    @property
    def court(self) -> Court | None:
        return court_of(self.county, self.settings)

    def about(self) -> dict[str, Any]:
        court = self.court
        about = {"job_id": self.job_id, "office": self.office, "office_name": self.settings.office_name,
                 "county": self.county, "court": " / ".join(court.caption) if court else "",
                 "draft": bool(self.settings.missing_for_filing()), "source_sha256": self.source_sha256,
                 "rule_set_version": self.rule_set_version, "as_of": self.as_of.isoformat(),
                 "created": self.created.isoformat(), "version": self.version}
        if self.settings_sha256:
            about["settings_sha256"] = self.settings_sha256
        if self.volumes > 1:
            about.update(volume=self.volume, volumes=self.volumes, first_exhibit_line=self.first_line)
        if self.version > 1:
            about["answers_sha256"] = self.answers_sha256
            about["previous_manifest_sha256"] = self.previous_manifest_sha256
        return about


def volume_of(about: Mapping[str, Any]) -> tuple[int, int, int]:
    """(volume, volumes, first Exhibit A line) as a manifest's about states them (BundleInfo.about); (1, 1, 1)
    for a county in one bundle, and for any value that is not a whole number from 1."""
    def number(name: str) -> int:
        value = about.get(name, 1)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else 1
    return number("volume"), number("volumes"), number("first_exhibit_line")


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
    draft: bool  # the court papers say DRAFT — NOT FOR FILING
    court_papers: bool  # the bundle holds a motion and orders


class BundleError(ValueError):
    pass


class _MotionSpool:
    """The `motion` rows, one JSON line each, and what the motion says of them."""

    def __init__(self, path: Path):
        self.path = path
        self._stream = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self.rows = 0
        self.reviewed = 0  # put in the motion by the office's answers: marked in Exhibit A
        self.orders: set[OrderKey] = set()
        self.order_names: set[str] = set()
        self.agencies: dict[str, None] = {}  # as the exhibit prints them, in order of first appearance

    def add(self, result: Result) -> None:
        self._stream.write(json.dumps(result, ensure_ascii=False) + "\n")
        self.rows += 1
        self.reviewed += reviewer_decided(result)
        key = order_key(result)
        if key not in self.orders:
            self.orders.add(key)
            self.order_names.add(order_file_name(result))
        if shown(result.arresting_agency):
            self.agencies.setdefault(agency_shown(result.arresting_agency, result.arresting_agency_name), None)

    def close(self) -> None:
        self._stream.close()

    def __iter__(self) -> Iterator[Result]:
        with open(self.path, encoding="utf-8") as stream:
            for line in stream:
                yield Result(*json.loads(line))


def write_bundle(results: Iterable[Result], info: BundleInfo, destination: str | Path, signer: Signer,
                 orders: Iterable[OrderSource] | None = None, workdir: str | Path | None = None,
                 orders_created: datetime | None = None) -> BundleReport:
    """Write the signed bundle for one county's results to `destination` (a .zip path).

    `results` is iterated once, in row order. `orders` are pre-rendered proposed orders as (file
    name, bytes or path) pairs (a revision copies most from the previous version); when None the
    orders are rendered here, dated `orders_created` (else the bundle's time), which keeps the
    `motion` results in memory grouped by order (a volume's: at most its volume size's convictions).
    Every order the motion asks for must be there.
    """
    destination = Path(destination)
    court = info.court
    with tempfile.TemporaryDirectory(prefix="relief-bundle-", dir=workdir) as folder:
        spool = Path(folder)
        sheets = Spreadsheets(spool, county_known=court is not None)
        counts = Counts(people=True)
        motion = _MotionSpool(spool / "motion.jsonl")
        grouped: list[Result] | None = [] if orders is None else None
        try:
            for result in results:
                sheets.add(result)
                counts.add(result)
                if result.final_decision == Decision.MOTION.value and court is not None:
                    motion.add(result)
                    if grouped is not None:
                        grouped.append(result)
        finally:
            motion.close()
        spreadsheets = sheets.close()

        partial = destination.with_name(destination.name + ".partial")
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            manifest, sink = _write_zip(partial, info, court, signer, orders, grouped, spreadsheets, counts, motion,
                                        orders_created or info.created)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(destination)

    return BundleReport(destination, destination.stat().st_size, len(sink.entries), counts.rows,
                        counts.as_dict()["decisions"], motion.rows, counts.motion_people if court else 0,
                        sink.orders, sheets.review_rows, sheets.automatic_rows, sha256_bytes(manifest),
                        signer.key_id, bool(info.settings.missing_for_filing()), court is not None and motion.rows > 0)


def _write_zip(partial: Path, info: BundleInfo, court: Court | None, signer: Signer,
               orders: Iterable[OrderSource] | None, grouped: list[Result] | None, spreadsheets: dict[str, Path],
               counts: Counts, motion: _MotionSpool, orders_created: datetime) -> tuple[bytes, _Sink]:
    about = info.about()
    settings = info.settings
    draft_reasons = settings.missing_for_filing()
    draft = bool(draft_reasons)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        sink = _Sink(archive, info.created)
        if court is not None and motion.rows:
            agencies = sorted(motion.agencies, key=str.casefold)
            sink.add_bytes(MOTION_PDF, render_motion(motion, settings, court, count=motion.rows,
                                                     people=counts.motion_people, orders=len(motion.orders),
                                                     agencies=agencies, created=info.created, draft=draft,
                                                     reviewed=motion.reviewed, first_line=info.first_line,
                                                     volume=(info.volume, info.volumes)))
            if grouped is not None:
                order_sources: Iterable[OrderSource] = (
                    (order.file_name, render_order(order.results, settings, court, created=orders_created,
                                                   draft=draft))
                    for order in group_orders(grouped))
            else:
                order_sources = orders or ()
            written = sink.add_orders(order_sources)
            grouped = None
            missing = motion.order_names - written
            if missing:
                raise BundleError(f"{len(missing):,} proposed order(s) the motion asks for are missing")
        for name, path in spreadsheets.items():
            sink.add_file(name, path)
        place = court.county_name if court else "Records that name no Illinois county"
        if info.volumes > 1:
            place += f", {volume_label(info.volume, info.volumes).lower()}"
        sink.add_bytes(SUMMARY_PDF, render_summary(counts, about, place=place, orders=sink.orders,
                                                   draft_reasons=draft_reasons,
                                                   court_papers=court is not None and motion.rows > 0,
                                                   created=info.created))
        sink.add_bytes(SUMMARY_JSON, summary_json(counts, about, orders=sink.orders))

        manifest = build_manifest(sink.entries, about)
        signature, public_key = sign_manifest(signer, manifest, {"job_id": info.job_id, "county": info.county})
        sink.add_bytes(MANIFEST, manifest, listed=False)
        sink.add_bytes(SIGNATURE, signature, listed=False)
        sink.add_bytes(PUBLIC_KEY, public_key, listed=False)
    return manifest, sink


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
        digest, size = hashlib.sha256(), 0
        with self.archive.open(self._info(name), "w", force_zip64=size_hint >= _ZIP64_FROM) as sink:
            while block := source.read(_BLOCK):
                digest.update(block)
                sink.write(block)
                size += len(block)
        self.entries.append(FileEntry(name, size, digest.hexdigest()))

    def add_orders(self, sources: Iterable[OrderSource]) -> set[str]:
        """Adds each order under orders/; returns their names, to check the motion has all its orders.
        Names are unique by construction (orders.order_file_name); should two still meet, the second
        is kept under a suffixed name rather than lost."""
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
    """A pre-rendered order's file name, without its folder: 'orders/order-1-C2.pdf' -> 'order-1-C2.pdf'."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    if not _ORDER_NAME.fullmatch(name):
        raise BundleError("a proposed order's file name must be order-<case>-<charge id>.pdf")
    return name
