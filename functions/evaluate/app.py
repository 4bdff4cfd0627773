"""evaluate Lambda: chunk messages -> decisions in DynamoDB, the chunk counted once, the job handed on.

Each message is its own batch item: one that fails is retried alone (ReportBatchItemFailures).
Idempotency is keyed on job id + chunk number, not the message id, because a re-run splitter
sends new messages for the same chunks.
"""

from __future__ import annotations

import time
from functools import cache

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import (DynamoDBPersistenceLayer, IdempotencyConfig,
                                                         idempotent_function)

from relief.aws.clients import client
from relief.deployment import BOOKKEEPING_DAYS, IDEMPOTENCY_PK, TTL_ATTRIBUTE
from relief.stages.evaluate import chunk_failed_for_good, evaluate_chunk
from relief.stages.runtime import ChunkMessage, is_last_attempt, services

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)
idempotency = IdempotencyConfig(event_key_jmespath="[job_id, chunk]", expires_after_seconds=BOOKKEEPING_DAYS * 86400)


def _evaluate(message: dict) -> dict:
    chunk = ChunkMessage.model_validate(message)
    outcome = evaluate_chunk(services(), chunk.job_id, chunk.chunk, chunk.key)
    return {"rows": outcome.rows, "rejected": outcome.rejected, "decisions": dict(outcome.decisions),
            "counted": outcome.mark is not None and outcome.mark.value == "counted",
            "settled": outcome.settled.value if outcome.settled else None}


@cache
def evaluate_once():
    """_evaluate made idempotent; built on first use so the table name and client come from this world."""
    store = DynamoDBPersistenceLayer(table_name=services().env.idempotency_table, key_attr=IDEMPOTENCY_PK,
                                     expiry_attr=TTL_ATTRIBUTE, boto3_client=client("dynamodb"))
    return idempotent_function(data_keyword_argument="message", persistence_store=store, config=idempotency)(_evaluate)


def record_handler(record: SQSRecord) -> None:
    chunk = ChunkMessage.model_validate_json(record.body)
    logger.append_keys(job_id=chunk.job_id, chunk=chunk.chunk)
    started = time.perf_counter()
    try:
        outcome = evaluate_once()(message=chunk.model_dump())
    except Exception as error:
        # The error's type only: its text could quote a record, and logs never hold criminal history.
        logger.error("chunk failed", extra={"error_type": type(error).__name__,
                                        "attempt": record.attributes.approximate_receive_count})
        if is_last_attempt(record) and chunk_failed_for_good(services(), chunk.job_id, chunk.chunk, error):
            metrics.add_metric(name="JobsFailed", unit=MetricUnit.Count, value=1)
        raise
    finally:
        logger.remove_keys(["job_id", "chunk"])
    if outcome["counted"]:
        metrics.add_metric(name="RowsDecided", unit=MetricUnit.Count, value=outcome["rows"] - outcome["rejected"])
        metrics.add_metric(name="RowsRejected", unit=MetricUnit.Count, value=outcome["rejected"])
        for decision, count in outcome["decisions"].items():
            metrics.add_metric(name=f"Decision_{decision}", unit=MetricUnit.Count, value=count)
        metrics.add_metric(name="ChunkLatency", unit=MetricUnit.Milliseconds,
                           value=(time.perf_counter() - started) * 1000)
    if outcome["settled"] == "FAILED":
        metrics.add_metric(name="JobsFailed", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: object) -> dict:
    idempotency.register_lambda_context(context)
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
