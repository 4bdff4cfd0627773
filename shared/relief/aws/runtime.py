"""A Lambda container's services, made once from boto3 clients, and the handlers' shared batch loop.

Every handler in functions/ is the same shape: an SQS batch, each message its own item (one that
fails is retried alone, ReportBatchItemFailures), a failure logged by its type only and, on the
message's last delivery, recorded against its job. `handle_batch` and `reported_failure` are that
shape, written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from ..pipeline.environment import Environment
from ..pipeline.services import Services
from . import clients
from .jobs_table import JobsTable
from .kms_signer import KmsSigner
from .messages import Messages
from .objects import Objects
from .results_table import ResultsTable

JOBS_FAILED = "JobsFailed"  # the metric the stack's alarm watches


def connect(env: Environment, client: Callable[[str], Any]) -> Services:
    """Services on AWS (or moto) from a client factory."""
    dynamodb, kms = client("dynamodb"), client("kms")
    return Services(env=env, objects=Objects(client("s3")), jobs=JobsTable(dynamodb, env.jobs_table),
                    results=ResultsTable(dynamodb, env.results_table),
                    messages=Messages(client("sqs"), client("sns") if env.topic_arn else None, env.topic_arn),
                    signer=lambda key_id: KmsSigner(kms, key_id))


@cache
def services() -> Services:
    return connect(Environment.from_env(), clients.client)


def reset() -> None:
    """Forget the services and clients (the local run and tests start each world afresh)."""
    services.cache_clear()
    clients.reset()


def is_last_attempt(record: SQSRecord) -> bool:
    """This delivery is the last before the message goes to the dead-letter queue."""
    return int(record.attributes.approximate_receive_count or 1) >= services().env.max_receive_count


@contextmanager
def reported_failure(logger: Logger, metrics: Metrics, record: SQSRecord, what: str,
                     on_last_attempt: Callable[[Exception], bool]) -> Iterator[None]:
    """Log a failure by its type only (its text could quote a record, and logs never hold criminal
    history); on the message's last delivery call `on_last_attempt`, which records the failure
    against the job and says whether that ended the job FAILED. The error is raised again, so the
    batch reports this message failed."""
    try:
        yield
    except Exception as error:
        logger.error(f"{what} failed", extra={"error_type": type(error).__name__,
                                              "attempt": record.attributes.approximate_receive_count})
        if is_last_attempt(record) and on_last_attempt(error):
            metrics.add_metric(name=JOBS_FAILED, unit=MetricUnit.Count, value=1)
        raise


def handle_batch(event: dict[str, Any], context: object,
                 record_handler: Callable[[SQSRecord], None]) -> PartialItemFailureResponse:
    """Each message of the SQS batch through `record_handler`; the failed ones reported for retry."""
    processor = BatchProcessor(event_type=EventType.SQS)
    return process_partial_response(event=event, record_handler=record_handler, processor=processor,
                                    context=context)  # type: ignore[arg-type]
