"""`relief run`: the whole pipeline on one machine, on moto, with the very handlers Lambda runs.

The file is uploaded to the intake bucket; the bucket's notification puts the S3 event on the
intake queue; the driver then does what Lambda's SQS event sources do: receive a batch, call the
handler with the event, delete what succeeded and let what failed come back (at once, here,
instead of after the visibility timeout) until the redrive policy moves it to the dead-letter
queue, whose messages go to the dead-letters function. It stops when the job has ended and every
queue is quiet; a job still unfinished then is one nothing will move, and the sweeper is run as
its schedule would once the stages' limits had passed.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from ..pipeline.environment import (
    ASSEMBLE_TIMEOUT,
    DEAD_LETTERS_TIMEOUT,
    EVALUATE_BATCH_SIZE,
    EVALUATE_TIMEOUT,
    SPLIT_TIMEOUT,
    SWEEP_TIMEOUT,
)
from ..pipeline.jobs import Job, JobStatus, Upload
from ..pipeline.keys import profile_key, settings_key, upload_prefix
from ..settings import is_profile_file_name
from .emf import emf_metrics
from .local_answers import AnswersOutcome, send_answers
from .moto_server import one_request_at_a_time
from .world import REGION, LambdaContext, World, create_world, load_handler, sqs_event, use_local_environment

STAGES = (("split", SPLIT_TIMEOUT, 1), ("evaluate", EVALUATE_TIMEOUT, EVALUATE_BATCH_SIZE),
          ("assemble", ASSEMBLE_TIMEOUT, 1))
DEAD_LETTERS, SWEEP = "dead_letters", "sweep"
IDLE_ROUNDS = 3  # rounds with no message anywhere before an unfinished job is called stuck
LEASE_MARGIN_S = 2  # a leased handler's time limit is this much shorter than its messages' lease


def scheduled_event(now: datetime) -> dict:
    """The event an EventBridge schedule rule sends its target."""
    return {"version": "0", "id": "local", "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "region": REGION,
            "resources": [f"arn:aws:events:{REGION}:123456789012:rule/relief-sweep"], "detail": {}}


@dataclass
class StageTimes:
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # handler time, summed
    chunk_seconds: list[float] = field(default_factory=list)  # evaluator time per chunk
    # Every metric value the handlers emitted (their EMF lines), by name: ChunkReadMs and the other
    # steps of a chunk (pipeline.steps), one value per chunk.
    metrics: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def add(self, other: StageTimes) -> None:
        """Another process's times (a worker's) added to these."""
        for stage, seconds in other.seconds.items():
            self.seconds[stage] += seconds
        self.chunk_seconds.extend(other.chunk_seconds)
        for name, values in other.metrics.items():
            self.metrics[name].extend(values)

    def to_json(self) -> dict:
        return {"seconds": dict(self.seconds), "chunk_seconds": self.chunk_seconds, "metrics": dict(self.metrics)}

    @classmethod
    def from_json(cls, data: dict) -> StageTimes:
        times = cls()
        times.add(cls(seconds=data["seconds"], chunk_seconds=data["chunk_seconds"], metrics=data["metrics"]))
        return times


class Heartbeat:
    """Keeps received messages invisible for `lease_s` more seconds, every third of it, while their handler
    runs: a worker process that dies stops renewing, and its messages come back a lease later."""

    def __init__(self, sqs: Any, url: str, messages: list[dict], lease_s: int):
        self._sqs, self._url, self._messages, self._lease_s = sqs, url, messages, lease_s
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._renew, name="relief-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join()

    def _renew(self) -> None:
        while not self._stopped.wait(self._lease_s / 3):
            for message in self._messages:
                with contextlib.suppress(Exception):  # gone (deleted) or the server is stopping: nothing to keep
                    self._sqs.change_message_visibility(QueueUrl=self._url, ReceiptHandle=message["ReceiptHandle"],
                                                        VisibilityTimeout=self._lease_s)


class Driver:
    """Lambda's SQS event sources, for the three stages and the dead-letters function, on moto's
    queues, and the sweeper's schedule.

    A worker delivers one message at a time (`max_batch`), so chunks spread evenly over the workers.
    With a `lease_s` (a worker process of `relief run --workers`, the queues' visibility timeout) a
    delivery's messages are kept invisible by a heartbeat while the handler runs, and the handler is
    told it has a little less than the lease to run: its idempotency record then lapses before the
    messages of a worker that died come back, so the next delivery takes the chunk over."""

    def __init__(self, world: World, quiet: bool = False, read_dead_letters: bool = True, lease_s: int | None = None,
                 max_batch: int | None = None):
        self.world = world
        self.quiet = quiet
        self.read_dead_letters = read_dead_letters
        self.lease_s = lease_s
        self.max_batch = max_batch  # fewer messages per delivery than the stack's batch size (a worker's)
        self.sqs = world.sqs()
        self.handlers: dict[str, ModuleType] = {name: load_handler(name)
                                                for name in (*(stage for stage, _, _ in STAGES), DEAD_LETTERS, SWEEP)}
        self.queues = {"split": world.queues.intake, "evaluate": world.queues.chunks,
                       "assemble": world.queues.assemble}
        self.dead_letter_queues = (world.queues.intake_dlq, world.queues.chunks_dlq, world.queues.assemble_dlq)
        self.times = StageTimes()
        self.errors: list[str] = []  # invocations that failed whole, as the Lambda runtime reports them

    def deliver(self, stage: str, batch: int, timeout: int, queue: str | None = None) -> int:
        """One batch from the stage's queue (or `queue`) to its handler; returns how many messages it got."""
        url = queue or self.queues[stage]
        messages = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=batch, AttributeNames=["All"],
                                            WaitTimeSeconds=0).get("Messages", [])
        if not messages:
            return 0
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        if self.lease_s is not None:
            timeout = min(timeout, max(1, self.lease_s - LEASE_MARGIN_S))
        started = time.perf_counter()
        try:
            with (Heartbeat(self.sqs, url, messages, self.lease_s) if self.lease_s else contextlib.nullcontext(),
                  self.printed()):
                response = self.handlers[stage].handler(sqs_event(messages, arn), LambdaContext(stage, timeout))
            failed = {f["itemIdentifier"] for f in response.get("batchItemFailures", [])}
        except Exception as error:  # the whole invocation failed: every message comes back
            # What Lambda's runtime would log of it (tests check it holds no record's content).
            self.errors.append(f"{type(error).__name__}: {error}")
            failed = {m["MessageId"] for m in messages}
        elapsed = time.perf_counter() - started
        self.times.seconds[stage] += elapsed
        if stage == "evaluate":  # (a dead letter's time counts as its own)
            self.times.chunk_seconds.extend([elapsed / len(messages)] * len(messages))
        for message in messages:
            if message["MessageId"] in failed:
                self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                                                   VisibilityTimeout=0)
            else:
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return len(messages)

    @contextlib.contextmanager
    def printed(self) -> Iterator[None]:
        """What a handler prints is its metrics (EMF; its logs go to the log handler's stream): they are read
        into `times.metrics`, and shown only when not quiet, as CloudWatch would receive them."""
        buffer = io.StringIO()
        try:
            with contextlib.redirect_stdout(buffer):
                yield
        finally:
            text = buffer.getvalue()
            for name, values in emf_metrics(text).items():
                self.times.metrics[name].extend(values)
            if text and not self.quiet:
                sys.stdout.write(text)

    def round(self) -> int:
        moved = sum(self.deliver(stage, min(batch, self.max_batch or batch), timeout)
                    for stage, timeout, batch in STAGES)
        if self.read_dead_letters:
            moved += sum(self.deliver(DEAD_LETTERS, 10, DEAD_LETTERS_TIMEOUT, queue)
                         for queue in self.dead_letter_queues)
        return moved

    def sweep(self, later: timedelta = timedelta()) -> dict:
        """The sweeper as its schedule runs it, `later` than now: every handler's clock moves on with it."""
        from ..aws import runtime

        services = runtime.services()
        clock = services.clock
        services.clock = lambda: clock() + later
        try:
            with self.printed():
                return self.handlers[SWEEP].handler(scheduled_event(services.clock()),
                                                    LambdaContext(SWEEP, SWEEP_TIMEOUT))
        finally:
            services.clock = clock

    def until_finished(self, job_of: Callable[[], Job | None], progress: Callable[[Job | None], None]) -> Job | None:
        """Deliver until the job has ended and every queue is quiet. A job still unfinished when
        nothing moves is stuck: the sweeper is run past the stages' limits, and reports it."""
        idle = 0
        while True:
            moved = self.round()
            job = job_of()
            progress(job)
            if moved:
                idle = 0
                continue
            if job is not None and job.status.finished:
                return job
            idle += 1
            if idle >= IDLE_ROUNDS:
                if job is not None:
                    # (Imported here: a stage module names its logger after the service when first imported.)
                    from ..pipeline.sweep import stuck_after

                    self.sweep(max(stuck_after(self.world.env).values()) + timedelta(minutes=1))
                    job = job_of()
                    progress(job)
                return job


