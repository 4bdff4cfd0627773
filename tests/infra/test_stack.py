"""The CDK stack (infra/): storage, queues, functions, least privilege, monitoring.

Synthesised once per session, offline, with the layer's bundling skipped (tests/infra/helpers.py);
the keys, office access, encryption, audit trail and nag packs have test modules of their own.
"""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

pytest.importorskip("aws_cdk")

from aws_cdk.assertions import Match, Template

from infra.functions import RESERVED_CONCURRENCY, SIZING
from relief.pipeline.environment import MAX_RECEIVE_COUNT, VISIBILITY_FACTOR, Environment
from relief.pipeline.keys import (
    IDEMPOTENCY_PK,
    JOBS_PK,
    JOBS_SK,
    RESULTS_CASE_INDEX,
    RESULTS_CASE_PK,
    RESULTS_PK,
    RESULTS_SK,
    TTL_ATTRIBUTE,
)
from tests.infra.helpers import (
    OFFICES,
    arn_of,
    as_list,
    data_key,
    function_statements,
    objects,
    of_type,
    office_role,
    office_statements,
    one,
    statements,
    synth,
    synthesized,
)


@pytest.fixture(scope="module")
def template() -> dict:
    return synthesized()[0]


# --- storage ---------------------------------------------------------------------------------------------

def test_intake_lifecycle_expires_uploads_and_jobs(template):
    _, intake = one(template, "AWS::S3::Bucket", "StorageIntake")
    rules = {r["Prefix"]: r for r in intake["Properties"]["LifecycleConfiguration"]["Rules"] if "Prefix" in r}
    assert set(rules) == {"incoming/", "jobs/"}
    for rule in rules.values():
        assert rule["ExpirationInDays"] == 30 and rule["Status"] == "Enabled"
        assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] >= 1


