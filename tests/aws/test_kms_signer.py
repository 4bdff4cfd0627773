"""KmsSigner signs the statement in KMS (ECC_NIST_P256, ECDSA_SHA_256, RAW); the signature verifies
offline with `cryptography` and the bundle it signs passes `relief verify` without AWS."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from relief.aws.kms_signer import KmsSigner
from relief.documents.bundle import write_bundle
from relief.documents.signing import Signer, key_fingerprint, verify_signature
from relief.documents.verify import verify_bundle
from tests.documents.bundle_helpers import INFO, county_charges


@pytest.fixture
def kms(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("kms", region_name="us-east-1")
        key = client.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
        yield client, key["KeyId"]


def test_kms_signatures_verify_offline(kms):
    client, key_id = kms
    signer = KmsSigner(client, key_id)
    assert isinstance(signer, Signer) and signer.key_id == key_id
    pem = signer.public_key_pem()
    assert pem.startswith(b"-----BEGIN PUBLIC KEY-----")
    signature = signer.sign(b"statement")
    assert verify_signature(pem, b"statement", signature)
    assert not verify_signature(pem, b"another statement", signature)


def test_a_bundle_signed_in_kms_verifies_with_its_key(kms, tmp_path):
    client, key_id = kms
    signer = KmsSigner(client, key_id)
    report = write_bundle(county_charges(people=1), INFO, tmp_path / "b.zip", signer)
    assert report.key_id == key_id
    result = verify_bundle(report.path, signer.public_key_pem())
    assert result.ok and result.key_id == key_id
    assert key_fingerprint(signer.public_key_pem())
