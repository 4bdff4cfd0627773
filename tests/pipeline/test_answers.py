"""The review loop on AWS (moto, the real handlers): the office uploads its answers to
incoming/<office>/reviews/<job id>.csv; the S3 event reaches the splitter, which hands the file to the
assembler, which makes the next version of each county bundle the answers change, from the stored
results (nothing is evaluated again). A faulty file, one for another office's or an unknown job, or
one for a job not yet complete is refused whole: a report beside it lists every problem, the office
is told, no bundle changes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

moto = pytest.importorskip("moto")

from relief.aws import runtime  # noqa: E402
from relief.documents.verify import verify_bundle  # noqa: E402
from relief.documents.verify_documents import verify_documents  # noqa: E402
from relief.documents.versions import verify_chain, verify_link  # noqa: E402
from relief.pipeline.jobs import Job, JobStatus, Upload  # noqa: E402
from relief.pipeline.keys import answers_key  # noqa: E402
from relief.pipeline.messages import AnswersMessage  # noqa: E402
from tests.charges import BASE  # noqa: E402
from tests.reviews import (  # noqa: E402
    answered,
    answered_copy,
    answers_bytes,
    bundle_csv,
    bundle_json,
    faulty_copy,
    moved_counts,
    no_value_of,
)

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
OFFICE = "sangamon"


def send_answers(pipeline, job: Job, data: bytes, office: str = OFFICE, name: str | None = None) -> Upload:
    """The office's upload, then every message it causes delivered (S3 event -> split -> assemble)."""
    key = answers_key(office, job.job_id) if name is None else f"incoming/{office}/reviews/{name}"
    put = pipeline.s3.put_object(Bucket=pipeline.world.env.intake_bucket, Key=key, Body=data)
    while pipeline.driver.round():
        pass
    return Upload(bucket=pipeline.world.env.intake_bucket, key=key, version_id=put.get("VersionId", ""))


def report_beside(pipeline, upload: Upload) -> str:
    body = pipeline.s3.get_object(Bucket=upload.bucket, Key=upload.error_report_key)["Body"].read()
    return body.decode("utf-8")


def save(pipeline, job: Job, name: str, folder: Path) -> Path:
    path = folder / name
    path.write_bytes(pipeline.output(job, name))
    return path


def as_recorded(job: Job) -> dict:
    """What a job record says, but when it was last touched (a refused file's claim on it touches it)."""
    return job.model_dump(exclude={"updated_at"})


def output_keys(pipeline) -> dict[str, str]:
    """Every object of the output bucket, by key, with its ETag: what "no bundle changed" compares."""
    listed = pipeline.s3.list_objects_v2(Bucket=pipeline.world.env.output_bucket).get("Contents", [])
    return {item["Key"]: item["ETag"] for item in listed}


@pytest.fixture
def finished(pipeline):
    job = pipeline.run(pipeline.upload(SAMPLE, office=OFFICE).job_id)
    assert job.status is JobStatus.COMPLETE, job.error
    pipeline.announcements()  # the COMPLETE announcement: not what these tests read
    return job


def test_an_uploaded_answers_file_makes_version_2_of_the_county_it_changes(pipeline, finished, tmp_path):
    job = finished
    v1 = save(pipeline, job, "cook.zip", tmp_path)
    review, before = bundle_csv(v1, "review.csv"), bundle_csv(v1, "results.csv")
    rows, decided = answered_copy(review, before)
    data = answers_bytes(rows, [*review[0], "my own column"])
    results_items = runtime.services().results  # nothing is evaluated again: the results table is not written
    written: list = []
    put = results_items.put
    results_items.put = lambda *args, **kwargs: written.append(args) or put(*args, **kwargs)

    upload = send_answers(pipeline, job, data)

    assert written == []
    revised = pipeline.job(job.job_id)
    assert revised.status is JobStatus.COMPLETE
    assert revised.answers == (upload.job_id,) and revised.bundle_versions == {"cook.zip": 2}
    assert [uri for uri in revised.outputs if uri not in job.outputs] == [
        uri.replace("/cook.zip", "/cook.v2.zip") for uri in job.outputs if uri.endswith("/cook.zip")]
    v2 = save(pipeline, revised, "cook.v2.zip", tmp_path)
    assert pipeline.output(revised, "cook.zip") == v1.read_bytes()  # the older version stays

    after = bundle_csv(v2, "results.csv")
    assert [(r["charge_id"], r["final_decision"]) for r in after] == [
        (r["charge_id"], decided.get(r["charge_id"], r["decision"])) for r in before]
    assert [r for r in after if r["charge_id"] not in decided] == [r for r in before if r["charge_id"] not in decided]
    moved = moved_counts(before, decided)
    counts_before, counts_after = bundle_json(v1, "summary.json"), bundle_json(v2, "summary.json")
    assert {d: counts_after["decisions"][d] - n for d, n in counts_before["decisions"].items()} == {
        d: moved.get(d, 0) for d in counts_before["decisions"]}

    for bundle in (v1, v2):
        assert verify_bundle(bundle).ok and verify_documents(bundle).ok, verify_documents(bundle).message
    link = verify_link(v2, v1, hashlib.sha256(data).hexdigest())
    assert link.ok, link.message

    (told,) = pipeline.announcements()
    assert told["detail"]["status"] == "REVISED" and told["detail"]["versions"] == {"cook.zip": 2}
    assert no_value_of(rows, told["raw"])
    assert pipeline.dead_letters() == {"intake": 0, "chunks": 0, "assemble": 0}


