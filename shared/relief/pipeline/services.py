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
from .keys import profile_key, settings_key
from .ports import JobStore, Messenger, ObjectStore, ResultStore, SignerFactory


def utc_now() -> datetime:
    return datetime.now(UTC)


class SettingsChanged(RuntimeError):
    """A job's pinned settings can no longer be read as they were (the bucket kept no earlier version)."""


@dataclass(frozen=True)
class PinnedSettings:
    """An office's settings as a job is split under them, and which version of the file they are (and
    of the layout profile file they name, if any)."""

    settings: OfficeSettings
    sha256: str  # of the file's bytes; "" when there is no settings file (the reference's defaults)
    version_id: str  # S3's version of config/offices/<office>.toml; "" without a file or without versioning
    profile_sha256: str = ""  # of the profile file the settings name (`profile = "NAME.toml"`); "" for none
    profile_version_id: str = ""


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
    # Settings as jobs were pinned to them, by (settings SHA-256, profile SHA-256).
    _settings_by_sha256: dict[tuple[str, str], OfficeSettings] = field(default_factory=dict)

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
        """The office's settings as they stand now (never a cached copy), with their version and that of
        the profile file they name: what a job being split is pinned to. Only a configured office has
        settings (UnknownOffice otherwise)."""
        check_office(office, self.env.office_names)
        found = self.objects.get_current(self.env.intake_bucket, settings_key(office))
        if found is None:
            return PinnedSettings(OfficeSettings(), "", "")
        data, version_id = found
        profile: list[tuple[str, str]] = []  # (sha256, version id) of the profile file read

        def profile_file(name: str) -> str:
            current = self.objects.get_current(self.env.intake_bucket, profile_key(name))
            if current is None:
                raise SettingsError(f"profile {name}: there is no s3://{self.env.intake_bucket}/{profile_key(name)}")
            profile.append((hashlib.sha256(current[0]).hexdigest(), current[1]))
            return _profile_text(name, current[0])

        settings = load_settings_text(_settings_text(self.env.intake_bucket, office, data),
                                      _settings_source(self.env.intake_bucket, office), profile_file)
        sha256 = hashlib.sha256(data).hexdigest()
        profile_sha256, profile_version_id = profile[0] if profile else ("", "")
        self._settings_by_sha256[(sha256, profile_sha256)] = settings
        return PinnedSettings(settings, sha256, version_id, profile_sha256, profile_version_id)

    def job_settings(self, job: Job) -> OfficeSettings:
        """The settings the job was split under, whatever the office has changed since: read back by
        their S3 version (and the profile file they name by its) and checked by their SHA-256. A job
        split before settings were pinned reads the office's current ones."""
        if not job.settings_pinned:
            return self.office_settings(job.office)
        if not job.settings_sha256:
            return OfficeSettings()
        pin = (job.settings_sha256, job.profile_sha256)
        found = self._settings_by_sha256.get(pin)
        if found is not None:
            return found
        bucket = self.env.intake_bucket
        data = self.objects.get(bucket, settings_key(job.office), job.settings_version_id)
        if hashlib.sha256(data).hexdigest() != job.settings_sha256:
            raise SettingsChanged("the office settings this job was split under have changed and the intake bucket "
                                  "keeps no earlier version of them: upload the file again")

        def profile_file(name: str) -> str:
            profile = self.objects.get(bucket, profile_key(name), job.profile_version_id)
            if hashlib.sha256(profile).hexdigest() != job.profile_sha256:
                raise SettingsChanged("the layout profile this job was split under has changed and the intake bucket "
                                      "keeps no earlier version of it: upload the file again")
            return _profile_text(name, profile)

        found = self._settings_by_sha256[pin] = load_settings_text(
            _settings_text(bucket, job.office, data), _settings_source(bucket, job.office), profile_file)
        return found

    def office_settings(self, office: str) -> OfficeSettings:
        """config/offices/<office>.toml in the intake bucket, or the reference's defaults when absent.
        Only a configured office has settings (UnknownOffice otherwise). A profile file the settings
        name (`profile = "NAME.toml"`) is config/offices/NAME.toml beside them."""
        check_office(office, self.env.office_names)
        if office not in self._settings:
            key = settings_key(office)
            text = self.objects.get_if_exists(self.env.intake_bucket, key)
            self._settings[office] = (OfficeSettings() if text is None
                                      else load_settings_text(text.decode("utf-8"), f"s3://{self.env.intake_bucket}/{key}",
                                                              self._profile_file))
        return self._settings[office]

    def _profile_file(self, name: str) -> str:
        key = profile_key(name)
        data = self.objects.get_if_exists(self.env.intake_bucket, key)
        if data is None:
            raise SettingsError(f"profile {name}: there is no s3://{self.env.intake_bucket}/{key}")
        return _profile_text(name, data)


def _settings_source(bucket: str, office: str) -> str:
    return f"s3://{bucket}/{settings_key(office)}"


def _settings_text(bucket: str, office: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SettingsError(f"office settings {_settings_source(bucket, office)} is not UTF-8 text") from None


def _profile_text(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SettingsError(f"profile {name}: not UTF-8 text") from None


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
