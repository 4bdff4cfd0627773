"""The bundle's manifest: every file's path, size and SHA-256, and what the bundle is of.

The manifest itself, its signature and the public key are the only files a manifest never lists.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "signing-key.pem"
UNLISTED = frozenset({MANIFEST, SIGNATURE, PUBLIC_KEY})
FORMAT = "relief-bundle/1"
_BLOCK = 1 << 20


class ManifestError(ValueError):
    pass


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_stream(stream: IO[bytes]) -> tuple[str, int]:
    """(hex SHA-256, size) of a stream read to its end in blocks."""
    digest, size = hashlib.sha256(), 0
    while block := stream.read(_BLOCK):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Manifest:
    files: tuple[FileEntry, ...]
    about: Mapping[str, Any]  # job_id, office, county, source_sha256, rule_set_version, created, ...


def build_manifest(files: Iterable[FileEntry], about: Mapping[str, Any]) -> bytes:
    """The manifest as JSON bytes (keys in a fixed order, so the same bundle gives the same bytes)."""
    document = {"format": FORMAT, **about,
                "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in files]}
    return (json.dumps(document, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def parse_manifest(data: bytes) -> Manifest:
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestError(f"{MANIFEST} is not JSON: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ManifestError(f"{MANIFEST} is not a {FORMAT} manifest")
    listed = document.get("files")
    if not isinstance(listed, list):
        raise ManifestError(f"{MANIFEST} has no list of files")
    files = []
    for item in listed:
        try:
            entry = FileEntry(str(item["path"]), int(item["size"]), str(item["sha256"]).lower())
        except (KeyError, TypeError, ValueError):
            raise ManifestError(f"{MANIFEST} has a file entry without path, size and sha256: {item!r}") from None
        files.append(entry)
    about = {k: v for k, v in document.items() if k != "files"}
    return Manifest(tuple(files), about)
