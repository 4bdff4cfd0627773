"""Checking a bundle offline (`relief verify`): every file the manifest lists is present with its
SHA-256, nothing else is in the zip but the manifest, its signature and the public key, and the
signature over the statement naming the manifest's SHA-256 verifies with the key inside the bundle
or the one given. The first failure is reported, naming the file or the signature. Never AWS.

The zip is anyone's: it is read as hostile. Before anything is decompressed its central directory's
size and number of members are checked from the zip's end record; members that are links or
special files, names that are absolute, leave the bundle, or collide with another by letter case
or Unicode form (two names one file system would make one file) are refused; every member's
declared size is capped, and must be the size the manifest lists before a byte of it is hashed, in
blocks; the manifest, signature and key are capped in size, and their JSON in depth and breadth
before it is parsed. Without the office's public key a good bundle proves only that nothing changed
since it was signed, by whoever signed it: the message says so.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .manifest import MANIFEST, PUBLIC_KEY, SIGNATURE, UNLISTED, ManifestError, parse_manifest
from .signing import ALGORITHM, SignatureError, key_fingerprint, parse_signature_file, verify_signature

_BLOCK = 1 << 20
WITHOUT_KEY = ("integrity checked with the key shipped inside the bundle; this does not prove who made it: "
               "pass --public-key")


@dataclass(frozen=True, slots=True)
class VerifyLimits:
    """What a bundle may hold: far above any real bundle (a county's tens of thousands of orders),
    far below what would exhaust the machine checking it."""

    members: int = 200_000
    central_directory_bytes: int = 64 << 20
    member_bytes: int = 2 << 30  # results.csv of a very large county
    total_bytes: int = 8 << 30
    manifest_bytes: int = 32 << 20
    small_bytes: int = 64 << 10  # the signature and the public key
    json_depth: int = 4  # the manifest needs 3 (the document, its list of files, a file); one to spare


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


def same_file_key(name: str) -> str:
    """Names a case-insensitive or Unicode-normalising file system would make one file."""
    return unicodedata.normalize("NFC", name).casefold()


def verify_bundle(path: str | Path, public_key_pem: bytes | None = None,
                  limits: VerifyLimits = VerifyLimits()) -> Verification:
    """Verify a bundle zip; with `public_key_pem` the signature must be by that key, not the bundle's own."""
    try:
        _check_end_record(Path(path), limits)
        with zipfile.ZipFile(path) as archive:
            return _verify(archive, public_key_pem, limits)
    except _Refused as refused:
        return Verification(False, refused.message, refused.failed)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        return Verification(False, f"{path}: not a readable zip ({type(error).__name__})", str(path))


# --- the zip's end record, read before zipfile reads the central directory ---------------------------

_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"


def _check_end_record(path: Path, limits: VerifyLimits) -> None:
    """Refuse a zip whose end record declares more members, or a larger central directory, than a
    bundle can have: zipfile would read all of it into memory on opening."""
    with open(path, "rb") as stream:
        size = stream.seek(0, 2)
        tail_at = max(0, size - (22 + 65535 + 20 + 56))
        stream.seek(tail_at)
        tail = stream.read()
        at = tail.rfind(_END)
        if at < 0 or len(tail) < at + 22:
            raise zipfile.BadZipFile("no end of central directory record")
        members = int.from_bytes(tail[at + 10 : at + 12], "little")
        directory = int.from_bytes(tail[at + 12 : at + 16], "little")
        locator = at - 20
        if locator >= 0 and tail[locator : locator + 4] == _END64_LOCATOR:
            stream.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
            record = stream.read(56)
            if record[:4] == _END64:
                members = int.from_bytes(record[32:40], "little")
                directory = int.from_bytes(record[40:48], "little")
    if members > limits.members:
        raise _Refused("zip", f"the zip declares {members:,} files; a bundle has at most {limits.members:,}")
    if directory > limits.central_directory_bytes:
        raise _Refused("zip", f"the zip's directory is {directory:,} bytes; a bundle's is at most "
                              f"{limits.central_directory_bytes:,}")


# --- members ------------------------------------------------------------------------------------------

def _members(archive: zipfile.ZipFile, limits: VerifyLimits) -> dict[str, zipfile.ZipInfo]:
    members: dict[str, zipfile.ZipInfo] = {}
    seen: dict[str, str] = {}
    total = 0
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise _Refused("zip", f"the zip holds {len(infos):,} files; a bundle has at most {limits.members:,}")
    for info in infos:
        name = info.filename
        why = unsafe_name(name)
        if why:
            raise _Refused(name, f"{_printable(name)}: refused, {why}")
        if name in members:
            raise _Refused(name, f"{_printable(name)}: the zip holds two files of this name")
        other = seen.get(same_file_key(name))
        if other is not None:
            raise _Refused(name, f"{_printable(name)}: refused, its name is {_printable(other)}'s but for letter "
                                 f"case or Unicode form (one file, on many file systems)")
        kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
        if kind == stat.S_IFLNK:
            raise _Refused(name, f"{_printable(name)}: refused, a symbolic link")
        if kind not in (0, stat.S_IFREG):
            raise _Refused(name, f"{_printable(name)}: refused, not a regular file")
        if info.flag_bits & 0x1:
            raise _Refused(name, f"{_printable(name)}: refused, encrypted")
        if info.file_size > limits.member_bytes:
            raise _Refused(name, f"{_printable(name)}: refused, {info.file_size:,} bytes (a bundle's files are "
                                 f"at most {limits.member_bytes:,})")
        total += info.file_size
        if total > limits.total_bytes:
            raise _Refused(name, f"the zip's files come to more than {limits.total_bytes:,} bytes")
        members[name] = info
        seen[same_file_key(name)] = name
    return members


def _verify(archive: zipfile.ZipFile, given_key: bytes | None, limits: VerifyLimits) -> Verification:
    members = _members(archive, limits)
    for required in (MANIFEST, SIGNATURE) if given_key else (MANIFEST, SIGNATURE, PUBLIC_KEY):
        if required not in members:
            raise _Refused(required, f"{required}: missing from the bundle")
    manifest_bytes = _read(archive, members[MANIFEST], limits.manifest_bytes)
    signature_bytes = _read(archive, members[SIGNATURE], limits.small_bytes)
    _json_bounded(SIGNATURE, signature_bytes, limits, items=100)
    _json_bounded(SIGNATURE, _statement_of(signature_bytes), limits, items=100)  # JSON inside a JSON string
    try:
        signed = parse_signature_file(signature_bytes)
    except SignatureError as error:
        raise _Refused(SIGNATURE, str(error)) from None

    key_source = "given" if given_key else "bundle"
    key_pem = given_key or _read(archive, members[PUBLIC_KEY], limits.small_bytes)
    try:
        fingerprint = key_fingerprint(key_pem)
    except SignatureError as error:
        raise _Refused(PUBLIC_KEY if key_source == "bundle" else "public key",
                       f"{PUBLIC_KEY if key_source == 'bundle' else 'the given public key'}: {error}") from None
    if signed.algorithm != ALGORITHM or signed.fields.get("algorithm") != ALGORITHM:
        raise _Refused(SIGNATURE, f"{SIGNATURE}: algorithm {_printable(str(signed.algorithm))[:40]!r} is not "
                                  f"{ALGORITHM}")
    if not verify_signature(key_pem, signed.statement, signed.signature):
        who = "the public key given" if key_source == "given" else f"the bundle's {PUBLIC_KEY}"
        raise _Refused(SIGNATURE, f"{SIGNATURE}: the signature does not verify with {who}")
    if signed.fields.get("key_sha256") not in (None, fingerprint):
        raise _Refused(SIGNATURE, f"{SIGNATURE}: the signed statement names a different key")
    if signed.fields.get("manifest_sha256") != hashlib.sha256(manifest_bytes).hexdigest():
        raise _Refused(MANIFEST, f"{MANIFEST}: its SHA-256 is not the one the signed statement names "
                                 f"(the manifest was changed after signing)")

    _json_bounded(MANIFEST, manifest_bytes, limits, items=len(members) + 100)
    try:
        manifest = parse_manifest(manifest_bytes)
    except ManifestError as error:
        raise _Refused(MANIFEST, _printable(str(error))[:300]) from None
    listed: set[str] = set()
    for entry in manifest.files:
        why = unsafe_name(entry.path)
        if why or entry.path in UNLISTED:
            raise _Refused(entry.path, f"{MANIFEST} lists {_printable(entry.path)}, {why or 'a file it cannot list'}")
        if entry.path in listed:
            raise _Refused(entry.path, f"{MANIFEST} lists {_printable(entry.path)} twice")
        listed.add(entry.path)
        member = members.get(entry.path)
        if member is None:
            raise _Refused(entry.path, f"{_printable(entry.path)}: listed in the manifest but missing from the bundle")
        if member.file_size != entry.size:  # before a byte is read: the declared size bounds the hashing
            raise _Refused(entry.path, f"{_printable(entry.path)}: {member.file_size:,} bytes, the manifest says "
                                       f"{entry.size:,}")
        digest = _sha256(archive, member, limits.member_bytes)
        if digest != entry.sha256:
            raise _Refused(entry.path, f"{_printable(entry.path)}: SHA-256 {digest} is not the manifest's "
                                       f"{_printable(entry.sha256)[:64]}")
    for name in members:
        if name not in listed and name not in UNLISTED:
            raise _Refused(name, f"{_printable(name)}: in the bundle but not listed in the manifest")
    if given_key:
        message = (f"{len(listed):,} files match the manifest; signature by key {signed.key_id} verified with the "
                   f"public key given")
    else:
        message = f"{len(listed):,} files match the manifest; signature by key {signed.key_id}: {WITHOUT_KEY}"
    return Verification(True, message, None, len(listed), signed.key_id, key_source)


def _printable(name: str) -> str:
    """A name for a one-line message: control characters escaped, the rest as is."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """A small member whole, never more than `cap` bytes of it."""
    if info.file_size > cap:
        raise _Refused(info.filename, f"{info.filename}: too large ({info.file_size:,} bytes; at most {cap:,})")
    try:
        with archive.open(info) as stream:
            data = stream.read(cap + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError) as error:
        raise _Refused(info.filename, f"{info.filename}: damaged in the zip ({type(error).__name__})") from None
    if len(data) > cap:
        raise _Refused(info.filename, f"{info.filename}: too large (more than {cap:,} bytes)")
    return data


def _sha256(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> str:
    """The member's SHA-256, read in blocks, never past its declared size or the cap."""
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(info) as stream:
            while block := stream.read(_BLOCK):
                size += len(block)
                if size > min(cap, info.file_size):
                    raise _Refused(info.filename, f"{_printable(info.filename)}: longer than its declared size")
                digest.update(block)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError) as error:
        raise _Refused(info.filename, f"{_printable(info.filename)}: damaged in the zip ({type(error).__name__})") \
            from None
    return digest.hexdigest()


def _statement_of(signature_file: bytes) -> bytes:
    """The signed statement's text, itself JSON, or nothing when the file is not what it should be."""
    try:
        document = json.loads(signature_file)
    except ValueError:
        return b""
    statement = document.get("statement") if isinstance(document, dict) else None
    return statement.encode("utf-8", "replace") if isinstance(statement, str) else b""


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def _json_bounded(name: str, data: bytes, limits: VerifyLimits, items: int) -> None:
    """Refuse JSON nested deeper than the format needs, or with more objects, lists or values than the
    bundle could hold, before it is parsed (a parser would recurse, or fill memory, first)."""
    bare = _JSON_STRING.sub(b'""', data)  # brackets and commas inside strings do not count
    if bare.count(b"{") > items or bare.count(b"[") > items or bare.count(b",") > 8 * items:
        raise _Refused(name, f"{name}: refused, more values than a bundle of its size can have")
    depth = 0
    for bracket in _JSON_BRACKET.finditer(bare):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        if depth > limits.json_depth:
            raise _Refused(name, f"{name}: refused, nested deeper than the format ({limits.json_depth} levels)")