@dataclass
class RunReport:
    job: Job | None
    job_id: str
    outputs: list[Path]
    times: StageTimes
    dead_letters: dict[str, int]
    local_paths: dict[str, str] = field(default_factory=dict)  # S3 location -> local file
    answers: AnswersOutcome | None = None  # `--reviews`: what the answers file did


def upload(world: World, source: Path, office: str, settings_file: Path | None, profile: str | None = None) -> Upload:
    s3 = world.s3()
    for key, body in office_config(office, settings_file, profile).items():
        s3.put_object(Bucket=world.env.intake_bucket, Key=key, Body=body)
    key = upload_prefix(office) + source.name
    s3.upload_file(str(source), world.env.intake_bucket, key)  # multipart for a large file, as an office's tool would
    head = s3.head_object(Bucket=world.env.intake_bucket, Key=key)
    return Upload(bucket=world.env.intake_bucket, key=key, version_id=head.get("VersionId") or "",
                  size=head["ContentLength"])


def office_config(office: str, settings_file: Path | None, profile: str | None) -> dict[str, bytes]:
    """The objects an office's configuration is stored as: its settings, and a profile file beside them
    when the settings name one or --profile gives one (profile = "NAME.toml"); a built-in profile is
    named in the settings."""
    import tomllib

    settings = settings_file.read_bytes() if settings_file is not None else b""
    objects: dict[str, bytes] = {}
    named = tomllib.loads(settings.decode("utf-8")).get("profile") if settings else None
    if isinstance(named, str) and named.endswith(".toml") and settings_file is not None:
        objects[profile_key(named)] = (settings_file.parent / named).read_bytes()
    if profile is not None:
        name = profile
        if profile.endswith(".toml"):
            name = Path(profile).name if is_profile_file_name(Path(profile).name) else f"{office}-profile.toml"
            objects[profile_key(name)] = Path(profile).read_bytes()
        settings = f"profile = {json.dumps(name)}\n".encode() + settings
    if settings_file is not None or profile is not None:
        objects[settings_key(office)] = settings
    return objects


