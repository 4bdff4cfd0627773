"""Synthesising the CDK stack for tests (offline, the layer's bundling skipped) and reading its template.

`synthesized()` is made once per test session: synthesis runs the four cdk-nag packs and the stack's
own encryption rule as `cdk synth` does and fails on any unacknowledged finding, so it succeeding is
itself the nag test.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import aws_cdk as cdk

from infra.app import build
from infra.stack import ReliefStack

CDK_JSON = Path(__file__).resolve().parents[2] / "cdk.json"
OFFICES = ["cook", "champaign"]
ACCOUNT = "111122223333"
COOK_CLERKS = f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_CookClerks_0123abcd"
COOK_PERSON = f"arn:aws:iam::{ACCOUNT}:user/cook-prosecutor"
CHAMPAIGN_CLERKS = f"arn:aws:iam::{ACCOUNT}:role/champaign-clerk"
ADMIN = f"arn:aws:iam::{ACCOUNT}:role/key-admin"
CONTEXT = {
    "relief:offices": [{"name": "cook", "county": "Cook", "principals": [COOK_CLERKS, COOK_PERSON]},
                       {"name": "champaign", "county": "Champaign", "principals": [CHAMPAIGN_CLERKS]}],
    "relief:admins": [ADMIN],
    "relief:alarmEmail": "ops@example.org",
    "relief:skipBundling": True,
}


def synth(tmp: Path, **context: Any) -> tuple[dict, cdk.cx_api.CloudAssembly, ReliefStack]:
    base = json.loads(CDK_JSON.read_text())["context"]
    base.update({**CONTEXT, **context})
    app = cdk.App(context=base, outdir=str(tmp))
    stack = build(app)
    assembly = app.synth()  # raises if cdk-nag reports a finding nobody acknowledged
    return assembly.get_stack_by_name(stack.stack_name).template, assembly, stack


@cache
def synthesized() -> tuple[dict, cdk.cx_api.CloudAssembly, ReliefStack]:
    import tempfile

    return synth(Path(tempfile.mkdtemp(prefix="relief-cdk-")))


def of_type(template: dict, kind: str) -> dict[str, dict]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def one(template: dict, kind: str, prefix: str) -> tuple[str, dict]:
    """The resource whose logical id is `prefix` and CDK's 8-character hash."""
    found = [(k, v) for k, v in of_type(template, kind).items() if re.fullmatch(f"{prefix}[0-9A-F]{{8}}", k)]
    assert len(found) == 1, f"{kind} {prefix}: {[k for k, _ in found]}"
    return found[0]


def data_key(template: dict) -> str:
    return one(template, "AWS::KMS::Key", "KeysDataKey")[0]


def audit_key(template: dict) -> str:
    return one(template, "AWS::KMS::Key", "KeysAuditKey")[0]


def signing_keys(template: dict) -> dict[str, dict]:
    return {k: v for k, v in of_type(template, "AWS::KMS::Key").items() if k.startswith("KeysSigningKey")}


def arn_of(logical: str) -> dict:
    return {"Fn::GetAtt": [logical, "Arn"]}


def objects(logical: str, pattern: str) -> dict:
    return {"Fn::Join": ["", [arn_of(logical), pattern]]}


def statements(policy: dict) -> list[dict]:
    return policy["PolicyDocument"]["Statement"]


def key_policy(template: dict, logical: str) -> list[dict]:
    return template["Resources"][logical]["Properties"]["KeyPolicy"]["Statement"]


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def function_statements(template: dict, name: str) -> list[dict]:
    _, policy = one(template, "AWS::IAM::ManagedPolicy", f"Functions{name.title()}RolePermissions")
    return statements(policy["Properties"])


def office_role(template: dict, office: str) -> tuple[str, dict]:
    (found,) = [(k, v["Properties"]) for k, v in of_type(template, "AWS::IAM::Role").items()
                if v["Properties"].get("RoleName") == f"relief-office-{office}"]
    return found


def office_statements(template: dict, office: str) -> list[dict]:
    logical, _ = office_role(template, office)
    (policy,) = [v["Properties"] for v in of_type(template, "AWS::IAM::ManagedPolicy").values()
                 if {"Ref": logical} in v["Properties"].get("Roles", [])]
    return statements(policy)


def bucket_policy(template: dict, bucket: str) -> list[dict]:
    (policy,) = [v["Properties"] for v in of_type(template, "AWS::S3::BucketPolicy").values()
                 if v["Properties"]["Bucket"] == {"Ref": bucket}]
    return statements(policy)


# --- the template's intrinsic functions, resolved as CloudFormation would in one account ----------------

REGION = "us-east-1"
PSEUDO = {"AWS::AccountId": ACCOUNT, "AWS::Partition": "aws", "AWS::Region": REGION, "AWS::URLSuffix": "amazonaws.com",
          "AWS::StackName": "Relief"}


def physical_name(template: dict, logical: str) -> str:
    """A resource's name as CloudFormation would make it (or as the template names it)."""
    properties = template["Resources"][logical].get("Properties", {})
    for name in ("RoleName", "BucketName", "TableName", "QueueName", "LogGroupName", "TrailName"):
        if isinstance(properties.get(name), str):
            return properties[name]
    return f"relief-{logical.lower()}"


def attribute_arn(template: dict, logical: str) -> str:
    kind, name = template["Resources"][logical]["Type"], physical_name(template, logical)
    arns = {
        "AWS::S3::Bucket": f"arn:aws:s3:::{name}",
        "AWS::KMS::Key": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{logical.lower()}",
        "AWS::IAM::Role": f"arn:aws:iam::{ACCOUNT}:role/{name}",
        "AWS::DynamoDB::Table": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}",
        "AWS::SQS::Queue": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}",
        "AWS::Logs::LogGroup": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{name}:*",
        "AWS::SNS::Topic": f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}",
    }
    return arns[kind]


def resolve(template: dict, value: Any) -> Any:
    """Ref, Fn::GetAtt (Arn), Fn::Join and Fn::Sub replaced by the values they would have in ACCOUNT/REGION."""
    if isinstance(value, list):
        return [resolve(template, item) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        target = value["Ref"]
        if target in PSEUDO:
            return PSEUDO[target]
        kind = template["Resources"][target]["Type"]
        return attribute_arn(template, target) if kind == "AWS::SNS::Topic" else physical_name(template, target)
    if set(value) == {"Fn::GetAtt"}:
        logical, attribute = value["Fn::GetAtt"]
        assert attribute == "Arn", attribute
        return attribute_arn(template, logical)
    if set(value) == {"Fn::Join"}:
        delimiter, items = value["Fn::Join"]
        return delimiter.join(str(resolve(template, item)) for item in items)
    if set(value) == {"Fn::Sub"}:
        return re.sub(r"\$\{([\w:]+)\}", lambda match: PSEUDO[match.group(1)], value["Fn::Sub"])
    return {key: resolve(template, item) for key, item in value.items()}
