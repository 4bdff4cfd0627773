"""The job index: one signed list of every bundle a job made, so a clerk holding a county's volumes
can tell that none is missing and none was swapped.

job-index.zip is a bundle of one file (manifest.py, signing.py: the same manifest, signature and
key, so `relief verify job-index.zip` checks it like any bundle):

    job-index.json   the job, and one entry per volume: bundle file name, county, volume (part) of
                     parts, Exhibit A's first line, and the SHA-256 of the bundle's manifest.json

A bundle's manifest hash names everything in it (its manifest lists every file's SHA-256), so the
index pins each bundle whole. `check_bundles_beside` compares the bundles in the index's folder
with it. Counties, volume numbers and file names are all the index holds: no record's content.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .manifest import MANIFEST, PUBLIC_KEY, SIGNATURE, FileEntry, build_manifest, sha256_bytes
from .signing import Signer, sign_manifest

JOB_INDEX_JSON = "job-index.json"
FORMAT = "relief-job-index/1"
_MAX_INDEX_BYTES = 32 << 20


@dataclass(frozen=True, slots=True)
class IndexedBundle:
    bundle: str  # its file name, version 1's (cook.zip, cook-volume-03-of-18.zip)
    county: str
    volume: int  # the county's volume (part)
    volumes: int
    first_exhibit_line: int
    manifest_sha256: str
    size: int


def job_index_json(bundles: Sequence[IndexedBundle], about: dict[str, Any]) -> bytes:
    document = {"format": FORMAT, **about, "bundles": [asdict(bundle) for bundle in bundles]}
    return (json.dumps(document, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def write_job_index(bundles: Sequence[IndexedBundle], about: dict[str, Any], destination: Path,
                    signer: Signer) -> str:
    """Write the signed index; returns its manifest's SHA-256."""
    listing = job_index_json(bundles, about)
    manifest = build_manifest([FileEntry(JOB_INDEX_JSON, len(listing), sha256_bytes(listing))],
                              {**about, "kind": "job-index"})
    signature, public_key = sign_manifest(signer, manifest, {"job_id": about.get("job_id", ""), "kind": "job-index"})
    moment = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in ((JOB_INDEX_JSON, listing), (MANIFEST, manifest), (SIGNATURE, signature),
                           (PUBLIC_KEY, public_key)):
            info = zipfile.ZipInfo(name, moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return sha256_bytes(manifest)


def is_job_index(path: str | Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return JOB_INDEX_JSON in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def read_job_index(path: str | Path) -> list[IndexedBundle]:
    """The bundles an index lists (read after `verify_bundle` has checked it)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(JOB_INDEX_JSON)
        if info.file_size > _MAX_INDEX_BYTES:
            raise ValueError(f"{JOB_INDEX_JSON} is too large")
        document = json.loads(archive.read(info))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"{JOB_INDEX_JSON} is not a {FORMAT} index")
    try:
        return [IndexedBundle(**entry) for entry in document["bundles"]]
    except (KeyError, TypeError) as error:
        raise ValueError(f"{JOB_INDEX_JSON}: a bundle entry is not as the format says ({error})") from None


def check_bundles_beside(path: str | Path) -> tuple[list[str], list[str]]:
    """(problems, bundles not found) for the bundles the index lists, looked for in its folder: each
    found must hold the manifest the index names, by SHA-256."""
    folder = Path(path).parent
    problems: list[str] = []
    absent: list[str] = []
    for entry in read_job_index(path):
        bundle = folder / Path(entry.bundle).name
        if not bundle.is_file():
            absent.append(entry.bundle)
            continue
        try:
            with zipfile.ZipFile(bundle) as archive:
                digest = hashlib.sha256(archive.read(MANIFEST)).hexdigest()
        except (zipfile.BadZipFile, KeyError, OSError):
            problems.append(f"{entry.bundle}: not a bundle with a {MANIFEST}")
            continue
        if digest != entry.manifest_sha256:
            problems.append(f"{entry.bundle}: its {MANIFEST} is not the one the job index names "
                            f"(a different or altered bundle)")
    return problems, absent
