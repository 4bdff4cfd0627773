"""The messages the stages receive: S3 upload events (through SQS), chunk and assembly messages."""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

from pydantic import BaseModel, ConfigDict

from .jobs import Upload


def uploads_in(body_text: str) -> list[Upload]:
    """The uploads an S3 event notification (buffered through SQS) reports; none for S3's test event."""
    body = json.loads(body_text)
    if body.get("Event") == "s3:TestEvent":
        return []
    event = S3Notification.model_validate(body)
    return [Upload(bucket=r.s3.bucket.name, key=unquote_plus(r.s3.object.key),  # S3 URL-encodes event keys
                   version_id=r.s3.object.versionId or "", size=r.s3.object.size, sequencer=r.s3.object.sequencer or "")
            for r in event.Records if r.eventName.startswith("ObjectCreated")]


# The fields of an S3 event notification the splitter uses. (Powertools' S3Model requires fields,
# such as userIdentity, that moto's notifications leave out and that the splitter does not need.)
class _S3Object(BaseModel):
    key: str
    size: int = 0
    versionId: str | None = None
    sequencer: str | None = None


class _S3Bucket(BaseModel):
    name: str


class _S3Entity(BaseModel):
    bucket: _S3Bucket
    object: _S3Object


class _S3Record(BaseModel):
    eventName: str
    s3: _S3Entity


class S3Notification(BaseModel):
    Records: list[_S3Record]


class ChunkMessage(BaseModel):
    """A claim check for one chunk: where it is, never what is in it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    job_id: str
    chunk: int
    key: str


class AssembleMessage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    job_id: str


class VolumeMessage(BaseModel):
    """One volume of a job to build into its signed bundle (pipeline/volumes.py): which, never what."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    job_id: str
    volume: int


class AnswersMessage(BaseModel):
    """An office's answers file to apply to its job (the splitter hands it on, the assembler applies it):
    where it is, never what it says."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    answers_key: str
    version_id: str = ""
    sequencer: str = ""


def assembler_message(body: str) -> AssembleMessage | VolumeMessage | AnswersMessage:
    """What the assembler's queue carries: a job to cut into volumes, a volume to build, or answers to
    apply to a finished job."""
    document = json.loads(body)
    if isinstance(document, dict) and "answers_key" in document:
        return AnswersMessage.model_validate(document)
    if isinstance(document, dict) and "volume" in document:
        return VolumeMessage.model_validate(document)
    return AssembleMessage.model_validate(document)
