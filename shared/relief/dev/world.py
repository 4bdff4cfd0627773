"""The pipeline's AWS resources, made on moto in this process from the names the stack uses.

`relief run` and the tests build this world, then call the real handlers with real-shaped events
taken from the real (moto) queues: the S3 -> SQS notification, redrive to dead-letter queues and
conditional writes all behave as the handlers will meet them in AWS.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import logging
import os
import sys
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3

from ..pipeline.environment import EVALUATE_TIMEOUT, MAX_RECEIVE_COUNT, VISIBILITY_FACTOR, Environment
from ..pipeline.keys import (
    IDEMPOTENCY_PK,
    INCOMING_PREFIX,
    JOBS_PK,
    JOBS_SK,
    RESULTS_CASE_INDEX,
    RESULTS_CASE_PK,
    RESULTS_PK,
    RESULTS_SK,
    TTL_ATTRIBUTE,
    UNFINISHED_INDEX,
    UNFINISHED_KEY,
)

REGION = "us-east-1"

# Resource names for the local run. In AWS the stack lets CloudFormation name resources and hands
# the names to the functions through Environment.
LOCAL_NAMES = dict(
    intake_bucket="relief-intake",
    output_bucket="relief-output",
    jobs_table="relief-jobs",
    results_table="relief-results",
    idempotency_table="relief-idempotency",
    intake_queue="relief-intake-events",
    chunk_queue="relief-chunks",
    assemble_queue="relief-assemble",
    topic="relief-job-events",
)
FUNCTIONS = Path(__file__).resolve().parents[3] / "functions"

# What the Lambda service would set, and quiet, local-friendly Powertools settings.
LOCAL_ENVIRONMENT = {
    "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
    "POWERTOOLS_SERVICE_NAME": "relief", "POWERTOOLS_METRICS_NAMESPACE": "Relief",
}


@dataclass(frozen=True)
class Queues:
    intake: str
    chunks: str
    assemble: str
    intake_dlq: str
    chunks_dlq: str
    assemble_dlq: str


@dataclass(frozen=True)
class World:
    env: Environment
    queues: Queues
    signing_key_id: str

    def s3(self) -> Any:
        return boto3.client("s3", region_name=REGION)

    def sqs(self) -> Any:
        return boto3.client("sqs", region_name=REGION)


def use_local_environment(quiet: bool = True) -> None:
    os.environ.update(LOCAL_ENVIRONMENT)
    # Metrics are on, as in Lambda: the driver reads the EMF lines a handler prints (the chunk's steps) and
    # shows them only with `--verbose`. A handler with nothing to report would warn that no metrics were
    # published, on every invocation.
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    os.environ.pop("POWERTOOLS_METRICS_DISABLED", None)
    # The handlers' JSON logs are for `--verbose` (the command line says what happened in words).
    os.environ["POWERTOOLS_LOG_LEVEL"] = "CRITICAL" if quiet else "INFO"
    # A process that runs the pipeline again (the tests) finds the service's loggers made: set them
    # anew, writing to this run's stdout.
    name = LOCAL_ENVIRONMENT["POWERTOOLS_SERVICE_NAME"]
    for logger_name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and (logger_name == name or logger_name.startswith(name + ".")):
            logger.setLevel(os.environ["POWERTOOLS_LOG_LEVEL"])
    service = logging.getLogger(name)
    if service.handlers:
        for handler in service.handlers:
            if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                handler.stream = sys.stdout  # (not setStream: it flushes the old stream, which may be closed)


def create_world(chunk_target_bytes: int | None = None, offices: tuple[str, ...] = ("local",),
                 as_of: str = "", visibility_s: int | None = None) -> World:
    """Buckets, queues with dead-letter queues, tables, topic and signing key, for `offices` (decided as of
    `as_of`, YYYY-MM-DD, or the day of the upload); call inside moto's mock_aws, or with AWS_ENDPOINT_URL
    naming a moto server. `visibility_s`: every queue's visibility timeout instead of the stack's (the
    short lease of `relief run --workers`)."""
    s3, sqs, dynamodb = (boto3.client(s, region_name=REGION) for s in ("s3", "sqs", "dynamodb"))
    names = LOCAL_NAMES
    for bucket in (names["intake_bucket"], names["output_bucket"]):
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})

    def queue(name: str, visibility: int) -> tuple[str, str]:
        visibility = visibility_s or visibility
        dlq = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        url = sqs.create_queue(QueueName=name, Attributes={
            "VisibilityTimeout": str(visibility),
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": MAX_RECEIVE_COUNT}),
        })["QueueUrl"]
        return url, dlq

    intake, intake_dlq = queue(names["intake_queue"], 60)
    chunks, chunks_dlq = queue(names["chunk_queue"], VISIBILITY_FACTOR * EVALUATE_TIMEOUT)
    assemble, assemble_dlq = queue(names["assemble_queue"], 60)
    intake_arn = sqs.get_queue_attributes(QueueUrl=intake, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(Bucket=names["intake_bucket"], NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": intake_arn, "Events": ["s3:ObjectCreated:*"],
                                 "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": INCOMING_PREFIX}]}}}]})

    def table(name: str, keys: list[tuple[str, str, str]], **extra: Any) -> None:
        dynamodb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                              KeySchema=[{"AttributeName": k, "KeyType": role} for k, _, role in keys],
                              AttributeDefinitions=[{"AttributeName": k, "AttributeType": t} for k, t, _ in keys]
                              + extra.pop("more_attributes", []), **extra)
        dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True,
                                                                             "AttributeName": TTL_ATTRIBUTE})

    table(names["jobs_table"], [(JOBS_PK, "S", "HASH"), (JOBS_SK, "S", "RANGE")],
          more_attributes=[{"AttributeName": UNFINISHED_KEY, "AttributeType": "S"}],
          GlobalSecondaryIndexes=[{"IndexName": UNFINISHED_INDEX, "Projection": {"ProjectionType": "KEYS_ONLY"},
                                   "KeySchema": [{"AttributeName": UNFINISHED_KEY, "KeyType": "HASH"}]}])
    table(names["idempotency_table"], [(IDEMPOTENCY_PK, "S", "HASH")])
    table(names["results_table"], [(RESULTS_PK, "S", "HASH"), (RESULTS_SK, "N", "RANGE")],
          more_attributes=[{"AttributeName": RESULTS_CASE_PK, "AttributeType": "S"}],
          GlobalSecondaryIndexes=[{"IndexName": RESULTS_CASE_INDEX, "Projection": {"ProjectionType": "ALL"},
                                   "KeySchema": [{"AttributeName": RESULTS_CASE_PK, "KeyType": "HASH"},
                                                 {"AttributeName": RESULTS_SK, "KeyType": "RANGE"}]}])
    topic = boto3.client("sns", region_name=REGION).create_topic(Name=names["topic"])["TopicArn"]
    key_id = boto3.client("kms", region_name=REGION).create_key(
        KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY",
        Description="relief local bundle signing")["KeyMetadata"]["KeyId"]

    env = Environment(intake_bucket=names["intake_bucket"], output_bucket=names["output_bucket"],
                      jobs_table=names["jobs_table"], results_table=names["results_table"],
                      idempotency_table=names["idempotency_table"], chunk_queue_url=chunks,
                      assemble_queue_url=assemble, topic_arn=topic, signing_keys=f"*={key_id}",
                      offices=",".join(offices), as_of=as_of)
    if chunk_target_bytes:
        env = dataclasses.replace(env, chunk_target_bytes=chunk_target_bytes)
    os.environ.update(env.to_env())
    return World(env, Queues(intake, chunks, assemble, intake_dlq, chunks_dlq, assemble_dlq), key_id)


def load_handler(name: str) -> ModuleType:
    """functions/<name>/app.py as its own module (every function's file is called app.py)."""
    spec = importlib.util.spec_from_file_location(f"relief_function_{name}", FUNCTIONS / name / "app.py")
    assert spec and spec.loader, f"no handler for {name}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class LambdaContext:
    """The parts of Lambda's context object that Powertools reads."""

    def __init__(self, name: str, timeout_s: int = 900, memory_mb: int = 1024):
        self.function_name = f"relief-{name}"
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = memory_mb
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:123456789012:function:relief-{name}"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/relief-{name}"
        self.log_stream_name = "local"
        self._deadline_ms = timeout_s * 1000

    def get_remaining_time_in_millis(self) -> int:
        return self._deadline_ms


def sqs_event(messages: list[dict], queue_arn: str) -> dict:
    """The event Lambda's SQS event source builds from received messages."""
    return {"Records": [{
        "messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"],
        "attributes": dict(m.get("Attributes", {}).items()),
        "messageAttributes": {}, "md5OfBody": m.get("MD5OfBody", ""), "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn, "awsRegion": REGION,
    } for m in messages]}
