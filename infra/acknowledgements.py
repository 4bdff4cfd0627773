"""Every finding of the four cdk-nag packs (and the stack's own rule) that the stack accepts, each with the
control it answers for and why. Anything not acknowledged here fails synthesis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_iam as iam

from relief.pipeline.keys import (
    BUNDLES_PREFIX,
    CONFIG_PREFIX,
    ERROR_REPORT_SUFFIX,
    INCOMING_PREFIX,
    QUARANTINE,
    job_objects_pattern,
)

from .functions import answers_files, answers_reports, job_objects
from .nag import CUSTOMER_MANAGED_KEY, Acknowledged, acknowledge, wildcard_resource

if TYPE_CHECKING:
    from .stack import ReliefStack

NIST, HIPAA = "NIST.800.53.R5", "HIPAA.Security"
LEAST_PRIVILEGE = "NIST SP 800-53 R5 AC-6; CJIS 5.5.2"
PREFIX = "the object ARN names a key prefix with a wildcard, the narrowest S3 allows."


def acknowledge_findings(stack: ReliefStack) -> None:
    _wildcards(stack)
    _functions(stack)
    _storage(stack)
    _messaging(stack)
    _audit(stack)
    _schedule(stack)


def _wildcards(stack: ReliefStack) -> None:
    """AwsSolutions-IAM5: object permissions scoped to key prefixes (S3 has nothing narrower)."""
    intake, output = stack.storage.intake, stack.storage.output
    roles = stack.functions.roles

    def prefix(role: iam.IRole, resource: str, what: str) -> None:
        wildcard_resource(role, resource, Acknowledged(LEAST_PRIVILEGE, f"{what}; {PREFIX}"))

    for role in [*roles.values(), *stack.failure_paths.roles.values()]:
        wildcard_resource(role, "*", Acknowledged(
            "NIST SP 800-53 R5 AU-12 (tracing), AC-6",
            "X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions."))
    for role in roles.values():
        prefix(role, intake.arn_for_objects(f"{CONFIG_PREFIX}*"),
               "Reads office settings files config/offices/<office>.toml")
    chunks, parts, volumes = job_objects(intake)
    prefix(roles["split"], intake.arn_for_objects(f"{INCOMING_PREFIX}*"),
           "The splitter reads any office's upload under incoming/")
    prefix(roles["split"], intake.arn_for_objects(f"{INCOMING_PREFIX}*{ERROR_REPORT_SUFFIX}"),
           "The splitter writes only <upload>.error.txt reports beside a refused upload")
    prefix(roles["split"], chunks, "The splitter writes a job's chunks jobs/<job>/chunks/")
    prefix(roles["split"], intake.arn_for_objects(job_objects_pattern(QUARANTINE)),
           "The splitter moves an upload for an office the deployment does not serve to jobs/<upload>/quarantine/")
    prefix(roles["evaluate"], chunks, "An evaluator reads the chunks jobs/<job>/chunks/")
    prefix(roles["evaluate"], parts, "An evaluator writes result parts jobs/<job>/results/")
    prefix(roles["assemble"], parts, "The assembler reads result parts jobs/<job>/results/")
    prefix(roles["assemble"], volumes, "The assembler stores and reads the volumes it cuts a job into "
                                       "jobs/<job>/volumes/")
    prefix(roles["assemble"], output.arn_for_objects(f"{BUNDLES_PREFIX}*"),
           "The assembler writes every office's bundles under bundles/<office>/<job>/, and reads back the latest "
           "version of a bundle and the job's charge index when an answers file revises it")
    prefix(roles["assemble"], answers_files(intake),
           "The assembler reads the offices' answers files incoming/<office>/reviews/<job>.csv")
    prefix(roles["assemble"], answers_reports(intake),
           "The assembler writes only the report beside a refused answers file, incoming/<office>/reviews/*.error.txt")
    for office, role in stack.access.roles.items():
        uploads = f"{INCOMING_PREFIX}{office}/"
        prefix(role, intake.arn_for_objects(f"{uploads}*"), f"Office {office} uploads only under its own {uploads}")
        prefix(role, intake.arn_for_objects(f"{uploads}*{ERROR_REPORT_SUFFIX}"),
               f"Office {office} reads only the error reports beside its own uploads, {uploads}*{ERROR_REPORT_SUFFIX}")
        prefix(role, output.arn_for_objects(f"{BUNDLES_PREFIX}{office}/*"),
               f"Office {office} downloads only its own {BUNDLES_PREFIX}{office}/")


def _functions(stack: ReliefStack) -> None:
    for name, function in {**stack.functions.all, **stack.failure_paths.all}.items():
        acknowledge(function, "AwsSolutions-L1", Acknowledged(
            "NIST SP 800-53 R5 SI-2 (flaw remediation)",
            "Python 3.12 on purpose: the layer's wheels are built for cp312 and tests import and run every "
            "handler under 3.12 with only the layer (tests/test_layer_packaging.py); it is a supported runtime. "
            "Move runtime and layer platform together."))
        acknowledge(function, "Serverless-LambdaLatestVersion", Acknowledged(
            "NIST SP 800-53 R5 SI-2 (flaw remediation)",
            "As AwsSolutions-L1: Python 3.12 is supported and is what the layer is built and tested for."))
        dlq = Acknowledged(
            "NIST SP 800-53 R5 SI-11, HIPAA 164.312(b)",
            f"The {name} function is only invoked by its SQS queue's event source: a failed message goes back to "
            f"the queue and, after its last delivery, to the queue's dead-letter queue (with an alarm). A "
            f"function dead-letter queue serves asynchronous invocations, which this function never receives.")
        if name == "sweep":
            dlq = Acknowledged(
                "NIST SP 800-53 R5 SI-11, HIPAA 164.312(b)",
                "The sweeper is invoked by an EventBridge schedule (the rule retries a failed invocation twice) "
                "and carries no data: a run that fails leaves nothing to keep, the next run repeats its work, and "
                "an alarm reports the function's errors.")
        for rule in (f"{NIST}-LambdaDLQ", f"{HIPAA}-LambdaDLQ", "Serverless-LambdaDLQ"):
            acknowledge(function, rule, dlq)
        vpc = Acknowledged(
            "NIST SP 800-53 R5 SC-7, HIPAA 164.312(e)(1); CJIS 5.10.1",
            "The function has no network listener and reaches only AWS service endpoints (S3, SQS, DynamoDB, "
            "KMS, SNS, X-Ray) over TLS, every call IAM-authorised; the buckets and queues refuse plain HTTP. A "
            "VPC would add NAT or six interface endpoints without narrowing what the function can reach: the "
            "role and the resource policies do that.")
        for rule in (f"{NIST}-LambdaInsideVPC", f"{HIPAA}-LambdaInsideVPC"):
            acknowledge(function, rule, vpc)
        for mapping in function.node.children:
            if mapping.node.id.startswith("SqsEventSource"):
                acknowledge(mapping, "Serverless-LambdaEventSourceMappingDestination", Acknowledged(
                    "NIST SP 800-53 R5 SI-11",
                    "An SQS event source takes no on-failure destination (Lambda supports one only for stream "
                    "and Kafka sources): the queue's redrive policy sends a message that failed every delivery "
                    "to its dead-letter queue."))


def _storage(stack: ReliefStack) -> None:
    storage = stack.storage
    replication = Acknowledged(
        "NIST SP 800-53 R5 CP-6, CP-9; HIPAA 164.308(a)(7)(ii)(A)",
        "Recovery within the region: versioning keeps every overwritten or deleted object recoverable, the audit "
        "bucket is object-locked. A copy of criminal history in a second region is the office's decision "
        "(data location, CJIS 5.10.1.5), not a default.")
    for bucket in (storage.access_logs, storage.intake, storage.output, storage.audit):
        for rule in (f"{NIST}-S3BucketReplicationEnabled", f"{HIPAA}-S3BucketReplicationEnabled"):
            acknowledge(bucket, rule, replication)
    sse_s3 = Acknowledged(
        "NIST SP 800-53 R5 SC-28; CJIS 5.10.1.2",
        "S3 server access logging delivers only to a bucket whose default encryption is SSE-S3: this bucket "
        "holds access logs (no criminal history), blocks public access, requires TLS and refuses SSE-C.")
    for rule in (f"{NIST}-S3DefaultEncryptionKMS", f"{HIPAA}-S3DefaultEncryptionKMS", CUSTOMER_MANAGED_KEY):
        acknowledge(storage.access_logs, rule, sse_s3)
    backup = Acknowledged(
        "NIST SP 800-53 R5 CP-9, SI-12; HIPAA 164.308(a)(7)(ii)(A)",
        "Point-in-time recovery (35 days) restores the table; the results table's items expire with the "
        "office's retention (TTL), and a backup plan would keep names and dates of birth past it.")
    for table in (storage.jobs, storage.results, storage.idempotency):
        for rule in (f"{NIST}-DynamoDBInBackupPlan", f"{HIPAA}-DynamoDBInBackupPlan"):
            acknowledge(table, rule, backup)


def _messaging(stack: ReliefStack) -> None:
    for name, pair in stack.messaging.pairs.items():
        acknowledge(pair.dlq, "Serverless-SQSRedrivePolicy", Acknowledged(
            "NIST SP 800-53 R5 SI-11",
            f"The {name} dead-letter queue is where failed messages end: an alarm reports any message in it, and "
            f"an operator redrives them to the {name} queue after a fix. A dead-letter queue of its own would only "
            f"move them out of sight."))
    for subscription in stack.messaging.topic.node.children:
        if subscription.node.id != "Policy":
            acknowledge(subscription, "Serverless-SNSRedrivePolicy", Acknowledged(
                "NIST SP 800-53 R5 SI-11, AU-5",
                "An e-mail subscription: SNS retries delivery, and a message it cannot deliver (alarm or job "
                "announcement, never criminal history) is counted in the topic's NumberOfNotificationsFailed "
                "metric; there is nothing to redrive to a mailbox later."))


def _audit(stack: ReliefStack) -> None:
    # The Trail construct makes its CloudWatch Logs delivery role with an inline policy of its own.
    role = stack.audit.trail.node.find_child("LogsRole")
    inline = Acknowledged(
        "NIST SP 800-53 R5 AC-6, CM-5; HIPAA 164.308(a)(4)",
        "The CloudTrail construct's own delivery role: one statement, CreateLogStream/PutLogEvents on the "
        "trail's log group only, assumable by CloudTrail only; no person's access depends on it.")
    for rule in (f"{NIST}-IAMNoInlinePolicy", f"{HIPAA}-IAMNoInlinePolicy"):
        acknowledge(role, rule, inline)


def _schedule(stack: ReliefStack) -> None:
    acknowledge(stack.failure_paths.schedule, "Serverless-EventBusDLQ", Acknowledged(
        "NIST SP 800-53 R5 SI-11",
        "The sweeper's schedule event carries no data: an event EventBridge could not deliver (after its two "
        "retries) needs no keeping, because the next run, minutes later, does the same work; the sweeper's "
        "errors alarm."))
