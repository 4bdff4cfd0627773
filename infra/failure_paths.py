"""What keeps a job from being stuck or lost: the sweeper (an EventBridge schedule -> Lambda) and the
dead-letters function (each stage's dead-letter queue -> Lambda), the sparse index of unfinished
jobs the sweeper reads, the splitter's quarantine of uploads for unknown offices, and the list of
configured offices every function is told.

One construct, wired into the stack by a couple of lines (stack.py); its functions are built as the
stages' are (functions.build_function) and acknowledged with them (acknowledgements.py).
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
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

from .config import Config, ConfigError
from .functions import (
    DATA_KEY_ACTIONS,
    JOB_ITEM_ACTIONS,
    POWERTOOLS_ENVIRONMENT,
    Functions,
    Sizing,
    build_function,
)
from .keys import Keys
from .queues import Messaging
from .storage import Storage

MEMORY_MB = 512


# The sweeper runs alone (one schedule); the dead-letters function reads three small queues.
RESERVED = {"sweep": 1, "dead_letters": 2}
SIZING = {"sweep": Sizing(memory_mb=MEMORY_MB, ephemeral_mb=512, timeout_s=SWEEP_TIMEOUT),
          "dead_letters": Sizing(memory_mb=MEMORY_MB, ephemeral_mb=512, timeout_s=DEAD_LETTERS_TIMEOUT)}


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

        dead_letter_queues = [pair.dlq for pair in messaging.pairs.values()]
        self.policies: dict[str, iam.ManagedPolicy] = {}
        self.roles: dict[str, iam.Role] = {}
        self.sweep = self._function(config, keys, functions, "sweep", [],
                                    "every few minutes: jobs stuck past their stage's limit -> FAILED")
        self.dead_letters = self._function(config, keys, functions, "dead_letters", dead_letter_queues,
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
        for queue in dead_letter_queues:
            _visibility(queue, VISIBILITY_FACTOR * DEAD_LETTERS_TIMEOUT)
            self.dead_letters.add_event_source(sources.SqsEventSource(
                queue, batch_size=10, report_batch_item_failures=True))

        self._permissions(keys, storage, messaging, functions)
        self._alarms(messaging)

    @property
    def all(self) -> dict[str, lambda_.Function]:
        return {"sweep": self.sweep, "dead_letters": self.dead_letters}

    def _function(self, config: Config, keys: Keys, functions: Functions, name: str, queues: list[sqs.IQueue],
                  description: str) -> lambda_.Function:
        built = build_function(self, name, config=config, keys=keys, layer=functions.layer, sizing=SIZING[name],
                               environment=self.environment, sources=queues, reserved=RESERVED[name],
                               description=description)
        self.roles[name], self.policies[name] = built.role, built.policy
        return built.function

    def _permissions(self, keys: Keys, storage: Storage, messaging: Messaging, functions: Functions) -> None:
        jobs = storage.jobs
        for policy in self.policies.values():
            _allow(policy, JOB_ITEM_ACTIONS, [jobs.table_arn])  # read a job, fail it (dead letters: create it)
            _allow(policy, ["sns:Publish"], [messaging.topic.topic_arn])  # the FAILED announcement
            _allow(policy, DATA_KEY_ACTIONS, [keys.data.key_arn])
        _allow(self.policies["sweep"], ["dynamodb:Query"], [f"{jobs.table_arn}/index/{UNFINISHED_INDEX}"])

        # The splitter moves an upload for an unknown office to the job area's quarantine: a copy (read the
        # upload, write the quarantine, in parts when large), then the upload deleted.
        intake = storage.intake
        split = functions.policies["split"]
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


def _visibility(queue: sqs.IQueue, seconds: int) -> None:
    """A dead-letter queue read by a function: its visibility timeout at least six times the function's."""
    cfn = queue.node.default_child
    assert isinstance(cfn, sqs.CfnQueue)
    cfn.visibility_timeout = seconds


def _allow(policy: iam.ManagedPolicy, actions_: list[str], resources: list[str]) -> None:
    policy.add_statements(iam.PolicyStatement(actions=actions_, resources=resources))
