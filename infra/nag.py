"""cdk-nag: the four rule packs this stack is held to, the stack's own encryption rule, and acknowledgements.

cdk-nag 3 runs each pack as a CDK policy-validation plugin during synthesis and reads acknowledgements
made with `Validations.of(construct).acknowledge(...)`. A finding id must match exactly, e.g.
`AwsSolutions-IAM5[Resource::<IntakeBucket1234.Arn>/jobs/*]`; `wildcard_resource` builds those
from the same token the policy uses, so the acknowledgement follows the resource it is about.

Every acknowledgement names the control it answers for (`Acknowledged.control`) and says why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jsii
from aws_cdk import Acknowledgment, App, CfnResource, Stack, Validations
from aws_cdk import aws_cloudtrail as cloudtrail
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from cdk_nag import (
    AwsSolutionsChecks,
    HIPAASecurityChecks,
    IApplyRule,
    NagMessageLevel,
    NagPack,
    NagRuleCompliance,
    NIST80053R5Checks,
    ServerlessChecks,
)
from constructs import IConstruct

RELIEF_PACK = "Relief"
CUSTOMER_MANAGED_KEY = f"{RELIEF_PACK}-CustomerManagedKey"
# The packs' rule-id prefixes, as cdk-nag writes them.
PACKS = ("AwsSolutions", "NIST.800.53.R5", "HIPAA.Security", "Serverless", RELIEF_PACK)
ACKNOWLEDGED_METADATA = Validations.ACKNOWLEDGED_RULES_METADATA_KEY


def add_checks(app: App) -> None:
    Validations.of(app).add_plugins(
        AwsSolutionsChecks(app, verbose=True), NIST80053R5Checks(app, verbose=True),
        HIPAASecurityChecks(app, verbose=True), ServerlessChecks(app, verbose=True), ReliefChecks(app))


@dataclass(frozen=True)
class Acknowledged:
    """Why a finding is accepted: the control it is measured against, and the reason it is met another way
    (or does not apply)."""

    control: str  # e.g. "NIST SP 800-53 R5 CP-9", "HIPAA 164.312(b)", "CJIS 5.10.1.2.1"
    reason: str

    def text(self) -> str:
        if not self.control.strip() or not self.reason.strip():
            raise ValueError("an acknowledgement names its control and gives its reason")
        return f"[{self.control}] {self.reason}"


def acknowledge(construct: IConstruct, rule: str, why: Acknowledged) -> None:
    if not rule.startswith(PACKS):
        raise ValueError(f"{rule} is not a rule of {', '.join(PACKS)}")
    Validations.of(construct).acknowledge(Acknowledgment(id=rule, reason=why.text()))


def wildcard_resource(construct: IConstruct, resource: str, why: Acknowledged) -> None:
    """Acknowledge AwsSolutions-IAM5 for one resource ARN (a token or a string) holding a wildcard."""
    flat = flatten(Stack.of(construct).resolve(resource))
    if "*" not in flat:
        raise ValueError(f"{flat} has no wildcard: nothing to acknowledge")
    acknowledge(construct, f"AwsSolutions-IAM5[Resource::{flat}]", why)


def acknowledged_on(construct: IConstruct) -> dict[str, str]:
    """The acknowledgements made on this construct itself: rule id -> reason."""
    found: dict[str, str] = {}
    for entry in construct.node.metadata:
        if entry.type == ACKNOWLEDGED_METADATA and entry.data:
            found.update({key.split("::", 1)[-1] if key.lower().startswith("annotation::") else key: value
                          for key, value in entry.data.items()})
    return found


def acknowledgements(construct: IConstruct) -> dict[str, dict[str, str]]:
    """The acknowledgements made on this construct and every construct below it: path -> rule id -> reason."""
    return {node.node.path: made for node in construct.node.find_all() if (made := acknowledged_on(node))}


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


# --- the stack's own rule: customer-managed keys everywhere -------------------------------------------------

def _field(value: Any, *path: str | int) -> Any:
    """value[path...], with dict keys matched case-insensitively: a resolved L1 property is camelCase
    (kmsMasterKeyId), a template's PascalCase (KMSMasterKeyID)."""
    for step in path:
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and len(value) > step else None
        elif isinstance(value, dict):
            value = next((v for k, v in value.items() if k.lower() == step.lower()), None)
        else:
            value = None
    return value


