"""assemble: gather a job's results in input order, check nothing was lost, build its outputs, end it COMPLETE.

The outputs, under bundles/<office>/<job id>/ in the output bucket: results.csv (every row, as
`relief evaluate` writes it), summary.json, and one signed filing bundle per county (<county>.zip,
see bundle.py), its proposed orders copied from what the evaluators rendered; rows whose record
names no Illinois county go to a bundle of their own, county-unknown.zip, with no court paper.

The result parts are fetched to /tmp and merged in row order, streaming. Every row number from
1 to rows_read must appear exactly once, and rows read must equal rows decided plus rows
rejected; otherwise the job fails loudly rather than produce a filing with a hole in it.
"""

from __future__ import annotations

import gzip
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

from aws_lambda_powertools import Logger

from ..documents.bundle import BundleInfo, write_bundle
from ..documents.courts import bundle_county
from ..documents.summary import Counts, summary_json
from ..evaluation.result_csv import ResultWriter
from ..evaluation.results import Result, source_rows_of
from ..law.decisions import RULE_SET_VERSION
from .environment import ASSEMBLE_TIMEOUT
from .jobs import Job, JobStatus
from .keys import bundle_name, order_part_key, output_prefix, result_part_key
from .order_parts import read_order_parts
from .result_parts import merge_parts, read_part
from .services import Services

logger = Logger(child=True)

ASSEMBLY_LEASE = timedelta(seconds=ASSEMBLE_TIMEOUT)


class RowsLost(RuntimeError):
    """The results do not account for every input row exactly once."""


def assemble_job(services: Services, job_id: str) -> JobStatus | None:
    job = services.jobs.get(job_id)
    if job is None or job.status is not JobStatus.ASSEMBLING:
        logger.info("job is not assembling: nothing to do", extra={"status": job.status.value if job else None})
        return None
    if not services.jobs.claim(job_id, JobStatus.ASSEMBLING, JobStatus.ASSEMBLING, "assembly_started",
                               services.clock(), ASSEMBLY_LEASE):
        logger.info("another assembler holds this job")
        return None
    if not job.counts_add_up:
        services.fail_job(job_id, f"rows read ({job.rows_read:,}) are not rows decided ({job.rows_decided:,}) "
                                  f"plus rows rejected ({job.rows_rejected:,})")
        return JobStatus.FAILED

    with tempfile.TemporaryDirectory(prefix="relief-assemble-") as folder:
        try:
            outputs = _build_outputs(services, job, Path(folder))
        except RowsLost as error:
            services.fail_job(job_id, str(error))
            return JobStatus.FAILED
        except Exception:
            # An error, not a stop: give the claim back so the message's retry can take the job over
            # at once rather than find it held (a stopped assembler's lease lapses on its own).
            services.jobs.release(job_id, JobStatus.ASSEMBLING, "assembly_started")
            raise
    if not services.jobs.complete(job_id, services.clock(), outputs):
        logger.warning("job left ASSEMBLING while being assembled: not completed")
        return None
    done = services.jobs.get(job_id)
    detail = {"job_id": job_id, "status": JobStatus.COMPLETE.value, "office": job.office, "rows": job.rows_read,
              "decisions": done.decisions if done else {}, "outputs": outputs}
    if not job.rows_read:
        detail["note"] = "0 rows: the file has a header and no data rows"
    services.messages.announce(f"relief job {job_id} COMPLETE", detail)
    logger.info("job complete", extra={"rows": job.rows_read, "outputs": len(outputs)})
    return JobStatus.COMPLETE


def job_results(services: Services, job: Job, folder: Path) -> Iterator[Result]:
    """Every result of the job in input order, checked: source rows 1..rows_read, each in exactly one
    result (a result is one row, or a charge of several rows listing them: source_rows)."""
    paths = []
    for chunk in range(1, job.chunk_total + 1):
        path = folder / f"part-{chunk:05d}.csv.gz"
        path.write_bytes(services.objects.get(services.env.intake_bucket, result_part_key(job.job_id, chunk)))
        paths.append(path)
    with ExitStack() as stack:
        parts = [read_part(stack.enter_context(open(path, "rb"))) for path in paths]
        accounts = SourceRows()
        for result in merge_parts(parts):
            accounts.add(result)
            yield result
        accounts.check(job.rows_read)


