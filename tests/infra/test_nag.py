"""cdk-nag: the four packs and the stack's own rule run in synthesis and stop it on a finding, and every
acknowledgement names the control it answers for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("aws_cdk")

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3

from infra.nag import PACKS, Acknowledged, acknowledgements, add_checks
from tests.infra.helpers import synthesized

# A control: a NIST SP 800-53 control (AC-6, SC-28(1)), a HIPAA Security Rule section (164.312(b)) or a CJIS
# Security Policy section (5.10.1.2), named in the reason's "[...]".
CONTROL = re.compile(r"^\[(?=[^\]]*(?:\b[A-Z]{2}-\d+|164\.3\d\d|CJIS \d))[^\]]+\] \S")


def test_the_stack_synthesises_with_no_finding_left_in_any_pack():
    _, assembly, _ = synthesized()
    report = Path(assembly.directory) / "validation-report.json"
    if report.exists():
        assert all(not plugin.get("violations") for plugin in json.loads(report.read_text())["pluginReports"])


def test_every_acknowledgement_names_its_control_and_reason():
    made = acknowledgements(synthesized()[2])
    rules = [rule for by_rule in made.values() for rule in by_rule]
    for pack in PACKS:
        assert any(rule.startswith(pack) for rule in rules), f"nothing acknowledged in {pack}?"
    for path, by_rule in made.items():
        for rule, reason in by_rule.items():
            assert CONTROL.match(reason), f"{path} {rule}: {reason!r}"


def test_an_acknowledgement_without_a_control_is_refused():
    with pytest.raises(ValueError, match="names its control"):
        Acknowledged(control=" ", reason="because").text()


@pytest.mark.parametrize("make, rule", [
    (lambda stack: s3.Bucket(stack, "Unlogged", enforce_ssl=True), "AwsSolutions-S1"),
    (lambda stack: s3.Bucket(stack, "Unversioned", enforce_ssl=True), "NIST.800.53.R5-S3BucketVersioningEnabled"),
    (lambda stack: s3.Bucket(stack, "Unversioned", enforce_ssl=True), "HIPAA.Security-S3BucketVersioningEnabled"),
    (lambda stack: lambda_.Function(stack, "Untraced", runtime=lambda_.Runtime.PYTHON_3_12, handler="app.handler",
                                    code=lambda_.Code.from_inline("def handler(e, c): pass")),
     "Serverless-LambdaTracing"),
    (lambda stack: s3.Bucket(stack, "Unencrypted", enforce_ssl=True), "Relief-CustomerManagedKey"),
])
def test_each_pack_stops_synthesis(tmp_path, make, rule):
    app = cdk.App(outdir=str(tmp_path))
    make(cdk.Stack(app, "Bad"))
    add_checks(app)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    assert rule in (tmp_path / "validation-report.json").read_text()
