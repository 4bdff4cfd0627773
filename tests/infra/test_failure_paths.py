"""The stack's failure paths (infra/failure_paths.py): the sweeper on a schedule, the dead-letters function
on every dead-letter queue, the unfinished-jobs index, the configured offices, and least privilege."""

from __future__ import annotations

import pytest

pytest.importorskip("aws_cdk")

from relief.pipeline.environment import (
    DEAD_LETTERS_TIMEOUT,
    SWEEP_EVERY_MINUTES,
    SWEEP_TIMEOUT,
    VISIBILITY_FACTOR,
)
from relief.pipeline.keys import UNFINISHED_INDEX, UNFINISHED_KEY
from tests.infra.helpers import arn_of, as_list, function_statements, of_type, one, statements, synth


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> dict:
    return synth(tmp_path_factory.mktemp("cdk"))[0]


def test_function_statements_are_the_managed_policys(template):
    assert role_statements(template, "FunctionsSplit") == function_statements(template, "split")


def role_statements(template: dict, prefix: str) -> list[dict]:
    """The statements of a function's managed policy (functions.build_function)."""
    _, policy = one(template, "AWS::IAM::ManagedPolicy", f"{prefix}RolePermissions")
    return statements(policy["Properties"])


def test_the_sweeper_runs_on_a_schedule(template):
    sweep_id, sweep = one(template, "AWS::Lambda::Function", "FailurePathsSweep")
    (rule,) = of_type(template, "AWS::Events::Rule").values()
    assert rule["Properties"]["ScheduleExpression"] == f"rate({SWEEP_EVERY_MINUTES} minutes)"
    assert rule["Properties"]["State"] == "ENABLED"
    [target] = rule["Properties"]["Targets"]
    assert target["Arn"] == arn_of(sweep_id)
    assert sweep["Properties"]["Timeout"] == SWEEP_TIMEOUT
    permissions = [p["Properties"] for p in of_type(template, "AWS::Lambda::Permission").values()
                   if p["Properties"]["FunctionName"] == arn_of(sweep_id)]
    assert [p["Principal"] for p in permissions] == ["events.amazonaws.com"]


def test_every_dead_letter_queue_is_read_by_the_dead_letters_function(template):
    dead_id, dead = one(template, "AWS::Lambda::Function", "FailurePathsDeadLetters")
    queues = of_type(template, "AWS::SQS::Queue")
    dlqs = {k for k in queues if "DeadLetters" in k}
    mappings = [m["Properties"] for m in of_type(template, "AWS::Lambda::EventSourceMapping").values()
                if m["Properties"]["FunctionName"] == {"Ref": dead_id}]
    assert {m["EventSourceArn"]["Fn::GetAtt"][0] for m in mappings} == dlqs and len(dlqs) == 3
    assert all(m["FunctionResponseTypes"] == ["ReportBatchItemFailures"] for m in mappings)
    for dlq in dlqs:
        assert queues[dlq]["Properties"]["VisibilityTimeout"] >= VISIBILITY_FACTOR * dead["Properties"]["Timeout"]
    assert dead["Properties"]["Timeout"] == DEAD_LETTERS_TIMEOUT


def test_the_jobs_table_has_the_sparse_unfinished_index(template):
    _, jobs = one(template, "AWS::DynamoDB::Table", "StorageJobs")
    (index,) = jobs["Properties"]["GlobalSecondaryIndexes"]
    assert index == {"IndexName": UNFINISHED_INDEX, "KeySchema": [{"AttributeName": UNFINISHED_KEY, "KeyType": "HASH"}],
                     "Projection": {"ProjectionType": "KEYS_ONLY"}}


def test_every_function_knows_the_configured_offices(template):
    functions = of_type(template, "AWS::Lambda::Function")
    assert len(functions) == 5
    for logical, function in functions.items():
        assert function["Properties"]["Environment"]["Variables"]["RELIEF_OFFICES"] == "cook,champaign", logical


def test_the_sweeper_and_the_dead_letters_function_reach_only_jobs_the_topic_and_the_key(template):
    jobs = arn_of(one(template, "AWS::DynamoDB::Table", "StorageJobs")[0])
    for prefix in ("FailurePathsSweep", "FailurePathsDeadLetters"):
        found = role_statements(template, prefix)
        actions = {action for statement in found for action in as_list(statement["Action"])}
        assert not {a for a in actions if a.startswith("s3:") or a in ("kms:Sign", "sqs:SendMessage")}, prefix
        assert not any(action.endswith("*") for action in actions)
        updates = [s for s in found if "dynamodb:UpdateItem" in as_list(s["Action"])]
        assert [as_list(s["Resource"]) for s in updates] == [[jobs]]
    (query,) = [s for s in role_statements(template, "FailurePathsSweep") if "dynamodb:Query" in as_list(s["Action"])]
    assert query["Resource"] == {"Fn::Join": ["", [jobs, f"/index/{UNFINISHED_INDEX}"]]}


def test_the_splitter_may_quarantine_an_upload(template):
    deletes = [s for s in role_statements(template, "FunctionsSplit") if "s3:DeleteObject" in as_list(s["Action"])]
    assert [r["Fn::Join"][1][1] for s in deletes for r in as_list(s["Resource"])] == ["/incoming/*"]


def test_the_sweepers_limits_are_settable_and_checked(tmp_path):
    from infra.config import ConfigError

    template, _, _ = synth(tmp_path / "a", **{"relief:stuckAfter": "EVALUATING=90"})
    _, sweep = one(template, "AWS::Lambda::Function", "FailurePathsSweep")
    assert sweep["Properties"]["Environment"]["Variables"]["RELIEF_STUCK_AFTER"] == "EVALUATING=90"
    with pytest.raises(ConfigError, match="relief:stuckAfter"):
        synth(tmp_path / "b", **{"relief:stuckAfter": "COMPLETE=5"})
