"""`relief verify` reads a zip anyone could have made: links, names that collide, members and manifests
too large, JSON too deep or too wide, and declared sizes that lie are refused, one line each, without
reading more than the caps allow; and a good bundle checked without the office's key says that it
proves integrity, not origin."""

from __future__ import annotations

import json
import stat
import struct
import unicodedata
import zipfile

import pytest

from relief.dev.cli import main
from relief.documents.bundle import write_bundle
from relief.documents.manifest import MANIFEST, PUBLIC_KEY, SIGNATURE
from relief.documents.signing import LocalSigner, sign_manifest
from relief.documents.verify import WITHOUT_KEY, VerifyLimits, verify_bundle
from tests.documents.bundle_helpers import INFO, county_charges

SIGNER = LocalSigner()
FORGER = LocalSigner()


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return write_bundle(county_charges(people=2), INFO, tmp_path_factory.mktemp("b") / "bundle.zip", SIGNER).path


def members_of(bundle) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(bundle) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def rebuilt(good, target, extra=(), manifest=None, signer=None):
    """The bundle, with `extra` (ZipInfo or name, bytes) members added and, when given, its manifest
    replaced and signed by `signer` (whose key then travels in the bundle: self-consistent)."""
    with zipfile.ZipFile(target, "w") as new:
        for info, data in members_of(good):
            if manifest is not None and info.filename in (MANIFEST, SIGNATURE, PUBLIC_KEY):
                continue
            new.writestr(info, data)
        if manifest is not None:
            sig, pem = sign_manifest(signer or FORGER, manifest, {"job_id": INFO.job_id, "county": INFO.county})
            new.writestr(MANIFEST, manifest)
            new.writestr(SIGNATURE, sig)
            new.writestr(PUBLIC_KEY, pem)
        for item, data in extra:
            new.writestr(item, data)
    return target


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def manifest_with(good, **replace) -> bytes:
    with zipfile.ZipFile(good) as archive:
        document = json.loads(archive.read(MANIFEST))
    document.update(replace)
    return json.dumps(document).encode()


def refused(bundle, failed_words: str, **limits) -> str:
    result = verify_bundle(bundle, limits=VerifyLimits(**limits)) if limits else verify_bundle(bundle)
    assert not result.ok, result.message
    assert failed_words in result.message, result.message
    return result.message


# (what the zip holds, how to make it, words of the refusal)
HOSTILE = [
    ("a symbolic link", lambda good, t: rebuilt(good, t, [(symlink("orders/link.pdf"), b"/etc/passwd")]),
     "symbolic link"),
    ("two names one file by letter case", lambda good, t: rebuilt(good, t, [("Motion.pdf", b"%PDF")]),
     "but for letter case or Unicode form"),
    ("two names one file by Unicode form",
     lambda good, t: rebuilt(good, t, [(unicodedata.normalize("NFC", "orders/café.pdf"), b"a"),
                                       (unicodedata.normalize("NFD", "orders/café.pdf"), b"b")]),
     "but for letter case or Unicode form"),
    ("a name leaving the bundle", lambda good, t: rebuilt(good, t, [("orders/../../x.sh", b"x")]), "leaves the bundle"),
    ("an encrypted member", lambda good, t: _encrypted(rebuilt(good, t)), "encrypted"),
]


def _encrypted(bundle):
    data = bytearray(bundle.read_bytes())
    at = data.find(b"PK\x01\x02")  # the first central directory entry: set its "encrypted" flag
    data[at + 8] |= 0x1
    bundle.write_bytes(bytes(data))
    return bundle


