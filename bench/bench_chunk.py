"""Benchmark: where one chunk's time goes, on moto (the issue's target: a 5,000-row chunk under 1 s).

    python bench/bench_chunk.py [--rows 5000] [--seed 7] [--repeat 5] [--cpu]

Runs `relief run` (one process, no server) on a generated file made into ONE chunk, --repeat
times in this process, and prints the evaluator's steps as it emits them for CloudWatch (the
EMF metrics of `pipeline.steps`, read back from what the handler printed). The first run is
a cold start (imports, fonts, caches); the table gives it apart from the median of the warm
runs, which is what a busy Lambda container spends per chunk. The machine is shared: read
differences under ~10% as noise. With --cpu the steps are timed in this process's CPU time
(moto's work included: it runs in this process) rather than the wall clock, which other
processes on a busy machine inflate; "whole invocation" stays wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from child import generated

ONE_CHUNK_BYTES = 1 << 30  # larger than any file benched here: the whole file is one chunk


def chunk_steps(source: Path) -> tuple[dict[str, float], float]:
    """(step metric name -> ms, the evaluator's whole invocation in ms) of one run of one chunk."""
    from relief.dev.local_run import run_file
    from relief.pipeline.steps import ChunkStep

    with tempfile.TemporaryDirectory(prefix="relief-bench-chunk-") as out:
        report = run_file(source, "bench", Path(out), chunk_target_bytes=ONE_CHUNK_BYTES, show_progress=False)
    if report.job is None or report.job.chunk_total != 1:
        raise SystemExit(f"expected one chunk, got {report.job.chunk_total if report.job else 'no job'}")
    steps = {step.value: sum(report.times.metrics.get(step.value, [0.0])) for step in ChunkStep}
    return steps, report.times.chunk_seconds[0] * 1000


def results_write_client_side(source: Path, cpu: bool) -> float:
    """ms to write the chunk's results with every BatchWriteItem answered at once, before it is sent:
    what the results write costs the evaluator itself (botocore building the requests), without
    moto's emulation of DynamoDB, which is most of ResultsWriteMs on moto and none of it on AWS."""
    from datetime import date

    import boto3
    from botocore.awsrequest import AWSResponse

    from relief.aws.clients import _CONFIG
    from relief.aws.results_table import ResultsTable
    from relief.evaluation.chunk import decide_chunk
    from relief.intake.formats import open_rows
    from relief.intake.records import ReadRow
    from relief.settings import OfficeSettings

    class Answered:  # the raw body botocore reads: an empty answer, nothing left unprocessed
        @staticmethod
        def stream() -> list[bytes]:
            return [b"{}"]

    with open_rows(source) as read:
        rows: list[ReadRow] = list(read)
    results = decide_chunk(rows, OfficeSettings(), date(2026, 1, 1))
    client = boto3.client("dynamodb", region_name="us-east-1", config=_CONFIG, aws_access_key_id="x",
                          aws_secret_access_key="x")
    client.meta.events.register("before-send.dynamodb.BatchWriteItem",
                                lambda **_: AWSResponse("https://dynamodb", 200, {}, Answered()))
    clock = time.process_time if cpu else time.perf_counter
    table = ResultsTable(client, "results")
    table.put("warm", results[:50], 1)
    started = clock()
    table.put("bench", results, 1)
    return (clock() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="time the steps in CPU time, not wall time")
    args = parser.parse_args()
    from relief.pipeline import steps
    from relief.pipeline.steps import ChunkStep

    if args.cpu:
        steps.CLOCK = time.process_time

    source = generated(args.rows, args.seed)
    runs = [chunk_steps(source) for _ in range(max(2, args.repeat))]
    cold, warm = runs[0], runs[1:]
    print(f"# one chunk of {args.rows:,} rows on moto: {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cpu(s), {time.strftime('%Y-%m-%d')}, "
          f"{len(warm)} warm run(s), steps in {'CPU' if args.cpu else 'wall'} ms, load average "
          f"{os.getloadavg()[0]:.1f}")
    print("| step | cold ms | warm ms (median) | warm share |")
    print("|---|---:|---:|---:|")
    warm_steps = statistics.median(sum(timed.values()) for timed, _ in warm)
    for step in ChunkStep:
        median = statistics.median(timed[step.value] for timed, _ in warm)
        print(f"| {step.value} | {cold[0][step.value]:,.0f} | {median:,.0f} | {median / warm_steps:.0%} |")
    print(f"| all steps | {sum(cold[0].values()):,.0f} | {warm_steps:,.0f} | 100% |")
    print(f"| ResultsWriteMs without moto (the evaluator's own share) | | "
          f"{results_write_client_side(source, args.cpu):,.0f} | |")
    print(f"| whole invocation (wall) | {cold[1]:,.0f} | {statistics.median(total for _, total in warm):,.0f} | |")


if __name__ == "__main__":
    main()
