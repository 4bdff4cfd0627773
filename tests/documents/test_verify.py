"""`relief verify BUNDLE.zip [--public-key KEY.pem]` (contracts.md): exit 0 only when every file the
manifest lists is present with its SHA-256, nothing unlisted is in the zip, and the signature
verifies; otherwise non-zero, naming the first file or signature that fails."""

from __future__ import annotations

import zipfile

import pytest

from relief.dev.cli import main
from relief.documents.bundle import write_bundle
from relief.documents.manifest import MANIFEST
from relief.documents.signing import LocalSigner, sign_manifest
from relief.documents.verify import verify_bundle
from tests.documents.bundle_helpers import INFO, county_charges, rewrite_zip

SIGNER = LocalSigner()
OTHER = LocalSigner()


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return write_bundle(county_charges(people=2), INFO, tmp_path_factory.mktemp("b") / "bundle.zip", SIGNER).path


def _read(bundle, name):
    with zipfile.ZipFile(bundle) as archive:
        return archive.read(name)


def _signed_by_other(bundle, keep_bundle_key):
    sig, pem = sign_manifest(OTHER, _read(bundle, MANIFEST), {"job_id": INFO.job_id, "county": INFO.county})
    return {"manifest.sig": sig, **({} if keep_bundle_key else {"signing-key.pem": pem})}


def test_a_good_bundle_verifies(good, tmp_path, capsys):
    result = verify_bundle(good)
    assert result.ok and result.key_id == SIGNER.key_id and result.files == 11 and result.key_source == "bundle"
    key = tmp_path / "key.pem"
    key.write_bytes(SIGNER.public_key_pem())
    assert main(["verify", str(good)]) == 0
    assert main(["verify", str(good), "--public-key", str(key)]) == 0
    assert "OK" in capsys.readouterr().out


# (what was done to the bundle, the file the failure names, words of the message)
TAMPERING = [
    ("a PDF changed", "same-size-forgery", "orders/2010CM00000.pdf", "SHA-256"),
    ("a PDF replaced", dict(change={"orders/2010CM00000.pdf": b"%PDF-1.4 forged"}), "orders/2010CM00000.pdf",
     "the manifest says"),
    ("the motion removed", dict(drop={"motion.pdf"}), "motion.pdf", "missing"),
    ("a file added", dict(add=[("orders/EXTRA.pdf", b"%PDF")]), "orders/EXTRA.pdf", "not listed"),
    ("the manifest edited", "edit-manifest", "manifest.json", "changed after signing"),
    ("the signature removed", dict(drop={"manifest.sig"}), "manifest.sig", "missing"),
    ("the key removed", dict(drop={"signing-key.pem"}), "signing-key.pem", "missing"),
    ("signed by another key, the bundle's key kept", "other-key-kept", "manifest.sig", "does not verify"),
    ("a path leaving the bundle", dict(add=[("../evil.sh", b"x")]), "../evil.sh", "leaves the bundle"),
    ("an absolute path", dict(add=[("/etc/cron.d/x", b"x")]), "/etc/cron.d/x", "absolute"),
    ("a Windows path", dict(add=[("C:\\x.bat", b"x")]), "C:\\x.bat", "absolute"),
    ("a name twice", dict(add=[("results.csv", b"forged")]), "results.csv", "two files"),
]


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("what, how, failed, words", TAMPERING, ids=[t[0] for t in TAMPERING])
def test_a_changed_bundle_is_refused_naming_the_file(good, tmp_path, capsys, what, how, failed, words):
    if how == "same-size-forgery":
        original = _read(good, "orders/2010CM00000.pdf")
        how = dict(change={"orders/2010CM00000.pdf": original[:-20] + b"x" * 20})
    elif how == "edit-manifest":
        how = dict(change={MANIFEST: _read(good, MANIFEST).replace(b'"county": "SANGAMON"', b'"county": "COOK"')})
    elif how == "other-key-kept":
        how = dict(change=_signed_by_other(good, keep_bundle_key=True))
    bundle = rewrite_zip(good, tmp_path / "changed.zip", **how)
    result = verify_bundle(bundle)
    assert not result.ok and result.failed == failed and words in result.message
    assert main(["verify", str(bundle)]) != 0
    error = capsys.readouterr().err
    assert failed in error and words in error and error.count("\n") == 1


def test_a_bundle_re_signed_whole_with_another_key_fails_against_the_office_key(good, tmp_path):
    bundle = rewrite_zip(good, tmp_path / "resigned.zip", change=_signed_by_other(good, keep_bundle_key=False))
    assert verify_bundle(bundle).ok  # consistent on its own ...
    office_key = tmp_path / "office.pem"
    office_key.write_bytes(SIGNER.public_key_pem())
    result = verify_bundle(bundle, SIGNER.public_key_pem())  # ... but not signed by the office
    assert not result.ok and result.failed == "manifest.sig" and "public key given" in result.message
    assert main(["verify", str(bundle), "--public-key", str(office_key)]) != 0


def test_the_public_key_given_must_be_the_signer(good, tmp_path, capsys):
    other = tmp_path / "other.pem"
    other.write_bytes(OTHER.public_key_pem())
    assert main(["verify", str(good), "--public-key", str(other)]) != 0
    assert "manifest.sig: the signature does not verify with the public key given" in capsys.readouterr().err


@pytest.mark.parametrize("content, words", [(b"not a zip", "not a readable zip")])
def test_a_file_that_is_not_a_zip_is_refused(tmp_path, content, words):
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    result = verify_bundle(path)
    assert not result.ok and words in result.message
    assert main(["verify", str(path)]) != 0
    assert main(["verify", str(tmp_path / "missing.zip")]) != 0
