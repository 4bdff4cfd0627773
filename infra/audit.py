"""The audit trail: who read or wrote which object of the data buckets, and every use of the KMS keys.

CloudTrail records the data buckets' object-level calls (S3 data events: GetObject, PutObject, ...) and
every management event, which include each KMS call (Sign, Decrypt, GenerateDataKey) and each
AssumeRole of an office role. The files go to the object-locked audit bucket, encrypted with the audit
key, and to a CloudWatch log group for queries; docs/deploy.md says where an auditor looks.
"""

from __future__ import annotations

from aws_cdk import Aws, RemovalPolicy, Stack
from aws_cdk import aws_cloudtrail as cloudtrail
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .config import Config
from .keys import log_group_prefix
from .retention import retention


def trail_name(stack: Stack) -> str:
    return f"{stack.stack_name}-audit"


class Audit(Construct):
    def __init__(self, scope: Construct, id: str, *, config: Config, key: kms.Key, bucket: s3.IBucket,
                 data_buckets: list[s3.IBucket]) -> None:
        super().__init__(scope, id)
        stack = Stack.of(self)
        name = trail_name(stack)
        # Named, not referenced: the key's policy cannot refer to the trail that is encrypted with the key.
        arn = f"arn:{Aws.PARTITION}:cloudtrail:{Aws.REGION}:{Aws.ACCOUNT_ID}:trail/{name}"
        key.add_to_resource_policy(iam.PolicyStatement(
            sid="AllowThisTrailToEncryptItsFiles", principals=[iam.ServicePrincipal("cloudtrail.amazonaws.com")],
            actions=["kms:GenerateDataKey*"], resources=["*"],
            conditions={"StringEquals": {"aws:SourceArn": arn},
                        "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn":
                                       f"arn:{Aws.PARTITION}:cloudtrail:*:{Aws.ACCOUNT_ID}:trail/*"}}))
        key.add_to_resource_policy(iam.PolicyStatement(
            sid="AllowThisTrailToDescribeTheKey", principals=[iam.ServicePrincipal("cloudtrail.amazonaws.com")],
            actions=["kms:DescribeKey"], resources=["*"], conditions={"StringEquals": {"aws:SourceArn": arn}}))

        self.log_group = logs.LogGroup(
            self, "TrailLogs", log_group_name=f"{log_group_prefix(stack)}cloudtrail", encryption_key=key,
            retention=retention(config.log_retention_days), removal_policy=RemovalPolicy.RETAIN)
        self.trail = cloudtrail.Trail(
            self, "Trail", trail_name=name, bucket=bucket, encryption_key=key, enable_file_validation=True,
            include_global_service_events=True, is_multi_region_trail=True,
            management_events=cloudtrail.ReadWriteType.ALL,
            send_to_cloud_watch_logs=True, cloud_watch_log_group=self.log_group)
        # Object-level reads and writes of the data buckets: who downloaded which bundle, who uploaded what.
        self.trail.add_s3_event_selector([cloudtrail.S3EventSelector(bucket=b) for b in data_buckets],
                                         include_management_events=True,
                                         read_write_type=cloudtrail.ReadWriteType.ALL)
