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

import aws_cdk as cdk  # noqa: E402

from infra.app import build  # noqa: E402
from infra.stack import ReliefStack  # noqa: E402

CDK_JSON = Path(__file__).resolve().parents[1] / "cdk.json"
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
