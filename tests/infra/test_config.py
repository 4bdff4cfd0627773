"""infra/config.py: the CDK context is read into a Config, and a bad one is refused with the key named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("aws_cdk")

from infra.config import AUDIT_MINIMUM_DAYS, Config, ConfigError, Office

CDK_JSON = Path(__file__).resolve().parents[2] / "cdk.json"
OFFICES = [{"name": "cook", "county": "Cook"}]
ROLE = "arn:aws:iam::123456789012:role/cook-uploader"
USER = "arn:aws:iam::123456789012:user/cook-prosecutor"


def config(**raw) -> Config:
    return Config.from_mapping({"offices": OFFICES, **raw})


def test_cdk_json_is_a_valid_deployment():
    context = json.loads(CDK_JSON.read_text())["context"]
    parsed = Config.from_context(context.get)
    assert len(parsed.offices) >= 2
    assert parsed.skip_bundling is False


def test_defaults():
    parsed = config()
    assert parsed.offices == (Office("cook", "Cook"),)
    assert (parsed.shared_signing_key, parsed.retention_days, parsed.log_retention_days) == (False, 30, 400)
    assert parsed.alarm_email is None and parsed.admins == ()
    assert parsed.audit_retention_days >= AUDIT_MINIMUM_DAYS and parsed.access_log_retention_days >= AUDIT_MINIMUM_DAYS


def test_pollers_and_volume_size():
    assert (config().evaluate_pollers, config().volume_size) == (None, 5_000)
    parsed = config(evaluatePollers={"minimum": 2, "maximum": 20}, volumeSize=2_500)
    assert (parsed.evaluate_pollers, parsed.volume_size) == ((2, 20), 2_500)
    from_line = Config.from_context({"relief:offices": json.dumps(OFFICES),
                                     "relief:evaluatePollers": '{"minimum": 3, "maximum": 9}'}.get)
    assert from_line.evaluate_pollers == (3, 9)


def test_command_line_strings_are_read_as_json():
    context = {"relief:offices": json.dumps(OFFICES), "relief:sharedSigningKey": "true",
               "relief:retentionDays": "14", "relief:alarmEmail": "ops@example.org"}
    parsed = Config.from_context(context.get)
    assert parsed.shared_signing_key is True and parsed.retention_days == 14
    assert parsed.alarm_email == "ops@example.org"


@pytest.mark.parametrize("raw, key", [
    ({"offices": []}, "relief:offices"),
    ({"offices": None}, "relief:offices"),
    ({"offices": [{"name": "Cook County", "county": "Cook"}]}, "relief:offices[0].name"),
    ({"offices": [{"name": "-cook", "county": "Cook"}]}, "relief:offices[0].name"),
    ({"offices": [{"name": "cook"}]}, "relief:offices[0].county"),
    ({"offices": [{"name": "cook", "county": "Cook", "bucket": "x"}]}, "relief:offices[0] has unknown"),
    ({"offices": [{"name": "cook", "county": "Cook", "principals": ["someone"]}]}, "relief:offices[0].principals"),
    ({"offices": [{**OFFICES[0], "principals": [ROLE]}] * 2}, "repeated: cook"),
    ({"offices": [*OFFICES, {"name": "lake", "county": "Lake", "principals": [ROLE]}]},
     "relief:offices[0] .cook. must list principals"),
    ({"admins": ["arn:aws:iam::123456789012:root"]}, "relief:admins"),
    ({"admins": "arn:aws:iam::123456789012:role/admin"}, "relief:admins"),
    ({"logRetentionDays": 90}, "relief:logRetentionDays must be between 365"),
    ({"accessLogRetentionDays": 30}, "relief:accessLogRetentionDays"),
    ({"auditRetentionDays": 364}, "relief:auditRetentionDays"),
    ({"retentionDays": 0}, "relief:retentionDays"),
    ({"retentionDays": "thirty"}, "relief:retentionDays"),
    ({"logRetentionDays": 10}, "relief:logRetentionDays"),
    ({"evaluateMaxConcurrency": 1}, "relief:evaluateMaxConcurrency"),
    ({"evaluatePollers": 5}, "relief:evaluatePollers"),
    ({"evaluatePollers": {"minimum": 2}}, "relief:evaluatePollers"),
    ({"evaluatePollers": {"minimum": 1, "maximum": 10}}, "relief:evaluatePollers.minimum"),
    ({"evaluatePollers": {"minimum": 10, "maximum": 5}}, "relief:evaluatePollers.maximum"),
    ({"evaluatePollers": {"minimum": 2, "maximum": 2001}}, "relief:evaluatePollers.maximum"),
    ({"volumeSize": 0}, "relief:volumeSize"),
    ({"sharedSigningKey": "yes"}, "relief:sharedSigningKey"),
    ({"alarmEmail": "not an address"}, "relief:alarmEmail"),
])
def test_bad_context_is_refused_naming_the_key(raw, key):
    with pytest.raises(ConfigError, match=key.replace("[", r"\[").replace("]", r"\]")):
        Config.from_mapping({"offices": OFFICES, **raw})


def test_principals_are_kept_and_people_told_from_roles():
    parsed = Config.from_mapping({"offices": [{"name": "cook", "county": "Cook", "principals": [ROLE, USER]}]})
    office = parsed.offices[0]
    assert office.principals == (ROLE, USER)
    assert office.roles() == (ROLE,) and office.people() == (USER,)


def test_several_offices_each_naming_principals_and_admins():
    offices = [{"name": "cook", "county": "Cook", "principals": [ROLE]},
               {"name": "lake", "county": "Lake", "principals": [USER]}]
    parsed = Config.from_mapping({"offices": offices, "admins": [ROLE]})
    assert [o.principals for o in parsed.offices] == [(ROLE,), (USER,)]
    assert parsed.admins == (ROLE,)


def test_a_single_office_may_name_no_one():
    assert config().offices[0].principals == ()
