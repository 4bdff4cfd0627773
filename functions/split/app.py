"""split Lambda: S3 upload events (buffered through SQS) -> a job, its chunks, one message per chunk."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from relief.aws.runtime import handle_batch, reported_failure, services
from relief.pipeline.messages import uploads_in
from relief.pipeline.split import split_upload

logger = Logger()
metrics = Metrics()


def record_handler(record: SQSRecord) -> None:
    for upload in uploads_in(record.body):
        def fail_job(error: Exception, job_id: str = upload.job_id) -> bool:
            return services().fail_job(job_id, f"the file could not be split ({type(error).__name__}); "
                                               f"its S3 event went to the dead-letter queue")

        with reported_failure(logger, metrics, record, "split", fail_job):
            report = split_upload(services(), upload)
        if report.quarantined:
            metrics.add_metric(name="UploadsQuarantined", unit=MetricUnit.Count, value=1)
        if report.status is not None:
            metrics.add_metric(name="RowsRead", unit=MetricUnit.Count, value=report.rows)
            metrics.add_metric(name="Chunks", unit=MetricUnit.Count, value=report.chunks)
            metrics.add_metric(name=f"Jobs{report.status.value.title()}", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: object) -> dict:
    return handle_batch(event, context, record_handler)
