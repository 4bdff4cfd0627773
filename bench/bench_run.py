"""Benchmark: `relief run` (the whole pipeline on moto, one process) on generated ISP files.

    python bench/bench_run.py [--rows 10000 100000 1000000] [--seed 7]

Each size runs in its own child process; peak memory is the child's maximum resident set size
(os.wait4), which includes moto holding every S3 object, queue message and DynamoDB item. The
stage times are the handlers' own (the driver times each invocation). The per-chunk evaluator
time is what sets the AWS run's length: chunks run in parallel there, so the evaluate stage
takes about one chunk's time per wave of concurrent evaluators, not their sum.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

CHILD = """
import json, sys, time
from pathlib import Path
from relief.dev.local_run import run_file
started = time.perf_counter()
report = run_file(Path(sys.argv[1]), "bench", Path(sys.argv[2]), show_progress=False)
wall = time.perf_counter() - started
job = report.job
print("BENCH " + json.dumps({"wall": wall, "status": job.status.value if job else None,
                            "rows": job.rows_read if job else 0,
                  "chunks": job.chunk_total if job else 0, "stages": dict(report.times.seconds),
                  "chunk_seconds": report.times.chunk_seconds}))
"""


def generated(rows: int, seed: int) -> Path:
    path = DATA / f"isp-{rows}-{seed}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "relief.dev.cli", "generate", "--rows", str(rows), "--seed", str(seed),
                        "--output", str(path)], check=True)
    return path


def run(source: Path) -> tuple[dict, float]:
    """The child's report and its peak resident MB."""
    out = DATA / "run-out"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(source), str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"relief run on {source} failed: {child.stderr.read().decode()[-2000:]}")
    # Only the marked line is the report; anything else (a handler's warning log) is shown as is.
    lines = stdout.decode().splitlines()
    for other in (line for line in lines if not line.startswith("BENCH ")):
        print(other, file=sys.stderr)
    [line] = [line for line in lines if line.startswith("BENCH ")]
    return json.loads(line.removeprefix("BENCH ")), usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    print(f"# relief run on moto: {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cpu(s), {time.strftime('%Y-%m-%d')}")
    print("| rows | chunks | split s | evaluate s | assemble s | wall s | peak MB "
          "| chunk s median | chunk s max | status |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for rows in args.rows:
        report, peak = run(generated(rows, args.seed))
        stages, chunks = report["stages"], report["chunk_seconds"] or [0.0]
        print(f"| {report['rows']:,} | {report['chunks']} | {stages.get('split', 0):.1f} "
              f"| {stages.get('evaluate', 0):.1f} | {stages.get('assemble', 0):.1f} | {report['wall']:.1f} "
              f"| {peak:,.0f} | {statistics.median(chunks):.2f} | {max(chunks):.2f} | {report['status']} |",
              flush=True)


if __name__ == "__main__":
    main()
