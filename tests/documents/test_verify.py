"""`relief verify BUNDLE.zip [--public-key KEY.pem]` (contracts.md): exit 0 only when every file the
manifest lists is present with its SHA-256, nothing unlisted is in the zip, and the signature
verifies; otherwise non-zero, naming the first file or signature that fails."""

from __future__ import annotations

import zipfile

import pytest

from relief.dev.cli import main
from relief.documents.bundle import write_bundle
from relief.documents.courts import court_of
from relief.documents.manifest import MANIFEST, FileEntry, build_manifest, parse_manifest, sha256_bytes
from relief.documents.motion import render_motion
from relief.documents.orders import render_order
from relief.documents.signing import LocalSigner, sign_manifest
from relief.documents.summary import Counts, render_summary
from relief.documents.verify import verify_bundle
from relief.documents.verify_documents import verify_documents
from tests.documents.bundle_helpers import INFO, SETTINGS, county_charges, rewrite_zip

SIGNER = LocalSigner()
OTHER = LocalSigner()
ORDER = f"orders/order-2010CM00000-{county_charges(people=2)[0].charge_id}.pdf"


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
    ("a PDF changed", "same-size-forgery", ORDER, "SHA-256"),
    ("a PDF replaced", dict(change={ORDER: b"%PDF-1.4 forged"}), ORDER, "the manifest says"),
    ("the motion removed", dict(drop={"motion.pdf"}), "motion.pdf", "missing"),
    ("a file added", dict(add=[("orders/order-1-IR1.pdf", b"%PDF")]), "orders/order-1-IR1.pdf", "not listed"),
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
        original = _read(good, ORDER)
        how = dict(change={ORDER: original[:-20] + b"x" * 20})
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


# --- relief verify --documents: the PDFs read back against results.csv ---------------------------

def _resigned(bundle, target, changed: dict[str, bytes], signer=SIGNER):
    """The bundle with files replaced and its manifest rebuilt and signed again by the office's key:
    only reading the documents back can tell."""
    manifest = parse_manifest(_read(bundle, MANIFEST))
    entries = [FileEntry(e.path, len(changed[e.path]), sha256_bytes(changed[e.path])) if e.path in changed else e
               for e in manifest.files]
    new_manifest = build_manifest(entries, manifest.about)
    signature, key = sign_manifest(signer, new_manifest, {"job_id": INFO.job_id, "county": INFO.county})
    return rewrite_zip(bundle, target, change={**changed, MANIFEST: new_manifest, "manifest.sig": signature,
                                               "signing-key.pem": key})


def test_the_documents_of_a_good_bundle_read_back_as_its_results(good, capsys):
    result = verify_documents(good)
    assert result.ok and result.exhibit_lines == 7 and result.orders == 5 and result.documents == 7
    assert main(["verify", str(good), "--documents"]) == 0
    assert "documents OK" in capsys.readouterr().out


def _results():
    return county_charges(people=2)


# (what was changed, the change, what the failure names)
ALTERED = [
    ("an order's DCN", "order-dcn", (ORDER, "charge line 2", "column DCN", "results.csv row 2")),
    ("an order's defendant", "order-name", (ORDER, "defendant", "results.csv row 1")),
    ("an Exhibit A class", "exhibit-class", ("motion.pdf", "Exhibit A line 4", "column Class",
                                             "results.csv row 7")),
    ("an Exhibit A line dropped", "exhibit-line", ("motion.pdf", "Exhibit A has 6 lines", "first missing is row 13")),
    ("an order dropped", "order-dropped", ("orders/", "no proposed order", "row 1")),
    ("the summary's people", "summary", ("summary.pdf", "people")),
]


@pytest.mark.parametrize("what, how, named", ALTERED, ids=[a[0] for a in ALTERED])
def test_one_altered_field_of_one_pdf_fails_verify_documents_naming_the_document_line_and_row(
        good, tmp_path, capsys, what, how, named):
    results = _results()
    court = court_of("SANGAMON", SETTINGS)
    motion = [r for r in results if r.decision == "motion"]
    changed: dict[str, bytes] = {}
    drop: set[str] = set()
    if how in ("order-dcn", "order-name"):
        charges = [r for r in motion if r.court_case_number == "2010CM00000"]
        if how == "order-dcn":
            charges[1] = charges[1]._replace(dcn="D99999Z")
        else:
            charges = [c._replace(first_name="ALEXA") for c in charges]
        changed[ORDER] = render_order(charges, SETTINGS, court, created=INFO.created)
    elif how.startswith("exhibit"):
        rows = list(motion)
        if how == "exhibit-class":
            rows[3] = rows[3]._replace(offense_class="B")
        else:
            del rows[-1]
        changed["motion.pdf"] = render_motion(rows, SETTINGS, court, count=7, people=3, orders=5,
                                              agencies=["CHICAGO PD", "SPRINGFIELD PD"], created=INFO.created)
    elif how == "summary":
        counts = Counts(people=True)
        for r in results[:-1]:
            counts.add(r)
        changed["summary.pdf"] = render_summary(counts, INFO.about(), place="Sangamon County", orders=5,
                                                draft_reasons=(), court_papers=True, created=INFO.created)
    else:
        drop.add(ORDER)
    bundle = _resigned(good, tmp_path / "altered.zip", changed)
    if drop:
        manifest = parse_manifest(_read(bundle, MANIFEST))
        entries = [e for e in manifest.files if e.path not in drop]
        new_manifest = build_manifest(entries, manifest.about)
        signature, key = sign_manifest(SIGNER, new_manifest, {"job_id": INFO.job_id, "county": INFO.county})
        bundle = rewrite_zip(bundle, tmp_path / "dropped.zip", drop=drop,
                             change={MANIFEST: new_manifest, "manifest.sig": signature, "signing-key.pem": key})
    assert verify_bundle(bundle).ok  # signed by the office: the signature alone cannot tell
    result = verify_documents(bundle)
    assert not result.ok
    for words in named:
        assert words in result.message, (words, result.message)
    assert main(["verify", str(bundle), "--documents"]) != 0
    error = capsys.readouterr().err
    assert all(words in error for words in named) and error.count("\n") == 1
    for value in ("D99999Z", "ALEXA", "PERSON0000", "IR2000000", "1980-06-15"):
        assert value not in result.message  # names the line and row, never a record's value
