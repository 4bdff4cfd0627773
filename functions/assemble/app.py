"""assemble Lambda: a job whose chunks are all counted -> its outputs, checked, and the job COMPLETE."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from relief.stages.assemble import assemble_job
from relief.stages.runtime import AssembleMessage, is_last_attempt, services

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    message = AssembleMessage.model_validate_json(record.body)
    logger.append_keys(job_id=message.job_id)
    try:
        status = assemble_job(services(), message.job_id)
    except Exception as error:
        # The error's type only: its text could quote a record, and logs never hold criminal history.
        logger.error("assembly failed", extra={"error_type": type(error).__name__,
                                        "attempt": record.attributes.approximate_receive_count})
        if is_last_attempt(record) and services().fail_job(
                message.job_id, f"the outputs could not be assembled ({type(error).__name__}); "
                                f"the job's message is in the dead-letter queue"):
            metrics.add_metric(name="JobsFailed", unit=MetricUnit.Count, value=1)
        raise
    if status is not None:
        metrics.add_metric(name=f"Jobs{status.value.title()}", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: object) -> dict:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
