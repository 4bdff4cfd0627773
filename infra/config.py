"""The deployment's settings, read from CDK context (cdk.json or `-c key=value`) and checked.

Every key is namespaced `relief:`. A bad value stops synthesis with a message naming the key, so
a typo in cdk.json never deploys a half-configured stack.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

OFFICE_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")  # S3 prefix, role and alias names
ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:(?:root|role/[\w+=,.@/-]+|user/[\w+=,.@/-]+)$")
PERSON_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:(?:root|user/[\w+=,.@/-]+)$")  # signs in as a person
NAMED_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:(?:role|user)/[\w+=,.@/-]+$")  # one role or user
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# CloudWatch Logs accepts only these retention periods.
# CJIS Security Policy 5.4.7: audit records are kept at least a year.
AUDIT_MINIMUM_DAYS = 365
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
                      2922, 3288, 3653)

KEYS = ("offices", "admins", "sharedSigningKey", "retentionDays", "logRetentionDays", "evaluateMaxConcurrency",
        "alarmEmail", "accessLogRetentionDays", "auditRetentionDays", "signingKeyGeneration", "skipBundling",
        "evaluatePollers", "volumeSize", "assembleMaxConcurrency")
# Lambda's SQS provisioned mode: 2 to 200 minimum pollers, at most 2,000 (the ranges CloudFormation takes).
MIN_POLLERS, MAX_POLLERS = (2, 200), 2_000


class ConfigError(ValueError):
    """The context does not describe a deployable stack."""


@dataclass(frozen=True)
class Office:
    name: str  # the S3 prefix segment: incoming/<name>/, bundles/<name>/
    county: str
    # Who may assume the office's role (role, user or account-root ARNs). Empty only for a single-office
    # deployment, where it means any principal of this account that IAM allows to (with MFA).
    principals: tuple[str, ...] = ()

    def people(self) -> tuple[str, ...]:
        """The principals that sign in as a person (IAM users, the account's users): they need MFA."""
        return tuple(arn for arn in self.principals if PERSON_ARN.match(arn))

    def roles(self) -> tuple[str, ...]:
        """Role principals (an SSO permission set's role, a federated role): MFA is the identity provider's."""
        return tuple(arn for arn in self.principals if not PERSON_ARN.match(arn))


@dataclass(frozen=True)
class Config:
    offices: tuple[Office, ...]
    # Who administers the keys (besides CloudFormation's deployment role): IAM role or user ARNs.
    admins: tuple[str, ...] = ()
    shared_signing_key: bool = False
    retention_days: int = 30
    log_retention_days: int = 400  # function and trail log groups: at least AUDIT_MINIMUM_DAYS
    evaluate_max_concurrency: int = 50
    # Provisioned pollers (minimum, maximum) for the evaluator's event source, or None: Lambda's standard
    # scaling (5 concurrent invocations at first, 300 more a minute). Provisioned mode starts at the
    # minimum's invocations and grows faster, and bills the minimum pollers every hour (bench/model_aws.py).
    evaluate_pollers: tuple[int, int] | None = None
    volume_size: int = 5_000  # convictions per assembled volume at most: the assembler's RELIEF_VOLUME_SIZE
    # Assemblers at once (their reserved concurrency): the volumes of a large job are built side by side.
    assemble_max_concurrency: int = 20
    alarm_email: str | None = None
    access_log_retention_days: int = 731
    audit_retention_days: int = 731  # the trail's files: object-locked and kept this long
    # Bump to rotate the signing keys: new keys (and aliases) are made, the old ones are left in the account.
    signing_key_generation: int = 1
    skip_bundling: bool = False

    @classmethod
    def from_context(cls, get: Callable[[str], Any]) -> Config:
        """`get` is `node.try_get_context`: returns None for a key that is not set."""

        def value(key: str) -> Any:
            raw = get(f"relief:{key}")
            # `-c relief:x=...` on the command line gives strings: read JSON where it parses.
            if isinstance(raw, str) and key != "alarmEmail":
                try:
                    return json.loads(raw)
                except json.JSONDecodeError:
                    return raw
            return raw

        return cls.from_mapping({key: value(key) for key in KEYS})

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Config:
        defaults = cls(offices=())
        offices = _offices(raw.get("offices"))
        admins = _admins(raw.get("admins"))
        shared = _bool(raw, "sharedSigningKey", defaults.shared_signing_key)
        retention = _int(raw, "retentionDays", defaults.retention_days, 1, 3650)
        log_retention = _int(raw, "logRetentionDays", defaults.log_retention_days, AUDIT_MINIMUM_DAYS, 3653)
        if log_retention not in LOG_RETENTION_DAYS:
            raise ConfigError(f"relief:logRetentionDays must be one of CloudWatch's periods "
                              f"{', '.join(map(str, LOG_RETENTION_DAYS))}; got {log_retention}")
        # Lambda's SQS event source takes a maximum concurrency of 2 to 1000.
        concurrency = _int(raw, "evaluateMaxConcurrency", defaults.evaluate_max_concurrency, 2, 1000)
        access_logs = _int(raw, "accessLogRetentionDays", defaults.access_log_retention_days, AUDIT_MINIMUM_DAYS, 3650)
        audit = _int(raw, "auditRetentionDays", defaults.audit_retention_days, AUDIT_MINIMUM_DAYS, 3650)
        email = raw.get("alarmEmail") or None
        if email is not None and (not isinstance(email, str) or not EMAIL.match(email)):
            raise ConfigError(f"relief:alarmEmail must be an email address or absent; got {email!r}")
        generation = _int(raw, "signingKeyGeneration", defaults.signing_key_generation, 1, 999)
        skip = _bool(raw, "skipBundling", False)
        pollers = _pollers(raw.get("evaluatePollers"))
        volume_size = _int(raw, "volumeSize", defaults.volume_size, 1, 1_000_000)
        assemblers = _int(raw, "assembleMaxConcurrency", defaults.assemble_max_concurrency, 2, 1000)
        return cls(offices=offices, admins=admins, shared_signing_key=shared, retention_days=retention,
                   log_retention_days=log_retention, evaluate_max_concurrency=concurrency, alarm_email=email,
                   access_log_retention_days=access_logs, audit_retention_days=audit,
                   signing_key_generation=generation, skip_bundling=skip, evaluate_pollers=pollers,
                   volume_size=volume_size, assemble_max_concurrency=assemblers)

    def office(self, name: str) -> Office:
        return next(office for office in self.offices if office.name == name)


def _offices(raw: Any) -> tuple[Office, ...]:
    if not isinstance(raw, list) or not raw:
        raise ConfigError('relief:offices must be a non-empty list of {"name": ..., "county": ...}; '
                          f"got {raw!r}")
    offices = []
    for index, item in enumerate(raw):
        where = f"relief:offices[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where} must be an object with name and county; got {item!r}")
        unknown = set(item) - {"name", "county", "principals"}
        if unknown:
            raise ConfigError(f"{where} has unknown key(s) {', '.join(sorted(unknown))}")
        name, county = item.get("name"), item.get("county")
        if not isinstance(name, str) or not OFFICE_NAME.match(name):
            raise ConfigError(f"{where}.name must be 1-32 lowercase letters, digits or hyphens (it is an S3 "
                              f"prefix and part of IAM and KMS names), not starting or ending with a hyphen; "
                              f"got {name!r}")
        if not isinstance(county, str) or not county.strip():
            raise ConfigError(f"{where}.county must be the county's name; got {county!r}")
        principals = item.get("principals", [])
        if not isinstance(principals, list) or not all(isinstance(p, str) and ARN.match(p) for p in principals):
            raise ConfigError(f"{where}.principals must be a list of IAM role, user or account-root ARNs; "
                              f"got {principals!r}")
        offices.append(Office(name=name, county=county.strip(), principals=tuple(principals)))
    if len(offices) > 1:
        # One office's people must never reach another's files: with several offices each role names who may
        # assume it, instead of trusting every principal of the account.
        unnamed = [f"relief:offices[{i}] ({o.name})" for i, o in enumerate(offices) if not o.principals]
        if unnamed:
            raise ConfigError(f"{', '.join(unnamed)} must list principals: with more than one office, each office "
                              f"names the IAM roles (an SSO permission set's role) or users that may assume its role")
    names = [office.name for office in offices]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ConfigError(f"relief:offices names must be unique; repeated: {', '.join(duplicates)}")
    return tuple(offices)