def test_uploads_notify_the_intake_queue(template):
    _intake_id, intake = one(template, "AWS::S3::Bucket", "StorageIntake")
    queue_id, _ = one(template, "AWS::SQS::Queue", "MessagingIntakeEvents")
    (configuration,) = intake["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert configuration == {"Event": "s3:ObjectCreated:*", "Queue": arn_of(queue_id),
                             "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "incoming/"}]}}}
    policy_id, policy = one(template, "AWS::SQS::QueuePolicy", "MessagingIntakeEventsPolicy")
    assert policy_id in intake["DependsOn"]
    allow = [s for s in statements(policy["Properties"]) if s["Effect"] == "Allow"]
    assert allow == [{"Action": "sqs:SendMessage", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                      "Resource": arn_of(queue_id), "Sid": "AllowS3UploadEventsFromThisAccount",
                      "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}}]


def test_tables(template):
    tables = {k.removeprefix("Storage")[:-8]: v["Properties"] for k, v in
              of_type(template, "AWS::DynamoDB::Table").items()}
    assert set(tables) == {"Jobs", "Results", "Idempotency"}
    for table in tables.values():
        assert table["BillingMode"] == "PAY_PER_REQUEST"
        assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert table["TimeToLiveSpecification"] == {"AttributeName": TTL_ATTRIBUTE, "Enabled": True}
    assert tables["Jobs"]["KeySchema"] == [{"AttributeName": JOBS_PK, "KeyType": "HASH"},
                                           {"AttributeName": JOBS_SK, "KeyType": "RANGE"}]
    assert tables["Idempotency"]["KeySchema"] == [{"AttributeName": IDEMPOTENCY_PK, "KeyType": "HASH"}]
    assert tables["Results"]["KeySchema"] == [{"AttributeName": RESULTS_PK, "KeyType": "HASH"},
                                              {"AttributeName": RESULTS_SK, "KeyType": "RANGE"}]
    (index,) = tables["Results"]["GlobalSecondaryIndexes"]
    assert index["IndexName"] == RESULTS_CASE_INDEX
    assert index["KeySchema"] == [{"AttributeName": RESULTS_CASE_PK, "KeyType": "HASH"},
                                  {"AttributeName": RESULTS_SK, "KeyType": "RANGE"}]
    assert {"AttributeName": RESULTS_SK, "AttributeType": "N"} in tables["Results"]["AttributeDefinitions"]


# --- queues and functions --------------------------------------------------------------------------------

def test_every_queue_has_a_dead_letter_queue(template):
    queues = of_type(template, "AWS::SQS::Queue")
    main = {k: v for k, v in queues.items() if "DeadLetters" not in k}
    assert len(main) == 3 and len(queues) == 6
    for logical, queue in main.items():
        redrive = queue["Properties"]["RedrivePolicy"]
        assert redrive["maxReceiveCount"] == MAX_RECEIVE_COUNT
        target = redrive["deadLetterTargetArn"]["Fn::GetAtt"][0]
        assert "DeadLetters" in target and target in queues, logical


def test_visibility_timeout_is_six_times_the_consumers_timeout(template):
    functions = of_type(template, "AWS::Lambda::Function")
    queues = of_type(template, "AWS::SQS::Queue")
    mappings = of_type(template, "AWS::Lambda::EventSourceMapping")
    assert len(mappings) == 3 + 3  # a stage's queue each, and the dead-letters function's three
    for mapping in mappings.values():
        props = mapping["Properties"]
        queue = queues[props["EventSourceArn"]["Fn::GetAtt"][0]]["Properties"]
        function = functions[props["FunctionName"]["Ref"]]["Properties"]
        assert queue["VisibilityTimeout"] >= VISIBILITY_FACTOR * function["Timeout"]
        assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_evaluate_batch_and_concurrency(template):
    evaluate_id, _ = one(template, "AWS::Lambda::Function", "FunctionsEvaluate")
    chunks_id, _ = one(template, "AWS::SQS::Queue", "MessagingChunks")
    (mapping,) = [m["Properties"] for m in of_type(template, "AWS::Lambda::EventSourceMapping").values()
                  if m["Properties"]["FunctionName"] == {"Ref": evaluate_id}]
    assert mapping["EventSourceArn"] == arn_of(chunks_id)
    assert mapping["BatchSize"] == 5
    assert mapping["ScalingConfig"] == {"MaximumConcurrency": 50}
    assert "ProvisionedPollerConfig" not in mapping  # Lambda's standard scaling unless relief:evaluatePollers


def test_evaluate_pollers_replace_the_event_sources_maximum_and_volume_size_reaches_the_assembler(tmp_path):
    template, _, _ = synth(tmp_path, **{"relief:evaluatePollers": {"minimum": 2, "maximum": 20},
                                        "relief:volumeSize": 2_500, "relief:assembleMaxConcurrency": 40})
    evaluate_id, _ = one(template, "AWS::Lambda::Function", "FunctionsEvaluate")
    (mapping,) = [m["Properties"] for m in of_type(template, "AWS::Lambda::EventSourceMapping").values()
                  if m["Properties"]["FunctionName"] == {"Ref": evaluate_id}]
    assert mapping["ProvisionedPollerConfig"] == {"MinimumPollers": 2, "MaximumPollers": 20}
    assert "ScalingConfig" not in mapping  # the two are exclusive; reserved concurrency still caps the evaluators
    assemble_id, assemble = one(template, "AWS::Lambda::Function", "FunctionsAssemble")
    assert assemble["Properties"]["Environment"]["Variables"][Environment.variable("volume_size")] == "2500"
    # The volumes of a large job are built side by side, by as many assemblers as the admin allows.
    assert assemble["Properties"]["ReservedConcurrentExecutions"] == 40
    (mapping,) = [m["Properties"] for m in of_type(template, "AWS::Lambda::EventSourceMapping").values()
                  if m["Properties"]["FunctionName"] == {"Ref": assemble_id}]
    assert mapping["BatchSize"] == 1 and mapping["ScalingConfig"] == {"MaximumConcurrency": 40}


def test_functions_environment_is_exactly_the_deployment_environment(template):
    expected = {Environment.variable(f.name) for f in fields(Environment)}
    functions = of_type(template, "AWS::Lambda::Function")
    assert len(functions) == 3 + 2  # the stages, the sweeper and the dead-letters function
    for logical, function in functions.items():
        props = function["Properties"]
        variables = props["Environment"]["Variables"]
        relief = {k for k in variables if k.startswith("RELIEF_")}
        assert relief == expected, logical
        assert variables["POWERTOOLS_SERVICE_NAME"] == "relief"
        assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "Relief"
        assert variables["RELIEF_MAX_RECEIVE_COUNT"] == str(MAX_RECEIVE_COUNT)
        assert props["Runtime"] == "python3.12" and props["Handler"] == "app.handler"
        assert props["Architectures"] == ["x86_64"]
        assert props["TracingConfig"] == {"Mode": "Active"}
        assert len(props["Layers"]) == 1
        assert "LoggingConfig" in props  # its own log group, with retention


def test_split_and_assemble_have_reserved_concurrency_and_evaluate_its_event_source_maximum(template):
    for name in SIZING:
        _, function = one(template, "AWS::Lambda::Function", f"Functions{name.title()}")
        # evaluate: relief:evaluateMaxConcurrency; assemble: relief:assembleMaxConcurrency
        expected = RESERVED_CONCURRENCY.get(name, {"evaluate": 50, "assemble": 20}.get(name))
        assert function["Properties"]["ReservedConcurrentExecutions"] == expected, name
    assert set(RESERVED_CONCURRENCY) == {"split"}


def test_each_function_has_one_managed_policy_and_its_trigger_waits_for_it(template):
    for name in SIZING:
        role, _ = one(template, "AWS::IAM::Role", f"Functions{name.title()}Role")
        policy, properties = one(template, "AWS::IAM::ManagedPolicy", f"Functions{name.title()}RolePermissions")
        assert properties["Properties"]["Roles"] == [{"Ref": role}]
        function, _ = one(template, "AWS::Lambda::Function", f"Functions{name.title()}")
        (mapping,) = [m for m in of_type(template, "AWS::Lambda::EventSourceMapping").values()
                      if m["Properties"]["FunctionName"] == {"Ref": function}]
        assert policy in mapping["DependsOn"]
        assert policy in template["Resources"][function]["DependsOn"]
    assert not [k for k in of_type(template, "AWS::IAM::Policy") if k.startswith(("Functions", "OfficeAccess"))]


def test_function_sizing(template):
    for name, sizing in SIZING.items():
        _, function = one(template, "AWS::Lambda::Function", f"Functions{name.title()}")
        props = function["Properties"]
        assert props["Timeout"] == sizing.timeout_s and props["MemorySize"] == sizing.memory_mb
        assert props["EphemeralStorage"] == {"Size": sizing.ephemeral_mb}
    assert SIZING["split"].ephemeral_mb >= 2048 and SIZING["assemble"].ephemeral_mb >= 2048


def test_signing_keys_are_passed_per_office(template):
    keys = {k: v for k, v in of_type(template, "AWS::KMS::Key").items() if k.startswith("KeysSigningKey")}
    assert len(keys) == len(OFFICES)
    for key in keys.values():
        assert key["Properties"]["KeySpec"] == "ECC_NIST_P256" and key["Properties"]["KeyUsage"] == "SIGN_VERIFY"
    _, function = one(template, "AWS::Lambda::Function", "FunctionsAssemble")
    variable = function["Properties"]["Environment"]["Variables"]["RELIEF_SIGNING_KEYS"]
    parts = variable["Fn::Join"][1]
    for office in OFFICES:
        assert any(isinstance(p, str) and f"{office}=" in p for p in parts)
    aliases = {a["Properties"]["AliasName"] for a in of_type(template, "AWS::KMS::Alias").values()}
    assert aliases == {"alias/Relief/data", "alias/Relief/audit", "alias/Relief/signing/cook",
                       "alias/Relief/signing/champaign"}


# --- least privilege -------------------------------------------------------------------------------------

def test_no_data_permission_on_every_resource(template):
    for name in SIZING:
        for statement in function_statements(template, name):
            if "*" in as_list(statement["Resource"]):
                assert sorted(as_list(statement["Action"])) == ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
            assert not any(action.endswith("*") for action in as_list(statement["Action"])), statement


def test_only_the_assembler_signs_and_only_with_signing_keys(template):
    signing = sorted(k for k in of_type(template, "AWS::KMS::Key") if k.startswith("KeysSigningKey"))
    for name in SIZING:
        signs = [s for s in function_statements(template, name) if "kms:Sign" in as_list(s["Action"])]
        if name != "assemble":
            assert not signs
            continue
        (statement,) = signs
        assert sorted(as_list(statement["Action"])) == ["kms:GetPublicKey", "kms:Sign"]
        assert sorted(r["Fn::GetAtt"][0] for r in as_list(statement["Resource"])) == signing


def test_each_function_consumes_only_its_own_queue(template):
    queues = {"split": "MessagingIntakeEvents", "evaluate": "MessagingChunks", "assemble": "MessagingAssemble"}
    for name, queue in queues.items():
        consumed = [r for s in function_statements(template, name) if "sqs:ReceiveMessage" in as_list(s["Action"])
                    for r in as_list(s["Resource"])]
        assert consumed == [arn_of(one(template, "AWS::SQS::Queue", queue)[0])], name


def test_functions_send_only_to_the_queues_they_use(template):
    chunks = arn_of(one(template, "AWS::SQS::Queue", "MessagingChunks")[0])
    assemble = arn_of(one(template, "AWS::SQS::Queue", "MessagingAssemble")[0])
    # The assembler sends a job's volumes to its own queue.
    expected = {"split": [chunks, assemble], "evaluate": [assemble], "assemble": [assemble]}
    for name, queues in expected.items():
        sends = [r for s in function_statements(template, name) if "sqs:SendMessage" in as_list(s["Action"])
                 for r in as_list(s["Resource"])]
        assert sorted(map(json.dumps, sends)) == sorted(map(json.dumps, queues)), name


# What each function may read and write in the intake bucket's job area: the stages hand work on
# through these objects (chunks -> result parts -> volumes -> bundles).
JOB_OBJECTS = {
    ("split", "s3:PutObject"): {"/jobs/*/chunks/*", "/jobs/*/quarantine/*"},
    ("evaluate", "s3:GetObject"): {"/jobs/*/chunks/*"},
    ("evaluate", "s3:PutObject"): {"/jobs/*/results/*"},
    ("assemble", "s3:GetObject"): {"/jobs/*/results/*", "/jobs/*/volumes/*"},
    ("assemble", "s3:PutObject"): {"/jobs/*/volumes/*"},
}


@pytest.mark.parametrize("function, action", sorted(JOB_OBJECTS))
def test_functions_reach_only_the_job_objects_their_stage_uses(template, function, action):
    intake = one(template, "AWS::S3::Bucket", "StorageIntake")[0]
    reached = {resource["Fn::Join"][1][1] for statement in function_statements(template, function)
               if action in as_list(statement["Action"]) for resource in as_list(statement["Resource"])
               if isinstance(resource, dict) and "Fn::Join" in resource
               and resource["Fn::Join"][1][0] == arn_of(intake) and resource["Fn::Join"][1][1].startswith("/jobs/")}
    assert reached == JOB_OBJECTS[(function, action)]


def test_office_roles_reach_only_their_own_prefixes(template):
    intake = one(template, "AWS::S3::Bucket", "StorageIntake")[0]
    output = one(template, "AWS::S3::Bucket", "StorageOutput")[0]
    roles = {k: v for k, v in of_type(template, "AWS::IAM::Role").items() if k.startswith("OfficeAccess")}
    assert len(roles) == len(OFFICES)
    for office in OFFICES:
        _, role = office_role(template, office)
        assert "ManagedPolicyArns" not in role and "Policies" not in role
        got = sorted(office_statements(template, office), key=lambda s: s["Sid"])
        assert [s["Sid"] for s in got] == ["DownloadBundles", "ListBundles", "ListUploads", "ReadErrorReports",
                                           "UploadStatePoliceFiles", "UseTheDataKeyThroughS3Only"]
        assert got[:5] == [
            {"Sid": "DownloadBundles", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion"],
             "Resource": objects(output, f"/bundles/{office}/*")},
            {"Sid": "ListBundles", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn_of(output),
             "Condition": {"StringLike": {"s3:prefix": [f"bundles/{office}/", f"bundles/{office}/*"]}}},
            {"Sid": "ListUploads", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": arn_of(intake),
             "Condition": {"StringLike": {"s3:prefix": [f"incoming/{office}/", f"incoming/{office}/*"]}}},
            {"Sid": "ReadErrorReports", "Effect": "Allow", "Action": "s3:GetObject",
             "Resource": objects(intake, f"/incoming/{office}/*.error.txt")},
            {"Sid": "UploadStatePoliceFiles", "Effect": "Allow", "Action": "s3:PutObject",
             "Resource": objects(intake, f"/incoming/{office}/*")},
        ]
        kms = got[5]
        assert kms["Action"] == ["kms:Decrypt", "kms:GenerateDataKey"]
        assert kms["Resource"] == arn_of(data_key(template))
        (via,) = kms["Condition"]["StringEquals"].values()
        assert list(kms["Condition"]["StringEquals"]) == ["kms:ViaService"]
        assert json.dumps(via).startswith('{"Fn::Join": ["", ["s3."')


# --- monitoring ------------------------------------------------------------------------------------------

def test_alarms_notify_the_topic(template):
    topic_id, _ = one(template, "AWS::SNS::Topic", "MessagingJobEvents")
    alarms = of_type(template, "AWS::CloudWatch::Alarm")
    assert len(alarms) == 3 + 5 + 1  # dead-letter queues, function errors, failed jobs
    for logical, alarm in alarms.items():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic_id}], logical
    dlq_alarms = [a["Properties"] for a in alarms.values()
                  if a["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"]
    assert len(dlq_alarms) == 3
    assert all(a["Threshold"] == 0 and a["ComparisonOperator"] == "GreaterThanThreshold" for a in dlq_alarms)
    assert len([a for a in alarms.values() if a["Properties"].get("MetricName") == "Errors"]) == 5
    (failed,) = [a["Properties"] for a in alarms.values() if a["Properties"].get("MetricName") == "JobsFailed"]
    assert failed["Namespace"] == "Relief"
    assert failed["Dimensions"] == [{"Name": "service", "Value": "relief"}]


def test_the_topic_lets_this_accounts_alarms_publish(template):
    topic_id, _ = one(template, "AWS::SNS::Topic", "MessagingJobEvents")
    (policy,) = [p["Properties"] for p in of_type(template, "AWS::SNS::TopicPolicy").values()
                 if p["Properties"]["Topics"] == [{"Ref": topic_id}]]
    (allow,) = [s for s in statements(policy) if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert allow["Action"] == "sns:Publish" and allow["Resource"] == {"Ref": topic_id}
    assert allow["Condition"]["StringEquals"] == {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
    assert json.dumps(allow["Condition"]["ArnLike"]["aws:SourceArn"]).endswith(':alarm:*"]]}')


def test_email_subscription_and_dashboard(template):
    (subscription,) = of_type(template, "AWS::SNS::Subscription").values()
    assert subscription["Properties"]["Protocol"] == "email"
    assert subscription["Properties"]["Endpoint"] == "ops@example.org"
    (dashboard,) = of_type(template, "AWS::CloudWatch::Dashboard").values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for metric in ("JobsComplete", "RowsDecided", "Decision_motion", "ChunkLatency"):
        assert metric in body


def test_template_assertions_api_agrees(template):
    """The same template through aws_cdk.assertions, for a couple of the checks above."""
    checked = Template.from_json(template)
    checked.resource_count_is("AWS::Lambda::Function", 5)
    checked.has_resource_properties("AWS::SQS::Queue", {
        "RedrivePolicy": {"maxReceiveCount": MAX_RECEIVE_COUNT},
        "KmsMasterKeyId": Match.any_value()})
    checked.all_resources_properties("AWS::DynamoDB::Table", {
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}})


# --- one shared signing key ------------------------------------------------------------------------------

def test_shared_signing_key_and_rotation(tmp_path):
    template, _, _ = synth(tmp_path, **{"relief:sharedSigningKey": True, "relief:signingKeyGeneration": 2})
    keys = [k for k in of_type(template, "AWS::KMS::Key") if k.startswith("KeysSigningKey")]
    assert len(keys) == 1
    aliases = {a["Properties"]["AliasName"] for a in of_type(template, "AWS::KMS::Alias").values()}
    assert aliases == {"alias/Relief/data", "alias/Relief/audit", "alias/Relief/signing/shared-v2"}  # rotated
    _, function = one(template, "AWS::Lambda::Function", "FunctionsAssemble")
    parts = function["Properties"]["Environment"]["Variables"]["RELIEF_SIGNING_KEYS"]["Fn::Join"][1]
    assert parts[0] == "*="
