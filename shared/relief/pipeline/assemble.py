"""assemble: gather a job's results in input order, check nothing was lost, write the job's own
outputs, and cut the filing into volumes, each a message for an assembler of its own (volume_bundles.py).

The job's own outputs, under bundles/<office>/<job id>/ in the output bucket: results.csv (every
row, as `relief evaluate` writes it), summary.json, and the charge index (charge_index.py) an
office's answers files are checked against later (revise.py). Everything is made under the office
settings the job was split under.

The result parts are fetched to /tmp and merged in row order, streaming. Every row number from
1 to rows_read must appear exactly once, and rows read must equal rows decided plus rows
rejected; otherwise the job fails loudly rather than produce a filing with a hole in it.

Then the cut (volumes.py): one volume per county, a large county in volumes of at most the office's
volume size in convictions, cut between people. Each volume's results go to the job area
(jobs/<job id>/volumes/), the plan of all volumes beside them, the job records how many volumes to
count, and one message per volume goes out. A retried message for a job already cut sends the
messages of the volumes not yet counted again (a volume built twice is counted once).
"""

from __future__ import annotations

import gzip
import io
import tempfile
from array import array
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from aws_lambda_powertools import Logger

from ..documents.courts import NO_COUNTY, bundle_county
from ..documents.summary import Counts, summary_json
from ..evaluation.result_csv import PART_HEADER_LINE, ResultWriter
from ..evaluation.results import Result, source_rows_of
from ..law.decisions import RULE_SET_VERSION, Decision
from .charge_index import index_file_lines, index_line, is_conviction
from .environment import ASSEMBLE_TIMEOUT
from .jobs import Job, JobStatus
from .keys import charge_index_key, output_prefix, result_part_key, volume_key, volume_plan_key
from .messages import VolumeMessage
from .result_parts import merge_parts, read_part
from .services import Services
from .volume_bundles import finish_job
from .volumes import Person, Volume, VolumePlan, cut_volumes, person_of

logger = Logger(child=True)

ASSEMBLY_LEASE = timedelta(seconds=ASSEMBLE_TIMEOUT)
_OPEN_VOLUMES = 200  # volume files written at once: a county in more volumes is routed in rounds


class RowsLost(RuntimeError):
    """The results do not account for every input row exactly once."""


def assemble_job(services: Services, job_id: str) -> JobStatus | None:
    """Cut an ASSEMBLING job into volumes and send them out; returns the job's status when it ended
    here (FAILED, or COMPLETE for a job of no rows), else None."""
    job = services.jobs.get(job_id)
    if job is None or job.status is not JobStatus.ASSEMBLING:
        logger.info("job is not assembling: nothing to do", extra={"status": job.status.value if job else None})
        return None
    if job.volumes_cut:
        return resend_volumes(services, job)
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
            outputs, volumes = _cut(services, job, Path(folder))
        except RowsLost as error:
            services.fail_job(job_id, str(error))
            return JobStatus.FAILED
        except Exception:
            # An error, not a stop: give the claim back so the message's retry can take the job over
            # at once rather than find it held (a stopped assembler's lease lapses on its own).
            services.jobs.release(job_id, JobStatus.ASSEMBLING, "assembly_started")
            raise
    if not services.jobs.volumes_cut(job_id, services.clock(), len(volumes), outputs):
        logger.warning("job left ASSEMBLING or was cut meanwhile: its volumes are not sent again")
        return None
    logger.info("job cut into volumes", extra={"volumes": len(volumes), "counties": len({v.county for v in volumes})})
    if not volumes:  # a file of no rows: nothing to build, the job completes now
        return finish_job(services, job_id)
    _send(services, job_id, [volume.number for volume in volumes])
    return None


def resend_volumes(services: Services, job: Job) -> JobStatus | None:
    """The job was cut before (this message is a retry, or the sweeper's): the volumes not yet
    counted are sent again, or, all counted, the job is finished."""
    counted = {volume["volume"] for volume in services.jobs.volumes(job.job_id)}
    missing = [number for number in range(1, job.volume_total + 1) if number not in counted]
    if not missing:
        return finish_job(services, job.job_id)
    _send(services, job.job_id, missing)
    logger.info("volumes sent again", extra={"volumes": len(missing)})
    return None


def _send(services: Services, job_id: str, numbers: list[int]) -> None:
    services.messages.send(services.env.assemble_queue_url,
                           [VolumeMessage(job_id=job_id, volume=number).model_dump() for number in numbers])


def volume_size(services: Services, job: Job) -> int:
    """Convictions per volume at most: the office's setting, else the deployment's."""
    return services.job_settings(job).volume_size or services.env.volume_size


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


class _People:
    """Each person of each county as first met in row order, with what the cut needs of them; and for
    every result (in row order) its person's number, kept as a compact array."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str], int] = {}  # (county, person) -> person number
        self.county_of: list[str] = []
        self.convictions = array("I")
        self.motion_lines = array("I")
        self.of_result = array("I")  # result (row order) -> person number

    def add(self, county: str, result: Result) -> int:
        """Count the result into its person; returns the person's number."""
        person = person_of(result)
        number = self.numbers.get((county, person))
        if number is None:
            number = self.numbers[(county, person)] = len(self.county_of)
            self.county_of.append(county)
            self.convictions.append(0)
            self.motion_lines.append(0)
        self.convictions[number] += is_conviction(result.disposition)
        # An Exhibit A line: a `motion` conviction in a county with a court (bundle.py's rule).
        self.motion_lines[number] += result.final_decision == Decision.MOTION.value and county != NO_COUNTY
        self.of_result.append(number)
        return number

    def by_county(self) -> dict[str, list[int]]:
        """Each county's people's numbers, in order of first appearance."""
        counties: dict[str, list[int]] = {}
        for number, county in enumerate(self.county_of):
            counties.setdefault(county, []).append(number)
        return counties