def _encryption_key(node: CfnResource) -> tuple[bool, Any]:
    """(whether this resource type holds data the rule covers, the key its encryption names)."""
    resolve = Stack.of(node).resolve
    if isinstance(node, s3.CfnBucket):
        default = _field(resolve(node.bucket_encryption), "serverSideEncryptionConfiguration", 0,
                         "serverSideEncryptionByDefault")
        return True, _field(default, "kmsMasterKeyId") if _field(default, "sseAlgorithm") in ("aws:kms",
                                                                                              "aws:kms:dsse") else None
    if isinstance(node, sqs.CfnQueue):
        return True, resolve(node.kms_master_key_id)
    if isinstance(node, dynamodb.CfnTable):
        sse = resolve(node.sse_specification)
        return True, _field(sse, "kmsMasterKeyId") if _field(sse, "sseEnabled") in (True, "true") else None
    if isinstance(node, sns.CfnTopic):
        return True, resolve(node.kms_master_key_id)
    if isinstance(node, logs.CfnLogGroup):
        return True, resolve(node.kms_key_id)
    if isinstance(node, cloudtrail.CfnTrail):
        return True, resolve(node.kms_key_id)
    return False, None


def customer_managed_keys(stack: Stack) -> set[str]:
    """The logical ids of the stack's KMS keys."""
    return {stack.resolve(key.logical_id) for key in stack.node.find_all() if isinstance(key, kms.CfnKey)}


def names_a_customer_managed_key(key: Any, stack: Stack) -> bool:
    """A reference to one of the stack's KMS keys, or the ARN of a key (never an alias such as alias/aws/s3,
    an AWS-managed key)."""
    if isinstance(key, dict):
        target = _field(key, "Ref") or (_field(key, "Fn::GetAtt") or [None])[0]
        return isinstance(target, str) and target in customer_managed_keys(stack)
    return isinstance(key, str) and ":key/" in key and key.startswith("arn:")


def customer_managed_key_rule(node: CfnResource) -> Any:
    covered, key = _encryption_key(node)
    if not covered:
        return NagRuleCompliance.NOT_APPLICABLE
    return NagRuleCompliance.COMPLIANT if names_a_customer_managed_key(key, Stack.of(node)) \
        else NagRuleCompliance.NON_COMPLIANT


@jsii.implements(IApplyRule)
class _Rule:
    """One rule applied to one resource (cdk-nag's IApplyRule, implemented in Python). jsii reads the
    interface's members as properties: plain attributes would not reach JavaScript."""

    def __init__(self, node: CfnResource, suffix: str, info: str, explanation: str,
                 check: Callable[[CfnResource], Any]) -> None:
        self._node, self._suffix, self._info, self._explanation, self._check = node, suffix, info, explanation, check

    @property
    def node(self) -> CfnResource:
        return self._node

    @property
    def rule_suffix_override(self) -> str | None:
        return self._suffix

    @property
    def info(self) -> str:
        return self._info

    @property
    def explanation(self) -> str:
        return self._explanation

    @property
    def level(self) -> NagMessageLevel:
        return NagMessageLevel.ERROR

    def rule(self, node: CfnResource) -> Any:
        return self._check(node)


class ReliefChecks(NagPack):
    """Relief-CustomerManagedKey: every bucket, queue, table, topic, log group and trail is encrypted with a
    customer-managed KMS key (CJIS 5.10.1.2 / NIST SC-28(1), SC-12): none of the standard packs asks it of all
    of them, and an AWS-managed key's policy cannot be restricted or audited as the office's own can."""

    def __init__(self, scope: IConstruct | None = None) -> None:
        super().__init__(scope)
        self._pack_name = RELIEF_PACK

    @property
    def name(self) -> str:
        return RELIEF_PACK

    def _check_resource(self, node: CfnResource) -> None:
        # (mypy reads IApplyRule's members as settable attributes; jsii needs them as properties.)
        self._apply_rule(_Rule(  # type: ignore[arg-type]
            node, CUSTOMER_MANAGED_KEY.removeprefix(f"{RELIEF_PACK}-"),
            "The resource is not encrypted with a customer-managed KMS key.",
            "Criminal history and its audit records are encrypted with keys whose policies this stack writes "
            "(CJIS 5.10.1.2, NIST SC-28(1)); AWS-owned and AWS-managed keys cannot be restricted or rotated "
            "by the office.",
            customer_managed_key_rule))
