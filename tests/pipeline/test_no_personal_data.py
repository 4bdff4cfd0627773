"""Nothing from a record leaves the data stores, on any failure path.

Every field of the file holds its own marker value. Each failure path is run to its end on the real
handlers, with every log line captured as Lambda would ship it (Powertools JSON at DEBUG, and the
library loggers), what the Lambda runtime would log of a failed invocation, every job item, every
idempotency record, every announcement on the topic, every message left on a queue and every object
other than the data itself (the upload, its chunks, result and order parts, the quarantine, and the
office's own results and bundles). No marker may appear in any of them.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from datetime import timedelta

import boto3
import pytest
from botocore.exceptions import ClientError

from relief.aws import runtime
from relief.intake.columns import COLUMNS
from relief.pipeline import evaluate as evaluate_stage
from relief.pipeline import volume_bundles as volume_stage
from relief.pipeline.jobs import JobStatus, Upload
from relief.pipeline.sweep import STUCK_AFTER_MINUTES
from tests.pipeline.harness import Killed, Pipeline, killing

ROWS = 8


def marker(row: int, column: int) -> str:
    return f"QZ{row:03d}X{column:02d}MK"


def marker_row(row: int, width: int = len(COLUMNS)) -> str:
    return ",".join(marker(row, column) for column in range(width))


MARKERS = [marker(row, column) for row in range(ROWS + 3) for column in range(len(COLUMNS) + 4)]
HEADER = ",".join(COLUMNS)
WITH_HEADER = "\n".join([HEADER, *(marker_row(r) for r in range(ROWS))]) + "\n"


# --- the failure paths ----------------------------------------------------------------------------------

def no_header(pipeline: Pipeline, monkeypatch) -> tuple[Upload, JobStatus]:
    return pipeline.upload("\n".join(marker_row(r) for r in range(ROWS)).encode() + b"\n"), JobStatus.FAILED


def not_text(pipeline: Pipeline, monkeypatch) -> tuple[Upload, JobStatus]:
    noise = "".join(f"{marker_row(r)}\x01\x02\x03\x04\x05\x06\x07\x0e\x0f\x10" * 3 for r in range(ROWS))
    return pipeline.upload(noise.encode()), JobStatus.FAILED


def ebcdic_header(pipeline: Pipeline, monkeypatch) -> tuple[Upload, JobStatus]:
    body = HEADER.encode("cp500") + b"\n" + "\n".join(marker_row(r) for r in range(ROWS)).encode() + b"\n"
    return pipeline.upload(body), JobStatus.FAILED


def malformed_rows(pipeline: Pipeline, monkeypatch) -> tuple[Upload, JobStatus]:
    text = WITH_HEADER + marker_row(ROWS, 10) + "\n" + marker_row(ROWS + 1, 25) + "\n" + '"' + marker_row(ROWS + 2)
    return pipeline.upload(text.encode()), JobStatus.COMPLETE


def evaluator_raises(pipeline: Pipeline, monkeypatch) -> tuple[Upload, JobStatus]:
    def decide_chunk(rows, settings, as_of):
        raise ValueError(f"cannot decide {rows[0].record!r}")

    monkeypatch.setattr(evaluate_stage, "decide_chunk", decide_chunk)
    return pipeline.upload(WITH_HEADER.encode()), JobStatus.FAILED


def dynamodb_error(pipeline: Pipeline, monkeypatch) -> tuple[Upload, JobStatus]:
    def put(job_id, results):
        first = next(iter(results))
        raise ClientError({"Error": {"Code": "ValidationException", "Message": f"invalid item {first!r}"}},
                          "BatchWriteItem")

    monkeypatch.setattr(runtime.services().results, "put", put)
    return pipeline.upload(WITH_HEADER.encode()), JobStatus.FAILED


def assembler_raises(pipeline: Pipeline, monkeypatch) -> tuple[Upload, JobStatus]:
    def write_bundle(results, *args, **kwargs):
        raise RuntimeError(f"cannot bundle {next(iter(results))!r}")

    monkeypatch.setattr(volume_stage, "write_bundle", write_bundle)
    return pipeline.upload(WITH_HEADER.encode()), JobStatus.FAILED


def dead_letter(pipeline: Pipeline, monkeypatch) -> tuple[Upload, JobStatus]:
    """The evaluator stopped on every delivery, its error text full of the record: the message goes
    to the dead-letter queue and the dead-letters function fails the job."""
    upload = pipeline.upload(WITH_HEADER.encode())
    pipeline.split()
    handler = pipeline.driver.handlers["evaluate"]

    def stopped(services, job_id, chunk, key):
        rows = services.objects.get(services.env.intake_bucket, key)
        raise Killed(f"out of memory in {rows!r}")

    monkeypatch.setattr(handler, "evaluate_chunk", stopped)
    for _ in range(3):
        assert pipeline.deliver_killed("evaluate")
        pipeline.timeout_passes()
    monkeypatch.undo()
    return upload, JobStatus.FAILED


def stuck(pipeline: Pipeline, monkeypatch) -> tuple[Upload, JobStatus]:
    """The splitter stopped before any chunk message went out, its event never coming back: the sweeper."""
    upload = pipeline.upload(WITH_HEADER.encode())
    messenger = runtime.services().messages
    monkeypatch.setattr(messenger, "send", killing(messenger.send))
    pipeline.deliver_killed("split")
    monkeypatch.undo()
    pipeline.in_flight.clear()
    pipeline.sweep(timedelta(minutes=max(STUCK_AFTER_MINUTES.values()) + 1))
    return upload, JobStatus.FAILED


def unknown_office(pipeline: Pipeline, monkeypatch) -> tuple[Upload, None]:
    return pipeline.upload(WITH_HEADER.encode(), office="dupage"), None


PATHS: list[Callable] = [no_header, not_text, ebcdic_header, malformed_rows, evaluator_raises, dynamodb_error,
                         assembler_raises, dead_letter, stuck, unknown_office]


# --- what is captured -----------------------------------------------------------------------------------

class Captured:
    """Every log line, at DEBUG for relief and Powertools, formatted as Lambda ships it."""

    def __init__(self, pipeline: Pipeline):
        self.stream = io.StringIO()
        self.pipeline = pipeline
        formatter = pipeline.driver.handlers["evaluate"].logger.registered_formatter
        self.relief = logging.getLogger("relief")
        self.powertools = logging.getLogger("aws_lambda_powertools")
        self.handlers = list(self.relief.handlers)  # Powertools' own, writing JSON to stdout
        self.streams = [getattr(h, "stream", None) for h in self.handlers]
        self.sink = logging.StreamHandler(self.stream)
        self.sink.setFormatter(formatter)
        self.library_sink = logging.StreamHandler(self.stream)  # library loggers, with any traceback
        self.library_sink.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.loggers = [logger for name, logger in list(logging.root.manager.loggerDict.items())
                        if isinstance(logger, logging.Logger)
                        and (name.startswith("relief") or name.startswith("aws_lambda_powertools"))]
        self.levels = [logger.level for logger in self.loggers]

    def __enter__(self) -> Captured:
        for handler in self.handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(self.stream)
        self.relief.addHandler(self.sink)
        logging.root.addHandler(self.library_sink)
        # Powertools' own package logger does not propagate (its output is discarded unless POWERTOOLS_DEBUG
        # is set): listen to it as POWERTOOLS_DEBUG would print it.
        self.powertools.addHandler(self.library_sink)
        self.root_level = logging.root.level
        logging.root.setLevel(logging.INFO)  # (botocore's DEBUG prints request bodies: Lambda's root is not DEBUG)
        for logger in self.loggers:
            logger.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc: object) -> None:
        for handler, stream in zip(self.handlers, self.streams, strict=True):
            if stream is not None and isinstance(handler, logging.StreamHandler):
                handler.setStream(stream)
        self.relief.removeHandler(self.sink)
        logging.root.removeHandler(self.library_sink)
        self.powertools.removeHandler(self.library_sink)
        logging.root.setLevel(self.root_level)
        for logger, level in zip(self.loggers, self.levels, strict=True):
            logger.setLevel(level)

    def everything_outside_the_data(self, office: str) -> dict[str, str]:
        """Where a marker must not be: name -> text."""
        pipeline = self.pipeline
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        env = pipeline.world.env
        places = {"logs": self.stream.getvalue(), "failed invocations": "\n".join(pipeline.driver.errors)}
        for table in (env.jobs_table, env.idempotency_table):
            places[f"table {table}"] = json.dumps(dynamodb.scan(TableName=table)["Items"])
        places["announcements"] = "\n".join(a["raw"] for a in pipeline.announcements())
        for name, url in vars(pipeline.world.queues).items():
            places[f"queue {name}"] = "\n".join(m["Body"] for m in pipeline.receive(url))
        data = ("incoming/", "config/", f"bundles/{office}/")
        working = ("/chunks/", "/results/", "/orders/", "/quarantine/")
        s3 = pipeline.s3
        for bucket in (env.intake_bucket, env.output_bucket):
            for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
                key = item["Key"]
                if (key.startswith(data) and not key.endswith(".error.txt")) or (
                        key.startswith("jobs/") and any(kind in key for kind in working)):
                    continue
                places[f"s3://{bucket}/{key}"] = key + "\n" + s3.get_object(Bucket=bucket, Key=key)["Body"].read(
                    ).decode("utf-8", "replace")
        return places


@pytest.mark.parametrize("path", PATHS, ids=[p.__name__ for p in PATHS])
def test_no_marker_leaves_the_data_stores(pipeline, monkeypatch, capfd, path):
    with Captured(pipeline) as captured:
        upload, expected = path(pipeline, monkeypatch)
        if expected is None:
            pipeline.split()
        job = pipeline.run(upload.job_id) if expected is not None else None
        printed = capfd.readouterr()
    if expected is None:  # quarantined: no job, one announcement
        assert pipeline.job(upload.job_id) is None
    else:
        assert job is not None and job.status is expected, job and job.error
    places = captured.everything_outside_the_data(upload.office or "")
    places["stdout"], places["stderr"] = printed.out, printed.err
    # The logs were captured: the handlers' JSON and Powertools' own debug lines.
    assert '"service":"relief"' in places["logs"] and "aws_lambda_powertools.utilities.batch.base DEBUG" in places[
        "logs"]
    leaks = {where: sorted(m for m in MARKERS if m.lower() in text.lower())[:3] for where, text in places.items()}
    assert not {where: found for where, found in leaks.items() if found}
