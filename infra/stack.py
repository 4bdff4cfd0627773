"""The relief stack: keys, storage, queues, functions, office roles, monitoring, and their wiring."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from relief.pipeline.keys import BUNDLES_PREFIX, CONFIG_PREFIX, ERROR_REPORT_SUFFIX, INCOMING_PREFIX

from . import nag
from .access import OfficeAccess
from .config import Config
from .failure_paths import FailurePaths
from .functions import Functions, job_objects
from .keys import Keys
from .monitoring import Monitoring
from .queues import Messaging
from .storage import Storage


class ReliefStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: Config, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        self.config = config
        self.keys = Keys(self, "Keys", config=config)
        self.storage = Storage(self, "Storage", config=config, key=self.keys.data)
        self.messaging = Messaging(self, "Messaging", key=self.keys.data, alarm_email=config.alarm_email)
        self._notify_uploads()
        self.functions = Functions(self, "Functions", config=config, keys=self.keys, storage=self.storage,
                                   messaging=self.messaging)
        self.failure_paths = FailurePaths(self, "FailurePaths", config=config, keys=self.keys, storage=self.storage,
                                          messaging=self.messaging, functions=self.functions)
        self.access = OfficeAccess(self, "OfficeAccess", config=config, intake=self.storage.intake,
                                   output=self.storage.output, key=self.keys.data)
        self.monitoring = Monitoring(self, "Monitoring", topic=self.messaging.topic, queues=self.messaging.pairs,
                                     functions=self.functions.all)
        self._outputs()
        self._acknowledgements()

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
        for office, role in self.access.roles.items():
            CfnOutput(self, f"OfficeRole-{office}", value=role.role_arn,
                      description=f"The role {office} assumes to upload and download")
        for owner, key in self.keys.signing.items():
            CfnOutput(self, f"SigningKey-{'shared' if owner == '*' else owner}", value=key.key_arn,
                      description="aws kms get-public-key --key-id <this>: the key courts verify bundles with")

    def _acknowledgements(self) -> None:
        """Every AwsSolutions finding this stack accepts, each with its reason."""
        intake, output = self.storage.intake, self.storage.output
        why_prefix = "Object-level permission scoped to a key prefix; S3 object ARNs name prefixes with a wildcard."
        for name, role in self.functions.roles.items():
            nag.wildcard_resource(role, "*", "X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) "
                                             "support no resource-level permissions.")
            nag.acknowledge(self.functions.all[name], "AwsSolutions-L1",
                            "Python 3.12 on purpose: the layer's wheels are built for cp312 and the code is "
                            "tested on it; move runtime and layer platform together.")
            nag.wildcard_resource(role, intake.arn_for_objects(f"{CONFIG_PREFIX}*"),
                                  "Reads office settings files config/offices/<office>.toml; " + why_prefix)
        roles = self.functions.roles
        chunks, parts, orders = job_objects(intake)
        nag.wildcard_resource(roles["split"], intake.arn_for_objects(f"{INCOMING_PREFIX}*"),
                              "The splitter reads any office's upload under incoming/; " + why_prefix)
        nag.wildcard_resource(roles["split"], intake.arn_for_objects(f"{INCOMING_PREFIX}*{ERROR_REPORT_SUFFIX}"),
                              "The splitter writes only <upload>.error.txt reports beside a refused upload; "
                              + why_prefix)
        nag.wildcard_resource(roles["split"], chunks, "The splitter writes a job's chunks jobs/<job>/chunks/; "
                              + why_prefix)
        nag.wildcard_resource(roles["evaluate"], chunks, "An evaluator reads the chunks jobs/<job>/chunks/; "
                              + why_prefix)
        nag.wildcard_resource(roles["evaluate"], parts, "An evaluator writes result parts jobs/<job>/results/; "
                              + why_prefix)
        nag.wildcard_resource(roles["evaluate"], orders, "An evaluator writes the proposed orders it renders "
                              "jobs/<job>/orders/; " + why_prefix)
        nag.wildcard_resource(roles["assemble"], parts, "The assembler reads result parts jobs/<job>/results/; "
                              + why_prefix)
        nag.wildcard_resource(roles["assemble"], orders, "The assembler reads the evaluators' orders "
                              "jobs/<job>/orders/; " + why_prefix)
        nag.wildcard_resource(roles["assemble"], output.arn_for_objects(f"{BUNDLES_PREFIX}*"),
                              "The assembler writes every office's bundles under bundles/<office>/<job>/; "
                              + why_prefix)

        for office, role in self.access.roles.items():
            nag.wildcard_resource(role, intake.arn_for_objects(f"{INCOMING_PREFIX}{office}/*"),
                                  f"Office {office} uploads only under its own incoming/{office}/; " + why_prefix)
            nag.wildcard_resource(role, output.arn_for_objects(f"{BUNDLES_PREFIX}{office}/*"),
                                  f"Office {office} downloads only its own bundles/{office}/; " + why_prefix)

