"""A pipeline on moto for tests: the real handlers, driven the way Lambda's event sources drive them.

Tests reach in between steps (deliver an event twice, fail one message, hold two evaluators at
the same point) through the small methods here, and otherwise let `Driver` run the job to its end.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from relief.aws import runtime
from relief.dev.local_run import Driver, dead_letters
from relief.dev.world import LambdaContext, World, sqs_event
from relief.pipeline.jobs import Job, Upload


@dataclass
class Pipeline:
    world: World
    driver: Driver

    @property
    def s3(self):
        return self.world.s3()

    @property
    def sqs(self):
        return self.world.sqs()

    def upload(self, content: bytes | Path, name: str = "isp.csv", office: str = "sangamon") -> Upload:
        body = content.read_bytes() if isinstance(content, Path) else content
        key = f"incoming/{office}/{name}"
        put = self.s3.put_object(Bucket=self.world.env.intake_bucket, Key=key, Body=body)
        return Upload(bucket=self.world.env.intake_bucket, key=key, version_id=put.get("VersionId", ""),
                      size=len(body))

    def receive(self, queue_url: str, most: int = 10) -> list[dict]:
        return self.sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=most, AttributeNames=["All"],
                                        WaitTimeSeconds=0).get("Messages", [])

    def delete(self, queue_url: str, messages: list[dict]) -> None:
        for message in messages:
            self.sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])

    def invoke(self, stage: str, messages: list[dict], queue_url: str) -> dict:
        """Call a stage's handler with the event Lambda would build from these messages."""
        arn = self.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return self.driver.handlers[stage].handler(sqs_event(messages, arn), LambdaContext(stage))

    def queued(self, queue_url: str) -> int:
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        return sum(int(value) for value in attributes["Attributes"].values())

    def split(self) -> None:
        """Deliver every S3 event waiting on the intake queue to the splitter (S3's test event too)."""
        while self.driver.deliver("split", 1, 900):
            pass

    def job(self, job_id: str) -> Job | None:
        return runtime.services().jobs.get(job_id)

    def run(self, job_id: str) -> Job:
        job = self.driver.until_finished(lambda: self.job(job_id), lambda job: None)
        assert job is not None, "no job was created"
        return job

    def dead_letters(self) -> dict[str, int]:
        return dead_letters(self.world)

    def output(self, job: Job, name: str) -> bytes:
        for uri in job.outputs:
            bucket, key = uri.removeprefix("s3://").split("/", 1)
            if key.endswith("/" + name):
                return self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        raise AssertionError(f"job has no output {name}: {job.outputs}")

    def object_exists(self, key: str) -> bool:
        listed = self.s3.list_objects_v2(Bucket=self.world.env.intake_bucket, Prefix=key)
        return any(item["Key"] == key for item in listed.get("Contents", []))

    def chunk_messages(self) -> list[dict]:
        """Every chunk message now on the chunk queue (received: the caller delivers or deletes them)."""
        found: list[dict] = []
        while batch := self.receive(self.world.queues.chunks):
            found.extend(batch)
        return found

    @staticmethod
    def body(message: dict) -> dict:
        return json.loads(message["Body"])
