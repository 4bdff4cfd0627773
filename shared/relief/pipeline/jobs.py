"""A job: one uploaded ISP file on its way through the pipeline, and the states it passes through.

A job's id comes from the bucket, key and object version of its upload, so the same S3 event
delivered twice names the same job and cannot start a second one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum

from pydantic import BaseModel, ConfigDict

from ..law.decisions import DECISIONS
from .keys import ANSWERS_FOLDER, ANSWERS_SUFFIX, ERROR_REPORT_SUFFIX, INCOMING_PREFIX, error_report_key

JOB_ID = re.compile(r"[0-9a-f]{24}")
# The job item's field that holds the claim of the one revision (answers being applied) at work on it.
REVISION_LEASE = "revision_started"


class JobStatus(str, Enum):
    RECEIVED = "RECEIVED"
    SPLITTING = "SPLITTING"
    EVALUATING = "EVALUATING"
    ASSEMBLING = "ASSEMBLING"
    COMPLETE = "COMPLETE"
    FAILED = "FAILED"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.COMPLETE, JobStatus.FAILED)


class VolumeMark(Enum):
    """What counting a built volume into its job did."""

    COUNTED = "counted"
    ALREADY_COUNTED = "already counted"
    JOB_NOT_ASSEMBLING = "job not assembling"


class ChunkMark(Enum):
    """What counting a finished chunk into its job did."""

    COUNTED = "counted"  # this delivery counted the chunk
    ALREADY_COUNTED = "already counted"  # an earlier delivery did
    JOB_NOT_EVALUATING = "job not evaluating"  # the job failed (or never split): nothing to count


class Upload(BaseModel):
    """An object that arrived in the intake bucket, as its S3 event names it."""

    model_config = ConfigDict(frozen=True)

    bucket: str
    key: str
    version_id: str = ""
    size: int = 0
    # S3's per-key event order; stands in for the version when the bucket is not versioned.
    sequencer: str = ""

    @property
    def job_id(self) -> str:
        """The job an ISP upload starts (for an answers file: the id its application is recorded by)."""
        identity = f"{self.bucket}\x00{self.key}\x00{self.version_id or self.sequencer}"
        return hashlib.sha256(identity.encode()).hexdigest()[:24]

    @property
    def office(self) -> str | None:
        """The office from incoming/<office>/<file>; None for a key outside the intake layout."""
        if not self.key.startswith(INCOMING_PREFIX):
            return None
        parts = self.key[len(INCOMING_PREFIX):].split("/")
        return parts[0] if len(parts) >= 2 and parts[0] and parts[-1] else None

    @property
    def is_intake_file(self) -> bool:
        """An ISP file to process: under incoming/<office>/, not one of our own error reports, and not an
        answers file."""
        return self.office is not None and not self.key.endswith(ERROR_REPORT_SUFFIX) and not self.is_answers_file

    @property
    def is_answers_file(self) -> bool:
        """An office's answers to a job's review: incoming/<office>/reviews/<file> (not an error report)."""
        if self.office is None or self.key.endswith(ERROR_REPORT_SUFFIX):
            return False
        parts = self.key[len(INCOMING_PREFIX):].split("/")
        return len(parts) == 3 and parts[1] == ANSWERS_FOLDER and bool(parts[2])

    @property
    def answers_job_id(self) -> str | None:
        """The job an answers file names: reviews/<job id>.csv; None when its name is not a job id."""
        name = self.name
        stem = name[: -len(ANSWERS_SUFFIX)] if name.endswith(ANSWERS_SUFFIX) else ""
        return stem if JOB_ID.fullmatch(stem) else None

    @property
    def error_report_key(self) -> str:
        return error_report_key(self.key)

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]


class Job(BaseModel):
    """The job record, as the jobs table holds it."""

    model_config = ConfigDict(frozen=True)

    job_id: str
    status: JobStatus
    office: str
    bucket: str
    key: str
    version_id: str = ""
    source_sha256: str = ""
    as_of: date
    created_at: datetime
    updated_at: datetime
    rows_read: int = 0
    rows_rejected: int = 0  # rows that could not be read: each is reported as review / unreadable_row
    rows_decided: int = 0
    blank_lines: int = 0  # skipped and counted, not rows
    decisions: dict[str, int] = {}
    chunk_total: int = 0
    chunks_done: int = 0
    chunks_failed: int = 0  # failed on every delivery: their messages are in the dead-letter queue
    chunks_accounted: int = 0  # done + failed: the job settles when this reaches chunk_total
    failed_chunks: tuple[str, ...] = ()  # "00002 (ValueError)"
    chunks_sent: bool = False  # every chunk message (or the assembler's, for no chunks) went out
    encoding: str = ""
    delimiter: str = ""
    error: str = ""
    failed_in: str = ""  # the status a FAILED job was in when it failed: the stage that did not finish
    outputs: tuple[str, ...] = ()
    # Assembly in volumes (pipeline/volumes.py): set once when the job is cut; each volume built counts
    # once, and the job completes when every volume is counted.
    volume_total: int = 0
    volumes_done: int = 0
    volumes_cut: bool = False
    # The office settings the job is decided under, pinned when it is split: every chunk and every
    # bundle version uses them, whatever the office changes later. Their SHA-256 ("" for the
    # reference's defaults: no settings file) and the S3 version of config/offices/<office>.toml.
    settings_pinned: bool = False  # False: a job split before settings were pinned reads the current ones
    settings_sha256: str = ""
    settings_version_id: str = ""
    profile_sha256: str = ""  # the layout profile file the settings name, if any: pinned the same way
    profile_version_id: str = ""
    # The office's answers files applied (each by the id of its upload), and each county bundle's latest
    # version: {"cook.zip": 2}; a bundle not named is at version 1.
    answers: tuple[str, ...] = ()
    bundle_versions: dict[str, int] = {}

    @property
    def counts_add_up(self) -> bool:
        """Rows in = rows decided + rows rejected."""
        return self.rows_read == self.rows_decided + self.rows_rejected

    def describe(self, paths: Mapping[str, str] | None = None) -> str:
        """The job for a person; `paths` maps its S3 locations to where a local run saved them."""
        paths = paths or {}
        source = f"s3://{self.bucket}/{self.key}"
        lines = [f"job {self.job_id}: {self.status.value}"
                 + (f" in {self.failed_in}" if self.status is JobStatus.FAILED and self.failed_in else ""),
                 f"  office {self.office}, source {paths.get(source, source)}"
                 + (f" (version {self.version_id})" if self.version_id and source not in paths else ""),
                 f"  sha256 {self.source_sha256 or '-'}, decided as of {self.as_of.isoformat()}",
                 f"  rows read {self.rows_read:,}, decided {self.rows_decided:,}, rejected {self.rows_rejected:,}"
                 + (f" ({self.blank_lines:,} blank lines skipped)" if self.blank_lines else ""),
                 f"  chunks {self.chunks_done}/{self.chunk_total}"
                 + (f", failed {', '.join(self.failed_chunks)}" if self.failed_chunks else "")
                 + (f"; volumes {self.volumes_done}/{self.volume_total}" if self.volumes_cut else "")]
        if any(self.decisions.values()):
            lines.append("  " + ", ".join(f"{d} {self.decisions.get(d, 0):,}" for d in DECISIONS))
        if self.status is JobStatus.COMPLETE and not self.rows_read:
            lines.append("  0 rows: the file has a header and no data rows")
        if self.settings_pinned:
            lines.append("  office settings: " + (
                f"sha256 {self.settings_sha256}" + (f" (version {self.settings_version_id})"
                                                    if self.settings_version_id else "")
                if self.settings_sha256 else "the reference's defaults (no settings file when it was split)"))
        if self.answers:
            latest = ", ".join(f"{name} v{version}" for name, version in sorted(self.bundle_versions.items()))
            lines.append(f"  answers files applied {len(self.answers)}" + (f": {latest}" if latest else ""))
        if self.error:
            lines.append(f"  error: {self.error}")
        lines += [f"  output {paths.get(o, o)}" for o in self.outputs]
        return "\n".join(lines)