def test_the_same_upload_delivered_twice_is_applied_once_and_a_second_file_makes_version_3(pipeline, finished,
                                                                                          tmp_path):
    job = finished
    v1 = save(pipeline, job, "cook.zip", tmp_path)
    review, before = bundle_csv(v1, "review.csv"), bundle_csv(v1, "results.csv")
    rows, _ = answered_copy(review, before)
    first = send_answers(pipeline, job, answers_bytes(rows, list(review[0])))
    revised = pipeline.job(job.job_id)
    v2 = save(pipeline, revised, "cook.v2.zip", tmp_path)

    # The assembler's message for the same upload again (SQS delivers at least once): nothing changes.
    pipeline.sqs.send_message(QueueUrl=pipeline.world.queues.assemble, MessageBody=AnswersMessage(
        answers_key=first.key, version_id=first.version_id).model_dump_json())
    while pipeline.driver.round():
        pass
    assert as_recorded(pipeline.job(job.job_id)) == as_recorded(revised)

    # The office's next copy (v2's review.csv, its answers kept) with one more answer: version 3.
    review_2 = bundle_csv(v2, "review.csv")
    target = next(r for r in review_2 if r["reason"] == "unknown_disposition" and not r["reviewer_decision"])
    rows_2 = [answered(r, "not_cannabis") if r is target else r for r in review_2]
    send_answers(pipeline, job, answers_bytes(rows_2, list(review_2[0])))
    latest = pipeline.job(job.job_id)
    assert latest.bundle_versions == {"cook.zip": 3} and len(latest.answers) == 2
    v3 = save(pipeline, latest, "cook.v3.zip", tmp_path)
    changed = [(a["charge_id"], a["final_decision"]) for a, b in zip(bundle_csv(v3, "results.csv"),
                                                                     bundle_csv(v2, "results.csv"), strict=True)
               if a != b]
    assert changed == [(target["charge_id"], "not_cannabis")]
    assert verify_bundle(v3).ok and verify_documents(v3).ok
    assert verify_chain([v3, v2, v1]).ok
    assert not verify_chain([v3, v1]).ok  # a version skipped is no link


def test_a_faulty_answers_file_is_refused_whole_with_every_problem_listed_and_no_bundle_changed(pipeline, finished):
    job = finished
    cook = pipeline.output(job, "cook.zip")
    review = bundle_csv(cook, "review.csv")
    rows, _ = answered_copy(review, bundle_csv(cook, "results.csv"))
    faulty, listed = faulty_copy(rows)
    outputs = output_keys(pipeline)

    upload = send_answers(pipeline, job, answers_bytes(faulty, list(review[0])))

    assert output_keys(pipeline) == outputs
    assert as_recorded(pipeline.job(job.job_id)) == as_recorded(job)
    report = report_beside(pipeline, upload)
    assert "Nothing was changed" in report
    for problem in listed:
        assert f"  {problem}" in report, (problem, report)
    assert no_value_of(faulty, report)
    (told,) = pipeline.announcements()
    assert told["detail"]["status"] == "ANSWERS_REFUSED" and told["detail"]["problems"] == len(listed)
    assert no_value_of(faulty, told["raw"])