@pytest.mark.parametrize("what, make, words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_member_is_refused(good, tmp_path, capsys, what, make, words):
    bundle = make(good, tmp_path / "hostile.zip")
    refused(bundle, words)
    assert main(["verify", str(bundle)]) == 1
    error = capsys.readouterr().err
    assert words in error and error.count("\n") == 1 and "Traceback" not in error


def test_more_members_than_a_bundle_has_is_refused_from_the_end_record(good, tmp_path):
    bundle = rebuilt(good, tmp_path / "many.zip", [(f"orders/x{n}.pdf", b"") for n in range(40)])
    refused(bundle, f"declares {len(members_of(good)) + 40} files; a bundle has at most 20", members=20)
    # An end record declaring millions: refused before zipfile would read a directory that size.
    data = bytearray(bundle.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    data[at + 8 : at + 12] = struct.pack("<HH", 0xFFFE, 0xFFFE)
    data[at + 12 : at + 16] = struct.pack("<I", 0x7FFFFFFF)
    bundle.write_bytes(bytes(data))
    refused(bundle, "the zip's directory is 2,147,483,647 bytes")
    refused(bundle, "declares 65,534 files", members=1000)


def test_a_member_declaring_4_gb_is_refused_before_a_byte_is_hashed(good, tmp_path):
    bundle = rebuilt(good, tmp_path / "big.zip")
    data = bytearray(bundle.read_bytes())
    at = data.find(b"PK\x01\x02" , data.find(b"PK\x01\x02") + 1)  # the second file's central directory entry
    data[at + 24 : at + 28] = struct.pack("<I", 0xFFFFFFF0)  # its uncompressed size: nearly 4 GiB
    bundle.write_bytes(bytes(data))
    refused(bundle, "4,294,967,280 bytes (a bundle's files are at most")


def test_a_member_larger_than_the_manifest_says_is_not_read(good, tmp_path):
    bundle = rebuilt(good, tmp_path / "small-cap.zip")
    refused(bundle, "refused,", member_bytes=1000)


def test_a_manifest_too_large_is_not_read(good, tmp_path):
    refused(good, "manifest.json: too large", manifest_bytes=500)


@pytest.mark.parametrize("what, manifest, words", [
    ("nested deeper than the format", lambda good: manifest_with(good, extra=json.loads("[" * 50 + "]" * 50)),
     "nested deeper than the format"),
    ("a million empty objects (26 MB)", lambda good: manifest_with(good, files=[{}] * 2_000_000),
     "more values than a bundle of its size can have"),
    ("a million values", lambda good: manifest_with(good, extra=[1] * 1_000_000),
     "more values than a bundle of its size can have"),
])
def test_a_manifest_too_deep_or_too_wide_is_refused_before_it_is_parsed(good, tmp_path, what, manifest, words):
    bundle = rebuilt(good, tmp_path / "m.zip", manifest=manifest(good))
    refused(bundle, words)


def test_a_signature_file_nested_deep_is_refused_not_a_crash(good, tmp_path):
    deep = b"[" * 30_000 + b"]" * 30_000
    with zipfile.ZipFile(tmp_path / "sig.zip", "w") as new:
        for info, data in members_of(good):
            new.writestr(info, deep if info.filename == SIGNATURE else data)
    refused(tmp_path / "sig.zip", "manifest.sig: refused,")  # (more brackets than it can have, or too deep)
    statement = json.dumps({"statement": "[" * 50 + "]" * 50, "signature": "", "key_id": "k",
                            "algorithm": "ECDSA_SHA_256"}).encode()
    with zipfile.ZipFile(tmp_path / "statement.zip", "w") as new:
        for info, data in members_of(good):
            new.writestr(info, statement if info.filename == SIGNATURE else data)
    refused(tmp_path / "statement.zip", "manifest.sig: refused, nested deeper")


def test_without_the_office_key_ok_says_it_proves_integrity_not_origin(good, tmp_path, capsys):
    result = verify_bundle(good)
    assert result.ok and result.message.endswith(WITHOUT_KEY)
    assert WITHOUT_KEY == ("integrity checked with the key shipped inside the bundle; this does not prove who "
                           "made it: pass --public-key")
    key = tmp_path / "office.pem"
    key.write_bytes(SIGNER.public_key_pem())
    assert main(["verify", str(good)]) == 0
    assert WITHOUT_KEY in capsys.readouterr().out
    assert main(["verify", str(good), "--public-key", str(key)]) == 0
    out = capsys.readouterr().out
    assert "verified with the public key given" in out and "does not prove" not in out


def test_a_forged_bundle_self_consistent_with_its_own_key_is_caught_only_by_the_office_key(good, tmp_path):
    forged = rebuilt(good, tmp_path / "forged.zip", manifest=manifest_with(good, county="COOK"))
    assert verify_bundle(forged).ok  # integrity only: the forger's key is inside
    assert not verify_bundle(forged, SIGNER.public_key_pem()).ok
