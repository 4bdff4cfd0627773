"""cdk-nag (AwsSolutions) and this stack's acknowledgements: each one names a single finding and says why.

cdk-nag 3 runs as a CDK policy-validation plugin during synthesis and reads acknowledgements made
with `Validations.of(construct).acknowledge(...)`. A finding id must match exactly, e.g.
`AwsSolutions-IAM5[Resource::<IntakeBucket1234.Arn>/jobs/*]`; `wildcard_resource` builds those
from the same token the policy uses, so the acknowledgement follows the resource it is about.
"""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import Acknowledgment, App, Stack, Validations
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct


def add_checks(app: App) -> None:
    Validations.of(app).add_plugins(AwsSolutionsChecks(app, verbose=True))


def acknowledge(construct: IConstruct, rule: str, reason: str) -> None:
    Validations.of(construct).acknowledge(Acknowledgment(id=rule, reason=reason))


def wildcard_resource(construct: IConstruct, resource: str, reason: str) -> None:
    """Acknowledge AwsSolutions-IAM5 for one resource ARN (a token or a string) holding a wildcard."""
    flat = flatten(Stack.of(construct).resolve(resource))
    if "*" not in flat:
        raise ValueError(f"{flat} has no wildcard: nothing to acknowledge")
    acknowledge(construct, f"AwsSolutions-IAM5[Resource::{flat}]", reason)


def flatten(node: Any) -> str:
    """A resolved CloudFormation value as cdk-nag writes it in a finding id (cdk-nag's flattenCfnReference)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if isinstance(node, dict):
        if "Fn::Join" in node:
            delimiter, items = node["Fn::Join"]
            return delimiter.join(flatten(item) for item in items)
        if "Fn::Sub" in node:
            return flatten(node["Fn::Sub"])
        if "Fn::GetAtt" in node:
            resource, attribute = node["Fn::GetAtt"]
            return f"<{flatten(resource)}.{flatten(attribute)}>"
        if "Fn::ImportValue" in node:
            return flatten(node["Fn::ImportValue"])
        if "Ref" in node:
            return f"<{flatten(node['Ref'])}>"
    return json.dumps(node, separators=(",", ":"))
