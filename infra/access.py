"""One IAM role per office: upload under incoming/<office>/, download under bundles/<office>/, nothing else."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from relief.pipeline.keys import BUNDLES_PREFIX, INCOMING_PREFIX

from .config import Config, Office


def role_name(stack_name: str, office: str) -> str:
    return f"{stack_name.lower()}-office-{office}"


class OfficeAccess(Construct):
    def __init__(self, scope: Construct, id: str, *, config: Config, intake: s3.IBucket, output: s3.IBucket,
                 key: kms.IKey) -> None:
        super().__init__(scope, id)
        self.roles: dict[str, iam.Role] = {}
        for office in config.offices:
            self.roles[office.name] = self._role(office, intake, output, key)

    def _role(self, office: Office, intake: s3.IBucket, output: s3.IBucket, key: kms.IKey) -> iam.Role:
        stack = Stack.of(self)
        principals = ([iam.ArnPrincipal(arn) for arn in office.principals] if office.principals
                      else [iam.AccountRootPrincipal()])
        uploads = f"{INCOMING_PREFIX}{office.name}/"
        bundles = f"{BUNDLES_PREFIX}{office.name}/"
        document = iam.PolicyDocument(statements=[
            iam.PolicyStatement(sid="UploadStatePoliceFiles", actions=["s3:PutObject"],
                                resources=[intake.arn_for_objects(f"{uploads}*")]),
            iam.PolicyStatement(sid="DownloadBundles", actions=["s3:GetObject", "s3:GetObjectVersion"],
                                resources=[output.arn_for_objects(f"{bundles}*")]),
            iam.PolicyStatement(sid="ListBundles", actions=["s3:ListBucket"], resources=[output.bucket_arn],
                                conditions={"StringLike": {"s3:prefix": [bundles, f"{bundles}*"]}}),
            # SSE-KMS: uploading asks for a data key, downloading (and multipart upload) for a decrypt;
            # only through S3, never directly.
            iam.PolicyStatement(sid="UseTheDataKeyThroughS3Only", actions=["kms:GenerateDataKey", "kms:Decrypt"],
                                resources=[key.key_arn],
                                conditions={"StringEquals": {"kms:ViaService": f"s3.{stack.region}.amazonaws.com"}}),
        ])
        title = "".join(part.title() for part in office.name.split("-"))
        return iam.Role(
            self, f"{title}Role", role_name=role_name(stack.stack_name, office.name),
            assumed_by=iam.CompositePrincipal(*principals) if len(principals) > 1 else principals[0],
            description=f"relief: {office.county} County State's Attorney ({office.name}): upload under "
                        f"{uploads}, download under {bundles}",
            inline_policies={"OfficeAccess": document})
