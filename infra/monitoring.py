"""Alarms (dead letters, function errors, failed jobs) that notify the topic, and a dashboard."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from constructs import Construct

from relief.law.decisions import Decision
from relief.pipeline.environment import MAX_RECEIVE_COUNT

from .functions import METRICS_NAMESPACE, SERVICE_NAME
from .queues import QueuePair

# What the handlers emit with Powertools Metrics (functions/*/app.py): namespace POWERTOOLS_METRICS_NAMESPACE,
# one dimension, service = POWERTOOLS_SERVICE_NAME.
DIMENSIONS = {"service": SERVICE_NAME}
JOBS_FAILED = "JobsFailed"  # split, evaluate and assemble, once per job that ends FAILED
JOB_METRICS = ("JobsEvaluating", "JobsComplete", JOBS_FAILED)  # Jobs<status>: split started, assemble finished
ROW_METRICS = ("RowsRead", "RowsDecided", "RowsRejected")
CHUNK_LATENCY = "ChunkLatency"  # milliseconds, per evaluated chunk


def relief_metric(name: str, statistic: str = "Sum", period: Duration | None = None,
                  label: str | None = None) -> cloudwatch.Metric:
    return cloudwatch.Metric(namespace=METRICS_NAMESPACE, metric_name=name, dimensions_map=DIMENSIONS,
                             statistic=statistic, period=period or Duration.minutes(5), label=label)


class Monitoring(Construct):
    def __init__(self, scope: Construct, id: str, *, topic: sns.ITopic, queues: dict[str, QueuePair],
                 functions: dict[str, lambda_.Function]) -> None:
        super().__init__(scope, id)
        notify = actions.SnsAction(topic)
        self.alarms: list[cloudwatch.Alarm] = []

        def alarm(id: str, metric: cloudwatch.IMetric, description: str, threshold: float = 0,
                  comparison: cloudwatch.ComparisonOperator =
                  cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD) -> None:
            created = cloudwatch.Alarm(self, id, metric=metric, threshold=threshold, evaluation_periods=1,
                                       comparison_operator=comparison, alarm_description=description,
                                       treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING)
            created.add_alarm_action(notify)
            self.alarms.append(created)

        for name, pair in queues.items():
            alarm(f"{name}DeadLetters",
                  pair.dlq.metric_approximate_number_of_messages_visible(period=Duration.minutes(1),
                                                                         statistic="Maximum"),
                  f"Messages in the {name} dead-letter queue: each failed {MAX_RECEIVE_COUNT} deliveries. "
                  f"Read the consuming function's logs, fix, then redrive the dead letters.")
        for name, function in functions.items():
            alarm(f"{name.title()}Errors", function.metric_errors(period=Duration.minutes(5), statistic="Sum"),
                  f"The {name} function reported errors (SQS will retry; repeated failures reach the DLQ).")
        alarm("JobsFailed", relief_metric(JOBS_FAILED),
              "A job ended FAILED: its reason is in the jobs table and in the FAILED announcement on this topic.",
              threshold=1, comparison=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)

        minute = Duration.minutes(1)
        self.dashboard = cloudwatch.Dashboard(self, "Dashboard", default_interval=Duration.days(1))
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(title="Jobs (started, complete, failed)", width=12,
                                   left=[relief_metric(name) for name in JOB_METRICS]),
            cloudwatch.GraphWidget(title="Rows per minute", width=12,
                                   left=[relief_metric(name, period=minute) for name in ROW_METRICS]),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(title="Decisions", width=12, stacked=True,
                                   left=[relief_metric(f"Decision_{decision.value}", label=decision.value)
                                         for decision in Decision]),
            cloudwatch.GraphWidget(title="Chunk latency (ms)", width=12,
                                   left=[relief_metric(CHUNK_LATENCY, statistic=s, label=f"chunk {s}")
                                         for s in ("p50", "p90", "Maximum")]),
        )
        self.dashboard.add_widgets(
            cloudwatch.GraphWidget(title="Function duration p90 (ms)", width=12,
                                   left=[f.metric_duration(statistic="p90", label=n) for n, f in functions.items()]),
            cloudwatch.GraphWidget(title="Queue depth and dead letters", width=12,
                                   left=[p.queue.metric_approximate_number_of_messages_visible(label=n)
                                         for n, p in queues.items()],
                                   right=[p.dlq.metric_approximate_number_of_messages_visible(label=f"{n} DLQ")
                                          for n, p in queues.items()]),
        )
