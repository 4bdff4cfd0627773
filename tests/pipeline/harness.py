"""A pipeline on moto for tests: the real handlers, driven the way Lambda's event sources drive them.

Tests reach in between steps (deliver an event twice, fail one message, hold two evaluators at
the same point, stop a stage part-way as Lambda's time or memory limit would, let time pass)
through the small methods here, and otherwise let `Driver` run the job to its end.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from relief.aws import runtime
from relief.dev.local_run import STAGES, Driver, dead_letters
from relief.dev.world import REGION, LambdaContext, World, sqs_event
from relief.pipeline.jobs import Job, JobStatus, Upload


class Killed(BaseException):
    """A stage stopped by Lambda at its time or memory limit: no `except Exception` sees it, nothing
    after it runs, and its message comes back only when its visibility timeout has passed."""


def killing(real: Callable[..., Any], after: int = 0) -> Callable[..., Any]:
    """`real`, but the call after the first `after` calls is where the stage is stopped."""
    calls = [0]

    def stopped(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] > after:
            raise Killed(f"stopped at call {calls[0]}")
        return real(*args, **kwargs)

    return stopped


@dataclass
class Pipeline:
    world: World
    driver: Driver
    announcements_queue: str = ""
    in_flight: list[tuple[str, str]] = field(default_factory=list)  # (queue, receipt handle) of killed deliveries

    def listen(self) -> None:
        """Subscribe a queue to the job-events topic, as an office's or an admin's subscription would."""
        queue = self.sqs.create_queue(QueueName="relief-announcements")["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        import boto3

        boto3.client("sns", region_name=REGION).subscribe(TopicArn=self.world.env.topic_arn, Protocol="sqs",
                                                          Endpoint=arn)
        self.announcements_queue = queue

    def announcements(self) -> list[dict]:
        """Every announcement published since `listen`: {"subject", "detail", "raw"}."""
        found = []
        while batch := self.receive(self.announcements_queue):
            for message in batch:
                envelope = json.loads(message["Body"])
                found.append({"subject": envelope.get("Subject", ""), "detail": json.loads(envelope["Message"]),
                              "raw": message["Body"]})
            self.delete(self.announcements_queue, batch)
        return found

    def deliver_killed(self, stage: str) -> int:
        """One delivery from the stage's queue whose handler is stopped part-way (the test has patched
        where): the messages stay in flight until `timeout_passes`. Returns how many it got."""
        url = self.driver.queues[stage]
        messages = self.receive(url, {name: size for name, _, size in STAGES}[stage])
        if messages:
            self.invoke_killed(stage, messages)
        return len(messages)

    def invoke_killed(self, stage: str, messages: list[dict]) -> None:
        """The stage's handler on these (received) messages, stopped part-way; they stay in flight."""
        url = self.driver.queues[stage]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        try:
            # Stopped at its time limit: no time was left (Powertools' idempotency lets a retry take over).
            self.driver.handlers[stage].handler(sqs_event(messages, arn), LambdaContext(stage, timeout_s=0))
        except Killed:
            pass
        else:
            raise AssertionError(f"the {stage} handler was not stopped")
        self.in_flight += [(url, message["ReceiptHandle"]) for message in messages]

    def timeout_passes(self) -> None:
        """The visibility timeout of every killed delivery passes: its messages come back."""
        for url, receipt in self.in_flight:
            self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=receipt, VisibilityTimeout=0)
        self.in_flight.clear()

    @contextlib.contextmanager
    def later(self, by: timedelta) -> Iterator[None]:
        """Every handler's clock `by` ahead (leases lapse, jobs look idle)."""
        services = runtime.services()
        clock = services.clock
        services.clock = lambda: clock() + by
        try:
            yield
        finally:
            services.clock = clock

    def sweep(self, later: timedelta) -> dict:
        return self.driver.sweep(later)

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

    def cut(self, job_id: str) -> tuple[Job, dict]:
        """Split, decide every chunk and deliver the assembler's job message once: the job is cut into
        volumes, their messages queued. Returns the job and the (deleted) job message."""
        self.split()
        while self.driver.deliver("evaluate", 10, 120):
            pass
        [message] = self.receive(self.world.queues.assemble)
        self.invoke("assemble", [message], self.world.queues.assemble)
        self.delete(self.world.queues.assemble, [message])
        job = self.job(job_id)
        assert job is not None and job.status is JobStatus.ASSEMBLING and job.volumes_cut, job
        return job, message

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
