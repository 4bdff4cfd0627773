"""Buckets (intake, output, access logs) and tables (jobs, results, idempotency)."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
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


class Storage(Construct):
    def __init__(self, scope: Construct, id: str, *, config: Config, key: kms.IKey) -> None:
        super().__init__(scope, id)
        # Server access logs cannot be delivered to an SSE-KMS bucket: this one uses S3-managed keys.
        self.access_logs = s3.Bucket(
            self, "AccessLogs", encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(id="expire-access-logs",
                                              expiration=Duration.days(config.access_log_retention_days))],
            removal_policy=RemovalPolicy.RETAIN)

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

    def _data_bucket(self, id: str, key: kms.IKey, log_prefix: str, rules: list[s3.LifecycleRule]) -> s3.Bucket:
        return s3.Bucket(
            self, id, encryption=s3.BucketEncryption.KMS, encryption_key=key, bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True, versioned=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.access_logs, server_access_logs_prefix=log_prefix,
            lifecycle_rules=rules, removal_policy=RemovalPolicy.RETAIN)

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
