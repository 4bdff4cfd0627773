"""Checking a bundle offline (`relief verify`): every file the manifest lists is present with its
SHA-256, nothing else is in the zip but the manifest, its signature and the public key, and the
signature over the statement naming the manifest's SHA-256 verifies with the key inside the bundle
or the one given. The first failure is reported, naming the file or the signature. Never AWS.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .manifest import MANIFEST, PUBLIC_KEY, SIGNATURE, UNLISTED, ManifestError, parse_manifest, sha256_stream
from .signing import ALGORITHM, SignatureError, key_fingerprint, parse_signature_file, verify_signature

_MAX_SMALL = 64 << 20  # manifest, signature and key are small; refuse to read a huge one into memory


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    message: str
    failed: str | None = None  # the file (or "signature") that failed first
    files: int = 0  # files checked against the manifest
    key_id: str = ""
    key_source: str = ""  # "bundle" or "given"

    def __bool__(self) -> bool:
        return self.ok


class _Refused(Exception):
    def __init__(self, failed: str, message: str):
        super().__init__(message)
        self.failed, self.message = failed, message


def unsafe_name(name: str) -> str | None:
    """Why a zip member name is unsafe to extract, or None."""
    if not name or "\x00" in name:
        return "an empty name"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or "\\" in name:
        return "an absolute or Windows path"
    if any(part in ("..", ".") for part in PurePosixPath(name).parts) or name.endswith("/"):
        return "a path that leaves the bundle or is a folder"
    return None


def verify_bundle(path: str | Path, public_key_pem: bytes | None = None) -> Verification:
    """Verify a bundle zip; with `public_key_pem` the signature must be by that key, not the bundle's own."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _verify(archive, public_key_pem)
    except _Refused as refused:
        return Verification(False, refused.message, refused.failed)
    except (zipfile.BadZipFile, OSError) as error:
        return Verification(False, f"{path}: not a readable zip ({error})", str(path))


def _verify(archive: zipfile.ZipFile, given_key: bytes | None) -> Verification:
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        why = unsafe_name(info.filename)
        if why:
            raise _Refused(info.filename, f"{_printable(info.filename)}: refused, {why}")
        if info.filename in members:
            raise _Refused(info.filename, f"{info.filename}: the zip holds two files of this name")
        members[info.filename] = info

    for required in (MANIFEST, SIGNATURE) if given_key else (MANIFEST, SIGNATURE, PUBLIC_KEY):
        if required not in members:
            raise _Refused(required, f"{required}: missing from the bundle")
    manifest_bytes = _small(archive, members[MANIFEST])
    try:
        signed = parse_signature_file(_small(archive, members[SIGNATURE]))
    except SignatureError as error:
        raise _Refused(SIGNATURE, str(error)) from None

    key_source = "given" if given_key else "bundle"
    key_pem = given_key or _small(archive, members[PUBLIC_KEY])
    try:
        fingerprint = key_fingerprint(key_pem)
    except SignatureError as error:
        raise _Refused(PUBLIC_KEY if key_source == "bundle" else "public key",
                       f"{PUBLIC_KEY if key_source == 'bundle' else 'the given public key'}: {error}") from None
    if signed.algorithm != ALGORITHM or signed.fields.get("algorithm") != ALGORITHM:
        raise _Refused(SIGNATURE, f"{SIGNATURE}: algorithm {signed.algorithm!r} is not {ALGORITHM}")
    if not verify_signature(key_pem, signed.statement, signed.signature):
        who = "the public key given" if key_source == "given" else f"the bundle's {PUBLIC_KEY}"
        raise _Refused(SIGNATURE, f"{SIGNATURE}: the signature does not verify with {who}")
    if signed.fields.get("key_sha256") not in (None, fingerprint):
        raise _Refused(SIGNATURE, f"{SIGNATURE}: the signed statement names a different key")
    if signed.fields.get("manifest_sha256") != hashlib.sha256(manifest_bytes).hexdigest():
        raise _Refused(MANIFEST, f"{MANIFEST}: its SHA-256 is not the one the signed statement names "
                                 f"(the manifest was changed after signing)")

    try:
        manifest = parse_manifest(manifest_bytes)
    except ManifestError as error:
        raise _Refused(MANIFEST, str(error)) from None
    listed: set[str] = set()
    for entry in manifest.files:
        why = unsafe_name(entry.path)
        if why or entry.path in UNLISTED:
            raise _Refused(entry.path, f"{MANIFEST} lists {_printable(entry.path)}, {why or 'a file it cannot list'}")
        if entry.path in listed:
            raise _Refused(entry.path, f"{MANIFEST} lists {entry.path} twice")
        listed.add(entry.path)
        member = members.get(entry.path)
        if member is None:
            raise _Refused(entry.path, f"{entry.path}: listed in the manifest but missing from the bundle")
        with archive.open(member) as stream:
            try:
                digest, size = sha256_stream(stream)
            except zipfile.BadZipFile as error:
                raise _Refused(entry.path, f"{entry.path}: damaged in the zip ({error})") from None
        if digest != entry.sha256:
            raise _Refused(entry.path, f"{entry.path}: SHA-256 {digest} is not the manifest's {entry.sha256}")
        if size != entry.size:
            raise _Refused(entry.path, f"{entry.path}: {size} bytes, the manifest says {entry.size}")
    for name in members:
        if name not in listed and name not in UNLISTED:
            raise _Refused(name, f"{name}: in the bundle but not listed in the manifest")
    return Verification(True, f"{len(listed):,} files match the manifest; signature by key {signed.key_id} "
                              f"verified with the {'public key given' if given_key else 'key inside the bundle'}",
                        None, len(listed), signed.key_id, key_source)


def _printable(name: str) -> str:
    """A name for a one-line message: control characters escaped, the rest as is."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > _MAX_SMALL:
        raise _Refused(info.filename, f"{info.filename}: too large ({info.file_size:,} bytes)")
    try:
        return archive.read(info)
    except zipfile.BadZipFile as error:
        raise _Refused(info.filename, f"{info.filename}: damaged in the zip ({error})") from None
