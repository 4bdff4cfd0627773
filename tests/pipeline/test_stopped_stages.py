"""No job is stuck, ever: each stage stopped part-way (as Lambda stops one at its time or memory limit)
either finishes on its retry with every row in its result, or the sweeper reports the job; a message
in a dead-letter queue fails its job; a failed file uploaded again is a fresh job that succeeds."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

from relief.aws import runtime
from relief.pipeline import volume_bundles as volume_stage
from relief.pipeline.chunks import PartitionSpool
from relief.pipeline.jobs import Job, JobStatus
from relief.pipeline.sweep import STUCK_AFTER_MINUTES
from tests.pipeline.harness import Killed, Pipeline, killing

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
LEASE_LAPSED = timedelta(minutes=16)  # past the split and assembly leases (15 minutes)
PAST_EVERY_LIMIT = timedelta(minutes=max(STUCK_AFTER_MINUTES.values()) + 1)


def rows_in_equal_rows_out(pipeline: Pipeline, job: Job) -> None:
    assert job.status is JobStatus.COMPLETE, job.error
    assert job.rows_read == 1000 and job.rows_decided + job.rows_rejected == job.rows_read
    assert job.chunks_done == job.chunk_total and sum(job.decisions.values()) == job.rows_read
    results = list(csv.DictReader(io.StringIO(pipeline.output(job, "results.csv").decode("utf-8"))))
    assert [int(row["row_number"]) for row in results] == list(range(1, 1001))


def reported_stuck(pipeline: Pipeline, job: Job, stage: JobStatus) -> None:
    assert job.status is JobStatus.FAILED and job.failed_in == stage.value
    assert job.error.startswith(f"stuck in {stage.value}: no progress for") and "upload the file again" in job.error
    [announced] = [a["detail"] for a in pipeline.announcements() if a["detail"].get("status") == "FAILED"]
    assert announced == {"job_id": job.job_id, "status": "FAILED", "office": "sangamon", "stage": stage.value,
                         "error": job.error}


def stop_split_after_sending(pipeline: Pipeline, monkeypatch, messages: int) -> None:
    """The splitter stored every chunk and was stopped after sending `messages` chunk messages."""
    messenger = runtime.services().messages
    real_send = messenger.send

    def send_some_then_stop(queue_url, bodies):
        if queue_url == pipeline.world.env.chunk_queue_url:
            real_send(queue_url, bodies[:messages])
            raise Killed("stopped while sending chunk messages")
        return real_send(queue_url, bodies)

    monkeypatch.setattr(messenger, "send", send_some_then_stop)
    assert pipeline.deliver_killed("split") == 1
    monkeypatch.setattr(messenger, "send", real_send)


# --- split --------------------------------------------------------------------------------------------

def test_a_split_stopped_after_some_chunk_messages_is_finished_by_its_retry(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    stop_split_after_sending(pipeline, monkeypatch, messages=3)
    job = pipeline.job(upload.job_id)
    assert job.status is JobStatus.EVALUATING and job.chunk_total > 3 and not job.chunks_sent
    while pipeline.driver.deliver("evaluate", 10, 120):  # the three chunks that were announced
        pass
    assert pipeline.job(upload.job_id).chunks_done == 3

    pipeline.timeout_passes()  # the S3 event comes back: the retry sends every chunk message again
    rows_in_equal_rows_out(pipeline, pipeline.run(upload.job_id))


def test_a_split_stopped_after_some_chunk_messages_with_no_retry_is_reported_by_the_sweeper(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    stop_split_after_sending(pipeline, monkeypatch, messages=3)
    pipeline.in_flight.clear()  # its S3 event never comes back
    while pipeline.driver.deliver("evaluate", 10, 120):
        pass
    assert pipeline.sweep(timedelta(minutes=STUCK_AFTER_MINUTES[JobStatus.EVALUATING] - 1))["failed"] == []
    assert pipeline.sweep(timedelta(minutes=STUCK_AFTER_MINUTES[JobStatus.EVALUATING] + 1))["failed"] == [
        upload.job_id]
    job = pipeline.job(upload.job_id)
    reported_stuck(pipeline, job, JobStatus.EVALUATING)
    assert "(3 of " in job.error


def test_a_split_stopped_while_reading_is_taken_over_by_its_retry_once_its_lease_lapses(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    monkeypatch.setattr(PartitionSpool, "add", killing(PartitionSpool.add, after=400))
    pipeline.deliver_killed("split")
    monkeypatch.undo()
    assert pipeline.job(upload.job_id).status is JobStatus.SPLITTING
    pipeline.timeout_passes()
    with pipeline.later(LEASE_LAPSED):
        job = pipeline.run(upload.job_id)
    rows_in_equal_rows_out(pipeline, job)


def test_a_split_stopped_on_every_delivery_fails_its_job_from_the_dead_letter_queue(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    real_add = PartitionSpool.add
    for attempt in range(1, 4):  # each retry takes over (the lease lapsed) and is stopped again
        monkeypatch.setattr(PartitionSpool, "add", killing(real_add, after=100))
        with pipeline.later(LEASE_LAPSED * attempt):
            assert pipeline.deliver_killed("split") == 1
        monkeypatch.setattr(PartitionSpool, "add", real_add)
        pipeline.timeout_passes()
    job = pipeline.run(upload.job_id)  # the event goes to the dead-letter queue; the dead-letters function reads it
    assert job.status is JobStatus.FAILED and job.failed_in == "SPLITTING"
    assert job.error.startswith("the file could not be split: its message failed 3 deliveries")
    assert pipeline.dead_letters() == {"intake": 0, "chunks": 0, "assemble": 0}
    assert [a["detail"]["job_id"] for a in pipeline.announcements() if a["detail"]["status"] == "FAILED"] == [
        job.job_id]


# --- evaluate -----------------------------------------------------------------------------------------

def test_an_evaluator_stopped_after_a_partial_write_is_finished_by_its_retry(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    pipeline.split()
    objects = runtime.services().objects
    # The first chunk's results are in the results table; it is stopped writing its result part, and
    # the whole batch of five chunk messages with it.
    monkeypatch.setattr(objects, "put", killing(objects.put, after=0))
    assert pipeline.deliver_killed("evaluate") == 5
    monkeypatch.undo()
    assert pipeline.job(upload.job_id).chunks_done == 0
    pipeline.timeout_passes()
    rows_in_equal_rows_out(pipeline, pipeline.run(upload.job_id))


def test_an_evaluator_stopped_on_every_delivery_fails_the_job_from_the_dead_letter_queue(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    pipeline.split()
    messages = pipeline.chunk_messages()
    [first] = [m for m in messages if pipeline.body(m)["chunk"] == 1]
    handler = pipeline.driver.handlers["evaluate"]
    monkeypatch.setattr(handler, "evaluate_chunk", killing(handler.evaluate_chunk))
    for attempt in range(3):
        pipeline.invoke_killed("evaluate", [first])
        pipeline.timeout_passes()
        if attempt < 2:
            [first] = pipeline.receive(pipeline.world.queues.chunks)  # back, alone: the others are in flight
    monkeypatch.undo()
    for message in messages:
        if pipeline.body(message)["chunk"] != 1:
            pipeline.sqs.change_message_visibility(QueueUrl=pipeline.world.queues.chunks,
                                                   ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
    job = pipeline.run(upload.job_id)
    assert job.status is JobStatus.FAILED and job.failed_in == "EVALUATING"
    assert job.failed_chunks == ("00001 (stopped)",) and "chunk(s) 00001 (stopped) failed" in job.error
    assert job.chunks_done == job.chunk_total - 1
    assert pipeline.dead_letters() == {"intake": 0, "chunks": 0, "assemble": 0}


# --- assemble -----------------------------------------------------------------------------------------

def _stop_assembler_while_cutting(pipeline: Pipeline, monkeypatch, volumes: int) -> str:
    """The assembler that cuts the job stopped (its time limit) after storing `volumes` volumes' results."""
    upload = pipeline.upload(SAMPLE)
    pipeline.split()
    while pipeline.driver.deliver("evaluate", 10, 120):
        pass
    objects = runtime.services().objects
    real = objects.upload_file
    written = []

    def upload_file(path, bucket, key, content_type):
        if "/volumes/" in key:
            if len(written) == volumes:
                raise Killed("stopped while storing volumes")
            written.append(key)
        return real(path, bucket, key, content_type)

    monkeypatch.setattr(objects, "upload_file", upload_file)
    assert pipeline.deliver_killed("assemble") == 1
    monkeypatch.setattr(objects, "upload_file", real)
    job = pipeline.job(upload.job_id)
    assert len(written) == volumes and job.status is JobStatus.ASSEMBLING and not job.volumes_cut
    return upload.job_id


