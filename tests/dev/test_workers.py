"""`relief run --workers`: the handlers in worker processes on one moto server. A worker that dies in the
middle of a chunk loses nothing: the chunk's message comes back when its lease lapses, another worker
decides the chunk, and the job completes with every row once and every bundle verifying."""

from __future__ import annotations

import csv
import io
import os
import signal
from pathlib import Path

from relief.dev.local_run import RunReport, run_file
from relief.dev.workers import WorkerSetup, run_file_on_workers, work
from relief.documents.verify import verify_bundle
from relief.pipeline.jobs import JobStatus

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
SMALL_CHUNKS = 20_000  # bytes: the sample becomes about ten chunks, for the workers to share
LEASE_S = 5  # short: the dead worker's chunk comes back this long after it stopped renewing
DIES_HERE = "RELIEF_TEST_DYING_WORKER"  # a file: the first worker to create it dies mid-chunk


def dying_work(setup: WorkerSetup, stop, reports) -> None:
    """A worker that, if it is the first to get this far, is killed (SIGKILL: nothing runs after it) in the
    middle of its first chunk: after the chunk's results are written to the table, before its result part."""
    from relief.pipeline import evaluate

    real = evaluate.write_part

    def killed_here(*args, **kwargs):
        try:
            os.close(os.open(os.environ[DIES_HERE], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:  # another worker died already: this one lives
            return real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)

    evaluate.write_part = killed_here
    work(setup, stop, reports)


def rows_of(report: RunReport) -> list[list[str]]:
    [results] = [path for path in report.outputs if path.name == "results.csv"]
    return list(csv.reader(io.StringIO(results.read_text(encoding="utf-8"), newline="")))


def input_rows() -> int:
    with SAMPLE.open(encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.reader(stream)) - 1


def test_a_worker_killed_mid_chunk_loses_nothing(tmp_path, monkeypatch):
    marker = tmp_path / "died"
    monkeypatch.setenv(DIES_HERE, str(marker))
    report = run_file_on_workers(SAMPLE, "sangamon", tmp_path / "out", workers=2, chunk_target_bytes=SMALL_CHUNKS,
                                 show_progress=False, lease_s=LEASE_S, worker=dying_work)

    assert marker.exists(), "no worker was killed"
    job = report.job
    assert job is not None and job.status is JobStatus.COMPLETE, job
    assert job.chunk_total > 2 and job.chunks_done == job.chunk_total and not job.failed_chunks
    assert report.dead_letters == {"intake": 0, "chunks": 0, "assemble": 0}
    # Rows in = rows out: the killed chunk was decided once, by the worker that took it over.
    assert job.rows_read == input_rows() == job.rows_decided + job.rows_rejected
    rows = rows_of(report)
    assert sorted(int(row[0]) for row in rows[1:]) == list(range(1, input_rows() + 1))
    bundles = [path for path in report.outputs if path.suffix == ".zip"]
    assert bundles and all(verify_bundle(bundle).ok for bundle in bundles)
    # The workers reported the chunk's steps as the evaluator emits them (EMF): one value per chunk decided.
    assert len(report.times.metrics["ResultsWriteMs"]) >= job.chunk_total


def test_workers_decide_exactly_what_one_process_decides(tmp_path):
    alone = run_file(SAMPLE, "sangamon", tmp_path / "one", chunk_target_bytes=SMALL_CHUNKS, show_progress=False)
    shared = run_file_on_workers(SAMPLE, "sangamon", tmp_path / "two", workers=2, chunk_target_bytes=SMALL_CHUNKS,
                                 show_progress=False)
    assert alone.job is not None and shared.job is not None
    assert alone.job.status is shared.job.status is JobStatus.COMPLETE
    assert rows_of(alone) == rows_of(shared)
    assert sorted(path.name for path in alone.outputs) == sorted(path.name for path in shared.outputs)
    assert alone.job.decisions == shared.job.decisions
