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
