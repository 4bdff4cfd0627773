"""What keeps a job from being stuck or lost: the sweeper (an EventBridge schedule -> Lambda) and the
dead-letters function (each stage's dead-letter queue -> Lambda), the sparse index of unfinished
jobs the sweeper reads, the splitter's quarantine of uploads for unknown offices, and the list of
configured offices every function is told.

One construct, wired into the stack by a couple of lines (stack.py), with its own roles written out
statement by statement as functions.py writes the stages', and its own cdk-nag acknowledgements.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Size
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from relief.pipeline.environment import (
    DEAD_LETTERS_TIMEOUT,
    SWEEP_EVERY_MINUTES,
    SWEEP_TIMEOUT,
    VISIBILITY_FACTOR,
    Environment,
)
from relief.pipeline.keys import INCOMING_PREFIX, QUARANTINE, UNFINISHED_INDEX, UNFINISHED_KEY, job_objects_pattern
from relief.pipeline.sweep import StuckAfterError, parse_stuck_after

from . import nag
from .config import Config, ConfigError
from .functions import (
    DATA_KEY_ACTIONS,
    FUNCTIONS,
    JOB_ITEM_ACTIONS,
    POWERTOOLS_ENVIRONMENT,
    Functions,
    retention,
)
from .keys import Keys
from .layer_bundling import ARCHITECTURE, EXCLUDE, RUNTIME
from .queues import Messaging
from .storage import Storage

MEMORY_MB = 512


class FailurePaths(Construct):
    def __init__(self, scope: Construct, id: str, *, config: Config, keys: Keys, storage: Storage,
                 messaging: Messaging, functions: Functions) -> None:
        super().__init__(scope, id)
        # Every function knows the offices the deployment serves: an upload for another is quarantined.
        offices = ",".join(office.name for office in config.offices)
        for function in functions.all.values():
            function.add_environment(Environment.variable("offices"), offices)
        self.environment = {**functions.environment.to_env(), Environment.variable("offices"): offices,
                            **POWERTOOLS_ENVIRONMENT}

        # The sweeper finds unfinished jobs in a sparse, keys-only index: a job in it only while unfinished.
        storage.jobs.add_global_secondary_index(
            index_name=UNFINISHED_INDEX, projection_type=dynamodb.ProjectionType.KEYS_ONLY,
            partition_key=dynamodb.Attribute(name=UNFINISHED_KEY, type=dynamodb.AttributeType.STRING))

        self.roles: dict[str, iam.Role] = {}
        self.sweep = self._function(config, functions, "sweep", SWEEP_TIMEOUT,
                                    "every few minutes: jobs stuck past their stage's limit -> FAILED")
        self.dead_letters = self._function(config, functions, "dead_letters", DEAD_LETTERS_TIMEOUT,
                                           "a message in a dead-letter queue -> its job FAILED")
        # relief:stuckAfter in cdk.json ("EVALUATING=60,..."): the sweeper's limits, checked here.
        limits = self.node.try_get_context("relief:stuckAfter") or ""
        try:
            parse_stuck_after(str(limits))
        except StuckAfterError as error:
            raise ConfigError(f"relief:stuckAfter: {error}") from None
        self.sweep.add_environment(Environment.variable("stuck_after"), str(limits))
        self.schedule = events.Rule(
            self, "SweepSchedule", schedule=events.Schedule.rate(Duration.minutes(SWEEP_EVERY_MINUTES)),
            description="relief: run the sweeper", targets=[targets.LambdaFunction(self.sweep, retry_attempts=2)])
        for pair in messaging.pairs.values():
            _visibility(pair.dlq, VISIBILITY_FACTOR * DEAD_LETTERS_TIMEOUT)
            self.dead_letters.add_event_source(sources.SqsEventSource(
                pair.dlq, batch_size=10, report_batch_item_failures=True))

        self._permissions(keys, storage, messaging, functions)
        self._alarms(messaging)
        self._acknowledgements(storage, functions)

    @property
    def all(self) -> dict[str, lambda_.Function]:
        return {"sweep": self.sweep, "dead_letters": self.dead_letters}

    def _function(self, config: Config, functions: Functions, name: str, timeout_s: int,
                  description: str) -> lambda_.Function:
        title = "".join(part.title() for part in name.split("_"))
        log_group = logs.LogGroup(self, f"{title}Logs", retention=retention(config.log_retention_days),
                                  removal_policy=RemovalPolicy.RETAIN)
        role = iam.Role(self, f"{title}Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                        description=f"relief {name} function")
        role.add_to_policy(iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                                               resources=[log_group.log_group_arn]))
        self.roles[name] = role
        return lambda_.Function(
            self, title, description=f"relief {name}: {description}",
            runtime=RUNTIME, architecture=ARCHITECTURE, handler="app.handler",
            code=lambda_.Code.from_asset(str(FUNCTIONS / name), exclude=list(EXCLUDE)),
            layers=[functions.layer], role=role, log_group=log_group, timeout=Duration.seconds(timeout_s),
            memory_size=MEMORY_MB, ephemeral_storage_size=Size.mebibytes(512),
            environment=self.environment, tracing=lambda_.Tracing.ACTIVE)

    def _permissions(self, keys: Keys, storage: Storage, messaging: Messaging, functions: Functions) -> None:
        jobs = storage.jobs
        for role in self.roles.values():
            _allow(role, JOB_ITEM_ACTIONS, [jobs.table_arn])  # read a job, fail it (dead letters: create it)
            _allow(role, ["sns:Publish"], [messaging.topic.topic_arn])  # the FAILED announcement
            _allow(role, DATA_KEY_ACTIONS, [keys.data.key_arn])
        _allow(self.roles["sweep"], ["dynamodb:Query"], [f"{jobs.table_arn}/index/{UNFINISHED_INDEX}"])
        # (The dead-letter queues' event sources grant the dead-letters function what reading them needs.)

        # The splitter moves an upload for an unknown office to the job area's quarantine: a copy (read the
        # upload, write the quarantine, in parts when large), then the upload deleted.
        intake = storage.intake
        split = functions.roles["split"]
        _allow(split, ["s3:PutObject", "s3:AbortMultipartUpload"], [intake.arn_for_objects(
            job_objects_pattern(QUARANTINE))])
        _allow(split, ["s3:DeleteObject"], [intake.arn_for_objects(f"{INCOMING_PREFIX}*")])

    def _alarms(self, messaging: Messaging) -> None:
        notify = actions.SnsAction(messaging.topic)
        for name, function in self.all.items():
            title = "".join(part.title() for part in name.split("_"))
            alarm = cloudwatch.Alarm(
                self, f"{title}Errors", metric=function.metric_errors(period=Duration.minutes(5), statistic="Sum"),
                threshold=0, evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                alarm_description=f"The {name} function reported errors: stuck jobs or dead letters may go unreported "
                                  f"until it works again.")
            alarm.add_alarm_action(notify)

    def _acknowledgements(self, storage: Storage, functions: Functions) -> None:
        why_prefix = "Object-level permission scoped to a key prefix; S3 object ARNs name prefixes with a wildcard."
        for name, role in self.roles.items():
            nag.wildcard_resource(role, "*", "X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) "
                                             "support no resource-level permissions.")
            nag.acknowledge(self.all[name], "AwsSolutions-L1",
                            "Python 3.12 on purpose: the layer's wheels are built for cp312 and the code is "
                            "tested on it; move runtime and layer platform together.")
        # (incoming/* for the splitter is acknowledged with the stage's other permissions, in stack.py.)
        nag.wildcard_resource(functions.roles["split"], storage.intake.arn_for_objects(job_objects_pattern(QUARANTINE)),
                              "The splitter moves an upload for an unknown office to jobs/<upload>/quarantine/; "
                              + why_prefix)


def _visibility(queue: sqs.Queue, seconds: int) -> None:
    """A dead-letter queue read by a function: its visibility timeout at least six times the function's."""
    cfn = queue.node.default_child
    assert isinstance(cfn, sqs.CfnQueue)
    cfn.visibility_timeout = seconds


def _allow(role: iam.Role, actions_: list[str], resources: list[str]) -> None:
    role.add_to_policy(iam.PolicyStatement(actions=actions_, resources=resources))
