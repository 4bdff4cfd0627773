"""infra/keys.py: who may do what with each key, read from the synthesised key policies.

The signing keys: only the assembler's role signs, the administrators (relief:admins and CloudFormation's
deployment role) administer and never sign, and no statement delegates to IAM (no account root), so no
IAM policy, however broad, reaches kms:Sign. tests/test_infra_isolation.py evaluates the same policies.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("aws_cdk")

from infra.keys import ADMIN_ACTIONS
from tests.infra.helpers import (
    ADMIN,
    OFFICES,
    arn_of,
    as_list,
    audit_key,
    data_key,
    key_policy,
    one,
    signing_keys,
    synthesized,
)


@pytest.fixture(scope="module")
def template() -> dict:
    return synthesized()[0]


def assembler(template: dict) -> dict:
    return arn_of(one(template, "AWS::IAM::Role", "FunctionsAssembleRole")[0])


def by_sid(policy: list[dict]) -> dict[str, dict]:
    return {statement.get("Sid", ""): statement for statement in policy}


def principals(statement: dict) -> list:
    return as_list(statement["Principal"].get("AWS", statement["Principal"].get("Service")))


def test_one_signing_key_per_office_none_trusting_the_account(template):
    keys = signing_keys(template)
    assert len(keys) == len(OFFICES)
    for logical in keys:
        for statement in key_policy(template, logical):
            assert ":root" not in json.dumps(statement["Principal"]), f"{logical} delegates to IAM: {statement}"


def test_only_the_assembler_may_sign(template):
    for logical in signing_keys(template):
        statements = by_sid(key_policy(template, logical))
        assert set(statements) == {"AdministratorsAdministerButNeverSign", "OnlyTheAssemblerSigns",
                                   "DenySigningToEveryOtherPrincipal"}
        signs = [s for s in statements.values() if s["Effect"] == "Allow"
                 and any(a in ("kms:Sign", "kms:*") for a in as_list(s["Action"]))]
        assert signs == [statements["OnlyTheAssemblerSigns"]]
        assert principals(signs[0]) == [assembler(template)]
        deny = statements["DenySigningToEveryOtherPrincipal"]
        assert (deny["Effect"], deny["Principal"], deny["Action"]) == ("Deny", {"AWS": "*"}, "kms:Sign")
        assert deny["Condition"] == {"ArnNotEquals": {"aws:PrincipalArn": assembler(template)}}


def test_administrators_administer_without_signing_or_granting(template):
    for logical in signing_keys(template):
        admin = by_sid(key_policy(template, logical))["AdministratorsAdministerButNeverSign"]
        got = principals(admin)
        assert got[0] == ADMIN
        # CloudFormation's deployment role: it must be able to update the policy it wrote.
        assert "cdk-hnb659fds-cfn-exec-role" in json.dumps(got[1]) and len(got) == 2
        assert sorted(as_list(admin["Action"])) == sorted(ADMIN_ACTIONS)
        assert not {"kms:Sign", "kms:CreateGrant", "kms:*"} & set(ADMIN_ACTIONS)
        assert not any(action.endswith("*") for action in ADMIN_ACTIONS)


def test_service_statements_on_the_data_key_name_their_source(template):
    statements = key_policy(template, data_key(template))
    services = [s for s in statements if "Service" in s["Principal"]]
    assert {s["Principal"]["Service"] for s in services} == {"cloudwatch.amazonaws.com", "s3.amazonaws.com"}
    for statement in services:
        assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
        source = json.dumps(statement["Condition"]["ArnLike"]["aws:SourceArn"])
        service = statement["Principal"]["Service"].split(".")[0]
        assert f":{service}:" in source, source
    alarms = next(s for s in services if s["Principal"]["Service"] == "cloudwatch.amazonaws.com")
    assert json.dumps(alarms["Condition"]["ArnLike"]["aws:SourceArn"]).endswith(':alarm:*"]]}')


def test_the_audit_keys_services_are_the_trail_and_this_stacks_log_groups(template):
    statements = by_sid(key_policy(template, audit_key(template)))
    logs = statements["AllowCloudWatchLogsForThisStacksLogGroups"]
    assert json.dumps(logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]).endswith(
        ':log-group:/Relief/*"]]}')
    for sid in ("AllowThisTrailToEncryptItsFiles", "AllowThisTrailToDescribeTheKey"):
        statement = statements[sid]
        assert statement["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
        assert json.dumps(statement["Condition"]["StringEquals"]["aws:SourceArn"]).endswith(':trail/Relief-audit"]]}')


def test_symmetric_keys_rotate_and_every_key_is_kept(template):
    for logical in (data_key(template), audit_key(template), *signing_keys(template)):
        key = template["Resources"][logical]
        assert key["DeletionPolicy"] == "Retain"
        symmetric = key["Properties"].get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
        # KMS rotates only symmetric keys; signing keys rotate by generation (docs/deploy.md).
        assert key["Properties"].get("EnableKeyRotation", False) is symmetric, logical
