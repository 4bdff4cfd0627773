"""What a stage works with: the deployment's names, the stores and queues, settings, and a clock."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

from ..documents.signing import Signer
from ..settings import OfficeSettings, SettingsError, check_office, load_settings_text
from .environment import Environment
from .jobs import Job
from .keys import settings_key
from .ports import JobStore, Messenger, ObjectStore, ResultStore, SignerFactory


def utc_now() -> datetime:
    return datetime.now(UTC)


class SettingsChanged(RuntimeError):
    """A job's pinned settings can no longer be read as they were (the bucket kept no earlier version)."""


@dataclass(frozen=True)
class PinnedSettings:
    """An office's settings as a job is split under them, and which version of the file they are."""

    settings: OfficeSettings
    sha256: str  # of the file's bytes; "" when there is no settings file (the reference's defaults)
    version_id: str  # S3's version of config/offices/<office>.toml; "" without a file or without versioning


@dataclass
class Services:
    env: Environment
    objects: ObjectStore
    jobs: JobStore
    results: ResultStore
    messages: Messenger
    signer: SignerFactory  # KMS key id -> a Signer with that key
    clock: Callable[[], datetime] = utc_now
    _settings: dict[str, OfficeSettings] = field(default_factory=dict)
    _settings_by_sha256: dict[str, OfficeSettings] = field(default_factory=dict)

    def signer_for(self, office: str) -> Signer:
        """The signer of the office's bundles, with the key the deployment names for it."""
        return self.signer(self.env.signing_key_for(office))

    def fail_job(self, job_id: str, error: str) -> bool:
        """End an unfinished job FAILED with its reason and announce it; False when it had already ended."""
        if not self.jobs.fail(job_id, self.clock(), error):
            return False
        self.announce_failure(job_id)
        return True

    def announce_failure(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        self.messages.announce(f"relief job {job_id} FAILED",
                               {"job_id": job_id, "status": "FAILED", "office": job.office if job else "",
                                "stage": job.failed_in if job else "", "error": job.error if job else ""})

    def settings_now(self, office: str) -> PinnedSettings:
        """The office's settings as they stand now (never a cached copy), with their version: what a job
        being split is pinned to. Only a configured office has settings (UnknownOffice otherwise)."""
        check_office(office, self.env.office_names)
        found = self.objects.get_current(self.env.intake_bucket, settings_key(office))
        if found is None:
            return PinnedSettings(OfficeSettings(), "", "")
        data, version_id = found
        sha256 = hashlib.sha256(data).hexdigest()
        return PinnedSettings(self._parsed(office, sha256, data), sha256, version_id)

    def job_settings(self, job: Job) -> OfficeSettings:
        """The settings the job was split under, whatever the office has changed since: read back by
        their S3 version and checked by their SHA-256. A job split before settings were pinned reads
        the office's current ones."""
        if not job.settings_pinned:
            return self.office_settings(job.office)
        if not job.settings_sha256:
            return OfficeSettings()
        found = self._settings_by_sha256.get(job.settings_sha256)
        if found is not None:
            return found
        data = self.objects.get(self.env.intake_bucket, settings_key(job.office), job.settings_version_id)
        if hashlib.sha256(data).hexdigest() != job.settings_sha256:
            raise SettingsChanged("the office settings this job was split under have changed and the intake bucket "
                                  "keeps no earlier version of them: upload the file again")
        return self._parsed(job.office, job.settings_sha256, data)

    def _parsed(self, office: str, sha256: str, data: bytes) -> OfficeSettings:
        found = self._settings_by_sha256.get(sha256)
        if found is None:
            source = f"s3://{self.env.intake_bucket}/{settings_key(office)}"
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise SettingsError(f"office settings {source} is not UTF-8 text") from None
            found = self._settings_by_sha256[sha256] = load_settings_text(text, source)
        return found

    def office_settings(self, office: str) -> OfficeSettings:
        """config/offices/<office>.toml in the intake bucket, or the reference's defaults when absent.
        Only a configured office has settings (UnknownOffice otherwise)."""
        check_office(office, self.env.office_names)
        if office not in self._settings:
            key = settings_key(office)
            text = self.objects.get_if_exists(self.env.intake_bucket, key)
            self._settings[office] = (OfficeSettings() if text is None
                                      else load_settings_text(text.decode("utf-8"), f"s3://{self.env.intake_bucket}/{key}"))
        return self._settings[office]


class HashingReader(io.RawIOBase):
    """Passes bytes through and keeps their SHA-256: the source's hash without a second read."""

    def __init__(self, source: BinaryIO):
        self._source = source
        self._hash = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._source.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self._hash.update(data)
        return size

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()