class _CountySpool:
    """One county's results as their CSV lines (a result part's columns), in row order, in a file of
    their own, with each line's length and person: routed to the volumes after the cut without being
    read as CSV again (a line may hold a newline inside quotes, so lengths, not line ends, divide them)."""

    def __init__(self, path: Path):
        self.path = path
        self._stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self.lengths = array("I")
        self.people = array("I")

    def add(self, line: str, person: int) -> None:
        self._stream.write(line)
        self.lengths.append(len(line))
        self.people.append(person)

    def close(self) -> None:
        self._stream.close()

    def route(self, writers: dict[int, TextIO], volume_of_person: array) -> None:
        """Each line to its person's volume's file, where that volume is among `writers`."""
        with open(self.path, encoding="utf-8", newline="") as stream:
            for length, person in zip(self.lengths, self.people, strict=True):
                line = stream.read(length)
                sink = writers.get(volume_of_person[person])
                if sink is not None:
                    sink.write(line)


def _cut(services: Services, job: Job, folder: Path) -> tuple[list[str], list[Volume]]:
    """The job's results.csv, charge index and summary.json, uploaded; its volumes' results and plan,
    stored for the volume stage. Returns the job's outputs and its volumes."""
    settings = services.job_settings(job)
    prefix = output_prefix(job.office, job.job_id)
    bucket = services.env.output_bucket
    results_path = folder / "results.csv"
    index_lines: list[str] = []  # each result's index line but for its bundle, known after the cut
    counts = Counts()
    people = _People()
    counties: dict[str, _CountySpool] = {}
    rule_set_version = RULE_SET_VERSION
    groups_rows = settings.layout.groups_rows
    with ExitStack() as stack:
        results_csv = stack.enter_context(open(results_path, "w", newline="", encoding="utf-8"))
        writer = ResultWriter(results_csv, source_rows=groups_rows)
        part_lines = ResultWriter(io.StringIO(), source_rows=True)  # a result part's line, for the volumes
        for result in job_results(services, job, folder):
            line = part_lines.line(result)
            # results.csv has the same line, less the empty source_rows cell where the layout has none.
            results_csv.write(line if groups_rows else line[:-3] + "\r\n" if not result.source_rows
                              else writer.line(result))
            counts.add(result)
            rule_set_version = result.rule_set_version or rule_set_version
            county = bundle_county(result.county)
            index_lines.append(index_line(result, county))
            spool = counties.get(county)
            if spool is None:
                spool = counties[county] = _CountySpool(folder / f"county-{len(counties):03d}.csv")
                stack.callback(spool.close)
            spool.add(line, people.add(county, result))

    members = people.by_county()
    order = sorted(counties)
    volumes, assignments = cut_volumes(
        ((county, [Person(people.convictions[n], people.motion_lines[n]) for n in members[county]])
         for county in order), volume_size(services, job))
    volume_of_person = array("I", bytes(4 * len(people.county_of)))
    for county, assigned in zip(order, assignments, strict=True):
        for person, volume in zip(members[county], assigned, strict=True):
            volume_of_person[person] = volume
    bundles = {v.number: v.bundle for v in volumes}

    index_path = folder / "charge-index.csv.gz"
    with gzip.open(index_path, "wt", newline="", encoding="utf-8", compresslevel=6) as sink:
        sink.writelines(index_file_lines((line, bundles[volume_of_person[person]])
                                         for line, person in zip(index_lines, people.of_result, strict=True)))
    index_lines.clear()

    services.objects.upload_file(str(results_path), bucket, prefix + "results.csv", "text/csv; charset=utf-8")
    results_path.unlink()
    services.objects.upload_file(str(index_path), bucket, charge_index_key(job.office, job.job_id), "application/gzip")
    # The same counts as each bundle's summary.json (summary.py), for the whole job.
    about = {"job_id": job.job_id, "office": job.office, "source": f"s3://{job.bucket}/{job.key}",
             "source_sha256": job.source_sha256, "as_of": job.as_of.isoformat(),
             "rule_set_version": rule_set_version, "counties": order, "volumes": len(volumes)}
    services.objects.put(bucket, prefix + "summary.json", summary_json(counts, about), "application/json")

    for county in order:
        _store_volumes(services, job, counties[county], [v for v in volumes if v.county == county],
                       volume_of_person, folder)
        counties[county].path.unlink()
    plan = VolumePlan(created=services.clock(), rule_set_version=rule_set_version, volumes=volumes)
    services.objects.put(services.env.intake_bucket, volume_plan_key(job.job_id), plan.model_dump_json().encode(),
                         "application/json")
    return [f"s3://{bucket}/{prefix}results.csv", f"s3://{bucket}/{prefix}summary.json"], volumes


def _store_volumes(services: Services, job: Job, spool: _CountySpool, volumes: list[Volume],
                   volume_of_person: array, folder: Path) -> None:
    """Route a county's results to its volumes' files, in row order, and store each in the job area."""
    for start in range(0, len(volumes), _OPEN_VOLUMES):
        batch = {v.number: folder / f"volume-{v.number:05d}.csv.gz" for v in volumes[start:start + _OPEN_VOLUMES]}
        with ExitStack() as stack:
            writers: dict[int, TextIO] = {}
            for number, path in batch.items():
                sink = writers[number] = stack.enter_context(
                    gzip.open(path, "wt", newline="", encoding="utf-8", compresslevel=1))
                sink.write(PART_HEADER_LINE)
            spool.route(writers, volume_of_person)
        for number, path in batch.items():
            services.objects.upload_file(str(path), services.env.intake_bucket, volume_key(job.job_id, number),
                                         "application/gzip")
            path.unlink()
