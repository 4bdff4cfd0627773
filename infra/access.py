"""One IAM role per office: upload under incoming/<office>/ and read the error reports there, download under
bundles/<office>/, nothing else.

Who may assume the role is the office's `principals`: roles (an IAM Identity Center permission set's role,
whose sign-in enforces MFA) as they are, and people (IAM users, or the account's users when a single office
names no one) only with MFA.
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from relief.pipeline.keys import BUNDLES_PREFIX, ERROR_REPORT_SUFFIX, INCOMING_PREFIX

from .config import Config, Office

ASSUME = ["sts:AssumeRole"]
WITH_MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}


def role_name(stack_name: str, office: str) -> str:
    return f"{stack_name.lower()}-office-{office}"


class OfficeAccess(Construct):
    def __init__(self, scope: Construct, id: str, *, config: Config, intake: s3.IBucket, output: s3.IBucket,
                 key: kms.IKey) -> None:
        super().__init__(scope, id)
        self.roles: dict[str, iam.Role] = {}
        self.policies: dict[str, iam.ManagedPolicy] = {}
        for office in config.offices:
            self.roles[office.name] = self._role(office, intake, output, key)

    def _role(self, office: Office, intake: s3.IBucket, output: s3.IBucket, key: kms.IKey) -> iam.Role:
        stack = Stack.of(self)
        uploads = f"{INCOMING_PREFIX}{office.name}/"
        bundles = f"{BUNDLES_PREFIX}{office.name}/"
        roles = [iam.ArnPrincipal(arn) for arn in office.roles()]
        people = ([iam.ArnPrincipal(arn) for arn in office.people()] if office.principals
                  else [iam.AccountRootPrincipal()])  # a single office that names no one: the account's users
        title = "".join(part.title() for part in office.name.split("-"))
        first = (iam.CompositePrincipal(*roles) if roles
                 else iam.PrincipalWithConditions(iam.CompositePrincipal(*people), WITH_MFA))
        role = iam.Role(
            self, f"{title}Role", role_name=role_name(stack.stack_name, office.name), assumed_by=first,
            description=f"relief: {office.county} County State's Attorney ({office.name}): upload under "
                        f"{uploads}, download under {bundles}")
        if roles and people:
            role.assume_role_policy.add_statements(iam.PolicyStatement(  # type: ignore[union-attr]
                actions=ASSUME, principals=people, conditions=WITH_MFA))

        policy = iam.ManagedPolicy(role, "OfficeAccess", roles=[role], description=f"relief office {office.name}")
        policy.add_statements(
            iam.PolicyStatement(sid="UploadStatePoliceFiles", actions=["s3:PutObject"],
                                resources=[intake.arn_for_objects(f"{uploads}*")]),
            # The splitter's report on a refused upload lies beside it: <upload>.error.txt.
            iam.PolicyStatement(sid="ReadErrorReports", actions=["s3:GetObject"],
                                resources=[intake.arn_for_objects(f"{uploads}*{ERROR_REPORT_SUFFIX}")]),
            iam.PolicyStatement(sid="ListUploads", actions=["s3:ListBucket"], resources=[intake.bucket_arn],
                                conditions={"StringLike": {"s3:prefix": [uploads, f"{uploads}*"]}}),
            iam.PolicyStatement(sid="DownloadBundles", actions=["s3:GetObject", "s3:GetObjectVersion"],
                                resources=[output.arn_for_objects(f"{bundles}*")]),
            iam.PolicyStatement(sid="ListBundles", actions=["s3:ListBucket"], resources=[output.bucket_arn],
                                conditions={"StringLike": {"s3:prefix": [bundles, f"{bundles}*"]}}),
            # SSE-KMS: uploading asks for a data key, downloading (and multipart upload) for a decrypt; only
            # through S3, whose own permissions above say which objects.
            iam.PolicyStatement(sid="UseTheDataKeyThroughS3Only", actions=["kms:GenerateDataKey", "kms:Decrypt"],
                                resources=[key.key_arn],
                                conditions={"StringEquals": {"kms:ViaService": f"s3.{stack.region}.amazonaws.com"}}),
        )
        self.policies[office.name] = policy
        return role
