"""KMS keys: the data key (data at rest), the audit key (trail and logs), and the bundles' signing keys.

Who may do what with each key is written in its key policy:
- signing keys: no account-root statement, so IAM policies grant nothing on them (no IAM delegation);
  only the assembler's role may sign, an explicit deny stops every other principal, and only the
  administrators (relief:admins and CloudFormation's deployment role) administer;
- data and audit keys: administered like any key of the account (IAM delegation), and the AWS services
  that encrypt with them on the stack's behalf may do so only for this account and its resources.
"""

from __future__ import annotations

from aws_cdk import Aws, DefaultStackSynthesizer, Fn, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from .config import Config

SHARED = "*"  # the signing-key map's entry for "every office" (relief.pipeline.environment.Environment.signing_key_for)

# What an administrator may do with a signing key: manage it, never use it. No kms:CreateGrant (a grant
# would hand kms:Sign to another principal outside the key policy) and no kms:Sign.
ADMIN_ACTIONS = [
    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:GetPublicKey", "kms:ListKeyPolicies",
    "kms:ListResourceTags", "kms:ListGrants", "kms:PutKeyPolicy", "kms:EnableKey", "kms:DisableKey",
    "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias", "kms:RevokeGrant",
]
SIGN_ACTIONS = ["kms:Sign", "kms:GetPublicKey", "kms:DescribeKey"]  # the assembler's: sign, and describe the key
# What a service encrypting a resource for the stack asks of the key.
SERVICE_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"]
LOGS_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]


def log_group_prefix(stack: Stack) -> str:
    """Every log group of the stack is named under this prefix, so a key policy can name them without a reference
    (a log group encrypted with the key cannot also be referenced from the key's policy: a dependency cycle)."""
    return f"/{stack.stack_name}/"


def deployment_role_arn(stack: Stack) -> str | None:
    """The role CloudFormation deploys the stack with: it must be able to update the key policies it creates."""
    synthesizer = stack.synthesizer
    if isinstance(synthesizer, DefaultStackSynthesizer):
        return Fn.sub(synthesizer.cloud_formation_execution_role_arn)
    return None


class Keys(Construct):
    """`data` encrypts buckets, queues, tables and the topic; `audit` the trail, its bucket and the log groups;
    `signing` maps office (or "*") to its key. Call `allow_signing` once the assembler's role exists."""

    def __init__(self, scope: Construct, id: str, *, config: Config) -> None:
        super().__init__(scope, id)
        stack = Stack.of(self)
        prefix = f"alias/{stack.stack_name}"
        deployer = deployment_role_arn(stack)
        self.admins = [*config.admins, *([deployer] if deployer else [])]
        if not self.admins:
            raise ValueError("no key administrator: set relief:admins (this synthesizer has no deployment role)")

        self.data = kms.Key(
            self, "DataKey", alias=f"{prefix}/data", enable_key_rotation=True,
            description="relief: data at rest (uploads, chunks, results, bundles, queues, tables, topic)",
            removal_policy=RemovalPolicy.RETAIN)
        account = {"aws:SourceAccount": Aws.ACCOUNT_ID}
        alarms = f"arn:{Aws.PARTITION}:cloudwatch:{Aws.REGION}:{Aws.ACCOUNT_ID}:alarm:*"
        # CloudWatch alarms publish to the encrypted topic: the service needs the key to do so, for this
        # account's alarms only.
        self.data.add_to_resource_policy(iam.PolicyStatement(
            sid="AllowCloudWatchAlarmsToPublishToTheEncryptedTopic",
            principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")], actions=SERVICE_ACTIONS, resources=["*"],
            conditions={"StringEquals": account, "ArnLike": {"aws:SourceArn": alarms}}))
        # S3 sends upload events to the encrypted intake-events queue. The source is this account's S3 (the
        # bucket's own ARN would make a cycle: the bucket is encrypted with this key); the queue's policy names
        # the account's buckets that may send.
        self.data.add_to_resource_policy(iam.PolicyStatement(
            sid="AllowS3EventNotificationsToTheEncryptedQueue",
            principals=[iam.ServicePrincipal("s3.amazonaws.com")], actions=SERVICE_ACTIONS, resources=["*"],
            conditions={"StringEquals": account, "ArnLike": {"aws:SourceArn": f"arn:{Aws.PARTITION}:s3:::*"}}))

        self.audit = kms.Key(
            self, "AuditKey", alias=f"{prefix}/audit", enable_key_rotation=True,
            description="relief: audit records (CloudTrail files, their bucket, the CloudWatch log groups)",
            removal_policy=RemovalPolicy.RETAIN)
        # CloudWatch Logs encrypts the stack's log groups (named under log_group_prefix) for this account.
        self.audit.add_to_resource_policy(iam.PolicyStatement(
            sid="AllowCloudWatchLogsForThisStacksLogGroups",
            principals=[iam.ServicePrincipal(f"logs.{Aws.REGION}.amazonaws.com")], actions=LOGS_ACTIONS,
            resources=["*"],
            conditions={"ArnLike": {"kms:EncryptionContext:aws:logs:arn":
                                    f"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:"
                                    f"{log_group_prefix(stack)}*"}}))

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
                # A policy of our own: CDK's default (account root kms:*) would let IAM decide who signs.
                policy=self._administration(),
                # Asymmetric keys cannot rotate automatically: docs/deploy.md says how to rotate by hand.
                enable_key_rotation=False,
                # A deleted key can no longer give its public key: bundles it signed stay verifiable only
                # with a copy of that public key, so keep it.
                removal_policy=RemovalPolicy.RETAIN)

    def _administration(self) -> iam.PolicyDocument:
        return iam.PolicyDocument(statements=[iam.PolicyStatement(
            sid="AdministratorsAdministerButNeverSign", principals=[iam.ArnPrincipal(arn) for arn in self.admins],
            actions=ADMIN_ACTIONS, resources=["*"])])

    def allow_signing(self, assembler: iam.IRole) -> None:
        """Only the assembler's role signs: allowed by name in each key policy, every other principal denied."""
        for key in self.signing.values():
            key.add_to_resource_policy(iam.PolicyStatement(
                sid="OnlyTheAssemblerSigns", principals=[iam.ArnPrincipal(assembler.role_arn)],
                actions=SIGN_ACTIONS, resources=["*"]))
            key.add_to_resource_policy(iam.PolicyStatement(
                sid="DenySigningToEveryOtherPrincipal", effect=iam.Effect.DENY, principals=[iam.AnyPrincipal()],
                actions=["kms:Sign"], resources=["*"],
                conditions={"ArnNotEquals": {"aws:PrincipalArn": assembler.role_arn}}))

    def signing_key_for(self, office: str) -> kms.Key:
        return self.signing.get(office) or self.signing[SHARED]

    def signing_keys_variable(self) -> str:
        """RELIEF_SIGNING_KEYS: "office=<key arn>,..." or "*=<key arn>"."""
        return ",".join(f"{owner}={key.key_arn}" for owner, key in self.signing.items())
