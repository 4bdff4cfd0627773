"""Office roles: who may assume them (named principals; people only with MFA), and a multi-office synth
that names no one is refused. What the roles may do is in test_infra_stack.py and test_infra_isolation.py."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("aws_cdk")

import aws_cdk as cdk

from infra.app import build
from tests.infra.helpers import CDK_JSON, CHAMPAIGN_CLERKS, COOK_CLERKS, COOK_PERSON, office_role, synth, synthesized

MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}


def trust(template: dict, office: str) -> list[dict]:
    return office_role(template, office)[1]["AssumeRolePolicyDocument"]["Statement"]


def test_roles_are_trusted_as_named_and_people_only_with_mfa():
    template = synthesized()[0]
    cook = trust(template, "cook")
    assert cook == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"AWS": COOK_CLERKS}},
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"AWS": COOK_PERSON}, "Condition": MFA},
    ]
    assert trust(template, "champaign") == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"AWS": CHAMPAIGN_CLERKS}}]


def test_a_single_office_naming_no_one_trusts_the_accounts_people_with_mfa(tmp_path):
    template, _, _ = synth(tmp_path, **{"relief:offices": [{"name": "cook", "county": "Cook"}]})
    (statement,) = trust(template, "cook")
    assert statement["Condition"] == MFA
    assert json.dumps(statement["Principal"]["AWS"]).endswith(':root"]]}')


def test_several_offices_without_principals_refuse_to_synthesise(tmp_path):
    context = json.loads(CDK_JSON.read_text())["context"]
    context["relief:offices"] = [{"name": "cook", "county": "Cook"},
                                 {"name": "lake", "county": "Lake", "principals": [COOK_CLERKS]}]
    with pytest.raises(SystemExit, match=r"offices\[0\] \(cook\) must list principals"):
        build(cdk.App(context=context, outdir=str(tmp_path)))
