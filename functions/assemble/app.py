"""assemble Lambda: a job whose chunks are all counted -> its outputs, checked, and its volumes sent;
a volume -> its signed bundle, and the job COMPLETE with the last; an office's answers file for a
COMPLETE job -> new versions of the bundles it changes."""

from __future__ import annotations

import time

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from relief.aws.runtime import handle_batch, reported_failure, services
from relief.pipeline.assemble import assemble_job
from relief.pipeline.messages import AnswersMessage, VolumeMessage, assembler_message
from relief.pipeline.revise import revise_job
from relief.pipeline.volume_bundles import assemble_volume

logger = Logger()
metrics = Metrics()


def record_handler(record: SQSRecord) -> None:
    message = assembler_message(record.body)
    if isinstance(message, AnswersMessage):
        with reported_failure(logger, metrics, record, "revision", lambda error: False):
            report = revise_job(services(), message)
        metrics.add_metric(name="AnswersApplied" if report.applied else "AnswersNotApplied", unit=MetricUnit.Count,
                           value=1)
        return
    logger.append_keys(job_id=message.job_id)

    def fail_job(error: Exception) -> bool:
        return services().fail_job(message.job_id, f"the outputs could not be assembled ({type(error).__name__}); "
                                                   f"the job's message went to the dead-letter queue")

    # How long the cut and each volume take (ms), for the dashboards and bench/bench_run.py.
    started = time.perf_counter()
    if isinstance(message, VolumeMessage):
        logger.append_keys(volume=message.volume)
        with reported_failure(logger, metrics, record, "volume", fail_job):
            status = assemble_volume(services(), message)
        metrics.add_metric(name="VolumesBuilt", unit=MetricUnit.Count, value=1)
        metrics.add_metric(name="VolumeBuildMs", unit=MetricUnit.Milliseconds,
                           value=round((time.perf_counter() - started) * 1000, 1))
    else:
        with reported_failure(logger, metrics, record, "assembly", fail_job):
            status = assemble_job(services(), message.job_id)
        metrics.add_metric(name="AssembleCutMs", unit=MetricUnit.Milliseconds,
                           value=round((time.perf_counter() - started) * 1000, 1))
    if status is not None:
        metrics.add_metric(name=f"Jobs{status.value.title()}", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: object) -> dict:
    return handle_batch(event, context, record_handler)
