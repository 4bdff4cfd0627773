"""The three Lambda functions, their layer, roles, log groups, queue triggers and permissions.

Each function has its own role with exactly the statements it needs, in one customer-managed policy
written out here rather than made by the L2 `grant*` helpers, which add key and table permissions the
functions never use (the functions get the role without policy updates, so no helper adds any).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from aws_cdk import Duration, RemovalPolicy, Size, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from relief.pipeline.environment import (
    ASSEMBLE_TIMEOUT,
    EVALUATE_BATCH_SIZE,
    EVALUATE_TIMEOUT,
    MAX_RECEIVE_COUNT,
    SPLIT_TIMEOUT,
    Environment,
)
from relief.pipeline.keys import (
    BUNDLES_PREFIX,
    CHUNKS,
    CONFIG_PREFIX,
    ERROR_REPORT_SUFFIX,
    INCOMING_PREFIX,
    RESULT_PARTS,
    VOLUMES,
    answers_objects_pattern,
    job_objects_pattern,
)

from .config import Config
from .keys import Keys, log_group_prefix
from .layer_bundling import ARCHITECTURE, EXCLUDE, RUNTIME, layer_code
from .queues import Messaging
from .retention import retention
from .storage import Storage

FUNCTIONS = Path(__file__).resolve().parents[1] / "functions"

# Powertools: one service name for the three functions, so a metric they all emit (JobsFailed) is
# one CloudWatch metric: namespace Relief, dimension service=relief.
METRICS_NAMESPACE = "Relief"
SERVICE_NAME = "relief"
POWERTOOLS_ENVIRONMENT = {
    "POWERTOOLS_SERVICE_NAME": SERVICE_NAME,
    "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
    "POWERTOOLS_LOG_LEVEL": "INFO",
}

# DynamoDB actions, by what a function does with a table (TransactWriteItems is authorised per item action).
JOB_ITEM_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"]
IDEMPOTENCY_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
RESULT_WRITE_ACTIONS = ["dynamodb:BatchWriteItem", "dynamodb:PutItem"]
# What S3, SQS, SNS and DynamoDB ask of the caller for a customer-managed key.
DATA_KEY_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
# What Lambda's SQS event source does with the function's role.
CONSUME_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                   "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
# Active tracing: these X-Ray actions support no resource-level permissions.
TRACING_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]


@dataclass(frozen=True)
class Sizing:
    memory_mb: int
    ephemeral_mb: int
    timeout_s: int


# split partitions a whole upload into /tmp; assemble merges a job's result parts in /tmp.
SIZING = {
    "split": Sizing(memory_mb=2048, ephemeral_mb=4096, timeout_s=SPLIT_TIMEOUT),
    "evaluate": Sizing(memory_mb=1024, ephemeral_mb=1024, timeout_s=EVALUATE_TIMEOUT),
    "assemble": Sizing(memory_mb=2048, ephemeral_mb=4096, timeout_s=ASSEMBLE_TIMEOUT),
}


# Reserved concurrency: at most this many of a function run at once, and the account always keeps them for it.
# The evaluator's is its SQS event source's maximum concurrency (relief:evaluateMaxConcurrency).
# The assembler's is relief:assembleMaxConcurrency: a large job's volumes are built side by side.
RESERVED_CONCURRENCY = {"split": 5}


class Functions(Construct):
    def __init__(self, scope: Construct, id: str, *, config: Config, keys: Keys, storage: Storage,
                 messaging: Messaging) -> None:
        super().__init__(scope, id)
        self.layer = lambda_.LayerVersion(
            self, "ReliefLayer", code=layer_code(config.skip_bundling),
            compatible_runtimes=[RUNTIME], compatible_architectures=[ARCHITECTURE],
            description="relief package and its runtime dependencies (pydantic, powertools, fpdf2, cryptography)")
        self.environment = Environment(
            intake_bucket=storage.intake.bucket_name, output_bucket=storage.output.bucket_name,
            jobs_table=storage.jobs.table_name, results_table=storage.results.table_name,
            idempotency_table=storage.idempotency.table_name, chunk_queue_url=messaging.chunks.queue.queue_url,
            assemble_queue_url=messaging.assemble.queue.queue_url, topic_arn=messaging.topic.topic_arn,
            signing_keys=keys.signing_keys_variable(), max_receive_count=MAX_RECEIVE_COUNT,
            volume_size=config.volume_size)  # the largest volume the assembler builds (relief:volumeSize)
        assert {Environment.variable(f.name) for f in fields(Environment)} == set(self.environment.to_env())

        self.log_groups: dict[str, logs.LogGroup] = {}
        self.roles: dict[str, iam.Role] = {}
        self.policies: dict[str, iam.ManagedPolicy] = {}
        concurrency = {**RESERVED_CONCURRENCY, "evaluate": config.evaluate_max_concurrency,
                       "assemble": config.assemble_max_concurrency}
        triggers = {"split": messaging.intake.queue, "evaluate": messaging.chunks.queue,
                   "assemble": messaging.assemble.queue}
        self.split = self._function("split", config, keys, triggers["split"], concurrency["split"],
                                    "S3 upload events -> a job, its chunks and chunk messages")
        self.evaluate = self._function("evaluate", config, keys, triggers["evaluate"], concurrency["evaluate"],
                                       "chunk messages -> decisions; hands a finished job on")
        self.assemble = self._function("assemble", config, keys, triggers["assemble"], concurrency["assemble"],
                                       "a job whose chunks are all decided -> its volumes -> signed bundles")

        self.split.add_event_source(sources.SqsEventSource(
            messaging.intake.queue, batch_size=1, report_batch_item_failures=True))
        # Standard scaling is capped by the event source's maximum concurrency; provisioned pollers
        # (relief:evaluatePollers) exclude that setting, and the function's reserved concurrency caps them.
        pollers = config.evaluate_pollers
        self.evaluate.add_event_source(sources.SqsEventSource(
            messaging.chunks.queue, batch_size=EVALUATE_BATCH_SIZE, report_batch_item_failures=True,
            max_concurrency=None if pollers else config.evaluate_max_concurrency,
            provisioned_poller_config=lambda_.ProvisionedPollerConfig(minimum_pollers=pollers[0],
                                                                      maximum_pollers=pollers[1])
            if pollers else None))
        # One message at a time: a job to cut, a volume to build or an answers file each take an assembler.
        self.assemble.add_event_source(sources.SqsEventSource(
            messaging.assemble.queue, batch_size=1, report_batch_item_failures=True,
            max_concurrency=config.assemble_max_concurrency))

        self._permissions(keys, storage, messaging)

    @property
    def all(self) -> dict[str, lambda_.Function]:
        return {"split": self.split, "evaluate": self.evaluate, "assemble": self.assemble}

    def _function(self, name: str, config: Config, keys: Keys, source: sqs.IQueue, reserved: int,
                  description: str) -> lambda_.Function:
        built = build_function(self, name, config=config, keys=keys, layer=self.layer, sizing=SIZING[name],
                               environment={**self.environment.to_env(), **POWERTOOLS_ENVIRONMENT},
                               sources=[source], reserved=reserved, description=description)
        self.log_groups[name], self.roles[name], self.policies[name] = built.log_group, built.role, built.policy
        return built.function

    def _permissions(self, keys: Keys, storage: Storage, messaging: Messaging) -> None:
        intake, output = storage.intake, storage.output
        office_settings = intake.arn_for_objects(f"{CONFIG_PREFIX}*")
        chunks, parts, volumes = job_objects(intake)
        allow = _allow

        for policy in self.policies.values():
            # Every function reads office settings (a job's by the version it was split under); without
            # ListBucket an absent settings file would be AccessDenied rather than NoSuchKey (which means
            # "use the defaults").
            allow(policy, ["s3:GetObject", "s3:GetObjectVersion"], [office_settings])
            allow(policy, ["s3:ListBucket"], [intake.bucket_arn])
            allow(policy, JOB_ITEM_ACTIONS, [storage.jobs.table_arn])
            allow(policy, ["sns:Publish"], [messaging.topic.topic_arn])  # FAILED (and COMPLETE) announcements
            allow(policy, DATA_KEY_ACTIONS, [keys.data.key_arn])

        split = self.policies["split"]
        allow(split, ["s3:GetObject", "s3:GetObjectVersion"], [intake.arn_for_objects(f"{INCOMING_PREFIX}*")])
        allow(split, ["s3:PutObject"], [chunks, intake.arn_for_objects(f"{INCOMING_PREFIX}*{ERROR_REPORT_SUFFIX}")])
        # A file with no rows goes straight to the assembler.
        allow(split, ["sqs:SendMessage"], [messaging.chunks.queue.queue_arn, messaging.assemble.queue.queue_arn])

        evaluate = self.policies["evaluate"]
        allow(evaluate, ["s3:GetObject"], [chunks])
        allow(evaluate, ["s3:PutObject"], [parts])
        allow(evaluate, RESULT_WRITE_ACTIONS, [storage.results.table_arn])
        allow(evaluate, IDEMPOTENCY_ACTIONS, [storage.idempotency.table_arn])
        allow(evaluate, ["sqs:SendMessage"], [messaging.assemble.queue.queue_arn])

        assemble = self.policies["assemble"]
        # The cut stores each volume's results (and the plan) for the volume's own assembler.
        allow(assemble, ["s3:GetObject"], [parts, volumes])
        allow(assemble, ["s3:PutObject"], [volumes])
        allow(assemble, ["sqs:SendMessage"], [messaging.assemble.queue.queue_arn])
        # Multipart uploads of large outputs: PutObject covers create/upload part/complete.
        allow(assemble, ["s3:PutObject", "s3:AbortMultipartUpload"], [output.arn_for_objects(f"{BUNDLES_PREFIX}*")])
        allow(assemble, ["kms:Sign", "kms:GetPublicKey"], [key.key_arn for key in keys.signing.values()])
        # An office's answers file, handed on by the splitter: read by its version, a report beside it when
        # it is refused; the latest version of each bundle it changes and the job's charge index are read
        # back from the outputs.
        allow(assemble, ["s3:GetObject", "s3:GetObjectVersion"], [answers_files(intake)])
        allow(assemble, ["s3:PutObject"], [answers_reports(intake)])
        allow(assemble, ["s3:GetObject"], [output.arn_for_objects(f"{BUNDLES_PREFIX}*")])


@dataclass(frozen=True)
class BuiltFunction:
    function: lambda_.Function
    log_group: logs.LogGroup
    role: iam.Role
    policy: iam.ManagedPolicy


def build_function(scope: Construct, name: str, *, config: Config, keys: Keys, layer: lambda_.ILayerVersion,
                   sizing: Sizing, environment: dict[str, str], sources: list[sqs.IQueue], reserved: int,
                   description: str) -> BuiltFunction:
    """One relief function as the stack makes them all: functions/<name>/app.py on the layer, its own log group
    (encrypted with the audit key, kept `log_retention_days`), its own role whose one managed policy starts with
    its log group, tracing and the queues it consumes, active tracing and reserved concurrency."""
    title = "".join(part.title() for part in name.split("_"))
    log_group = logs.LogGroup(scope, f"{title}Logs",
                              log_group_name=f"{log_group_prefix(Stack.of(scope))}lambda/{name}",
                              encryption_key=keys.audit, retention=retention(config.log_retention_days),
                              removal_policy=RemovalPolicy.RETAIN)
    role = iam.Role(scope, f"{title}Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                    description=f"relief {name} function")
    policy = iam.ManagedPolicy(role, "Permissions", roles=[role], description=f"relief {name} function")
    # Instead of the AWSLambdaBasicExecutionRole managed policy: this function's own log group only.
    policy.add_statements(
        iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                            resources=[log_group.log_group_arn]),
        iam.PolicyStatement(actions=TRACING_ACTIONS, resources=["*"]))
    if sources:
        policy.add_statements(iam.PolicyStatement(actions=CONSUME_ACTIONS,
                                                  resources=[queue.queue_arn for queue in sources]))
    function = lambda_.Function(
        scope, title, description=f"relief {name}: {description}",
        runtime=RUNTIME, architecture=ARCHITECTURE, handler="app.handler",
        code=lambda_.Code.from_asset(str(FUNCTIONS / name), exclude=list(EXCLUDE)),
        layers=[layer], role=role.without_policy_updates(), log_group=log_group,
        timeout=Duration.seconds(sizing.timeout_s), memory_size=sizing.memory_mb,
        ephemeral_storage_size=Size.mebibytes(sizing.ephemeral_mb),
        reserved_concurrent_executions=reserved, environment=environment, tracing=lambda_.Tracing.ACTIVE)
    # A queue trigger is checked against the role when it is created: the policy must be attached first.
    function.node.add_dependency(policy)
    return BuiltFunction(function, log_group, role, policy)


def answers_files(intake: s3.IBucket) -> str:
    """incoming/*/reviews/*: the offices' answers files."""
    return intake.arn_for_objects(answers_objects_pattern())


def answers_reports(intake: s3.IBucket) -> str:
    """incoming/*/reviews/*.error.txt: the report beside a refused answers file."""
    return intake.arn_for_objects(f"{answers_objects_pattern()}{ERROR_REPORT_SUFFIX}")


def job_objects(intake: s3.IBucket) -> tuple[str, str, str]:
    """The ARNs of a job's working objects in the intake bucket: chunks, result parts, volumes."""
    chunks, parts, volumes = (intake.arn_for_objects(job_objects_pattern(kind))
                              for kind in (CHUNKS, RESULT_PARTS, VOLUMES))
    return chunks, parts, volumes


def _allow(policy: iam.ManagedPolicy, actions: list[str], resources: list[str]) -> None:
    policy.add_statements(iam.PolicyStatement(actions=actions, resources=resources))

