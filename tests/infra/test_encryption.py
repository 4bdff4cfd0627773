"""Encryption everywhere: every bucket, queue, table, topic, log group and the trail names one of the stack's
customer-managed keys (the access-log bucket excepted: S3 logs only to SSE-S3), bucket policies refuse other
encryption and plain HTTP, and the stack's own cdk-nag rule stops synthesis of anything less."""

from __future__ import annotations

import pytest

pytest.importorskip("aws_cdk")

import aws_cdk as cdk
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from infra.nag import CUSTOMER_MANAGED_KEY, ReliefChecks, acknowledgements
from tests.infra.helpers import arn_of, audit_key, bucket_policy, data_key, of_type, one, statements, synthesized

ENCRYPTION = {  # where each resource type names its key
    "AWS::SQS::Queue": ("KmsMasterKeyId",),
    "AWS::SNS::Topic": ("KmsMasterKeyId",),
    "AWS::DynamoDB::Table": ("SSESpecification", "KMSMasterKeyId"),
    "AWS::Logs::LogGroup": ("KmsKeyId",),
    "AWS::CloudTrail::Trail": ("KMSKeyId",),
    "AWS::S3::Bucket": ("BucketEncryption", "ServerSideEncryptionConfiguration", 0, "ServerSideEncryptionByDefault",
                        "KMSMasterKeyID"),
}


@pytest.fixture(scope="module")
def template() -> dict:
    return synthesized()[0]


def key_of(resource: dict, path: tuple) -> object:
    value: object = resource["Properties"]
    for step in path:
        value = value[step] if isinstance(value, list) else value.get(step) if isinstance(value, dict) else None
    return value


def test_every_data_store_and_log_names_a_customer_managed_key(template):
    cmk = {"data": arn_of(data_key(template)), "audit": arn_of(audit_key(template))}
    access_logs, _ = one(template, "AWS::S3::Bucket", "StorageAccessLogs")
    seen = 0
    for kind, path in ENCRYPTION.items():
        for logical, resource in of_type(template, kind).items():
            if logical == access_logs:
                continue
            seen += 1
            assert key_of(resource, path) in cmk.values(), f"{kind} {logical}: {key_of(resource, path)}"
    assert seen == 6 + 1 + 3 + 6 + 1 + 3  # queues, topic, tables, log groups, trail, buckets but access logs


def test_audit_records_use_the_audit_key_and_data_the_data_key(template):
    for logical, group in of_type(template, "AWS::Logs::LogGroup").items():
        assert group["Properties"]["KmsKeyId"] == arn_of(audit_key(template)), logical
    _, audit = one(template, "AWS::S3::Bucket", "StorageAuditTrail")
    assert key_of(audit, ENCRYPTION["AWS::S3::Bucket"]) == arn_of(audit_key(template))
    for name in ("StorageIntake", "StorageOutput"):
        _, bucket = one(template, "AWS::S3::Bucket", name)
        assert key_of(bucket, ENCRYPTION["AWS::S3::Bucket"]) == arn_of(data_key(template))
        assert bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["BucketKeyEnabled"]


def test_buckets_block_public_access_are_versioned_kept_and_logged(template):
    buckets = of_type(template, "AWS::S3::Bucket")
    assert len(buckets) == 4
    logs_id, _ = one(template, "AWS::S3::Bucket", "StorageAccessLogs")
    for logical, bucket in buckets.items():
        props = bucket["Properties"]
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
        assert bucket["DeletionPolicy"] == "Retain"
        assert props["VersioningConfiguration"] == {"Status": "Enabled"}, logical
        if logical == logs_id:  # access logging cannot deliver to SSE-KMS
            sse = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
            assert sse == {"SSEAlgorithm": "AES256"}
        else:
            assert props["LoggingConfiguration"]["DestinationBucketName"] == {"Ref": logs_id}