class SourceRows:
    """Rows in = rows out, over source rows: results come in the order of their first row, and every
    row from 1 must be in exactly one of them. Holds only the rows met ahead of their turn."""

    def __init__(self) -> None:
        self.expected = 1  # the lowest row no result has covered yet
        self.ahead: set[int] = set()

    def add(self, result: Result) -> None:
        first, *rest = source_rows_of(result)
        self._skip_covered()
        if first > self.expected:
            raise RowsLost(f"row {self.expected} has no result")
        if first < self.expected:
            raise RowsLost(f"row {first} has two results")
        self.expected += 1
        for row in rest:
            if row < self.expected or row in self.ahead:
                raise RowsLost(f"row {row} has two results")
            self.ahead.add(row)

    def check(self, rows_read: int) -> None:
        self._skip_covered()
        if self.ahead:
            raise RowsLost(f"row {self.expected} has no result")
        if self.expected - 1 != rows_read:
            raise RowsLost(f"{rows_read:,} rows were read but {self.expected - 1:,} have results")

    def _skip_covered(self) -> None:
        while self.expected in self.ahead:
            self.ahead.remove(self.expected)
            self.expected += 1


def _build_outputs(services: Services, job: Job, folder: Path) -> list[str]:
    """The job's results.csv and summary.json, and one signed bundle per county, all uploaded."""
    settings = services.office_settings(job.office)
    prefix = output_prefix(job.office, job.job_id)
    bucket = services.env.output_bucket
    results_path = folder / "results.csv"
    counts = Counts()
    counties: dict[str, Path] = {}  # county -> its results, spooled in row order
    rule_set_version = RULE_SET_VERSION
    with ExitStack() as stack:
        writer = ResultWriter(stack.enter_context(open(results_path, "w", newline="", encoding="utf-8")),
                              source_rows=settings.layout.groups_rows)
        county_writers: dict[str, ResultWriter] = {}
        for result in job_results(services, job, folder):
            writer.write(result)
            counts.add(result)
            rule_set_version = result.rule_set_version or rule_set_version
            county = bundle_county(result.county)
            if county not in county_writers:
                counties[county] = folder / f"county-{len(counties):03d}.csv.gz"
                county_writers[county] = ResultWriter(stack.enter_context(
                    gzip.open(counties[county], "wt", newline="", encoding="utf-8", compresslevel=1)),
                    source_rows=True)
            county_writers[county].write(result)
    services.objects.upload_file(str(results_path), bucket, prefix + "results.csv", "text/csv; charset=utf-8")
    # The same counts as each bundle's summary.json (summary.py), for the whole job.
    about = {"job_id": job.job_id, "office": job.office, "source": f"s3://{job.bucket}/{job.key}",
             "source_sha256": job.source_sha256, "as_of": job.as_of.isoformat(),
             "rule_set_version": rule_set_version, "counties": sorted(counties)}
    services.objects.put(bucket, prefix + "summary.json", summary_json(counts, about), "application/json")
    outputs = [f"s3://{bucket}/{prefix}results.csv", f"s3://{bucket}/{prefix}summary.json"]

    order_parts = _fetch_order_parts(services, job, folder)
    signer = services.signer_for(job.office)
    created = services.clock()
    for county, spooled in sorted(counties.items()):
        info = BundleInfo(job_id=job.job_id, office=job.office, county=county, source_sha256=job.source_sha256,
                          rule_set_version=rule_set_version, created=created, as_of=job.as_of, settings=settings)
        destination = folder / bundle_name(county)
        with open(spooled, "rb") as stream:
            report = write_bundle(read_part(stream), info, destination, signer,
                                  orders=read_order_parts(order_parts, county), workdir=folder)
        # A multipart upload from the file: a large county's bundle is never held in memory.
        services.objects.upload_file(str(destination), bucket, prefix + destination.name, "application/zip")
        destination.unlink()
        outputs.append(f"s3://{bucket}/{prefix}{destination.name}")
        logger.info("bundle written", extra={"rows": report.rows, "motion": report.motion, "orders": report.orders,
                                             "bytes": report.size})
    return outputs


def _fetch_order_parts(services: Services, job: Job, folder: Path) -> list[Path]:
    """The orders each evaluator rendered, in chunk order (a chunk without `motion` charges has none)."""
    paths = []
    for chunk in range(1, job.chunk_total + 1):
        data = services.objects.get_if_exists(services.env.intake_bucket, order_part_key(job.job_id, chunk))
        if data is not None:
            path = folder / f"orders-{chunk:05d}.zip"
            path.write_bytes(data)
            paths.append(path)
    return paths
