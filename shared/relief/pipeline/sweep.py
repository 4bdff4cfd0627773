"""sweep: no job is stuck forever. Run on a schedule, it fails every unfinished job whose stage has
made no progress for longer than that stage's limit, naming the stage and why, and announces it.

Progress is the job item's `updated_at`, which every step of every stage moves: a claim, the split
done, each chunk counted, the hand-off. A stage stopped by its time or memory limit moves nothing,
and its retries (the S3 event or message coming back after its visibility timeout) may finish the
job; a stage stopped between a state change and the message it owed the next stage leaves nothing
to retry. The limits are longer than a stage can take, so only a job nothing will move is failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from aws_lambda_powertools import Logger

from .environment import Environment
from .jobs import Job, JobStatus
from .services import Services

logger = Logger(child=True)

# Minutes without progress before a job is called stuck, by the status it is stuck in. A split or an
# assembly takes at most its function's 15 minutes; a chunk message comes back for another try
# after its visibility timeout (12 minutes) and reaches the dead-letter queue after three, where the
# dead-letters function reports it more precisely than the sweeper could.
STUCK_AFTER_MINUTES = {
    JobStatus.RECEIVED: 30,
    JobStatus.SPLITTING: 30,
    JobStatus.EVALUATING: 45,
    JobStatus.ASSEMBLING: 30,
}

# What most likely happened, by stage: no job record says more, and no record's content may be said.
_LIKELY = {
    JobStatus.RECEIVED: "the splitter never started on the file",
    JobStatus.SPLITTING: "the splitter was stopped (by its time or memory limit?) before it finished reading the file",
    JobStatus.EVALUATING: "chunks stopped being decided (an evaluator stopped by its time or memory limit, or "
                          "chunk messages never sent?)",
    JobStatus.ASSEMBLING: "the assembler was stopped (by its time or memory limit?) or never received the job",
}


class StuckAfterError(ValueError):
    """RELIEF_STUCK_AFTER is not "STATUS=minutes,..." for unfinished statuses."""


def stuck_after(env: Environment) -> dict[JobStatus, timedelta]:
    """Each unfinished status's limit: the defaults, with those the deployment sets (RELIEF_STUCK_AFTER)."""
    return parse_stuck_after(env.stuck_after)


def parse_stuck_after(text: str) -> dict[JobStatus, timedelta]:
    """"SPLITTING=30,EVALUATING=60" over the defaults; StuckAfterError naming what is wrong."""
    limits = dict(STUCK_AFTER_MINUTES)
    for pair in filter(None, (part.strip() for part in text.split(","))):
        name, _, minutes = pair.partition("=")
        try:
            status = JobStatus(name.strip().upper())
            value = int(minutes)
        except ValueError:
            raise StuckAfterError(f"{Environment.variable('stuck_after')}: {pair!r} is not STATUS=minutes") from None
        if status.finished or value < 1:
            raise StuckAfterError(f"{Environment.variable('stuck_after')}: {pair!r}: only an unfinished status "
                                  f"({', '.join(s.value for s in STUCK_AFTER_MINUTES)}) and 1 minute or more")
        limits[status] = value
    return {status: timedelta(minutes=minutes) for status, minutes in limits.items()}


@dataclass
class SweepReport:
    checked: int = 0
    failed: list[tuple[str, JobStatus]] = field(default_factory=list)  # (job id, the status it was stuck in)


def why_stuck(job: Job, idle: timedelta, limit: timedelta) -> str:
    minutes = int(idle.total_seconds() // 60)
    progress = (f" ({job.chunks_done} of {job.chunk_total} chunks decided)" if job.status is JobStatus.EVALUATING
                else f" ({job.volumes_done} of {job.volume_total} volumes built)" if job.volumes_cut else "")
    return (f"stuck in {job.status.value}: no progress for {minutes} minutes{progress}, past the limit of "
            f"{int(limit.total_seconds() // 60)} minutes ({Environment.variable('stuck_after')}); "
            f"{_LIKELY[job.status]}. Nothing more will happen to this job: upload the file again")


def sweep(services: Services) -> SweepReport:
    """Fail and announce every job stuck past its stage's limit."""
    limits = stuck_after(services.env)
    now = services.clock()
    report = SweepReport()
    for job in services.jobs.unfinished():
        report.checked += 1
        idle, limit = now - job.updated_at, limits[job.status]
        if idle <= limit:
            continue
        if services.fail_job(job.job_id, why_stuck(job, idle, limit)):
            report.failed.append((job.job_id, job.status))
            logger.warning("stuck job failed", extra={"job_id": job.job_id, "stage": job.status.value,
                                                      "idle_minutes": int(idle.total_seconds() // 60)})
    logger.info("swept", extra={"checked": report.checked, "failed": len(report.failed)})
    return report
