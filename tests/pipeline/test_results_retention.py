"""Results items (names, dates of birth) expire: each carries the TTL attribute the results table expires
on, set from the office's `results_retention_days` (default RESULTS_RETENTION_DAYS) after the job started."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import boto3
import pytest

moto = pytest.importorskip("moto")

from relief.pipeline.keys import TTL_ATTRIBUTE, settings_key  # noqa: E402
from relief.settings import RESULTS_RETENTION_DAYS, SettingsError, settings_from_mapping  # noqa: E402
from tests.pipeline.harness import Pipeline  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
OFFICE = "sangamon"


def expiries(pipeline: Pipeline) -> set[int]:
    table = pipeline.world.env.results_table
    pages = boto3.client("dynamodb", region_name="us-east-1").get_paginator("scan").paginate(TableName=table)
    items = [item for page in pages for item in page["Items"]]
    assert items, "the job wrote no results"
    assert all(TTL_ATTRIBUTE in item for item in items), "a results item without an expiry"
    return {int(item[TTL_ATTRIBUTE]["N"]) for item in items}


@pytest.mark.parametrize("settings, days", [
    ("", RESULTS_RETENTION_DAYS),
    ("results_retention_days = 30\n", 30),
])
def test_results_expire_after_the_offices_retention(pipeline, settings, days):
    if settings:
        pipeline.s3.put_object(Bucket=pipeline.world.env.intake_bucket, Key=settings_key(OFFICE),
                               Body=settings.encode())
    job = pipeline.run(pipeline.upload(SAMPLE, office=OFFICE).job_id)
    assert expiries(pipeline) == {int((job.created_at + timedelta(days=days)).timestamp())}


def test_the_default_retention_is_a_year():
    assert RESULTS_RETENTION_DAYS == 365


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_a_retention_outside_one_day_to_ten_years_is_refused(days):
    with pytest.raises(SettingsError, match="results_retention_days"):
        settings_from_mapping({"results_retention_days": days})
