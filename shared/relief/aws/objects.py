"""S3 objects: small reads and writes, streaming reads of uploads, multipart uploads of big files."""

from __future__ import annotations

from typing import Any, BinaryIO

from aws_lambda_powertools.utilities.streaming import S3Object
from botocore.exceptions import ClientError


class Objects:
    def __init__(self, s3: Any):
        self.s3 = s3

    def get(self, bucket: str, key: str, version_id: str = "") -> bytes:
        version = {"VersionId": version_id} if version_id else {}
        return self.s3.get_object(Bucket=bucket, Key=key, **version)["Body"].read()

    def get_current(self, bucket: str, key: str) -> tuple[bytes, str] | None:
        try:
            response = self.s3.get_object(Bucket=bucket, Key=key)
        except self.s3.exceptions.NoSuchKey:
            return None
        version_id = response.get("VersionId") or ""
        return response["Body"].read(), "" if version_id == "null" else version_id

    def get_if_exists(self, bucket: str, key: str) -> bytes | None:
        try:
            return self.get(bucket, key)
        except self.s3.exceptions.NoSuchKey:
            return None

    def put(self, bucket: str, key: str, body: bytes, content_type: str = "application/octet-stream") -> None:
        self.s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)

    def version_of(self, bucket: str, key: str) -> tuple[str, int]:
        """(version id, size) of the object's current version; ("", 0) when there is none."""
        try:
            head = self.s3.head_object(Bucket=bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                return "", 0
            raise
        return head.get("VersionId") or "", int(head.get("ContentLength") or 0)

    def stream(self, bucket: str, key: str, version_id: str = "") -> BinaryIO:
        """A seekable stream over one object version, read in ranges, never whole (Powertools S3Object)."""
        return S3Object(bucket=bucket, key=key, version_id=version_id or None, boto3_client=self.s3)  # type: ignore[return-value]

    def upload_file(self, path: str, bucket: str, key: str, content_type: str) -> None:
        """Multipart upload when large: the file streams from disk, never whole into memory."""
        self.s3.upload_file(path, bucket, key, ExtraArgs={"ContentType": content_type})

    def copy(self, bucket: str, key: str, version_id: str, target_key: str, metadata: dict[str, str]) -> bool:
        """A managed copy: a single CopyObject, or UploadPartCopy parts for an object over 5 GB."""
        source = {"Bucket": bucket, "Key": key, **({"VersionId": version_id} if version_id else {})}
        try:
            self.s3.copy(source, bucket, target_key,
                         ExtraArgs={"Metadata": metadata, "MetadataDirective": "REPLACE"})
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NoSuchVersion"):
                return False
            raise
        return True

    def delete(self, bucket: str, key: str) -> None:
        self.s3.delete_object(Bucket=bucket, Key=key)
