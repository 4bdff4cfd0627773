"""dead_letters Lambda: a message in any of the three dead-letter queues -> its job FAILED, the stage named.

One function reads all three queues; each message says by its shape which stage it was for
(pipeline.dead_letters). It is consumed once its job is marked: the job record and the FAILED
announcement keep what it said, and a job that failed is started again by uploading the file again.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from relief.aws.runtime import JOBS_FAILED, handle_batch, services
from relief.pipeline.dead_letters import dead_letter

logger = Logger()
metrics = Metrics()


def record_handler(record: SQSRecord) -> None:
    report = dead_letter(services(), record.body)
    logger.info("dead letter read", extra={"stage": report.stage.value, "jobs_failed": list(report.jobs_failed),
                                           "message_id": record.message_id})
    metrics.add_metric(name="DeadLetters", unit=MetricUnit.Count, value=1)
    if report.jobs_failed:
        metrics.add_metric(name=JOBS_FAILED, unit=MetricUnit.Count, value=len(report.jobs_failed))


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: object) -> dict:
    return handle_batch(event, context, record_handler)
