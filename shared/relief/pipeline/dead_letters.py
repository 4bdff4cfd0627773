"""dead letters: a message that reached a dead-letter queue ends its job FAILED, the same way the
sweeper does, naming the stage, and the office is told.

A stage that fails with an error records it on the message's last delivery (aws.runtime); a stage
stopped by its time or memory limit records nothing, and its message goes to the dead-letter queue
all the same. Whichever queue it came from, the message says what it was for: an S3 upload event
(split), a chunk (evaluate), a job to assemble, or an answers file to apply to a finished job
(revise: the job stays COMPLETE, its bundles unchanged, and the office is told). Reading it twice
changes nothing: a job already ended stays as it is, a chunk already counted is not counted again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from .evaluate import STOPPED, chunk_failed_for_good
from .jobs import Job, JobStatus, Upload
from .messages import AnswersMessage, AssembleMessage, ChunkMessage, VolumeMessage, uploads_in
from .services import Services
from .split import identified

logger = Logger(child=True)


class Stage(str, Enum):
    """The stage a dead letter was meant for, told by its shape."""

    SPLIT = "split"
    EVALUATE = "evaluate"
    ASSEMBLE = "assemble"
    REVISE = "revise"  # an answers file the assembler could not apply
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DeadLetterReport:
    stage: Stage
    jobs_failed: tuple[str, ...] = ()


def stage_of(body: str) -> Stage:
    try:
        document = json.loads(body)
    except ValueError:
        return Stage.UNKNOWN
    if not isinstance(document, dict):
        return Stage.UNKNOWN
    if "Records" in document or document.get("Event") == "s3:TestEvent":
        return Stage.SPLIT
    if set(document) == set(ChunkMessage.model_fields):
        return Stage.EVALUATE
    if set(document) in (set(AssembleMessage.model_fields), set(VolumeMessage.model_fields)):
        return Stage.ASSEMBLE
    if "answers_key" in document and set(document) <= set(AnswersMessage.model_fields):
        return Stage.REVISE
    return Stage.UNKNOWN


def _gave_up(services: Services, what: str) -> str:
    return (f"{what}: its message failed {services.env.max_receive_count} deliveries and went to the dead-letter "
            f"queue (the stage was stopped by its time or memory limit, or failed each time). Upload the file "
            f"again; if it fails again, the stage's logs say why")


def dead_letter(services: Services, body: str) -> DeadLetterReport:
    """Fail the job a dead letter belongs to; an unrecognised one is reported by its stage alone."""
    stage = stage_of(body)
    try:
        if stage is Stage.SPLIT:
            return DeadLetterReport(stage, tuple(job_id for upload in uploads_in(body)
                                                 if (job_id := _upload_failed(services, upload))))
        if stage is Stage.EVALUATE:
            chunk = ChunkMessage.model_validate_json(body)
            settled = chunk_failed_for_good(services, chunk.job_id, chunk.chunk, STOPPED)
            return DeadLetterReport(stage, (chunk.job_id,) if settled is JobStatus.FAILED else ())
        if stage is Stage.ASSEMBLE:
            volume = VolumeMessage.model_validate_json(body) if '"volume"' in body else None
            job_id = volume.job_id if volume else AssembleMessage.model_validate_json(body).job_id
            what = f"volume {volume.volume} could not be built" if volume else "the outputs could not be assembled"
            failed = services.fail_job(job_id, _gave_up(services, what))
            return DeadLetterReport(stage, (job_id,) if failed else ())
        if stage is Stage.REVISE:
            _answers_failed(services, AnswersMessage.model_validate_json(body))
            return DeadLetterReport(stage)
    except ValidationError:
        stage = Stage.UNKNOWN
    logger.warning("a dead letter no stage recognises", extra={"bytes": len(body)})
    services.messages.announce("relief: an unrecognised message reached a dead-letter queue",
                               {"status": "DEAD_LETTER", "stage": Stage.UNKNOWN.value,
                                "reason": "no stage recognises the message; it was not kept"})
    return DeadLetterReport(Stage.UNKNOWN)


def _upload_failed(services: Services, upload: Upload) -> str | None:
    """The upload's job FAILED (made FAILED if the splitter was stopped before it made the job)."""
    if not upload.is_intake_file or upload.office not in services.env.office_names:
        logger.warning("a dead upload event for no office's job", extra={"upload_id": upload.job_id})
        return None
    upload = identified(services, upload)
    reason = _gave_up(services, "the file could not be split")
    if services.jobs.get(upload.job_id) is None:
        now: datetime = services.clock()
        services.jobs.create(Job(job_id=upload.job_id, status=JobStatus.FAILED, office=upload.office or "",
                                 bucket=upload.bucket, key=upload.key, version_id=upload.version_id,
                                 as_of=now.date(), created_at=now, updated_at=now, error=reason,
                                 failed_in=JobStatus.RECEIVED.value))
        services.announce_failure(upload.job_id)
        return upload.job_id
    return upload.job_id if services.fail_job(upload.job_id, reason) else None


def _answers_failed(services: Services, message: AnswersMessage) -> None:
    """An answers file that could not be applied: its job stays COMPLETE with the bundles it had (a
    revision changes nothing until it is recorded), and the office is told to upload it again."""
    upload = Upload(bucket=services.env.intake_bucket, key=message.answers_key, version_id=message.version_id,
                    sequencer=message.sequencer)
    logger.warning("an answers file could not be applied", extra={"answers_id": upload.job_id})
    services.messages.announce(f"relief job {upload.answers_job_id or '-'} ANSWERS FAILED", {
        "job_id": upload.answers_job_id or "", "status": "ANSWERS_FAILED", "stage": Stage.REVISE.value,
        "answers_id": upload.job_id,
        "reason": _gave_up(services, "the answers file could not be applied (no bundle changed)")})