def dead_letters(world: World) -> dict[str, int]:
    sqs = world.sqs()
    return {name: int(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
                      ["Attributes"]["ApproximateNumberOfMessages"])
            for name, url in (("intake", world.queues.intake_dlq), ("chunks", world.queues.chunks_dlq),
                              ("assemble", world.queues.assemble_dlq))}


def download_outputs(world: World, job: Job, out: Path) -> list[Path]:
    s3 = world.s3()
    saved = []
    for uri in job.outputs:
        bucket, key = uri.removeprefix("s3://").split("/", 1)
        target = out / job.job_id / key.rsplit("/", 1)[-1]
        target.parent.mkdir(parents=True, exist_ok=True)
        s3.download_file(bucket, key, str(target))
        saved.append(target)
    return saved


def local_paths(job: Job, source: Path, outputs: list[Path]) -> dict[str, str]:
    """The job's S3 locations -> the local files they stand for: the input given, the outputs saved."""
    paths = {f"s3://{job.bucket}/{job.key}": str(source)}
    for uri, saved in zip(job.outputs, outputs, strict=False):
        paths[uri] = str(saved)
    return paths


def save_job(job: Job, out: Path, paths: dict[str, str] | None = None) -> Path:
    """out/jobs/<job>.json: the job record and where its files are on this machine."""
    path = out / "jobs" / f"{job.job_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"job": job.model_dump(mode="json"), "local_paths": paths or {}}
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return path


