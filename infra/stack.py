"""The relief stack: keys, storage, queues, functions, office roles, monitoring, and their wiring."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from relief.pipeline.keys import BUNDLES_PREFIX, CONFIG_PREFIX, INCOMING_PREFIX

from .access import OfficeAccess
from .acknowledgements import acknowledge_findings
from .audit import Audit
from .config import Config
from .failure_paths import FailurePaths
from .functions import Functions
from .keys import Keys
from .monitoring import Monitoring
from .queues import Messaging
from .storage import Storage


class ReliefStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: Config, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        self.config = config
        self.keys = Keys(self, "Keys", config=config)
        self.storage = Storage(self, "Storage", config=config, key=self.keys.data, audit_key=self.keys.audit)
        self.audit = Audit(self, "Audit", config=config, key=self.keys.audit, bucket=self.storage.audit,
                           data_buckets=list(self.storage.data_buckets.values()))
        self.messaging = Messaging(self, "Messaging", key=self.keys.data, alarm_email=config.alarm_email)
        self._notify_uploads()
        self.functions = Functions(self, "Functions", config=config, keys=self.keys, storage=self.storage,
                                   messaging=self.messaging)
        self.keys.allow_signing(self.functions.roles["assemble"])
        self.failure_paths = FailurePaths(self, "FailurePaths", config=config, keys=self.keys, storage=self.storage,
                                          messaging=self.messaging, functions=self.functions)
        self.access = OfficeAccess(self, "OfficeAccess", config=config, intake=self.storage.intake,
                                   output=self.storage.output, key=self.keys.data)
        self.monitoring = Monitoring(self, "Monitoring", topic=self.messaging.topic, queues=self.messaging.pairs,
                                     functions=self.functions.all)
        self._outputs()
        acknowledge_findings(self)

    def _notify_uploads(self) -> None:
        """Every object created under incoming/ (any suffix) -> the intake-events queue.

        Set on the bucket itself, not with aws_s3_notifications.SqsDestination: that grants S3 the data key
        on condition of the bucket's ARN while the bucket is encrypted with the key, a dependency cycle.
        The queue accepts S3 messages from this account's buckets only; the splitter ignores other keys.
        """
        queue, bucket = self.messaging.intake.queue, self.storage.intake
        queue.add_to_resource_policy(iam.PolicyStatement(
            sid="AllowS3UploadEventsFromThisAccount", principals=[iam.ServicePrincipal("s3.amazonaws.com")],
            actions=["sqs:SendMessage"], resources=[queue.queue_arn],
            conditions={"StringEquals": {"aws:SourceAccount": self.account}}))
        cfn = bucket.node.default_child
        assert isinstance(cfn, s3.CfnBucket)
        cfn.notification_configuration = s3.CfnBucket.NotificationConfigurationProperty(queue_configurations=[
            s3.CfnBucket.QueueConfigurationProperty(
                event="s3:ObjectCreated:*", queue=queue.queue_arn,
                filter=s3.CfnBucket.NotificationFilterProperty(s3_key=s3.CfnBucket.S3KeyFilterProperty(
                    rules=[s3.CfnBucket.FilterRuleProperty(name="prefix", value=INCOMING_PREFIX)])))])
        # S3 checks it may send (queue policy, key policy) when the configuration is set.
        policy = queue.node.find_child("Policy")  # the queue's AWS::SQS::QueuePolicy
        bucket.node.add_dependency(policy)

    def _outputs(self) -> None:
        CfnOutput(self, "IntakeBucket", value=self.storage.intake.bucket_name,
                  description=f"Offices upload to {INCOMING_PREFIX}<office>/; settings go to {CONFIG_PREFIX}")
        CfnOutput(self, "OutputBucket", value=self.storage.output.bucket_name,
                  description=f"Bundles appear under {BUNDLES_PREFIX}<office>/<job>/")
        CfnOutput(self, "JobEventsTopic", value=self.messaging.topic.topic_arn)
        CfnOutput(self, "JobsTable", value=self.storage.jobs.table_name)
        CfnOutput(self, "AuditBucket", value=self.storage.audit.bucket_name,
                  description="CloudTrail files: S3 data events of the data buckets, KMS use, role sessions")
        CfnOutput(self, "AuditLogGroup", value=self.audit.log_group.log_group_name,
                  description="The same trail in CloudWatch Logs, for Logs Insights queries (docs/deploy.md)")
        for office, role in self.access.roles.items():
            CfnOutput(self, f"OfficeRole-{office}", value=role.role_arn,
                      description=f"The role {office} assumes to upload and download")
        for owner, key in self.keys.signing.items():
            CfnOutput(self, f"SigningKey-{'shared' if owner == '*' else owner}", value=key.key_arn,
                      description="aws kms get-public-key --key-id <this>: the key courts verify bundles with")