def test_an_assembler_stopped_while_cutting_is_finished_by_its_retry_once_its_lease_lapses(pipeline, monkeypatch):
    job_id = _stop_assembler_while_cutting(pipeline, monkeypatch, volumes=2)
    pipeline.timeout_passes()
    with pipeline.later(LEASE_LAPSED):
        job = pipeline.run(job_id)
    rows_in_equal_rows_out(pipeline, job)
    assert job.volumes_done == job.volume_total > 2


def test_an_assembler_stopped_whose_retry_finds_its_lease_held_is_reported_by_the_sweeper(pipeline, monkeypatch):
    job_id = _stop_assembler_while_cutting(pipeline, monkeypatch, volumes=2)
    pipeline.timeout_passes()  # back too early: the stopped assembler's lease still holds, the retry backs off
    while pipeline.driver.deliver("assemble", 1, 900):
        pass
    assert pipeline.job(job_id).status is JobStatus.ASSEMBLING
    pipeline.sweep(PAST_EVERY_LIMIT)
    reported_stuck(pipeline, pipeline.job(job_id), JobStatus.ASSEMBLING)


def test_a_volume_stopped_while_writing_its_bundle_is_built_by_its_messages_retry(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    pipeline.split()
    while pipeline.driver.deliver("evaluate", 10, 120):
        pass
    assert pipeline.driver.deliver("assemble", 1, 900) == 1  # the cut: one message per volume
    monkeypatch.setattr(volume_stage, "write_bundle", killing(volume_stage.write_bundle, after=0))
    assert pipeline.deliver_killed("assemble") == 1
    monkeypatch.undo()
    assert pipeline.job(upload.job_id).volumes_done == 0
    pipeline.timeout_passes()  # the stopped volume's message comes back; a volume holds no lease
    job = pipeline.run(upload.job_id)
    rows_in_equal_rows_out(pipeline, job)
    assert job.volumes_done == job.volume_total


def test_an_assembler_failing_on_every_delivery_fails_the_job(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the bundle")

    monkeypatch.setattr(volume_stage, "write_bundle", broken)
    job = pipeline.run(upload.job_id)
    assert job.status is JobStatus.FAILED and job.failed_in == "ASSEMBLING"
    assert "(RuntimeError)" in job.error and "a bug" not in job.error


# --- the sweeper ----------------------------------------------------------------------------------------

def test_the_sweeper_leaves_jobs_that_are_moving_and_finished_ones_alone(pipeline):
    done = pipeline.upload(SAMPLE)
    assert pipeline.run(done.job_id).status is JobStatus.COMPLETE
    moving = pipeline.upload(SAMPLE, name="second.csv")
    pipeline.split()
    assert pipeline.sweep(timedelta(minutes=5)) == {"checked": 1, "failed": []}
    assert pipeline.job(moving.job_id).status is JobStatus.EVALUATING
    assert pipeline.job(done.job_id).status is JobStatus.COMPLETE
    assert pipeline.sweep(PAST_EVERY_LIMIT)["failed"] == [moving.job_id]
    assert pipeline.sweep(PAST_EVERY_LIMIT) == {"checked": 0, "failed": []}  # a failed job is no longer swept


def test_a_stage_limit_is_settable(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    pipeline.split()
    import dataclasses

    services = runtime.services()
    monkeypatch.setattr(services, "env", dataclasses.replace(services.env, stuck_after="EVALUATING=2"))
    assert pipeline.sweep(timedelta(minutes=3))["failed"] == [upload.job_id]
    assert "past the limit of 2 minutes (RELIEF_STUCK_AFTER)" in pipeline.job(upload.job_id).error


# --- again ----------------------------------------------------------------------------------------------

def test_the_same_file_uploaded_again_after_a_failed_job_is_a_fresh_job_that_succeeds(pipeline, monkeypatch):
    first = pipeline.upload(SAMPLE)
    pipeline.split()
    while pipeline.driver.deliver("evaluate", 10, 120):
        pass
    assert pipeline.driver.deliver("assemble", 1, 900) == 1  # the cut
    monkeypatch.setattr(volume_stage, "write_bundle", killing(volume_stage.write_bundle, after=0))
    pipeline.deliver_killed("assemble")
    monkeypatch.undo()
    pipeline.in_flight.clear()
    pipeline.sweep(PAST_EVERY_LIMIT)
    assert pipeline.job(first.job_id).status is JobStatus.FAILED

    again = pipeline.upload(SAMPLE)
    assert again.job_id != first.job_id
    rows_in_equal_rows_out(pipeline, pipeline.run(again.job_id))
    assert pipeline.job(first.job_id).status is JobStatus.FAILED
