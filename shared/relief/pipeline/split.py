"""split: an upload becomes a job, its rows become chunks, and each chunk a message to the evaluators.

The upload is streamed once (Powertools S3Object reads it in ranges) and its SHA-256 taken on the
way. Rows are partitioned by person into files in /tmp, each then stored as a chunk object and
announced by a message that carries only its key (a claim check: SQS's size limit never matters).
A file that is not a table with the required columns ends the job FAILED, with the reason in the
job and in a short report written beside the upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from aws_lambda_powertools import Logger

from ..intake.errors import UnreadableFileError
from ..intake.formats import NeedsCarefulReading, open_rows
from ..settings import OfficeSettings, SettingsError
from .chunks import PartitionSpool, partition_count
from .environment import SPLIT_TIMEOUT
from .jobs import Job, JobStatus, Upload
from .keys import chunk_key
from .services import HashingReader, Services

logger = Logger(child=True)

SPLIT_LEASE = timedelta(seconds=SPLIT_TIMEOUT)


@dataclass(frozen=True)
class SplitReport:
    job_id: str
    status: JobStatus | None  # None: nothing done (not an intake file, or a duplicate event)
    chunks: int = 0
    rows: int = 0


def split_upload(services: Services, upload: Upload) -> SplitReport:
    if not upload.is_intake_file:
        logger.info("not an intake file, ignored", extra={"key_prefix": upload.key.split("/", 1)[0]})
        return SplitReport(upload.job_id, None)
    if not upload.version_id and not upload.sequencer:
        # An event without either (moto's) cannot tell two uploads of one key apart: ask S3.
        version_id, size = services.objects.version_of(upload.bucket, upload.key)
        upload = upload.model_copy(update={"version_id": version_id, "size": upload.size or size})
    now = services.clock()
    job = Job(job_id=upload.job_id, status=JobStatus.RECEIVED, office=upload.office or "", bucket=upload.bucket,
              key=upload.key, version_id=upload.version_id, as_of=now.date(), created_at=now, updated_at=now)
    logger.append_keys(job_id=job.job_id, office=job.office)
    if not services.jobs.create(job):
        logger.info("job already exists: a repeated S3 event")
    if not services.jobs.claim(job.job_id, JobStatus.RECEIVED, JobStatus.SPLITTING, "split_started", now, SPLIT_LEASE):
        logger.info("job is already being split or past splitting: nothing to do")
        return SplitReport(job.job_id, None)

    try:
        settings = services.office_settings(job.office)
        spool, rows, sha256, encoding, delimiter = _partition(services, upload, settings)
    except (UnreadableFileError, SettingsError) as error:
        return refuse(services, upload, job, str(error))

    with spool:
        chunks = 0
        for number, _, body in spool.chunks():
            services.objects.put(upload.bucket, chunk_key(job.job_id, number), body, "application/gzip")
            chunks = number
    if not services.jobs.split_done(job.job_id, services.clock(), chunk_total=chunks, rows_read=rows,
                                    source_sha256=sha256, encoding=encoding, delimiter=delimiter):
        logger.warning("job changed state while splitting (failed meanwhile?): chunks not sent")
        return SplitReport(job.job_id, None)
    services.messages.send(services.env.chunk_queue_url,
                           [{"job_id": job.job_id, "chunk": n, "key": chunk_key(job.job_id, n)}
                            for n in range(1, chunks + 1)])
    logger.info("split", extra={"chunks": chunks, "rows": rows})
    # A header and no rows: nothing to evaluate, straight to the assembler.
    if chunks == 0 and services.jobs.hand_off(job.job_id, services.clock()):
        services.messages.send(services.env.assemble_queue_url, [{"job_id": job.job_id}])
    return SplitReport(job.job_id, JobStatus.EVALUATING, chunks, rows)


def _partition(services: Services, upload: Upload, settings: OfficeSettings):
    """Stream the upload into partitions; read again carefully if a stray quote spans lines."""
    for careful in (False, True):
        stream = HashingReader(services.objects.stream(upload.bucket, upload.key, upload.version_id))
        spool = None
        try:
            with open_rows(stream, settings.header_map, careful) as rows:
                # S3 events carry the object's size (and the version lookup fills it when they do not).
                spool = PartitionSpool(partition_count(upload.size, rows.gzipped, services.env.chunk_target_bytes))
                count = 0
                for row in rows:
                    spool.add(row)
                    count += 1
                return spool, count, stream.sha256, rows.encoding, rows.delimiter
        except NeedsCarefulReading:
            if spool is not None:
                spool.close()
            logger.info("a row spans lines: reading the file again, carefully")
        except BaseException:
            if spool is not None:
                spool.close()
            raise
    raise AssertionError("unreachable: the careful reader does not ask for careful reading")


def refuse(services: Services, upload: Upload, job: Job, reason: str) -> SplitReport:
    """The file is not something we can decide: say so in the job, beside the upload, and to subscribers."""
    logger.warning("file refused", extra={"reason": reason})
    report = (f"relief could not process {upload.name} (job {job.job_id}).\n\n{reason}\n\n"
              f"Nothing in this file was decided. Correct the file and upload it again.\n")
    services.objects.put(upload.bucket, upload.error_report_key, report.encode("utf-8"), "text/plain; charset=utf-8")
    services.fail_job(job.job_id, f"file refused: {reason}")
    return SplitReport(job.job_id, JobStatus.FAILED)

