"""split: an upload becomes a job, its rows become chunks, and each chunk a message to the evaluators.

The upload is streamed once (Powertools S3Object reads it in ranges) and its SHA-256 taken on the
way. Rows are partitioned by person into files in /tmp, each then stored as a chunk object and
announced by a message that carries only its key (a claim check: SQS's size limit never matters).
A file that is not a table with the required columns, or is past the office's input limits, ends
the job FAILED, with the reason in the job and in a short report written beside the upload.

An upload for an office the deployment does not serve is not read: it is moved to the job area's
quarantine and reported to the topic. A split stopped part-way is taken over by the retried S3 event
(its lease lapsed), or, stopped after its chunks were stored but before all their messages went out,
sends them again on the retry: evaluating a chunk twice is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from aws_lambda_powertools import Logger

from ..intake.errors import UnreadableFileError
from ..intake.formats import NeedsCarefulReading, open_rows
from ..settings import OfficeSettings, SettingsError, is_office_name
from .chunks import PartitionSpool, partition_count
from .environment import SPLIT_TIMEOUT
from .jobs import Job, JobStatus, Upload
from .keys import chunk_key, quarantine_key
from .services import HashingReader, Services

logger = Logger(child=True)

SPLIT_LEASE = timedelta(seconds=SPLIT_TIMEOUT)


@dataclass(frozen=True)
class SplitReport:
    job_id: str
    status: JobStatus | None  # None: nothing done (not an intake file, a duplicate event, a quarantined upload)
    chunks: int = 0
    rows: int = 0
    quarantined: bool = False


def split_upload(services: Services, upload: Upload) -> SplitReport:
    if not upload.is_intake_file:
        logger.info("not an intake file, ignored", extra={"key_prefix": upload.key.split("/", 1)[0]})
        return SplitReport(upload.job_id, None)
    upload = identified(services, upload)
    if upload.office not in services.env.office_names:
        return quarantine(services, upload)
    now = services.clock()
    as_of = date.fromisoformat(services.env.as_of) if services.env.as_of else now.date()
    job = Job(job_id=upload.job_id, status=JobStatus.RECEIVED, office=upload.office or "", bucket=upload.bucket,
              key=upload.key, version_id=upload.version_id, as_of=as_of, created_at=now, updated_at=now)
    logger.append_keys(job_id=job.job_id, office=job.office)
    if not services.jobs.create(job):
        logger.info("job already exists: a repeated S3 event")
    if not services.jobs.claim(job.job_id, JobStatus.RECEIVED, JobStatus.SPLITTING, "split_started", now, SPLIT_LEASE):
        return _resume(services, job.job_id)

    try:
        settings = services.office_settings(job.office)
        spool, rows, sha256, encoding, delimiter, blank_lines = _partition(services, upload, settings, as_of)
    except (UnreadableFileError, SettingsError) as error:
        return refuse(services, upload, job, str(error))
    except Exception:
        # An error, not a stop: the retried event may take the job over at once (a stopped splitter's
        # lease lapses on its own).
        services.jobs.release(job.job_id, JobStatus.SPLITTING, "split_started")
        raise

    with spool:
        chunks = 0
        for number, _, body in spool.chunks():
            services.objects.put(upload.bucket, chunk_key(job.job_id, number), body, "application/gzip")
            chunks = number
    if not services.jobs.split_done(job.job_id, services.clock(), chunk_total=chunks, rows_read=rows,
                                    source_sha256=sha256, encoding=encoding, delimiter=delimiter,
                                    blank_lines=blank_lines):
        logger.warning("job changed state while splitting (failed meanwhile?): chunks not sent")
        return SplitReport(job.job_id, None)
    _send_chunks(services, job.job_id, chunks)
    logger.info("split", extra={"chunks": chunks, "rows": rows, "blank_lines": blank_lines})
    return SplitReport(job.job_id, JobStatus.EVALUATING, chunks, rows)


def identified(services: Services, upload: Upload) -> Upload:
    """The upload with its version: an event without one or a sequencer (moto's) cannot tell two
    uploads of one key apart, so S3 is asked."""
    if upload.version_id or upload.sequencer:
        return upload
    version_id, size = services.objects.version_of(upload.bucket, upload.key)
    return upload.model_copy(update={"version_id": version_id, "size": upload.size or size})


def _send_chunks(services: Services, job_id: str, chunks: int) -> None:
    """One message per chunk, or, for a file with a header and no rows, straight to the assembler;
    then the job records that they went out."""
    services.messages.send(services.env.chunk_queue_url,
                           [{"job_id": job_id, "chunk": n, "key": chunk_key(job_id, n)} for n in range(1, chunks + 1)])
    if chunks == 0 and services.jobs.hand_off(job_id, services.clock()):
        services.messages.send(services.env.assemble_queue_url, [{"job_id": job_id}])
    services.jobs.chunks_were_sent(job_id, services.clock())


def _resume(services: Services, job_id: str) -> SplitReport:
    """The S3 event again, for a job another split claimed. If that split stored every chunk but was
    stopped before all their messages went out, send them (again): nothing else would."""
    job = services.jobs.get(job_id)
    if job is None or job.chunks_sent or job.status not in (JobStatus.EVALUATING, JobStatus.ASSEMBLING):
        logger.info("job is already being split or past splitting: nothing to do")
        return SplitReport(job_id, None)
    if job.status is JobStatus.EVALUATING:
        _send_chunks(services, job_id, job.chunk_total)
    elif job.chunk_total == 0:  # handed straight to the assembler, which was never told
        services.messages.send(services.env.assemble_queue_url, [{"job_id": job_id}])
        services.jobs.chunks_were_sent(job_id, services.clock())
    else:  # every chunk was evaluated meanwhile: the evaluators handed it on
        return SplitReport(job_id, None)
    logger.warning("split was stopped before its messages were all sent: sent again",
                   extra={"chunks": job.chunk_total})
    return SplitReport(job_id, job.status, job.chunk_total, job.rows_read)


def _partition(services: Services, upload: Upload, settings: OfficeSettings, as_of: date):
    """Stream the upload into partitions; read again carefully if a stray quote spans lines."""
    for careful in (False, True):
        stream = HashingReader(services.objects.stream(upload.bucket, upload.key, upload.version_id))
        spool = None
        try:
            with open_rows(stream, careful=careful, limits=settings.limits, size=upload.size or None,
                           profile=settings.layout, today=as_of) as rows:
                # S3 events carry the object's size (and the version lookup fills it when they do not).
                spool = PartitionSpool(partition_count(upload.size, rows.gzipped, services.env.chunk_target_bytes))
                count = 0
                for row in rows:
                    spool.add(row)
                    count += 1
                if rows.unlisted or rows.collisions:  # counts and column names only: never a value
                    logger.info("layout", extra={"unlisted_rows": {name: sum(counts.values())
                                                                   for name, counts in rows.unlisted.items()},
                                                 "columns_passed_over": list(rows.collisions)})
                return spool, count, stream.sha256, rows.encoding, rows.delimiter, rows.blank_lines
        except NeedsCarefulReading:
            if spool is not None:
                spool.close()
            logger.info("a row spans lines: reading the file again, carefully")
        except BaseException:
            if spool is not None:
                spool.close()
            raise
    raise AssertionError("unreachable: the careful reader does not ask for careful reading")


def quarantine(services: Services, upload: Upload) -> SplitReport:
    """An upload for an office this deployment does not serve: moved, unread, to the quarantine, and
    reported to the topic by its id and where it went: no file name, and the office only when it is
    a well-formed name (the key's segment could be anything)."""
    office = upload.office or ""
    moved_to = quarantine_key(upload.job_id)
    if not services.objects.copy(upload.bucket, upload.key, upload.version_id, moved_to,
                                 {"original-key": quote(upload.key), "reason": "office not configured"}):
        logger.info("upload already gone (quarantined by an earlier delivery of its event)")
        return SplitReport(upload.job_id, None)
    services.objects.delete(upload.bucket, upload.key)
    named = office if is_office_name(office) else "(not a well-formed office name)"
    logger.warning("upload quarantined: its office is not configured",
                   extra={"upload_id": upload.job_id, "office": named})
    services.messages.announce(f"relief upload {upload.job_id} QUARANTINED", {
        "upload_id": upload.job_id, "status": "QUARANTINED", "office": named,
        "reason": "the upload's office is not one of the offices this deployment serves; it was not read",
        "quarantined": f"s3://{upload.bucket}/{moved_to}", "bytes": upload.size})
    return SplitReport(upload.job_id, None, quarantined=True)


def refuse(services: Services, upload: Upload, job: Job, reason: str) -> SplitReport:
    """The file is not something we can decide: say so in the job, beside the upload, and to subscribers."""
    logger.warning("file refused", extra={"reason": reason})
    report = (f"relief could not process {upload.name} (job {job.job_id}).\n\n{reason}\n\n"
              f"Nothing in this file was decided. Correct the file and upload it again.\n")
    services.objects.put(upload.bucket, upload.error_report_key, report.encode("utf-8"), "text/plain; charset=utf-8")
    services.fail_job(job.job_id, f"file refused: {reason}")
    return SplitReport(job.job_id, JobStatus.FAILED)

