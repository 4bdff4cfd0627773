"""`relief run --workers N`: the very handlers in N worker processes, which poll the queues of one
moto server, so a developer sees the fan-out of AWS on one machine.

This process serves moto (every bucket, queue and table; `moto_server`), uploads the file and
watches the job; each worker is Lambda's SQS event sources for every queue (`local_run.Driver`),
delivering batches to the handlers as fast as it can. The queues' visibility timeout is a short
lease that a worker renews while its handler runs: a worker that dies mid-chunk stops renewing,
its messages come back a lease later and another worker takes the chunk over (its idempotency
record lapsed with the lease). The run ends when the job has ended and every queue is empty; a job
still unfinished when nothing has moved for a while is one nothing will move, and the sweeper is
run as its schedule would once the stages' limits had passed.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queues
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from ..pipeline.jobs import Job
from .local_run import Driver, RunReport, StageTimes, finish, progress_bar, upload
from .moto_server import SerialMotoServer
from .world import World, create_world, use_local_environment

LEASE_S = 20  # the queues' visibility timeout: how long a dead worker's messages stay away
POLL_IDLE_S = 0.2  # a worker that found nothing waits this long before polling again
WATCH_EVERY_S = 0.5  # how often this process looks at the job and the queues
IDLE_WATCHES = 6  # looks in a row with every queue empty before an unfinished job is called stuck
REPORT_WAIT_S = 60  # how long the workers have to report their times once told to stop
# moto keeps an S3 object larger than this in a temporary file rather than in memory (its default is
# about 5 MB, larger than a chunk): a million-row run's chunks and parts would otherwise all be in memory.
S3_MEMORY_BYTES = 64 << 10


def default_workers() -> int:
    """The machine's cores."""
    return os.cpu_count() or 1


@dataclass(frozen=True)
class WorkerSetup:
    world: World
    quiet: bool
    lease_s: int


def work(setup: WorkerSetup, stop: Any, reports: Any) -> None:
    """One worker process: every queue's event source, until `stop` is set; then its times go to `reports`.

    Runs in a process started by `spawn`, whose environment is this one's: AWS_ENDPOINT_URL names the server."""
    from ..aws import runtime

    use_local_environment(setup.quiet)
    os.environ.update(setup.world.env.to_env())
    runtime.reset()
    driver = Driver(setup.world, setup.quiet, lease_s=setup.lease_s, max_batch=1)
    while not stop.is_set():
        if not driver.round():
            stop.wait(POLL_IDLE_S)
    reports.put(driver.times.to_json())


class WorkerPool:
    """N worker processes on one world, and what they reported when stopped."""

    def __init__(self, world: World, workers: int, quiet: bool = True, lease_s: int = LEASE_S,
                 target: Callable[[WorkerSetup, Any, Any], None] = work):
        context = multiprocessing.get_context("spawn")  # not fork: this process runs the server's threads
        self._stop = context.Event()
        self._reports = context.Queue()
        setup = WorkerSetup(world, quiet, lease_s)
        self.processes: list[BaseProcess] = [
            context.Process(target=target, args=(setup, self._stop, self._reports), name=f"relief-worker-{number}",
                            daemon=True)
            for number in range(1, workers + 1)]
        self.times = StageTimes()  # what the workers reported

    def __enter__(self) -> WorkerPool:
        for process in self.processes:
            process.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def alive(self) -> int:
        return sum(process.is_alive() for process in self.processes)

    def stop(self) -> None:
        """Tell the workers to stop after their current delivery and gather their times (a worker that
        died reports none)."""
        self._stop.set()
        deadline = time.monotonic() + REPORT_WAIT_S
        # Read while they exit: a worker's last report must leave its pipe before it can.
        while self.alive and time.monotonic() < deadline:
            self._gather(timeout=0.2)
        self._gather(timeout=0)
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()

    def _gather(self, timeout: float) -> None:
        try:
            while True:
                self.times.add(StageTimes.from_json(self._reports.get(timeout=timeout)))
        except queues.Empty:
            pass


def messages_anywhere(world: World) -> int:
    """Messages waiting or in flight on every queue and dead-letter queue."""
    sqs = world.sqs()
    total = 0
    for url in (world.queues.intake, world.queues.chunks, world.queues.assemble, world.queues.intake_dlq,
                world.queues.chunks_dlq, world.queues.assemble_dlq):
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed"])["Attributes"]
        total += sum(int(value) for value in attributes.values())
    return total


def watch(world: World, pool: WorkerPool, job_of: Callable[[], Job | None],
          progress: Callable[[Job | None], None], sweeper: Driver) -> Job | None:
    """Until the job has ended and every queue is empty. A job still unfinished when every queue has
    stayed empty (or every worker has stopped) is stuck: the sweeper is run past the stages' limits."""
    idle = 0
    while True:
        job = job_of()
        progress(job)
        busy = messages_anywhere(world) > 0
        if not busy and job is not None and job.status.finished:
            return job
        idle = 0 if busy and pool.alive else idle + 1
        if idle >= IDLE_WATCHES:
            if job is not None and not job.status.finished:
                # (Imported here: a stage module names its logger after the service when first imported.)
                from ..pipeline.sweep import stuck_after

                sweeper.sweep(max(stuck_after(world.env).values()) + timedelta(minutes=1))
                job = job_of()
                progress(job)
            return job
        time.sleep(WATCH_EVERY_S)


@contextmanager
def moto_server() -> Iterator[str]:
    """A moto server in this process for the workers; AWS_ENDPOINT_URL names it meanwhile (to this process's
    clients and, through the environment they start with, the workers')."""
    saved = {name: os.environ.get(name) for name in ("AWS_ENDPOINT_URL", "MOTO_S3_DEFAULT_KEY_BUFFER_SIZE")}
    os.environ["MOTO_S3_DEFAULT_KEY_BUFFER_SIZE"] = str(S3_MEMORY_BYTES)
    server = SerialMotoServer()
    os.environ["AWS_ENDPOINT_URL"] = server.start()
    try:
        yield server.endpoint
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_file_on_workers(source: Path, office: str, out: Path, workers: int, settings_file: Path | None = None,
                        chunk_target_bytes: int | None = None, show_progress: bool = True, quiet: bool = True,
                        as_of: date | None = None, profile: str | None = None, lease_s: int = LEASE_S,
                        worker: Callable[[WorkerSetup, Any, Any], None] = work) -> RunReport:
    """`local_run.run_file`, with the job's messages delivered by `workers` worker processes running `worker`
    (`work`; a test's own, importable, to stop one part-way)."""
    from ..aws import runtime

    use_local_environment(quiet)
    with moto_server():
        runtime.reset()
        world = create_world(chunk_target_bytes, offices=(office,), as_of=as_of.isoformat() if as_of else "",
                             visibility_s=lease_s)
        sweeper = Driver(world, quiet)  # this process delivers nothing; it runs the sweeper if the job is stuck
        jobs = runtime.services().jobs
        with WorkerPool(world, workers, quiet, lease_s, worker) as pool:
            sent = upload(world, source, office, settings_file, profile)
            job = watch(world, pool, lambda: jobs.get(sent.job_id),
                        progress_bar() if show_progress else (lambda job: None), sweeper)
        if show_progress:
            sys.stderr.write("\n")
        pool.times.add(sweeper.times)
        report = finish(world, sent, job, source, out, pool.times)
        runtime.reset()
    return report