def load_job(job_id: str, out: Path) -> tuple[Job, dict[str, str]]:
    """A job `relief run` saved, and its local paths."""
    path = out / "jobs" / f"{job_id}.json"
    if not path.is_file():
        raise FileNotFoundError(f"no job {job_id} under {out / 'jobs'}")
    record = json.loads(path.read_text(encoding="utf-8"))
    if "job" not in record:  # saved before local paths were kept
        return Job.model_validate(record), {}
    return Job.model_validate(record["job"]), dict(record.get("local_paths") or {})


def progress_bar(stream: Any = sys.stderr) -> Callable[[Job | None], None]:
    shown = [""]

    def show(job: Job | None) -> None:
        if job is None:
            return
        total = job.chunk_total
        width = 30
        filled = int(width * job.chunks_done / total) if total else 0
        bar = "#" * filled + "." * (width - filled)
        line = f"\r{job.status.value:<10} chunks {job.chunks_done:>4}/{total:<4} [{bar}]"
        if line != shown[0]:
            stream.write(line)
            stream.flush()
            shown[0] = line

    return show


def run_file(source: Path, office: str, out: Path, settings_file: Path | None = None,
             chunk_target_bytes: int | None = None, show_progress: bool = True, quiet: bool = True,
             as_of: date | None = None, profile: str | None = None, reviews: Path | None = None) -> RunReport:
    """Upload `source` for `office` (the one office this local deployment serves) and run its job to its
    end in this process; the outputs are saved under out/<job id>/ and the job record under out/jobs/.
    (`dev.workers.run_file_on_workers` runs it in worker processes instead.) With `reviews`, the
    office's answers file is then sent as the office sends it (local_answers.py); if it is refused,
    nothing is saved."""
    from moto import mock_aws  # a development dependency: Lambda never imports this module

    from ..aws import runtime

    use_local_environment(quiet)
    with mock_aws(), one_request_at_a_time():
        runtime.reset()
        world = create_world(chunk_target_bytes, offices=(office,), as_of=as_of.isoformat() if as_of else "")
        driver = Driver(world, quiet)
        sent = upload(world, source, office, settings_file, profile)
        jobs = runtime.services().jobs
        job = driver.until_finished(lambda: jobs.get(sent.job_id),
                                    progress_bar() if show_progress else (lambda job: None))
        if show_progress:
            sys.stderr.write("\n")
        answers = None
        if reviews is not None and job is not None and job.status is JobStatus.COMPLETE:
            answers = send_answers(world, driver.round, job, reviews)
            job = jobs.get(sent.job_id)
        report = finish(world, sent, job, source, out, driver.times, answers)
        runtime.reset()
    return report


def finish(world: World, sent: Upload, job: Job | None, source: Path, out: Path, times: StageTimes,
           answers: AnswersOutcome | None = None) -> RunReport:
    """A run's end: its outputs saved under out/<job id>/, its record under out/jobs/, and its report;
    nothing saved when the answers file given was refused."""
    keep = job is not None and (answers is None or answers.applied)
    outputs = download_outputs(world, job, out) if keep and job is not None else []
    paths = local_paths(job, source, outputs) if keep and job is not None else {}
    if keep and job is not None:
        save_job(job, out, paths)
    return RunReport(job, sent.job_id, outputs, times, dead_letters(world), paths, answers)