def _admins(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(a, str) and NAMED_ARN.match(a) for a in raw):
        raise ConfigError(f"relief:admins must be a list of IAM role or user ARNs (not an account root: the keys "
                          f"are administered by named principals only); got {raw!r}")
    return tuple(raw)


def _bool(raw: Mapping[str, Any], key: str, default: bool) -> bool:
    value = raw.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ConfigError(f"relief:{key} must be true or false; got {value!r}")


def _pollers(value: Any) -> tuple[int, int] | None:
    """relief:evaluatePollers: {"minimum": M, "maximum": N}, or absent for Lambda's standard scaling."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"minimum", "maximum"}:
        raise ConfigError(f'relief:evaluatePollers must be {{"minimum": M, "maximum": N}} or absent; got {value!r}')
    low = _int({"evaluatePollers.minimum": value["minimum"]}, "evaluatePollers.minimum", 0, *MIN_POLLERS)
    high = _int({"evaluatePollers.maximum": value["maximum"]}, "evaluatePollers.maximum", 0, low, MAX_POLLERS)
    return low, high


def _int(raw: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        else:
            raise ConfigError(f"relief:{key} must be a whole number; got {value!r}")
    if not low <= value <= high:
        raise ConfigError(f"relief:{key} must be between {low} and {high}; got {value}")
    return value
