"""The next version of a county's bundle: the previous version's results with the office's answers applied.

Nothing is decided again. The previous bundle's results.csv holds every charge of the county as the
rules decided it (and any answers already in force); each answered charge gets the answer beside
the rules' decision, and the bundle is written anew from those results: spreadsheets, summary,
motion, manifest and signature. Proposed orders are copied from the previous bundle, except those of
the people and cases whose `motion` charges an answer changed (added, withdrawn or newly marked),
which are rendered again: a county of tens of thousands of orders costs a copy, not a rendering.

The results are streamed twice from a compressed spool in the work folder (once to find the orders
that change, once into the bundle); only the charges of the orders that change are held in memory.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from ..evaluation.answers import Answer, answer_of, answered
from ..evaluation.result_csv import ResultWriter
from ..evaluation.results import RESULT_COLUMNS, Result, result_from_cells
from ..intake.cells import as_written
from ..law.decisions import Decision
from .bundle import ORDERS, BundleInfo, BundleReport, OrderSource, volume_of, write_bundle
from .manifest import MANIFEST, parse_manifest
from .orders import OrderKey, order_file_name, order_key, render_order
from .signing import Signer
from .spreadsheets import RESULTS_CSV

_MOTION = Decision.MOTION.value


class RevisionError(ValueError):
    """The previous bundle cannot be revised (not a relief bundle, or results.csv unreadable)."""


@dataclass(frozen=True, slots=True)
class Revision:
    report: BundleReport
    version: int
    changed: int  # charges whose answer changed
    orders_rendered: int  # orders rendered again (the rest were copied)


def previous_manifest(bundle: zipfile.ZipFile) -> tuple[bytes, dict[str, object]]:
    try:
        data = bundle.read(MANIFEST)
        return data, dict(parse_manifest(data).about)
    except (KeyError, ValueError) as error:
        raise RevisionError(f"the previous bundle has no readable {MANIFEST}") from error


def _results(bundle: zipfile.ZipFile) -> Iterator[Result]:
    """The previous bundle's results.csv, as written (older layouts read with empty later columns)."""
    with bundle.open(RESULTS_CSV) as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        header = tuple(next(reader, ()))
        if not header or header != RESULT_COLUMNS[: len(header)]:
            raise RevisionError("the previous bundle's results.csv does not have the results columns")
        width = len(header)
        for cells in reader:
            # As the record wrote them: the bundle's documents print that, and the writer neutralises again.
            yield result_from_cells([as_written(cell) for cell in cells[:width]])


def _spooled(path: Path) -> Iterator[Result]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        for cells in reader:
            yield result_from_cells([as_written(cell) for cell in cells])


def revise_bundle(previous: Path, answers: Mapping[str, Answer], info: BundleInfo, answers_sha256: str,
                  destination: Path, signer: Signer, orders_created: datetime | None, workdir: Path) -> Revision | None:
    """Write the next version of the bundle `previous` with `answers` (charge_id -> answer) applied,
    to `destination`; None when no answer changes any of its charges (nothing is written).

    `info` says what the bundle is of (job, county, settings, time); its version and the hashes of
    the answers and the previous manifest are filled in here. Re-rendered orders carry
    `orders_created`, as the evaluators' do (the job's start)."""
    with ExitStack() as stack:
        old = stack.enter_context(zipfile.ZipFile(previous))
        manifest_bytes, about = previous_manifest(old)
        version = int(str(about.get("version", 1))) + 1
        spool = workdir / f"revised-{version}.csv.gz"

        # Pass 1: apply the answers; note which orders change, and what the previous version named them.
        changed = 0
        touched: set[OrderKey] = set()
        previous_names: dict[OrderKey, str] = {}
        with gzip.open(spool, "wt", encoding="utf-8", newline="", compresslevel=1) as sink:
            writer = ResultWriter(sink)
            for result in _results(old):
                if result.final_decision == _MOTION:
                    previous_names.setdefault(order_key(result), order_file_name(result))
                answer = answers.get(result.charge_id)
                if answer is not None and answer.cells() != answer_of(result):
                    revised = answered(result, answer)
                    changed += 1
                    if _MOTION in (result.final_decision, revised.final_decision):
                        touched.add(order_key(result))
                    result = revised
                writer.write(result)
        if not changed:
            spool.unlink()
            return None

        # Pass 2: the charges of each order that changes, in row order.
        regrouped: dict[OrderKey, list[Result]] = {}
        if touched:
            for result in _spooled(spool):
                if result.final_decision == _MOTION and (key := order_key(result)) in touched:
                    regrouped.setdefault(key, []).append(result)
        court = info.court
        dropped = {previous_names[key] for key in touched if key in previous_names}

        def orders() -> Iterator[OrderSource]:
            for name in old.namelist():
                if name.startswith(ORDERS) and name[len(ORDERS):] not in dropped:
                    yield name[len(ORDERS):], old.read(name)
            if court is None:
                return
            draft = bool(info.settings.missing_for_filing())
            for charges in regrouped.values():
                yield order_file_name(charges[0]), render_order(charges, info.settings, court,
                                                                created=orders_created, draft=draft)

        # A volume stays the volume it was: its place among the county's, and Exhibit A's first number
        # (a revision that adds lines to a volume may number past where the next volume starts).
        volume, volumes, first_line = volume_of(about)
        revised_info = replace(info, version=version, answers_sha256=answers_sha256,
                               previous_manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
                               rule_set_version=str(about.get("rule_set_version") or info.rule_set_version),
                               volume=volume, volumes=volumes, first_line=first_line)
        report = write_bundle(_spooled(spool), revised_info, destination, signer, orders=orders(), workdir=workdir)
        spool.unlink()
    return Revision(report, version, changed, len(regrouped))
