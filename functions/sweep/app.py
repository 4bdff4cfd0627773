"""sweep Lambda: every few minutes (an EventBridge schedule), jobs stuck past their stage's limit -> FAILED."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from relief.aws.runtime import JOBS_FAILED, services
from relief.pipeline.sweep import sweep

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context: object) -> dict:
    report = sweep(services())
    metrics.add_metric(name="JobsSwept", unit=MetricUnit.Count, value=report.checked)
    if report.failed:
        metrics.add_metric(name=JOBS_FAILED, unit=MetricUnit.Count, value=len(report.failed))
        metrics.add_metric(name="JobsStuck", unit=MetricUnit.Count, value=len(report.failed))
    return {"checked": report.checked, "failed": [job_id for job_id, _ in report.failed]}
