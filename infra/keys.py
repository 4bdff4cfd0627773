"""KMS keys: one customer-managed key for data at rest, and the signing keys for bundles."""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from .config import Config

SHARED = "*"  # the signing-key map's entry for "every office" (relief.pipeline.environment.Environment.signing_key_for)


class Keys(Construct):
    """`data` encrypts buckets, queues, tables and the topic; `signing` maps office (or "*") to its key."""

    def __init__(self, scope: Construct, id: str, *, config: Config) -> None:
        super().__init__(scope, id)
        stack = Stack.of(self)
        prefix = f"alias/{stack.stack_name}"
        self.data = kms.Key(
            self, "DataKey", alias=f"{prefix}/data", enable_key_rotation=True,
            description="relief: data at rest (uploads, chunks, results, bundles, queues, tables, topic)",
            removal_policy=RemovalPolicy.RETAIN)
        # CloudWatch alarms publish to the encrypted topic: the service needs the key to do so.
        self.data.add_to_resource_policy(iam.PolicyStatement(
            sid="AllowCloudWatchAlarmsToPublishToTheEncryptedTopic",
            principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
            actions=["kms:Decrypt", "kms:GenerateDataKey"], resources=["*"]))
        # S3 sends upload events to the encrypted intake-events queue (AWS's documented statement: the queue's
        # own policy limits which account's buckets may send).
        self.data.add_to_resource_policy(iam.PolicyStatement(
            sid="AllowS3EventNotificationsToTheEncryptedQueue",
            principals=[iam.ServicePrincipal("s3.amazonaws.com")],
            actions=["kms:Decrypt", "kms:GenerateDataKey"], resources=["*"]))

        owners = [SHARED] if config.shared_signing_key else [office.name for office in config.offices]
        self.signing: dict[str, kms.Key] = {}
        for owner in owners:
            label = "shared" if owner == SHARED else owner
            if config.signing_key_generation > 1:  # a rotation: a new key beside the retained old one
                label = f"{label}-v{config.signing_key_generation}"
            self.signing[owner] = kms.Key(
                self, f"SigningKey-{label}", alias=f"{prefix}/signing/{label}",
                key_spec=kms.KeySpec.ECC_NIST_P256, key_usage=kms.KeyUsage.SIGN_VERIFY,
                description=f"relief: signs the filing bundles of {'every office' if owner == SHARED else owner}",
                # Asymmetric keys cannot rotate automatically: docs/deploy.md says how to rotate by hand.
                enable_key_rotation=False,
                # A deleted key can no longer give its public key: bundles it signed stay verifiable only
                # with a copy of that public key, so keep it.
                removal_policy=RemovalPolicy.RETAIN)

    def signing_key_for(self, office: str) -> kms.Key:
        return self.signing.get(office) or self.signing[SHARED]

    def signing_keys_variable(self) -> str:
        """RELIEF_SIGNING_KEYS: "office=<key arn>,..." or "*=<key arn>"."""
        return ",".join(f"{owner}={key.key_arn}" for owner, key in self.signing.items())
