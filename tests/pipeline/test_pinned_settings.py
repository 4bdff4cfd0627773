"""Settings pinned per job: the office settings in force when a file is split decide every chunk of
its job, its bundles and every later version of them, even when the office edits its settings while
the job runs; the job records which version it used. A file uploaded after the edit gets the new
settings."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

moto = pytest.importorskip("moto")

from relief.evaluation.file import evaluate_file  # noqa: E402
from relief.pipeline.jobs import JobStatus  # noqa: E402
from relief.pipeline.keys import settings_key  # noqa: E402
from relief.settings import load_settings_text  # noqa: E402
from tests.reviews import answered, answers_bytes, bundle_csv, bundle_json  # noqa: E402

from .test_answers import send_answers  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
OFFICE = "sangamon"
BEFORE = 'office_name = "Office Before The Edit"\nviolent_association = "exclude"\n'
AFTER = 'office_name = "Office After The Edit"\nviolent_association = "include"\n'


def put_settings(pipeline, text: str) -> str:
    """The office's settings file written; its S3 version id."""
    put = pipeline.s3.put_object(Bucket=pipeline.world.env.intake_bucket, Key=settings_key(OFFICE),
                                 Body=text.encode())
    return put["VersionId"]


def expected_results(text: str, as_of) -> list[dict]:
    buffer = io.StringIO(newline="")
    evaluate_file(SAMPLE, buffer, load_settings_text(text, "test"), as_of)
    return list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))


def test_settings_edited_while_a_job_runs_do_not_reach_it(pipeline, tmp_path):
    version = put_settings(pipeline, BEFORE)
    upload = pipeline.upload(SAMPLE, office=OFFICE)
    pipeline.split()
    split = pipeline.job(upload.job_id)
    assert split.status is JobStatus.EVALUATING and split.chunk_total > 1
    assert (split.settings_pinned, split.settings_sha256, split.settings_version_id) == (
        True, hashlib.sha256(BEFORE.encode()).hexdigest(), version)
    # One chunk decided, then the office edits its settings: the rest of the chunks still use the old ones.
    assert pipeline.driver.deliver("evaluate", 1, 900) == 1
    put_settings(pipeline, AFTER)
    job = pipeline.run(upload.job_id)
    assert job.status is JobStatus.COMPLETE, job.error

    decided = bundle_csv(pipeline.output(job, "cook.zip"), "results.csv")
    wanted = [r for r in expected_results(BEFORE, job.as_of) if r["charge_id"] in {d["charge_id"] for d in decided}]
    assert decided == wanted
    assert expected_results(BEFORE, job.as_of) != expected_results(AFTER, job.as_of)  # the edit would show
    about = bundle_json(pipeline.output(job, "cook.zip"), "manifest.json")
    assert about["office_name"] == "Office Before The Edit"
    assert about["settings_sha256"] == job.settings_sha256

    # A version made from the office's answers later is made under the job's settings too.
    review = bundle_csv(pipeline.output(job, "cook.zip"), "review.csv")
    target = next(r for r in review if r["reason"] == "unknown_disposition")
    send_answers(pipeline, job, answers_bytes([answered(target, "ineligible")], list(review[0])))
    revised = pipeline.job(job.job_id)
    assert revised.bundle_versions == {"cook.zip": 2}
    assert bundle_json(pipeline.output(revised, "cook.v2.zip"), "manifest.json")["office_name"] == \
        "Office Before The Edit"

    # A file uploaded after the edit is decided under the new settings.
    later = pipeline.run(pipeline.upload(SAMPLE, name="again.csv", office=OFFICE).job_id)
    assert later.settings_sha256 == hashlib.sha256(AFTER.encode()).hexdigest()
    assert bundle_json(pipeline.output(later, "cook.zip"), "manifest.json")["office_name"] == \
        "Office After The Edit"


def test_without_a_settings_file_a_job_is_pinned_to_the_references_defaults(pipeline):
    job = pipeline.run(pipeline.upload(SAMPLE, office=OFFICE).job_id)
    assert (job.settings_pinned, job.settings_sha256, job.settings_version_id) == (True, "", "")
    assert "the reference's defaults" in job.describe({})


def test_the_layout_profile_the_settings_name_is_pinned_with_them(pipeline):
    from relief.aws import runtime
    from relief.pipeline.keys import profile_key

    builtin = Path(__file__).resolve().parents[2] / "shared" / "relief" / "intake" / "profiles" / "builtin"
    profile = (builtin / "cook-clerk.toml").read_text(encoding="utf-8")
    fixture = Path(__file__).resolve().parents[1] / "intake" / "fixtures" / "cook-clerk-sample.csv"
    bucket = pipeline.world.env.intake_bucket
    put = pipeline.s3.put_object(Bucket=bucket, Key=profile_key("ours.toml"), Body=profile.encode())
    put_settings(pipeline, 'profile = "ours.toml"\n')
    upload = pipeline.upload(fixture, office=OFFICE)
    pipeline.split()
    split = pipeline.job(upload.job_id)
    assert (split.profile_sha256, split.profile_version_id) == (hashlib.sha256(profile.encode()).hexdigest(),
                                                                put["VersionId"])
    # The office renames its profile mid-job: the job keeps reading the one it was split under.
    edited = profile.replace('name = "cook-clerk"', 'name = "ours-edited"', 1)
    pipeline.s3.put_object(Bucket=bucket, Key=profile_key("ours.toml"), Body=edited.encode())
    job = pipeline.run(upload.job_id)
    assert job.status is JobStatus.COMPLETE, job.error
    services = runtime.services()
    services._settings_by_sha256.clear()  # as a fresh container reads them: by the versions pinned
    assert services.job_settings(job).layout.name == "cook-clerk"
    assert services.settings_now(OFFICE).settings.layout.name == "ours-edited"
