"""A Lambda container's services, made once from boto3 clients, and the handlers' shared batch loop.

Every handler in functions/ is the same shape: an SQS batch, each message its own item (one that
fails is retried alone, ReportBatchItemFailures), a failure logged by its type only and, on the
message's last delivery, recorded against its job. `handle_batch` and `reported_failure` are that
shape, written once.

No exception text leaves a handler: an error's text can quote a record (a parse error quoting a
field, a service error quoting an item), and whatever a handler raises is logged by Powertools'
batch processor, by the Lambda runtime and by the tracer. A failed message is raised on as
RecordFailed, which names the error's type only; a batch whose every message failed is raised as
BatchFailed, which names message ids and error types only (Powertools' own entire-batch error
formats every failure's traceback and text).
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

logger = Logger(child=True)


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


class RecordFailed(Exception):
    """One message failed: what was being done and the error's type, never its text."""

    def __init__(self, what: str, error_type: str):
        super().__init__(f"{what} failed ({error_type})")
        self.error_type = error_type


class BatchFailed(Exception):
    """Every message of a batch failed: their ids and error types, never a message body or error text."""

    def __init__(self, failures: list[tuple[str, str]]):
        listed = ", ".join(f"{message_id} ({error_type})" for message_id, error_type in failures)
        super().__init__(f"all {len(failures)} message(s) of the batch failed: {listed}")
        self.failures = failures


@contextmanager
def reported_failure(logger: Logger, metrics: Metrics, record: SQSRecord, what: str,
                     on_last_attempt: Callable[[Exception], bool]) -> Iterator[None]:
    """Log a failure by its type only (its text could quote a record, and logs never hold criminal
    history); on the message's last delivery call `on_last_attempt`, which records the failure
    against the job and says whether that ended the job FAILED. RecordFailed is raised in its place,
    so the batch reports this message failed and nothing downstream sees the error's text."""
    try:
        yield
    except Exception as error:
        error_type = type(error).__name__
        logger.error(f"{what} failed", extra={"error_type": error_type,
                                              "attempt": record.attributes.approximate_receive_count})
        if is_last_attempt(record) and on_last_attempt(error):
            metrics.add_metric(name=JOBS_FAILED, unit=MetricUnit.Count, value=1)
        raise RecordFailed(what, error_type) from None


def handle_batch(event: dict[str, Any], context: object,
                 record_handler: Callable[[SQSRecord], None]) -> PartialItemFailureResponse:
    """Each message of the SQS batch through `record_handler`; the failed ones reported for retry.

    An error that escapes `record_handler` unwrapped (a message that does not parse, say) becomes
    RecordFailed here; a batch that failed whole raises BatchFailed, as Powertools would raise its
    own error, so the invocation counts as an error."""

    def safely(record: SQSRecord) -> None:
        try:
            record_handler(record)
        except RecordFailed:
            raise
        except Exception as error:
            logger.error("message failed", extra={"error_type": type(error).__name__,
                                                  "attempt": record.attributes.approximate_receive_count})
            raise RecordFailed("message", type(error).__name__) from None

    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
    response = process_partial_response(event=event, record_handler=safely, processor=processor,
                                        context=context)  # type: ignore[arg-type]
    failed = response.get("batchItemFailures", [])
    records = event.get("Records") or []
    if records and len(failed) == len(records):
        types = [getattr(info[1], "error_type", "Error") for info in processor.exceptions]
        raise BatchFailed([(str(item["itemIdentifier"]), str(error_type))
                           for item, error_type in zip(failed, types, strict=False)])
    return response
