"""Office isolation, evaluated: the synthesised office, function and key policies are run through an IAM
policy simulator (@cloud-copilot/iam-simulate, via tests/infra/iam_simulate.cjs) with the bucket and key policies
they meet, as AWS would evaluate one request in the account.

Office A reaches its own uploads, error reports and bundles, and nothing of office B: not its prefixes,
not its signing key, not any results. Only the assembler signs; no other principal, root and a role with
`*` on `*` included, reaches kms:Sign.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aws_cdk")

from tests.infra.helpers import (
    ACCOUNT,
    ADMIN,
    REGION,
    arn_of,
    bucket_policy,
    data_key,
    function_statements,
    key_policy,
    of_type,
    office_role,
    office_statements,
    one,
    resolve,
    synthesized,
)

REPO = Path(__file__).resolve().parents[2]
SIMULATOR = REPO / "infra" / "node_modules" / "@cloud-copilot" / "iam-simulate"
RUNNER = Path(__file__).with_name("iam_simulate.cjs")
ALLOWED, DENIED = ("Allowed",), ("ImplicitlyDenied", "ExplicitlyDenied")  # the outcomes each expects
EVERYTHING = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
S3_VIA = f"s3.{REGION}.amazonaws.com"

pytestmark = pytest.mark.skipif(
    not SIMULATOR.is_dir() or shutil.which("node") is None,
    reason="the IAM policy simulator is not installed: `make test` installs it (npm ci --prefix infra)")


@dataclass(frozen=True)
class Request:
    principal: str
    action: str
    resource: str
    identity: list[dict]  # the principal's policies, resolved
    resource_policy: dict | None = None
    context: dict[str, Any] = field(default_factory=dict)

    def simulation(self) -> dict:
        simulation: dict[str, Any] = {
            "request": {"principal": self.principal, "action": self.action,
                        "resource": {"resource": self.resource, "accountId": ACCOUNT},
                        "contextVariables": {"aws:PrincipalArn": self.principal, "aws:SecureTransport": "true",
                                             "aws:PrincipalAccount": ACCOUNT, **self.context}},
            "identityPolicies": [{"name": f"policy{n}", "policy": p} for n, p in enumerate(self.identity)],
            "serviceControlPolicies": [], "resourceControlPolicies": []}
        if self.resource_policy is not None:
            simulation["resourcePolicy"] = self.resource_policy
        return simulation


def evaluate(requests: list[Request]) -> list[str]:
    run = subprocess.run(["node", str(RUNNER)], input=json.dumps([r.simulation() for r in requests]),
                         capture_output=True, text=True, check=True)
    results = json.loads(run.stdout)
    errors = [(r, result) for r, result in zip(requests, results, strict=True) if result.startswith("error")]
    assert not errors, errors
    return results


class World:
    """The synthesised stack's policies, resolved to one account's ARNs."""

    def __init__(self, template: dict) -> None:
        self.template = template
        self.intake = self.bucket("StorageIntake")
        self.output = self.bucket("StorageOutput")
        self.data_key = resolve(template, arn_of(data_key(template)))
        self.results_table = resolve(template, arn_of(one(template, "AWS::DynamoDB::Table", "StorageResults")[0]))

    def bucket(self, name: str) -> str:
        return resolve(self.template, {"Ref": one(self.template, "AWS::S3::Bucket", name)[0]})

    def document(self, statements: list[dict]) -> dict:
        return {"Version": "2012-10-17", "Statement": resolve(self.template, statements)}

    def office(self, office: str) -> tuple[str, list[dict]]:
        logical, _ = office_role(self.template, office)
        return resolve(self.template, arn_of(logical)), [self.document(office_statements(self.template, office))]

    def function(self, name: str) -> tuple[str, list[dict]]:
        logical, _ = one(self.template, "AWS::IAM::Role", f"Functions{name.title()}Role")
        return resolve(self.template, arn_of(logical)), [self.document(function_statements(self.template, name))]

    def bucket_policy(self, name: str) -> dict:
        logical, _ = one(self.template, "AWS::S3::Bucket", name)
        return self.document(bucket_policy(self.template, logical))

    def signing_key(self, office: str) -> tuple[str, dict]:
        logical, _ = one(self.template, "AWS::KMS::Key", f"KeysSigningKey{office}")
        return (resolve(self.template, arn_of(logical)),
                {"Version": "2012-10-17", "Statement": resolve(self.template, key_policy(self.template, logical))})

    def data_key_policy(self) -> dict:
        return {"Version": "2012-10-17", "Statement": resolve(self.template, key_policy(self.template,
                                                                                        data_key(self.template)))}


@pytest.fixture(scope="module")
def world() -> World:
    return World(synthesized()[0])


def office_requests(world: World, office: str, other: str) -> list[tuple[Request, tuple[str, ...]]]:
    """(request, expected) for office `office`: its own objects reachable, `other`'s never."""
    role, identity = world.office(office)
    intake, output = world.bucket_policy("StorageIntake"), world.bucket_policy("StorageOutput")

    def s3(action: str, bucket: str, key: str, policy: dict, **context: Any) -> Request:
        return Request(role, action, f"arn:aws:s3:::{bucket}/{key}", identity, policy, context)

    def listing(bucket: str, prefix: str, policy: dict) -> Request:
        return Request(role, "s3:ListBucket", f"arn:aws:s3:::{bucket}", identity, policy, {"s3:prefix": prefix})

    other_key, other_key_policy = world.signing_key(other)
    own_key, own_key_policy = world.signing_key(office)
    via_s3 = {"kms:ViaService": S3_VIA}
    sse = "s3:x-amz-server-side-encryption"
    return [
        # its own
        (s3("s3:PutObject", world.intake, f"incoming/{office}/isp.csv", intake), ALLOWED),
        (s3("s3:GetObject", world.intake, f"incoming/{office}/isp.csv.error.txt", intake), ALLOWED),
        (s3("s3:GetObject", world.output, f"bundles/{office}/job-1/cook.zip", output), ALLOWED),
        (listing(world.output, f"bundles/{office}/", output), ALLOWED),
        (listing(world.intake, f"incoming/{office}/", intake), ALLOWED),
        # its answers to a job's review.csv, and the report beside a refused one
        (s3("s3:PutObject", world.intake, f"incoming/{office}/reviews/job-1.csv", intake), ALLOWED),
        (s3("s3:GetObject", world.intake, f"incoming/{office}/reviews/job-1.csv.error.txt", intake), ALLOWED),
        (Request(role, "kms:GenerateDataKey", world.data_key, identity, world.data_key_policy(), via_s3), ALLOWED),
        # ... but an upload is not read back, and never with another encryption
        (s3("s3:GetObject", world.intake, f"incoming/{office}/isp.csv", intake), DENIED),
        (s3("s3:PutObject", world.intake, f"incoming/{office}/isp.csv", intake,
            **{"s3:x-amz-server-side-encryption-customer-algorithm": "AES256"}), DENIED),
        (s3("s3:PutObject", world.intake, f"incoming/{office}/isp.csv", intake, **{sse: "AES256"}), DENIED),
        (s3("s3:PutObject", world.intake, f"incoming/{office}/isp.csv", intake, **{sse: "aws:kms"}), DENIED),
        (s3("s3:PutObject", world.intake, f"incoming/{office}/isp.csv", intake,
            **{sse: "aws:kms", f"{sse}-aws-kms-key-id": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/another"}), DENIED),
        (s3("s3:PutObject", world.intake, f"incoming/{office}/isp.csv", intake,
            **{sse: "aws:kms", f"{sse}-aws-kms-key-id": world.data_key}), ALLOWED),
        # the other office's prefixes
        (s3("s3:PutObject", world.intake, f"incoming/{other}/isp.csv", intake), DENIED),
        (s3("s3:GetObject", world.intake, f"incoming/{other}/isp.csv.error.txt", intake), DENIED),
        (s3("s3:PutObject", world.intake, f"incoming/{other}/reviews/job-1.csv", intake), DENIED),
        (s3("s3:GetObject", world.intake, f"incoming/{other}/reviews/job-1.csv.error.txt", intake), DENIED),
        (s3("s3:GetObject", world.output, f"bundles/{other}/job-1/champaign.zip", output), DENIED),
        (s3("s3:GetObjectVersion", world.output, f"bundles/{other}/job-1/champaign.zip", output), DENIED),
        (s3("s3:PutObject", world.output, f"bundles/{other}/job-1/forged.zip", output), DENIED),
        (listing(world.output, f"bundles/{other}/", output), DENIED),
        (listing(world.intake, f"incoming/{other}/", intake), DENIED),
        # keys: neither office signs, with its own key or the other's
        (Request(role, "kms:Sign", other_key, identity, other_key_policy), DENIED),
        (Request(role, "kms:Sign", own_key, identity, own_key_policy), DENIED),
        (Request(role, "kms:Decrypt", world.data_key, identity, world.data_key_policy()), DENIED),  # not via S3
        # results: the table and the result parts
        *((Request(role, action, world.results_table, identity), DENIED)
          for action in ("dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PutItem")),
        (s3("s3:GetObject", world.intake, "jobs/job-1/results/chunk-00001.csv.gz", intake), DENIED),
        (s3("s3:GetObject", world.intake, "jobs/job-1/chunks/chunk-00001.csv.gz", intake), DENIED),
    ]


@pytest.mark.parametrize("office, other", [("cook", "champaign"), ("champaign", "cook")])
def test_an_office_reaches_its_own_objects_and_nothing_of_the_other_office(world, office, other):
    cases = office_requests(world, office, other)
    results = evaluate([request for request, _ in cases])
    wrong = [(r.action, r.resource, r.context, got) for (r, expected), got in zip(cases, results, strict=True)
             if got not in expected]
    assert not wrong, wrong


def test_only_the_assembler_signs_with_an_offices_key(world):
    key, policy = world.signing_key("cook")
    assembler, assembler_identity = world.function("assemble")
    evaluator, evaluator_identity = world.function("evaluate")
    root = f"arn:aws:iam::{ACCOUNT}:root"
    anyone = f"arn:aws:iam::{ACCOUNT}:role/account-administrator"
    cases: list[tuple[Request, tuple[str, ...]]] = [
        (Request(assembler, "kms:Sign", key, assembler_identity, policy), ALLOWED),
        (Request(assembler, "kms:GetPublicKey", key, assembler_identity, policy), ALLOWED),
        (Request(evaluator, "kms:Sign", key, evaluator_identity, policy), DENIED),
        # IAM grants nothing on a signing key: the account root, a role with * on *, the key administrator
        (Request(root, "kms:Sign", key, [EVERYTHING], policy), DENIED),
        (Request(anyone, "kms:Sign", key, [EVERYTHING], policy), DENIED),
        (Request(anyone, "kms:PutKeyPolicy", key, [EVERYTHING], policy), DENIED),
        (Request(anyone, "kms:CreateGrant", key, [EVERYTHING], policy), DENIED),
        (Request(ADMIN, "kms:Sign", key, [EVERYTHING], policy), DENIED),
        (Request(ADMIN, "kms:CreateGrant", key, [EVERYTHING], policy), DENIED),
        # ... who administers it
        (Request(ADMIN, "kms:PutKeyPolicy", key, [], policy), ALLOWED),
        (Request(ADMIN, "kms:GetPublicKey", key, [], policy), ALLOWED),
    ]
    results = evaluate([request for request, _ in cases])
    wrong = [(r.principal, r.action, got) for (r, expected), got in zip(cases, results, strict=True)
             if got not in expected]
    assert not wrong, wrong


def test_the_assembler_reads_answers_files_and_writes_only_the_report_beside_one(world):
    """The assembler applies an office's answers (incoming/<office>/reviews/): it reads them and the
    bundles it revises, writes a report beside a refused file, and reaches no ISP upload."""
    role, identity = world.function("assemble")
    intake, output = world.bucket_policy("StorageIntake"), world.bucket_policy("StorageOutput")

    def s3(action: str, bucket: str, key: str, policy: dict) -> Request:
        return Request(role, action, f"arn:aws:s3:::{bucket}/{key}", identity, policy)

    cases = [
        (s3("s3:GetObject", world.intake, "incoming/cook/reviews/job-1.csv", intake), ALLOWED),
        (s3("s3:GetObjectVersion", world.intake, "incoming/cook/reviews/job-1.csv", intake), ALLOWED),
        (s3("s3:PutObject", world.intake, "incoming/cook/reviews/job-1.csv.error.txt", intake), ALLOWED),
        (s3("s3:GetObject", world.output, "bundles/cook/job-1/cook.zip", output), ALLOWED),
        (s3("s3:PutObject", world.output, "bundles/cook/job-1/cook.v2.zip", output), ALLOWED),
        (s3("s3:PutObject", world.intake, "incoming/cook/reviews/job-1.csv", intake), DENIED),
        (s3("s3:GetObject", world.intake, "incoming/cook/isp.csv", intake), DENIED),
        (s3("s3:PutObject", world.intake, "incoming/cook/isp.csv.error.txt", intake), DENIED),
    ]
    results = evaluate([request for request, _ in cases])
    wrong = [(r.action, r.resource, got) for (r, expected), got in zip(cases, results, strict=True)
             if got not in expected]
    assert not wrong, wrong


def test_every_office_policy_was_evaluated(world):
    """The simulation covers each office role of the template (a new office is not left out)."""
    offices = {v["Properties"]["RoleName"].removeprefix("relief-office-")
               for v in of_type(world.template, "AWS::IAM::Role").values() if "RoleName" in v["Properties"]}
    assert offices == {"cook", "champaign"}
