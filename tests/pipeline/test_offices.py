"""Offices are names from the configuration: an upload for any other office is not read but quarantined
and reported to the topic; settings exist only for a configured office."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from relief.aws import runtime
from relief.pipeline.jobs import JobStatus
from relief.pipeline.keys import quarantine_key
from relief.settings import UnknownOffice

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"

# (how the key names the office, what the report says of it)
UNKNOWN = [
    ("dupage", "dupage"),  # well formed, not configured
    ("..", "(not a well-formed office name)"),
    ("coök", "(not a well-formed office name)"),
    ("Cook", "(not a well-formed office name)"),
    ("cook-", "(not a well-formed office name)"),
]


@pytest.mark.parametrize("office, reported", UNKNOWN, ids=[u[0] for u in UNKNOWN])
def test_an_upload_for_an_unknown_office_is_quarantined_unread_and_reported(pipeline, office, reported):
    upload = pipeline.upload(SAMPLE, name="isp.csv", office=office)
    pipeline.split()

    assert pipeline.job(upload.job_id) is None  # no job: nothing was read
    assert not pipeline.object_exists(upload.key)
    moved = pipeline.s3.get_object(Bucket=upload.bucket, Key=quarantine_key(upload.job_id))
    assert moved["Body"].read() == SAMPLE.read_bytes()
    assert unquote(moved["Metadata"]["original-key"]) == upload.key
    assert pipeline.queued(pipeline.world.queues.chunks) == 0
    [report] = pipeline.announcements()
    assert report["detail"] == {
        "upload_id": upload.job_id, "status": "QUARANTINED", "office": reported,
        "reason": "the upload's office is not one of the offices this deployment serves; it was not read",
        "quarantined": f"s3://{upload.bucket}/{quarantine_key(upload.job_id)}", "bytes": len(SAMPLE.read_bytes())}
    assert "isp.csv" not in report["raw"]  # no file name in the report


def test_an_upload_event_delivered_again_after_the_quarantine_changes_nothing(pipeline):
    upload = pipeline.upload(SAMPLE, office="dupage")
    [event] = [m for m in pipeline.receive(pipeline.world.queues.intake) if "Records" in pipeline.body(m)]
    pipeline.invoke("split", [event], pipeline.world.queues.intake)
    response = pipeline.invoke("split", [event], pipeline.world.queues.intake)
    assert response == {"batchItemFailures": []}
    assert len(pipeline.announcements()) == 1
    assert pipeline.job(upload.job_id) is None


def test_a_configured_office_is_processed(pipeline):
    upload = pipeline.upload(SAMPLE, office="cook")
    assert pipeline.run(upload.job_id).status is JobStatus.COMPLETE


def test_settings_exist_only_for_a_configured_office(pipeline):
    services = runtime.services()
    assert services.office_settings("cook").limits.max_rows > 0
    for office in ("dupage", "..", "../cook", "Cook"):
        with pytest.raises(UnknownOffice):
            services.office_settings(office)


LAYOUTS = Path(__file__).resolve().parents[1] / "intake" / "fixtures"


@pytest.mark.parametrize("named", ["name", "file"])
def test_an_offices_settings_take_a_layout_profile_by_name_or_file(pipeline, named):
    from relief.pipeline.keys import profile_key, settings_key

    bucket = pipeline.world.env.intake_bucket
    if named == "file":
        builtin = Path(runtime.__file__).parents[1] / "intake" / "profiles" / "builtin" / "cook-sao.toml"
        pipeline.s3.put_object(Bucket=bucket, Key=profile_key("ours.toml"), Body=builtin.read_bytes())
        settings = b'profile = "ours.toml"\n'
    else:
        settings = b'profile = "cook-sao"\n'
    pipeline.s3.put_object(Bucket=bucket, Key=settings_key("cook"), Body=settings)
    upload = pipeline.upload(LAYOUTS / "cook-sao-sample.csv", office="cook")
    job = pipeline.run(upload.job_id)
    assert job.status is JobStatus.COMPLETE, job.error
    assert (job.rows_read, job.rows_decided, job.rows_rejected) == (40, 40, 0)
    assert sum(job.decisions.values()) == 38  # charges: two pairs of rows are charge versions


def test_a_profile_file_the_settings_name_but_that_is_not_there_refuses_the_job(pipeline):
    from relief.pipeline.keys import settings_key

    pipeline.s3.put_object(Bucket=pipeline.world.env.intake_bucket, Key=settings_key("cook"),
                           Body=b'profile = "missing.toml"\n')
    upload = pipeline.upload(LAYOUTS / "cook-sao-sample.csv", office="cook")
    job = pipeline.run(upload.job_id)
    assert job.status is JobStatus.FAILED and "profile missing.toml" in job.error
