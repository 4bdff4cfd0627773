"""Buckets (intake, output, access logs, audit trail) and tables (jobs, results, idempotency).

Every bucket but the access-log bucket is encrypted with a customer-managed key, and its policy refuses
uploads that ask for other encryption: SSE-C (a key S3 never keeps, so nothing could be audited or
recovered), SSE-S3, or SSE-KMS with another key. An upload that names no encryption gets the bucket's
default, the customer-managed key.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from relief.pipeline.keys import (
    IDEMPOTENCY_PK,
    INCOMING_PREFIX,
    JOBS_PK,
    JOBS_PREFIX,
    JOBS_SK,
    RESULTS_CASE_INDEX,
    RESULTS_CASE_PK,
    RESULTS_PK,
    RESULTS_SK,
    TTL_ATTRIBUTE,
)

from .config import Config

# How long an overwritten or deleted upload/chunk stays recoverable, and an older bundle kept.
INTAKE_NONCURRENT_DAYS = 7
OUTPUT_NONCURRENT_DAYS = 90
ACCESS_LOG_NONCURRENT_DAYS = 30


class Storage(Construct):
    def __init__(self, scope: Construct, id: str, *, config: Config, key: kms.IKey, audit_key: kms.IKey) -> None:
        super().__init__(scope, id)
        # Server access logs cannot be delivered to an SSE-KMS bucket: this one uses S3-managed keys.
        # Versioned, so a log overwritten or deleted stays recoverable until it expires.
        self.access_logs = s3.Bucket(
            self, "AccessLogs", encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True, versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(id="expire-access-logs",
                                              expiration=Duration.days(config.access_log_retention_days),
                                              noncurrent_version_expiration=Duration.days(ACCESS_LOG_NONCURRENT_DAYS),
                                              expired_object_delete_marker=False)],
            removal_policy=RemovalPolicy.RETAIN)
        deny_ssec(self.access_logs)

        # CloudTrail's files: object-locked (no one deletes or overwrites one before it expires), versioned
        # (object lock requires it), encrypted with the audit key.
        audit_days = Duration.days(config.audit_retention_days)
        self.audit = s3.Bucket(
            self, "AuditTrail", encryption=s3.BucketEncryption.KMS, encryption_key=audit_key, bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True, versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            object_lock_enabled=True, object_lock_default_retention=s3.ObjectLockRetention.governance(audit_days),
            server_access_logs_bucket=self.access_logs, server_access_logs_prefix="audit/",
            lifecycle_rules=[s3.LifecycleRule(id="expire-audit-records", expiration=audit_days,
                                              noncurrent_version_expiration=Duration.days(1))],
            removal_policy=RemovalPolicy.RETAIN)
        # Only SSE-C is refused here: CloudTrail chooses how it names the key on its uploads, and a refused
        # delivery would be a lost audit record. The default encryption is the audit key.
        deny_ssec(self.audit)

        retention = Duration.days(config.retention_days)
        self.intake = self._data_bucket("Intake", key, "intake/", [
            # Uploads and everything made from them (chunks, result parts) expire; bundles do not.
            *(s3.LifecycleRule(id=f"expire-{prefix.rstrip('/')}", prefix=prefix, expiration=retention,
                               noncurrent_version_expiration=Duration.days(INTAKE_NONCURRENT_DAYS),
                               abort_incomplete_multipart_upload_after=Duration.days(1))
              for prefix in (INCOMING_PREFIX, JOBS_PREFIX)),
            s3.LifecycleRule(id="remove-expired-delete-markers", expired_object_delete_marker=True),
        ])
        self.output = self._data_bucket("Output", key, "output/", [
            s3.LifecycleRule(id="expire-old-bundle-versions",
                             noncurrent_version_expiration=Duration.days(OUTPUT_NONCURRENT_DAYS),
                             abort_incomplete_multipart_upload_after=Duration.days(1)),
        ])

        self.jobs = self._table("Jobs", key, dynamodb.Attribute(name=JOBS_PK, type=dynamodb.AttributeType.STRING),
                                dynamodb.Attribute(name=JOBS_SK, type=dynamodb.AttributeType.STRING),
                                RemovalPolicy.RETAIN)
        self.results = self._table("Results", key,
                                   dynamodb.Attribute(name=RESULTS_PK, type=dynamodb.AttributeType.STRING),
                                   dynamodb.Attribute(name=RESULTS_SK, type=dynamodb.AttributeType.NUMBER),
                                   RemovalPolicy.RETAIN)
        self.results.add_global_secondary_index(
            index_name=RESULTS_CASE_INDEX,
            partition_key=dynamodb.Attribute(name=RESULTS_CASE_PK, type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name=RESULTS_SK, type=dynamodb.AttributeType.NUMBER),
            projection_type=dynamodb.ProjectionType.ALL)
        # Idempotency records are bookkeeping that expires: nothing to keep when the stack goes.
        self.idempotency = self._table("Idempotency", key,
                                       dynamodb.Attribute(name=IDEMPOTENCY_PK, type=dynamodb.AttributeType.STRING),
                                       None, RemovalPolicy.DESTROY)

    @property
    def data_buckets(self) -> dict[str, s3.Bucket]:
        return {"Intake": self.intake, "Output": self.output}

    def _data_bucket(self, id: str, key: kms.IKey, log_prefix: str, rules: list[s3.LifecycleRule]) -> s3.Bucket:
        bucket = s3.Bucket(
            self, id, encryption=s3.BucketEncryption.KMS, encryption_key=key, bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True, versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.access_logs, server_access_logs_prefix=log_prefix,
            lifecycle_rules=rules, removal_policy=RemovalPolicy.RETAIN)
        deny_other_encryption(bucket, key)
        return bucket

    def _table(self, id: str, key: kms.IKey, partition: dynamodb.Attribute, sort: dynamodb.Attribute | None,
               removal: RemovalPolicy) -> dynamodb.Table:
        return dynamodb.Table(
            self, id, partition_key=partition, sort_key=sort,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED, encryption_key=key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True),
            time_to_live_attribute=TTL_ATTRIBUTE,
            deletion_protection=removal == RemovalPolicy.RETAIN,
            removal_policy=removal)


def deny_ssec(bucket: s3.Bucket) -> None:
    """SSE-C: the caller's own key, which S3 does not keep; such an object is neither audited nor recoverable."""
    bucket.add_to_resource_policy(iam.PolicyStatement(
        sid="DenyCustomerProvidedKeys", effect=iam.Effect.DENY, principals=[iam.AnyPrincipal()],
        actions=["s3:PutObject"], resources=[bucket.arn_for_objects("*")],
        conditions={"Null": {"s3:x-amz-server-side-encryption-customer-algorithm": "false"}}))


