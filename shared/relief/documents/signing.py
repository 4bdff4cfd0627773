"""Signing the manifest: a small statement naming the manifest's SHA-256 is signed, ECDSA P-256 with
SHA-256 (the `ECDSA_SHA_256` of AWS KMS), and the signature checked offline with `cryptography`.

manifest.sig is JSON: {"statement": <the signed text>, "signature": <base64 DER>, "key_id", "algorithm"}.
The statement is kept as text exactly as signed, so verifying never depends on re-serialising JSON.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

ALGORITHM = "ECDSA_SHA_256"
STATEMENT_TYPE = "relief-bundle-manifest/1"


@runtime_checkable
class Signer(Protocol):
    """Signs bytes with ECDSA P-256 / SHA-256; returns a DER signature."""

    @property
    def key_id(self) -> str: ...

    def sign(self, message: bytes) -> bytes: ...

    def public_key_pem(self) -> bytes: ...


class SignatureError(ValueError):
    pass


def key_fingerprint(public_key_pem: bytes) -> str:
    """SHA-256 of the key's SubjectPublicKeyInfo DER, hex."""
    key = load_public_key(public_key_pem)
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def load_public_key(pem: bytes) -> ec.EllipticCurvePublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as error:
        raise SignatureError(f"not a PEM public key ({error})") from None
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise SignatureError("the public key is not an EC P-256 key")
    return key


class LocalSigner:
    """An EC P-256 key held in memory: for tests and offline use."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey | None = None, key_id: str | None = None):
        self._key = private_key or ec.generate_private_key(ec.SECP256R1())
        self._pem = self._key.public_key().public_bytes(serialization.Encoding.PEM,
                                                        serialization.PublicFormat.SubjectPublicKeyInfo)
        self._key_id = key_id or f"local:{key_fingerprint(self._pem)[:16]}"

    @property
    def key_id(self) -> str:
        return self._key_id

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message, ec.ECDSA(hashes.SHA256()))

    def public_key_pem(self) -> bytes:
        return self._pem


def verify_signature(public_key_pem: bytes, message: bytes, signature: bytes) -> bool:
    """Whether `signature` (DER) is an ECDSA P-256 / SHA-256 signature of `message` by the key."""
    try:
        load_public_key(public_key_pem).verify(signature, message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def make_statement(manifest_sha256: str, key_id: str, public_key_pem: bytes, about: dict[str, Any]) -> bytes:
    """The signed text: the manifest's SHA-256, the key and what the bundle is of."""
    return json.dumps({"type": STATEMENT_TYPE, "manifest_sha256": manifest_sha256, "key_id": key_id,
                       "key_sha256": key_fingerprint(public_key_pem), "algorithm": ALGORITHM, **about},
                      sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True, slots=True)
class SignedStatement:
    statement: bytes
    fields: dict[str, Any]
    signature: bytes
    key_id: str
    algorithm: str


def signature_file(statement: bytes, signature: bytes, key_id: str) -> bytes:
    return (json.dumps({"statement": statement.decode("utf-8"), "signature": base64.b64encode(signature).decode(),
                        "key_id": key_id, "algorithm": ALGORITHM}, indent=2) + "\n").encode()


def parse_signature_file(data: bytes) -> SignedStatement:
    try:
        document = json.loads(data)
        statement = document["statement"].encode("utf-8")
        fields = json.loads(statement)
        signature = base64.b64decode(document["signature"], validate=True)
        key_id, algorithm = str(document["key_id"]), str(document["algorithm"])
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError, binascii.Error):
        raise SignatureError("manifest.sig is not a signed statement (statement, signature, key_id, algorithm)") \
            from None
    if not isinstance(fields, dict):
        raise SignatureError("manifest.sig: the statement is not a JSON object")
    return SignedStatement(statement, fields, signature, key_id, algorithm)


def public_key_file(public_key_pem: bytes, key_id: str) -> bytes:
    """signing-key.pem: the SubjectPublicKeyInfo PEM after a comment line naming its key id."""
    return f"Key-Id: {key_id}\nAlgorithm: {ALGORITHM}\n".encode() + public_key_pem


def sign_manifest(signer: Signer, manifest: bytes, about: dict[str, Any]) -> tuple[bytes, bytes]:
    """(manifest.sig, signing-key.pem) for the manifest bytes."""
    pem = signer.public_key_pem()
    statement = make_statement(hashlib.sha256(manifest).hexdigest(), signer.key_id, pem, about)
    return signature_file(statement, signer.sign(statement), signer.key_id), public_key_file(pem, signer.key_id)
