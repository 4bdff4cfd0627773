"""SQS messages (claim checks: pointers to S3 objects, never records) and SNS announcements."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

_SQS_BATCH = 10


class Messages:
    def __init__(self, sqs: Any, sns: Any | None = None, topic_arn: str = ""):
        self.sqs = sqs
        self.sns = sns
        self.topic_arn = topic_arn

    def send(self, queue_url: str, bodies: Sequence[dict]) -> None:
        for start in range(0, len(bodies), _SQS_BATCH):
            batch = bodies[start : start + _SQS_BATCH]
            entries = [{"Id": str(i), "MessageBody": json.dumps(body, sort_keys=True)} for i, body in enumerate(batch)]
            response = self.sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
            if response.get("Failed"):
                failed = ", ".join(f"{f['Id']}: {f.get('Code')}" for f in response["Failed"])
                raise RuntimeError(f"SQS refused {len(response['Failed'])} message(s): {failed}")

    def announce(self, subject: str, detail: dict) -> None:
        """Tell subscribers a job finished. Carries counts and ids only, never records."""
        if self.sns is None or not self.topic_arn:
            return
        self.sns.publish(TopicArn=self.topic_arn, Subject=subject[:100], Message=json.dumps(detail, sort_keys=True),
                         MessageAttributes={"status": {"DataType": "String", "StringValue": str(detail.get("status"))}})
