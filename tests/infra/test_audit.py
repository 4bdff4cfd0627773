"""The audit trail: S3 data events of the data buckets and every management event (KMS use, role sessions),
into an encrypted, versioned, object-locked bucket and an encrypted log group, kept at least a year."""

from __future__ import annotations

import pytest

pytest.importorskip("aws_cdk")

from infra.config import AUDIT_MINIMUM_DAYS, Config
from tests.infra.helpers import arn_of, audit_key, bucket_policy, of_type, one, synth, synthesized


@pytest.fixture(scope="module")
def template() -> dict:
    return synthesized()[0]


def trail(template: dict) -> dict:
    (found,) = of_type(template, "AWS::CloudTrail::Trail").values()
    return found["Properties"]


def test_the_trail_records_object_reads_and_writes_of_both_data_buckets(template):
    intake, _ = one(template, "AWS::S3::Bucket", "StorageIntake")
    output, _ = one(template, "AWS::S3::Bucket", "StorageOutput")
    data = [s for s in trail(template)["EventSelectors"] if s.get("DataResources")]
    assert len(data) == 1 and data[0]["ReadWriteType"] == "All"
    (resources,) = data[0]["DataResources"]
    assert resources["Type"] == "AWS::S3::Object"
    assert resources["Values"] == [{"Fn::Join": ["", [arn_of(bucket), "/"]]} for bucket in (intake, output)]


def test_the_trail_records_every_management_event_kms_included(template):
    properties = trail(template)
    for selector in properties["EventSelectors"]:
        assert selector["IncludeManagementEvents"] is True and selector["ReadWriteType"] == "All"
        # KMS Sign/Decrypt/GenerateDataKey are management events: nothing may leave them out.
        assert "kms.amazonaws.com" not in selector.get("ExcludeManagementEventSources", [])
    assert properties["IsMultiRegionTrail"] is True and properties["IncludeGlobalServiceEvents"] is True
    assert properties["EnableLogFileValidation"] is True and properties["IsLogging"] is True


def test_the_trail_is_encrypted_and_delivered_to_the_audit_bucket_and_log_group(template):
    properties = trail(template)
    bucket, _ = one(template, "AWS::S3::Bucket", "StorageAuditTrail")
    group, _ = one(template, "AWS::Logs::LogGroup", "AuditTrailLogs")
    assert properties["KMSKeyId"] == arn_of(audit_key(template))
    assert properties["S3BucketName"] == {"Ref": bucket}
    assert properties["CloudWatchLogsLogGroupArn"] == arn_of(group)
    writes = [s for s in bucket_policy(template, bucket)
              if s["Effect"] == "Allow" and s["Principal"] == {"Service": "cloudtrail.amazonaws.com"}]
    assert {s["Action"] for s in writes} == {"s3:GetBucketAcl", "s3:PutObject"}


def test_the_audit_bucket_is_object_locked_versioned_and_kept(template):
    _, bucket = one(template, "AWS::S3::Bucket", "StorageAuditTrail")
    props = bucket["Properties"]
    assert props["ObjectLockEnabled"] is True
    assert props["ObjectLockConfiguration"] == {
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 731}}}
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert bucket["DeletionPolicy"] == "Retain"
    (rule,) = props["LifecycleConfiguration"]["Rules"]
    assert rule["ExpirationInDays"] == 731  # not before the lock ends


def test_logs_are_kept_at_least_a_year(template):
    groups = of_type(template, "AWS::Logs::LogGroup")
    assert len(groups) == 6  # five functions and the trail
    for logical, group in groups.items():
        assert group["Properties"]["RetentionInDays"] >= AUDIT_MINIMUM_DAYS, logical
        assert group["DeletionPolicy"] == "Retain"
    _, access_logs = one(template, "AWS::S3::Bucket", "StorageAccessLogs")
    (rule,) = access_logs["Properties"]["LifecycleConfiguration"]["Rules"]
    assert rule["ExpirationInDays"] >= AUDIT_MINIMUM_DAYS


def test_retention_is_settable_and_never_under_a_year(tmp_path):
    template, _, _ = synth(tmp_path, **{"relief:logRetentionDays": 731, "relief:auditRetentionDays": 2555})
    assert {g["Properties"]["RetentionInDays"] for g in of_type(template, "AWS::Logs::LogGroup").values()} == {731}
    _, bucket = one(template, "AWS::S3::Bucket", "StorageAuditTrail")
    assert bucket["Properties"]["ObjectLockConfiguration"]["Rule"]["DefaultRetention"]["Days"] == 2555
    assert Config(offices=()).log_retention_days >= AUDIT_MINIMUM_DAYS