def deny_other_encryption(bucket: s3.Bucket, key: kms.IKey) -> None:
    """Uploads are SSE-KMS with `key`: one asking for SSE-S3, DSSE, or SSE-KMS without naming `key` (S3 would
    then use the AWS-managed aws/s3 key) or with another key is refused, as is SSE-C.

    An upload that names no encryption (and each part of a multipart upload, which never does) gets the
    bucket's default, this key: the "Null: false" lets those through. (A negated operator such as
    StringNotEquals is true for a header the request does not send.)
    """
    deny_ssec(bucket)
    objects = bucket.arn_for_objects("*")
    names_encryption = {"s3:x-amz-server-side-encryption": "false"}
    bucket.add_to_resource_policy(iam.PolicyStatement(
        sid="DenyUploadsNotEncryptedWithKms", effect=iam.Effect.DENY, principals=[iam.AnyPrincipal()],
        actions=["s3:PutObject"], resources=[objects],
        conditions={"Null": names_encryption, "StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}))
    bucket.add_to_resource_policy(iam.PolicyStatement(
        sid="DenyUploadsEncryptedWithAnotherKey", effect=iam.Effect.DENY, principals=[iam.AnyPrincipal()],
        actions=["s3:PutObject"], resources=[objects],
        conditions={"Null": names_encryption,
                    "StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": key.key_arn}}))