def test_every_bucket_queue_and_topic_policy_denies_plain_http(template):
    policies = {**of_type(template, "AWS::S3::BucketPolicy"), **of_type(template, "AWS::SQS::QueuePolicy"),
                **of_type(template, "AWS::SNS::TopicPolicy")}
    assert len(of_type(template, "AWS::S3::BucketPolicy")) == 4
    assert len(of_type(template, "AWS::SQS::QueuePolicy")) == 6
    assert len(of_type(template, "AWS::SNS::TopicPolicy")) == 1
    for logical, policy in policies.items():
        denies = [s for s in statements(policy["Properties"]) if s["Effect"] == "Deny"
                  and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"]
        assert denies, f"{logical} allows requests without TLS"


def deny(policy: list[dict], sid: str) -> dict:
    (statement,) = [s for s in policy if s.get("Sid") == sid]
    assert statement["Effect"] == "Deny" and statement["Principal"] == {"AWS": "*"}
    assert statement["Action"] == "s3:PutObject"
    return statement


@pytest.mark.parametrize("bucket", ["StorageIntake", "StorageOutput"])
def test_data_buckets_refuse_uploads_not_encrypted_with_the_data_key(template, bucket):
    logical, _ = one(template, "AWS::S3::Bucket", bucket)
    policy = bucket_policy(template, logical)
    objects = {"Fn::Join": ["", [arn_of(logical), "/*"]]}
    ssec = deny(policy, "DenyCustomerProvidedKeys")
    assert ssec["Condition"] == {"Null": {"s3:x-amz-server-side-encryption-customer-algorithm": "false"}}
    assert ssec["Resource"] == objects
    # Only an upload that names an encryption is checked: one that names none gets the default, the data key.
    names = {"Null": {"s3:x-amz-server-side-encryption": "false"}}
    not_kms = deny(policy, "DenyUploadsNotEncryptedWithKms")
    assert not_kms["Condition"] == {**names, "StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}
    other_key = deny(policy, "DenyUploadsEncryptedWithAnotherKey")
    assert other_key["Condition"] == {**names, "StringNotEquals": {
        "s3:x-amz-server-side-encryption-aws-kms-key-id": arn_of(data_key(template))}}


@pytest.mark.parametrize("bucket", ["StorageAccessLogs", "StorageAuditTrail"])
def test_log_buckets_refuse_customer_provided_keys(template, bucket):
    logical, _ = one(template, "AWS::S3::Bucket", bucket)
    deny(bucket_policy(template, logical), "DenyCustomerProvidedKeys")


def test_only_the_access_log_bucket_is_excused_from_the_customer_managed_key_rule():
    _, _, stack = synthesized()
    excused = [path for path, made in acknowledgements(stack).items() if CUSTOMER_MANAGED_KEY in made]
    assert excused == [stack.storage.access_logs.node.path]


# --- the rule itself ------------------------------------------------------------------------------------

def unencrypted(stack: cdk.Stack, kind: str) -> None:
    if kind == "bucket":
        s3.Bucket(stack, "Plain", encryption=s3.BucketEncryption.S3_MANAGED)
    elif kind == "aws-managed-bucket-key":
        s3.Bucket(stack, "AwsManaged", encryption=s3.BucketEncryption.KMS_MANAGED)
    elif kind == "queue":
        sqs.Queue(stack, "Plain", encryption=sqs.QueueEncryption.SQS_MANAGED)
    elif kind == "topic":
        sns.Topic(stack, "Plain")
    elif kind == "log group":
        logs.LogGroup(stack, "Plain")


@pytest.mark.parametrize("kind", ["bucket", "aws-managed-bucket-key", "queue", "topic", "log group"])
def test_the_customer_managed_key_rule_stops_synthesis(tmp_path, kind):
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Bad")
    unencrypted(stack, kind)
    cdk.Validations.of(app).add_plugins(ReliefChecks(app))
    with pytest.raises(RuntimeError, match=CUSTOMER_MANAGED_KEY):
        app.synth()
    assert CUSTOMER_MANAGED_KEY in (tmp_path / "validation-report.json").read_text()


def test_the_customer_managed_key_rule_passes_resources_on_a_stack_key(tmp_path):
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Good")
    key = kms.Key(stack, "Key")
    s3.Bucket(stack, "Bucket", encryption=s3.BucketEncryption.KMS, encryption_key=key)
    sqs.Queue(stack, "Queue", encryption_master_key=key)
    sns.Topic(stack, "Topic", master_key=key)
    logs.LogGroup(stack, "Logs", encryption_key=key)
    cdk.Validations.of(app).add_plugins(ReliefChecks(app))
    app.synth()
