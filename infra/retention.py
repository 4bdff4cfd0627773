"""CloudWatch Logs retention periods: the context's whole number of days as CDK's RetentionDays."""

from __future__ import annotations

from aws_cdk import aws_logs as logs

from .config import LOG_RETENTION_DAYS


def retention(days: int) -> logs.RetentionDays:
    names = [member for member in logs.RetentionDays if member.name != "INFINITE"]
    return dict(zip(LOG_RETENTION_DAYS, names, strict=True))[days]
