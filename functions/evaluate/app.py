"""evaluate Lambda: chunk messages -> decisions in DynamoDB, the chunk counted once, the job handed on.

Each message is its own batch item: one that fails is retried alone (ReportBatchItemFailures).
Idempotency is keyed on job id + chunk number, not the message id, because a re-run splitter
sends new messages for the same chunks.
"""

from __future__ import annotations

import time
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent_function

from relief.aws.clients import client
from relief.aws.runtime import handle_batch, reported_failure, services
from relief.pipeline.environment import BOOKKEEPING_DAYS
from relief.pipeline.evaluate import chunk_failed_for_good, evaluate_chunk
from relief.pipeline.jobs import ChunkMark, JobStatus
from relief.pipeline.keys import IDEMPOTENCY_PK, TTL_ATTRIBUTE
from relief.pipeline.messages import ChunkMessage

logger = Logger()
metrics = Metrics()
idempotency = IdempotencyConfig(event_key_jmespath="[job_id, chunk]", expires_after_seconds=BOOKKEEPING_DAYS * 86400)


def _evaluate(message: dict) -> dict:
    chunk = ChunkMessage.model_validate(message)
    report = evaluate_chunk(services(), chunk.job_id, chunk.chunk, chunk.key)
    return {"rows": report.rows, "rejected": report.rejected, "decisions": dict(report.decisions),
            "counted": report.mark is ChunkMark.COUNTED, "settled": report.settled.value if report.settled else None,
            "steps_ms": dict(report.steps_ms)}


@cache
def evaluate_once() -> Any:
    """_evaluate made idempotent; built on first use so the table name and client come from this world."""
    store = DynamoDBPersistenceLayer(table_name=services().env.idempotency_table, key_attr=IDEMPOTENCY_PK,
                                     expiry_attr=TTL_ATTRIBUTE, boto3_client=client("dynamodb"))
    return idempotent_function(data_keyword_argument="message", persistence_store=store, config=idempotency)(_evaluate)


def record_handler(record: SQSRecord) -> None:
    chunk = ChunkMessage.model_validate_json(record.body)
    logger.append_keys(job_id=chunk.job_id, chunk=chunk.chunk)
    started = time.perf_counter()

    def fail_chunk(error: Exception) -> bool:
        return chunk_failed_for_good(services(), chunk.job_id, chunk.chunk, type(error).__name__) is JobStatus.FAILED

    try:
        with reported_failure(logger, metrics, record, "chunk", fail_chunk):
            outcome = evaluate_once()(message=chunk.model_dump())
    finally:
        logger.remove_keys(["job_id", "chunk"])
    if outcome["counted"]:
        metrics.add_metric(name="RowsDecided", unit=MetricUnit.Count, value=outcome["rows"] - outcome["rejected"])
        metrics.add_metric(name="RowsRejected", unit=MetricUnit.Count, value=outcome["rejected"])
        for decision, count in outcome["decisions"].items():
            metrics.add_metric(name=f"Decision_{decision}", unit=MetricUnit.Count, value=count)
        metrics.add_metric(name="ChunkLatency", unit=MetricUnit.Milliseconds,
                           value=(time.perf_counter() - started) * 1000)
        # Where the chunk's time went (pipeline.steps): the same breakdown on CloudWatch as in bench_run.
        for step, milliseconds in outcome.get("steps_ms", {}).items():
            metrics.add_metric(name=step, unit=MetricUnit.Milliseconds, value=milliseconds)
    if outcome["settled"] == JobStatus.FAILED.value:
        metrics.add_metric(name="JobsFailed", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: object) -> dict:
    idempotency.register_lambda_context(context)  # type: ignore[arg-type]
    return handle_batch(event, context, record_handler)
