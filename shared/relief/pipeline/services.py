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
from .keys import profile_key, settings_key
from .ports import JobStore, Messenger, ObjectStore, ResultStore, SignerFactory


def utc_now() -> datetime:
    return datetime.now(UTC)


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
