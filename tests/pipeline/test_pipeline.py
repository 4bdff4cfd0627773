"""The pipeline on moto: an upload is decided by the real handlers, and survives the faults AWS delivers.

Each fault named in the pipeline's design has its test: the same S3 event twice, an SQS message
twice, one failing message in a batch, a chunk that always fails, two evaluators finishing the
last chunks together, unreadable rows, a file that is not a table, an empty file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import threading
import zipfile
from pathlib import Path

import boto3
import pytest

moto = pytest.importorskip("moto")

from relief.aws import runtime  # noqa: E402
from relief.documents.courts import NO_COUNTY, bundle_county  # noqa: E402
from relief.documents.verify import verify_bundle  # noqa: E402
from relief.documents.verify_documents import verify_documents  # noqa: E402
from relief.evaluation.file import evaluate_file  # noqa: E402
from relief.pipeline.jobs import JobStatus  # noqa: E402
from relief.settings import OfficeSettings  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"


def dynamodb():
    return boto3.client("dynamodb", region_name="us-east-1")


def expected_results(source: Path, as_of) -> bytes:
    buffer = io.StringIO(newline="")
    evaluate_file(source, buffer, OfficeSettings(), as_of)
    return buffer.getvalue().encode("utf-8")


def bundle_county_known(county: str) -> bool:
    return bundle_county(county) != NO_COUNTY


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


# --- the whole job ------------------------------------------------------------------------------

def test_an_upload_is_decided_exactly_as_relief_evaluate_decides_it(pipeline):
    upload = pipeline.upload(SAMPLE)
    job = pipeline.run(upload.job_id)

    assert job.status is JobStatus.COMPLETE, job.error
    assert job.chunk_total > 1 and job.chunks_done == job.chunk_total
    assert job.rows_read == 1000 and job.rows_decided + job.rows_rejected == job.rows_read
    assert sum(job.decisions.values()) == job.rows_read
    assert pipeline.output(job, "results.csv") == expected_results(SAMPLE, job.as_of)
    assert pipeline.dead_letters() == {"intake": 0, "chunks": 0, "assemble": 0}


def test_each_county_gets_a_signed_bundle_that_verifies_and_accounts_for_its_rows(pipeline, tmp_path):
    upload = pipeline.upload(SAMPLE)
    job = pipeline.run(upload.job_id)
    decided = rows_of(pipeline.output(job, "results.csv"))
    bundles = [uri for uri in job.outputs if uri.endswith(".zip") and not uri.endswith("/job-index.zip")]
    assert len(bundles) > 1

    rows_in_bundles = 0
    for uri in bundles:
        path = tmp_path / uri.rsplit("/", 1)[-1]
        path.write_bytes(pipeline.output(job, path.name))
        assert verify_bundle(path).ok, verify_bundle(path).message
        documents = verify_documents(path)
        assert documents.ok, documents.message
        with zipfile.ZipFile(path) as bundle:
            rows = rows_of(bundle.read("results.csv"))
            orders = [name for name in bundle.namelist() if name.startswith("orders/")]
            manifest = json.loads(bundle.read("manifest.json"))
        rows_in_bundles += len(rows)
        assert manifest["job_id"] == job.job_id and manifest["source_sha256"] == job.source_sha256
        motion_orders = {(row["court_case_number"], row["ir_number"]) for row in rows if row["decision"] == "motion"}
        assert len(orders) == len(motion_orders) == documents.orders
        if path.name == "county-unknown.zip":  # rows whose record names no Illinois county: no court paper
            assert not orders and all(not bundle_county_known(row["county"]) for row in rows)
        else:
            assert {bundle_county(row["county"]) for row in rows} == {manifest["county"]}
    assert rows_in_bundles == len(decided) == job.rows_read


def test_the_job_records_its_source_and_counts(pipeline):
    upload = pipeline.upload(SAMPLE)
    job = pipeline.run(upload.job_id)

    assert job.source_sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert (job.office, job.bucket, job.key, job.version_id) == ("sangamon", upload.bucket, upload.key,
                                                                 upload.version_id)
    decided = rows_of(pipeline.output(job, "results.csv"))
    counted: dict[str, int] = {}
    for row in decided:
        counted[row["decision"]] = counted.get(row["decision"], 0) + 1
    assert job.decisions == counted


def test_an_office_can_look_up_one_person_and_one_court_case(pipeline):
    upload = pipeline.upload(SAMPLE)
    job = pipeline.run(upload.job_id)
    decided = rows_of(pipeline.output(job, "results.csv"))
    sample = [row for row in decided if row["court_case_number"]][len(decided) // 2]
    table = runtime.services().results

    person = table.person(job.job_id, sample["ir_number"])
    assert sorted(r.row_number for r in person) == [
        int(row["row_number"]) for row in decided if row["ir_number"] == sample["ir_number"]]
    case = table.case(job.job_id, sample["county"], sample["court_case_number"])
    assert int(sample["row_number"]) in {r.row_number for r in case}
    assert {(r.county, r.court_case_number) for r in case} == {(sample["county"], sample["court_case_number"])}


def test_results_spread_over_one_partition_key_per_person_not_one_per_job(pipeline):
    upload = pipeline.upload(SAMPLE)
    job = pipeline.run(upload.job_id)
    items = dynamodb().scan(TableName=pipeline.world.env.results_table, ProjectionExpression="pk")["Items"]
    people = {row["ir_number"] for row in rows_of(pipeline.output(job, "results.csv")) if row["ir_number"]}
    assert len({item["pk"]["S"] for item in items}) >= len(people) > 100


# --- faults ---------------------------------------------------------------------------------------

def test_the_same_s3_event_twice_makes_one_job(pipeline):
    upload = pipeline.upload(SAMPLE)
    [event] = [m for m in pipeline.receive(pipeline.world.queues.intake) if "Records" in pipeline.body(m)]
    pipeline.sqs.send_message(QueueUrl=pipeline.world.queues.intake, MessageBody=event["Body"])  # redelivered
    pipeline.invoke("split", [event], pipeline.world.queues.intake)
    pipeline.delete(pipeline.world.queues.intake, [event])
    job = pipeline.run(upload.job_id)

    assert job.status is JobStatus.COMPLETE
    assert job.rows_read == 1000 and job.rows_decided + job.rows_rejected == 1000
    items = dynamodb().scan(TableName=pipeline.world.env.jobs_table)["Items"]
    assert {item["pk"]["S"] for item in items} == {f"JOB#{job.job_id}"}
    assert job.chunks_done == job.chunk_total


def test_a_chunk_message_delivered_twice_is_counted_once(pipeline):
    upload = pipeline.upload(SAMPLE)
    pipeline.split()
    messages = pipeline.chunk_messages()
    for message in messages:  # every chunk message arrives twice, the copies with new message ids
        pipeline.sqs.send_message(QueueUrl=pipeline.world.queues.chunks, MessageBody=message["Body"])
        pipeline.sqs.send_message(QueueUrl=pipeline.world.queues.chunks, MessageBody=message["Body"])
    pipeline.delete(pipeline.world.queues.chunks, messages)
    job = pipeline.run(upload.job_id)

    assert job.status is JobStatus.COMPLETE
    assert job.chunks_done == job.chunk_total
    assert job.rows_decided + job.rows_rejected == job.rows_read == 1000
    assert sum(job.decisions.values()) == 1000
    assert pipeline.output(job, "results.csv") == expected_results(SAMPLE, job.as_of)


def test_a_failing_message_is_the_only_one_retried(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    pipeline.split()
    batch = pipeline.receive(pipeline.world.queues.chunks, 3)
    assert len(batch) == 3
    unlucky = pipeline.body(batch[1])["chunk"]
    handler = pipeline.driver.handlers["evaluate"]
    real = handler.evaluate_chunk

    def flaky(services, job_id, chunk, key):
        if chunk == unlucky:
            raise ConnectionError("throttled")
        return real(services, job_id, chunk, key)

    monkeypatch.setattr(handler, "evaluate_chunk", flaky)
    response = pipeline.invoke("evaluate", batch, pipeline.world.queues.chunks)
    assert response == {"batchItemFailures": [{"itemIdentifier": batch[1]["MessageId"]}]}
    assert pipeline.job(upload.job_id).chunks_done == 2

    monkeypatch.setattr(handler, "evaluate_chunk", real)
    pipeline.delete(pipeline.world.queues.chunks, [batch[0], batch[2]])
    pipeline.sqs.change_message_visibility(QueueUrl=pipeline.world.queues.chunks,
                                           ReceiptHandle=batch[1]["ReceiptHandle"], VisibilityTimeout=0)
    job = pipeline.run(upload.job_id)
    assert job.status is JobStatus.COMPLETE
    assert job.rows_decided + job.rows_rejected == job.rows_read == 1000


def test_a_chunk_that_always_fails_goes_to_the_dead_letter_queue_and_fails_its_job(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    handler = pipeline.driver.handlers["evaluate"]
    real = handler.evaluate_chunk

    def broken_chunk_2(services, job_id, chunk, key):
        if chunk == 2:
            raise ValueError("a bug meets this chunk")
        return real(services, job_id, chunk, key)

    monkeypatch.setattr(handler, "evaluate_chunk", broken_chunk_2)
    job = pipeline.run(upload.job_id)

    assert job.status is JobStatus.FAILED
    assert "chunk(s) 00002 (ValueError) failed" in job.error and "dead-letter queue" in job.error
    assert "a bug meets" not in job.error  # the error's text could quote a record: only its type is kept
    assert job.failed_chunks == ("00002 (ValueError)",) and job.failed_in == "EVALUATING"
    # The message went to the dead-letter queue, where the dead-letters function read it (and found
    # the chunk already counted failed: nothing more to do).
    assert pipeline.dead_letters() == {"intake": 0, "chunks": 0, "assemble": 0}
    assert job.chunks_done == job.chunk_total - 1 and not job.outputs
    # Every other chunk was decided and kept.
    assert all(pipeline.object_exists(f"jobs/{job.job_id}/results/{n:05d}.csv.gz")
               for n in range(1, job.chunk_total + 1) if n != 2)


def test_two_evaluators_finishing_the_last_chunks_together_hand_off_once(pipeline, monkeypatch):
    upload = pipeline.upload(SAMPLE)
    pipeline.split()
    messages = pipeline.chunk_messages()
    *first, last_two = messages[:-2], messages[-2:]
    pipeline.invoke("evaluate", first[0], pipeline.world.queues.chunks)
    pipeline.delete(pipeline.world.queues.chunks, first[0])

    # Both evaluators count their chunk, then wait for each other before deciding who was last.
    services = runtime.services()
    together = threading.Barrier(2, timeout=30)
    real_mark = services.jobs.mark_chunk

    def mark_then_wait(*args, **kwargs):
        mark = real_mark(*args, **kwargs)
        together.wait()
        return mark

    monkeypatch.setattr(services.jobs, "mark_chunk", mark_then_wait)
    # DynamoDB applies a conditional write atomically; moto checks the condition and writes in
    # separate Python steps, which a thread switch can come between. One lock per request stands in
    # for DynamoDB's atomicity, so the test is of our hand-off, not of moto's threading.
    atomic, update_item = threading.Lock(), services.jobs.db.update_item

    def atomic_update_item(**kwargs):
        with atomic:
            return update_item(**kwargs)

    monkeypatch.setattr(services.jobs.db, "update_item", atomic_update_item)
    responses: list[dict] = []
    threads = [threading.Thread(target=lambda m=m: responses.append(
        pipeline.invoke("evaluate", [m], pipeline.world.queues.chunks))) for m in last_two]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert responses == [{"batchItemFailures": []}] * 2
    pipeline.delete(pipeline.world.queues.chunks, last_two)
    assert pipeline.job(upload.job_id).status is JobStatus.ASSEMBLING
    assert pipeline.queued(pipeline.world.queues.assemble) == 1
    monkeypatch.setattr(services.jobs, "mark_chunk", real_mark)
    monkeypatch.setattr(services.jobs.db, "update_item", update_item)
    assert pipeline.run(upload.job_id).status is JobStatus.COMPLETE


def test_an_assemble_message_delivered_twice_assembles_once(pipeline):
    upload = pipeline.upload(SAMPLE)
    cut, message = pipeline.cut(upload.job_id)
    assert cut.volume_total > 1
    finished = pipeline.run(upload.job_id)
    assert finished.status is JobStatus.COMPLETE
    pipeline.invoke("assemble", [message], pipeline.world.queues.assemble)  # once more, after the job completed
    assert pipeline.job(upload.job_id) == finished
    assert pipeline.queued(pipeline.world.queues.assemble) == 0


def test_unreadable_rows_are_reported_and_the_job_completes(pipeline):
    upload = pipeline.upload(SAMPLE)  # the sample carries two malformed rows
    job = pipeline.run(upload.job_id)

    assert job.status is JobStatus.COMPLETE
    assert job.rows_rejected == 2
    unreadable = [row for row in rows_of(pipeline.output(job, "results.csv")) if row["reason"] == "unreadable_row"]
    assert len(unreadable) == 2
    for row in unreadable:
        assert row["decision"] == "review"
        assert f"row {row['row_number']}" in row["explanation"]


NOT_A_TABLE = [
    ("a PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "this is a PDF"),
    ("a letter", b"Dear clerk,\nplease find attached the records.\n", "required column"),
    ("a table without the required columns", b"name,amount\nSMITH,12\n", "ir_number"),
    ("an empty file", b"", "empty"),
]


@pytest.mark.parametrize("what, content, reason", NOT_A_TABLE, ids=[case[0] for case in NOT_A_TABLE])
def test_a_file_that_is_not_a_table_fails_its_job_with_the_reason(pipeline, what, content, reason):
    upload = pipeline.upload(content, name="upload.csv")
    job = pipeline.run(upload.job_id)

    assert job.status is JobStatus.FAILED
    assert job.error.startswith("file refused:") and reason in job.error
    report = pipeline.s3.get_object(Bucket=upload.bucket, Key=upload.error_report_key)["Body"].read().decode()
    assert reason in report and "upload.csv" in report
    assert pipeline.dead_letters() == {"intake": 0, "chunks": 0, "assemble": 0}


def test_a_header_without_rows_completes_with_nothing_decided(pipeline):
    header = SAMPLE.read_text(encoding="utf-8").splitlines()[0] + "\n"
    upload = pipeline.upload(header.encode(), name="header-only.csv")
    job = pipeline.run(upload.job_id)

    assert job.status is JobStatus.COMPLETE
    assert (job.rows_read, job.rows_decided, job.rows_rejected, job.chunk_total) == (0, 0, 0, 0)
    assert rows_of(pipeline.output(job, "results.csv")) == []
    [complete] = [a["detail"] for a in pipeline.announcements() if a["detail"]["status"] == "COMPLETE"]
    assert complete["rows"] == 0 and complete["note"] == "0 rows: the file has a header and no data rows"
    assert "0 rows: the file has a header and no data rows" in job.describe()


def test_blank_lines_are_skipped_and_counted_in_the_job(pipeline):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    text = "\n".join([lines[0], "", *lines[1:11], "   ", "", *lines[11:21]]) + "\n\n"
    job = pipeline.run(pipeline.upload(text.encode(), name="blanks.csv").job_id)
    assert job.status is JobStatus.COMPLETE and job.rows_read == 20 and job.blank_lines == 4
    assert [int(row["row_number"]) for row in rows_of(pipeline.output(job, "results.csv"))] == list(range(1, 21))


def test_a_new_version_of_the_same_file_is_a_new_job(pipeline):
    # (One after the other: moto's events carry no version id, so the splitter asks S3 for the
    # current version; in AWS the event names its version and uploads may overlap.)
    first = pipeline.upload(SAMPLE)
    assert pipeline.run(first.job_id).status is JobStatus.COMPLETE
    second = pipeline.upload(SAMPLE)
    assert first.version_id != second.version_id and first.job_id != second.job_id
    assert pipeline.run(second.job_id).status is JobStatus.COMPLETE
    assert pipeline.job(first.job_id).status is JobStatus.COMPLETE


def test_logs_hold_no_names_dates_of_birth_or_record_numbers(pipeline):
    # Every log line the handlers make, at DEBUG, formatted as Lambda would ship it.
    service = logging.getLogger("relief")
    captured = io.StringIO()
    sink = logging.StreamHandler(captured)
    sink.setFormatter(pipeline.driver.handlers["evaluate"].logger.registered_formatter)
    service.addHandler(sink)
    # Powertools gives each child logger ("relief.relief.pipeline.split", ...) its own level.
    # (Only loggers that exist: getLogger on a placeholder name would orphan the child loggers below it.)
    loggers = [logger for name, logger in list(logging.root.manager.loggerDict.items())
               if name.startswith("relief") and isinstance(logger, logging.Logger)]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    try:
        upload = pipeline.upload(SAMPLE)
        assert pipeline.run(upload.job_id).status is JobStatus.COMPLETE
    finally:
        service.removeHandler(sink)
        for logger, level in zip(loggers, levels, strict=False):
            logger.setLevel(level)
    text = captured.getvalue()
    assert '"message":"chunk evaluated"' in text and upload.job_id in text  # the logs were captured
    rows = list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    private = {row[column] for row in rows for column in ("last_name", "date_of_birth", "ir_number", "dcn",
                                                          "court_case_number") if len(row.get(column) or "") >= 6}
    leaked = sorted(value for value in private if value in text)
    assert not leaked, f"logged: {leaked[:5]}"


def test_messages_carry_pointers_never_records(pipeline):
    pipeline.upload(SAMPLE)
    pipeline.split()
    for message in pipeline.chunk_messages():
        body = json.loads(message["Body"])
        assert set(body) == {"job_id", "chunk", "key"}
        assert len(message["Body"]) < 200
