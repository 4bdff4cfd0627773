"""split Lambda: S3 upload events (buffered through SQS) -> a job, its chunks, one message per chunk."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from relief.stages.runtime import is_last_attempt, services, uploads_in
from relief.stages.split import split_upload

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    for upload in uploads_in(record):
        try:
            outcome = split_upload(services(), upload)
        except Exception as error:
            if is_last_attempt(record) and services().fail_job(
                    upload.job_id, f"the file could not be split ({type(error).__name__}); "
                                   f"its S3 event is in the dead-letter queue"):
                metrics.add_metric(name="JobsFailed", unit=MetricUnit.Count, value=1)
            raise
        if outcome.status is not None:
            metrics.add_metric(name="RowsRead", unit=MetricUnit.Count, value=outcome.rows)
            metrics.add_metric(name="Chunks", unit=MetricUnit.Count, value=outcome.chunks)
            metrics.add_metric(name=f"Jobs{outcome.status.value.title()}", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: object) -> dict:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