@pytest.mark.parametrize("office, name, expected", [
    ("cook", None, "there is no job {job} of office cook: is this the answers file of another job or office?"),
    (OFFICE, "0123456789abcdef01234567.csv", "there is no job 0123456789abcdef01234567 of office sangamon"),
    (OFFICE, "answers.csv", "the file's name must be the job id: reviews/<job id>.csv"),
])
def test_answers_for_another_offices_job_or_no_job_are_refused(pipeline, finished, office, name, expected):
    job = finished
    cook = pipeline.output(job, "cook.zip")
    review = bundle_csv(cook, "review.csv")
    rows, _ = answered_copy(review, bundle_csv(cook, "results.csv"))
    outputs = output_keys(pipeline)
    upload = send_answers(pipeline, job, answers_bytes(rows, list(review[0])), office=office,
                          name=name if name else f"{job.job_id}.csv")
    assert expected.format(job=job.job_id) in report_beside(pipeline, upload)
    assert output_keys(pipeline) == outputs and as_recorded(pipeline.job(job.job_id)) == as_recorded(job)


def test_answers_for_another_job_of_the_same_office_are_refused_by_their_charge_ids(pipeline, finished):
    job = finished
    other = pipeline.run(pipeline.upload(
        (",".join(BASE) + "\n" + ",".join(BASE.values()) + "\n").encode(), name="other.csv").job_id)
    cook = pipeline.output(job, "cook.zip")
    review = bundle_csv(cook, "review.csv")
    rows, _ = answered_copy(review, bundle_csv(cook, "results.csv"))
    upload = send_answers(pipeline, other, answers_bytes(rows, list(review[0])))
    report = report_beside(pipeline, upload)
    assert f"none of the answered charges is a charge of job {other.job_id}" in report
    assert pipeline.job(other.job_id).answers == ()


def test_answers_for_a_job_not_yet_complete_are_refused(pipeline):
    upload = pipeline.upload(SAMPLE, office=OFFICE)
    pipeline.split()  # split, its chunks not yet evaluated
    job = pipeline.job(upload.job_id)
    assert job.status is JobStatus.EVALUATING
    key = answers_key(OFFICE, job.job_id)
    pipeline.s3.put_object(Bucket=pipeline.world.env.intake_bucket, Key=key,
                           Body=b"charge_id,reviewer_decision,reviewer,reviewed_on\nR1-0000000a,motion,A,2020-01-01\n")
    pipeline.split()
    while pipeline.driver.deliver("assemble", 1, 900):
        pass
    report = pipeline.s3.get_object(Bucket=pipeline.world.env.intake_bucket, Key=key + ".error.txt")["Body"].read()
    assert f"job {job.job_id} is EVALUATING, not COMPLETE" in report.decode()
    finished = pipeline.run(job.job_id)
    assert finished.status is JobStatus.COMPLETE and finished.answers == ()


def test_an_answers_message_is_routed_to_the_revision_and_holds_only_where_the_file_is():
    message = AnswersMessage(answers_key="incoming/cook/reviews/x.csv", version_id="v1")
    assert set(json.loads(message.model_dump_json())) == {"answers_key", "version_id", "sequencer"}


def test_a_revision_that_keeps_failing_ends_in_its_dead_letter_queue_and_the_office_is_told(pipeline, finished,
                                                                                           monkeypatch):
    job = finished
    cook = pipeline.output(job, "cook.zip")
    review = bundle_csv(cook, "review.csv")
    rows, _ = answered_copy(review, bundle_csv(cook, "results.csv"))
    outputs = output_keys(pipeline)

    def broken(*args, **kwargs):
        raise RuntimeError(f"failed on {rows[0]['last_name']}")  # a value from a record: never reported

    monkeypatch.setattr("relief.pipeline.revise.revise_bundle", broken)
    upload = send_answers(pipeline, job, answers_bytes(rows, list(review[0])))

    assert output_keys(pipeline) == outputs
    after = pipeline.job(job.job_id)
    assert after.status is JobStatus.COMPLETE and after.answers == () and after.bundle_versions == {}
    told = pipeline.announcements()
    assert [t["detail"]["status"] for t in told] == ["ANSWERS_FAILED"]
    assert told[0]["detail"]["answers_id"] == upload.job_id
    assert no_value_of(rows, told[0]["raw"])
    assert all(rows[0]["last_name"] not in error for error in pipeline.driver.errors)

    # The claim on the job was given back: the same answers uploaded again, once the fault is gone, apply.
    monkeypatch.undo()
    send_answers(pipeline, job, answers_bytes(rows, list(review[0])))
    assert pipeline.job(job.job_id).bundle_versions == {"cook.zip": 2}
