"""What the stages need of the outside world, as interfaces: object storage, the jobs and results
tables, queues and announcements, and a signer. relief.aws implements them on AWS (and, in tests
and `relief run`, on moto); nothing in the pipeline imports boto3.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, BinaryIO, Protocol

from ..documents.signing import Signer
from ..evaluation.results import Result
from .jobs import ChunkMark, Job, JobStatus, VolumeMark


class ObjectStore(Protocol):
    def get(self, bucket: str, key: str, version_id: str = "") -> bytes:
        """The object's current version, or the version named."""
        ...

    def get_current(self, bucket: str, key: str) -> tuple[bytes, str] | None:
        """(bytes, version id) of the object's current version, read in one request; None when there is
        none. The version id is "" in a bucket that keeps no versions."""
        ...

    def get_if_exists(self, bucket: str, key: str) -> bytes | None: ...

    def put(self, bucket: str, key: str, body: bytes, content_type: str = "application/octet-stream") -> None: ...

    def version_of(self, bucket: str, key: str) -> tuple[str, int]:
        """(version id, size) of the object's current version; ("", 0) when there is none."""
        ...

    def stream(self, bucket: str, key: str, version_id: str = "") -> BinaryIO:
        """A stream over one object version, read in ranges, never whole."""
        ...

    def upload_file(self, path: str, bucket: str, key: str, content_type: str) -> None: ...

    def copy(self, bucket: str, key: str, version_id: str, target_key: str, metadata: dict[str, str]) -> bool:
        """One object version copied within its bucket (in parts when large), with new metadata; False
        when the source no longer exists."""
        ...

    def delete(self, bucket: str, key: str) -> None: ...


class JobStore(Protocol):
    """The jobs table: every state change a conditional write (see relief.aws.jobs_table)."""

    def get(self, job_id: str) -> Job | None: ...

    def unfinished(self) -> list[Job]:
        """The jobs not yet COMPLETE or FAILED."""
        ...

    def create(self, job: Job) -> bool: ...

    def claim(self, job_id: str, start: JobStatus, working: JobStatus, lease_field: str, now: datetime,
              lease: timedelta) -> bool: ...

    def release(self, job_id: str, working: JobStatus, lease_field: str) -> bool:
        """Give a claim back (the worker failed with an error): the next delivery takes the job at once."""
        ...

    def split_done(self, job_id: str, now: datetime, *, chunk_total: int, rows_read: int, source_sha256: str,
                   encoding: str, delimiter: str, blank_lines: int = 0, settings_sha256: str = "",
                   settings_version_id: str = "", profile_sha256: str = "", profile_version_id: str = "") -> bool:
        """SPLITTING -> EVALUATING, with what was read and the office settings (and the layout profile
        they name) the job is pinned to."""
        ...

    def mark_chunk(self, job_id: str, chunk: int, now: datetime, *, decided: int, rejected: int,
                   decisions: dict[str, int]) -> ChunkMark: ...

    def mark_chunk_failed(self, job_id: str, chunk: int, now: datetime, error_type: str) -> ChunkMark: ...

    def fail_if_settled(self, job_id: str, now: datetime, error: str) -> bool: ...

    def hand_off(self, job_id: str, now: datetime) -> bool: ...

    def chunks_were_sent(self, job_id: str, now: datetime) -> bool: ...

    def undo_hand_off(self, job_id: str, now: datetime) -> bool: ...

    def volumes_cut(self, job_id: str, now: datetime, volume_total: int, outputs: list[str]) -> bool: ...

    def mark_volume(self, job_id: str, volume: int, now: datetime, *, bundle: str, manifest_sha256: str,
                    size: int) -> VolumeMark: ...

    def volumes(self, job_id: str) -> list[dict[str, Any]]: ...

    def complete(self, job_id: str, now: datetime, outputs: list[str]) -> bool: ...

    def fail(self, job_id: str, now: datetime, error: str) -> bool: ...

    def answers_applied(self, job_id: str, now: datetime, answers_id: str, bundle_versions: dict[str, int],
                        outputs: list[str]) -> bool:
        """Record, once, an answers file applied to a COMPLETE job: the bundles' latest versions and the
        job's outputs with the new versions; ends the claim on its revision. False when already recorded."""
        ...


class ResultStore(Protocol):
    def put(self, job_id: str, results: Iterable[Result], expires_at: int | None = None) -> int:
        """Write results, each expiring (DynamoDB TTL) at `expires_at` epoch seconds."""
        ...


class Messenger(Protocol):
    def send(self, queue_url: str, bodies: Sequence[dict]) -> None:
        """Messages to a queue: pointers to objects, never records."""
        ...

    def announce(self, subject: str, detail: dict) -> None:
        """Tell subscribers about a job: counts and ids only."""
        ...


class SignerFactory(Protocol):
    def __call__(self, key_id: str) -> Signer: ...
