"""The versions of a county's bundle, checked offline as a chain (`relief verify v2.zip --previous v1.zip`).

Each answers file that changes a county's charges makes the next version of its bundle. The new
manifest records its version, the SHA-256 of the answers file and the SHA-256 of the previous
version's manifest.json, and is signed like every manifest; so given both bundles, anyone can check
that the newer one was made from the older one: same job, office and county, the next version
number, and the older manifest's exact bytes. Each bundle's own files and signature are checked by
verify.verify_bundle; this module checks only the links, reading nothing but the manifests (capped
in size, as verify reads them).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from .manifest import MANIFEST, ManifestError, parse_manifest
from .verify import VerifyLimits

_SAME = ("job_id", "office", "county")
LIMITS = VerifyLimits()


@dataclass(frozen=True, slots=True)
class LinkCheck:
    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok


def _manifest(path: Path, limits: VerifyLimits) -> tuple[bytes, dict[str, Any]]:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(MANIFEST)
        if info.file_size > limits.manifest_bytes:
            raise ManifestError(f"{MANIFEST} is too large")
        data = archive.read(info)
    return data, dict(parse_manifest(data).about)


def version_of(about: dict[str, Any]) -> int:
    """A manifest's version: 1 for a bundle made before versions were numbered."""
    version = about.get("version", 1)
    return version if isinstance(version, int) and not isinstance(version, bool) and version >= 1 else 0


def verify_link(newer: str | Path, older: str | Path, answers_sha256: str | None = None,
                limits: VerifyLimits = LIMITS) -> LinkCheck:
    """Whether `newer` is the version of the same county's bundle made from `older` (and, with
    `answers_sha256`, from that answers file). Run verify_bundle on both first: this trusts each
    manifest only as far as its signature does."""
    try:
        older_bytes, before = _manifest(Path(older), limits)
        _, after = _manifest(Path(newer), limits)
    except (KeyError, zipfile.BadZipFile, OSError, ManifestError) as error:
        return LinkCheck(False, f"cannot read a manifest ({type(error).__name__})")
    for field in _SAME:
        if after.get(field) != before.get(field):
            return LinkCheck(False, f"the two bundles are of different {field.replace('_', ' ')}s")
    new, old = version_of(after), version_of(before)
    if new != old + 1:
        return LinkCheck(False, f"{Path(newer).name} is version {new}, not the version after {Path(older).name}'s "
                                f"({old})")
    if after.get("previous_manifest_sha256") != hashlib.sha256(older_bytes).hexdigest():
        return LinkCheck(False, f"{Path(newer).name} was not made from {Path(older).name}: the SHA-256 of the "
                                f"previous manifest it records is not that bundle's manifest.json")
    if answers_sha256 is not None and after.get("answers_sha256") != answers_sha256.lower():
        return LinkCheck(False, f"{Path(newer).name} was not made from the answers file given: its manifest "
                                f"records another answers file's SHA-256")
    return LinkCheck(True, f"version {new} was made from version {old} (its manifest's SHA-256) with the answers "
                           f"file {after.get('answers_sha256', '')}")


def verify_chain(bundles: Sequence[str | Path], limits: VerifyLimits = LIMITS) -> LinkCheck:
    """Each bundle made from the next (newest first): v3, v2, v1."""
    messages = []
    for newer, older in pairwise(bundles):
        link = verify_link(newer, older, limits=limits)
        if not link:
            return link
        messages.append(link.message)
    return LinkCheck(True, "; ".join(messages))


def answers_of(bundle: str | Path, limits: VerifyLimits = LIMITS) -> str | None:
    """The SHA-256 of the answers file a bundle's version was made from; None for a version 1."""
    try:
        _, about = _manifest(Path(bundle), limits)
    except (KeyError, zipfile.BadZipFile, OSError, ManifestError):
        return None
    found = about.get("answers_sha256")
    return found if isinstance(found, str) and found else None
