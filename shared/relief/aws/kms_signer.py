"""A Signer backed by an AWS KMS asymmetric key (KeySpec ECC_NIST_P256, KeyUsage SIGN_VERIFY).

The private key never leaves KMS. The statement is small (well under KMS's 4 KB limit for RAW
messages), so KMS hashes it itself: MessageType RAW, SigningAlgorithm ECDSA_SHA_256. The
signature is DER, as `cryptography` verifies it offline. It takes a client, never makes one.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization

from ..documents.signing import ALGORITHM


class KmsSigner:
    def __init__(self, kms_client: Any, key_id: str):
        self._kms = kms_client
        self._key_id = key_id
        self._pem: bytes | None = None

    @property
    def key_id(self) -> str:
        return self._key_id

    def sign(self, message: bytes) -> bytes:
        response = self._kms.sign(KeyId=self._key_id, Message=message, MessageType="RAW",
                                  SigningAlgorithm=ALGORITHM)
        return response["Signature"]

    def public_key_pem(self) -> bytes:
        if self._pem is None:
            response = self._kms.get_public_key(KeyId=self._key_id)
            if response.get("KeySpec") not in (None, "ECC_NIST_P256"):
                raise ValueError(f"KMS key {self._key_id} is {response.get('KeySpec')}, not ECC_NIST_P256")
            key = serialization.load_der_public_key(response["PublicKey"])
            self._pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        return self._pem
