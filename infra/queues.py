"""The SQS queues between the stages (each with a dead-letter queue) and the job-events topic."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Aws, Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from relief.pipeline.environment import (
    ASSEMBLE_TIMEOUT,
    EVALUATE_TIMEOUT,
    MAX_RECEIVE_COUNT,
    SPLIT_TIMEOUT,
    VISIBILITY_FACTOR,
)

DLQ_RETENTION = Duration.days(14)  # SQS's longest: time to fix a fault and redrive


@dataclass(frozen=True)
class QueuePair:
    queue: sqs.Queue
    dlq: sqs.Queue


class Messaging(Construct):
    """`intake` (S3 upload events -> split), `chunks` (split -> evaluate), `assemble` (evaluate -> assemble),
    and `topic` (job COMPLETE/FAILED announcements and alarms)."""

    def __init__(self, scope: Construct, id: str, *, key: kms.IKey, alarm_email: str | None) -> None:
        super().__init__(scope, id)
        self.intake = self._pair("IntakeEvents", key, SPLIT_TIMEOUT)
        self.chunks = self._pair("Chunks", key, EVALUATE_TIMEOUT)
        self.assemble = self._pair("Assemble", key, ASSEMBLE_TIMEOUT)
        self.topic = sns.Topic(self, "JobEvents", display_name="relief job events", master_key=key,
                               enforce_ssl=True)
        # The alarms' actions publish as CloudWatch: without this statement the topic refuses them.
        self.topic.add_to_resource_policy(iam.PolicyStatement(
            sid="AllowThisAccountsCloudWatchAlarmsToPublish",
            principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")], actions=["sns:Publish"],
            resources=[self.topic.topic_arn],
            conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}, "ArnLike": {
                "aws:SourceArn": f"arn:{Aws.PARTITION}:cloudwatch:{Aws.REGION}:{Aws.ACCOUNT_ID}:alarm:*"}}))
        if alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(alarm_email))

    @property
    def pairs(self) -> dict[str, QueuePair]:
        return {"IntakeEvents": self.intake, "Chunks": self.chunks, "Assemble": self.assemble}

    def _pair(self, id: str, key: kms.IKey, function_timeout: int) -> QueuePair:
        dlq = sqs.Queue(self, f"{id}DeadLetters", encryption=sqs.QueueEncryption.KMS, encryption_master_key=key,
                        data_key_reuse=Duration.hours(1), enforce_ssl=True, retention_period=DLQ_RETENTION)
        queue = sqs.Queue(
            self, id, encryption=sqs.QueueEncryption.KMS, encryption_master_key=key,
            data_key_reuse=Duration.hours(1), enforce_ssl=True,
            # Lambda's SQS event source: visibility at least six times the function's timeout.
            visibility_timeout=Duration.seconds(VISIBILITY_FACTOR * function_timeout),
            retention_period=Duration.days(4),
            dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=MAX_RECEIVE_COUNT))
        return QueuePair(queue, dlq)
