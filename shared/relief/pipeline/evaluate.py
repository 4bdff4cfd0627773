"""evaluate: decide one chunk, store its results, count it into its job once, and hand the job on
to the assembler when it was the last.

Results go to the results table (for lookups) and to a result part in S3 (for the assembler,
which reads a job in row order without scanning the table; the proposed orders are rendered by the
volume assemblers, volume_bundles.py). Writing both is idempotent (same keys, same bytes), so a chunk
delivered twice costs time, never a double count: the count is a conditional transaction in the
jobs table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from aws_lambda_powertools import Logger

from ..evaluation.chunk import decide_chunk
from ..settings import OfficeSettings
from .chunks import read_chunk
from .jobs import ChunkMark, JobStatus
from .keys import result_part_key
from .result_parts import write_part
from .services import Services
from .steps import ChunkStep, Stopwatch

logger = Logger(child=True)


def results_expire_at(settings: OfficeSettings, job_created_at: datetime) -> int:
    """When a job's results items expire (epoch seconds): the office's retention after the job started."""
    return int((job_created_at + timedelta(days=settings.results_retention_days)).timestamp())


@dataclass(frozen=True)
class ChunkReport:
    mark: ChunkMark | None  # None: the job was not evaluating, the chunk was not read
    rows: int = 0
    rejected: int = 0
    decisions: tuple[tuple[str, int], ...] = ()
    settled: JobStatus | None = None  # ASSEMBLING or FAILED when this chunk was the job's last
    steps_ms: tuple[tuple[str, float], ...] = ()  # (ChunkStep metric name, milliseconds) of this delivery


def evaluate_chunk(services: Services, job_id: str, chunk: int, key: str) -> ChunkReport:
    job = services.jobs.get(job_id)
    if job is None or job.status is not JobStatus.EVALUATING:
        # FAILED: nothing more to do. ASSEMBLING or later: every chunk was already counted.
        logger.info("job is not evaluating: chunk skipped", extra={"status": job.status.value if job else None})
        return ChunkReport(None)

    watch = Stopwatch()
    with watch.timing(ChunkStep.READ):
        rows = read_chunk(services.objects.get(services.env.intake_bucket, key))
    settings = services.job_settings(job)  # pinned when the file was split, whatever has changed since
    with watch.timing(ChunkStep.DECIDE):
        results = decide_chunk(rows, settings, job.as_of)
    with watch.timing(ChunkStep.RESULTS_WRITE):
        services.results.put(job_id, results, results_expire_at(settings, job.created_at))
    with watch.timing(ChunkStep.PART_ENCODE):
        part = write_part(results)
    with watch.timing(ChunkStep.PARTS_UPLOAD):
        services.objects.put(services.env.intake_bucket, result_part_key(job_id, chunk), part, "application/gzip")

    # Rows are counted (rows read = decided + rejected); decisions are counted by result, one per charge.
    rejected = sum(1 for row in rows if row.problem is not None)
    decisions = Counter(result.decision for result in results)
    with watch.timing(ChunkStep.BOOKKEEPING):
        mark = services.jobs.mark_chunk(job_id, chunk, services.clock(), decided=len(rows) - rejected,
                                        rejected=rejected, decisions=dict(decisions))
        settled = settle_if_last(services, job_id) if mark is not ChunkMark.JOB_NOT_EVALUATING else None
    logger.info("chunk evaluated", extra={"rows": len(rows), "rejected": rejected, "mark": mark.value,
                                          "settled": settled.value if settled else None})
    return ChunkReport(mark, len(rows), rejected, tuple(sorted(decisions.items())), settled, watch.laps())


def hand_off_if_last(services: Services, job_id: str) -> bool:
    """Move the job to ASSEMBLING and tell the assembler: the conditional write lets exactly one
    evaluator do it, however many finish at the same moment."""
    if not services.jobs.hand_off(job_id, services.clock()):
        return False
    try:
        services.messages.send(services.env.assemble_queue_url, [{"job_id": job_id}])
    except Exception:
        # Undo, so the retried delivery of this chunk hands the job off again.
        services.jobs.undo_hand_off(job_id, services.clock())
        raise
    logger.info("last chunk: job handed to the assembler")
    return True


def settle_if_last(services: Services, job_id: str) -> JobStatus | None:
    """After a chunk is accounted for: hand the job on if every chunk is done, or end it FAILED if
    every chunk is accounted for and some failed. Returns the status this caller moved the job to."""
    if hand_off_if_last(services, job_id):
        return JobStatus.ASSEMBLING
    job = services.jobs.get(job_id)
    if job is not None and job.chunks_failed and job.chunks_accounted == job.chunk_total:
        failed = ", ".join(job.failed_chunks)
        if services.jobs.fail_if_settled(job_id, services.clock(),
                                         f"chunk(s) {failed} failed on every delivery; their messages went to "
                                         f"the dead-letter queue. The other {job.chunks_done} chunk(s) were "
                                         f"decided; the job cannot finish: upload the file again (after a fix, "
                                         f"if the failure repeats)"):
            services.announce_failure(job_id)
            return JobStatus.FAILED
    return None


STOPPED = "stopped"  # a chunk whose message reached the dead-letter queue without its failure recorded


def chunk_failed_for_good(services: Services, job_id: str, chunk: int, error_type: str) -> JobStatus | None:
    """A chunk's last delivery failed (`error_type`: the error's type, or STOPPED when its evaluator was
    stopped by its time or memory limit): its message goes to the dead-letter queue. The job goes on
    with its other chunks and ends FAILED naming this one when they are all accounted for.

    The error's type is recorded, not its text, which could quote a record.
    """
    mark = services.jobs.mark_chunk_failed(job_id, chunk, services.clock(), error_type)
    return settle_if_last(services, job_id) if mark is ChunkMark.COUNTED else None
