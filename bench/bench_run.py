"""Benchmark: `relief run` (the whole pipeline on moto) on generated ISP files.

    python bench/bench_run.py [--rows 10000 100000 1000000] [--seed 7] [--workers 1 2]

Each size and worker count runs in its own child process. With --workers 1 the child runs
everything itself; with N > 1 it serves moto and N worker processes deliver the messages
(`relief run --workers N`). Peak memory is the largest sum of the resident sets of the child and
its workers, sampled every 0.2 s (moto holds every S3 object, queue message and DynamoDB item).
The stage times are the handlers' own, summed over the workers (the driver times each
invocation); the per-chunk evaluator time is what sets the AWS run's length: chunks run in
parallel there, so the evaluate stage takes about one chunk's time per wave of concurrent
evaluators, not their sum. The last columns are the evaluator's steps (the EMF metrics of
`pipeline.steps`), median ms per chunk. The assembler's cut (merge, job outputs, volumes stored) and
each volume's build are timed by its handler (the `AssembleCutMs` and `VolumeBuildMs` metrics).
After the clock stops the child counts results.csv's rows and verifies every bundle and the job
index. The machine is shared with other work: times are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from child import generated

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

CHILD = """
import json, sys, time
from pathlib import Path
from relief.dev.local_run import run_file
from relief.dev.workers import run_file_on_workers
started = time.perf_counter()
workers = int(sys.argv[3])
if workers == 1:
    report = run_file(Path(sys.argv[1]), "bench", Path(sys.argv[2]), show_progress=False)
else:
    report = run_file_on_workers(Path(sys.argv[1]), "bench", Path(sys.argv[2]), workers, show_progress=False)
wall = time.perf_counter() - started
job = report.job
# Rows in = rows out, and every bundle (and the job index) verifying: checked after the clock stopped.
from relief.documents.verify import verify_bundle
import csv
bundles = [path for path in report.outputs if path.suffix == ".zip"]
verified = sum(verify_bundle(path).ok for path in bundles)
[results] = [path for path in report.outputs if path.name == "results.csv"]
with open(results, newline="", encoding="utf-8") as stream:
    rows_out = sum(1 for _ in csv.reader(stream)) - 1
print("BENCH " + json.dumps({"wall": wall, "status": job.status.value if job else None,
                            "rows": job.rows_read if job else 0, "rows_out": rows_out,
                            "bundles": len(bundles), "verified": verified,
                            "volumes": job.volume_total if job else 0,
                  "chunks": job.chunk_total if job else 0, "stages": dict(report.times.seconds),
                  "chunk_seconds": report.times.chunk_seconds, "metrics": dict(report.times.metrics)}))
"""


def tree_rss_mb(pid: int) -> float:
    """Resident MB of a process and its descendants now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total / (1 << 20)


def run(source: Path, workers: int) -> tuple[dict, float]:
    """The child's report and the peak resident MB of it and its workers."""
    out = DATA / "run-out"
    with tempfile.TemporaryFile() as stdout_file, tempfile.TemporaryFile() as stderr_file:
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(source), str(out), str(workers)],
                                 stdout=stdout_file, stderr=stderr_file)
        peak = 0.0
        while child.poll() is None:
            peak = max(peak, tree_rss_mb(child.pid))
            time.sleep(0.2)
        stdout_file.seek(0)
        stderr_file.seek(0)
        stdout, stderr = stdout_file.read(), stderr_file.read()
    if child.returncode != 0:
        raise SystemExit(f"relief run on {source} failed: {stderr.decode()[-2000:]}")
    # Only the marked line is the report; anything else (a handler's warning log) is shown as is.
    lines = stdout.decode().splitlines()
    for other in (line for line in lines if not line.startswith("BENCH ")):
        print(other, file=sys.stderr)
    [line] = [line for line in lines if line.startswith("BENCH ")]
    return json.loads(line.removeprefix("BENCH ")), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    from relief.pipeline.steps import ChunkStep

    print(f"# relief run on moto: {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cpu(s), {time.strftime('%Y-%m-%d')}")
    steps = [step.value for step in ChunkStep]
    print(f"# load average at start {os.getloadavg()[0]:.1f}")
    print("| rows | workers | chunks | volumes | split s | evaluate s | assemble s | wall s | peak MB "
          "| chunk s median | chunk s max | cut s | volume s median | volume s max | status | rows out "
          "| verified | " + " | ".join(steps) + " |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
          + "---:|" * len(steps))
    for rows in args.rows:
        for workers in args.workers:
            report, peak = run(generated(rows, args.seed), workers)
            stages, chunks = report["stages"], report["chunk_seconds"] or [0.0]
            medians = [statistics.median(report["metrics"].get(step) or [0.0]) for step in steps]
            volumes = [ms / 1000 for ms in report["metrics"].get("VolumeBuildMs") or [0.0]]
            cut = sum(report["metrics"].get("AssembleCutMs") or [0.0]) / 1000
            print(f"| {report['rows']:,} | {workers} | {report['chunks']} | {report['volumes']} "
                  f"| {stages.get('split', 0):.1f} | {stages.get('evaluate', 0):.1f} | {stages.get('assemble', 0):.1f} "
                  f"| {report['wall']:.1f} | {peak:,.0f} | {statistics.median(chunks):.2f} | {max(chunks):.2f} "
                  f"| {cut:.1f} | {statistics.median(volumes):.2f} | {max(volumes):.2f} | {report['status']} "
                  f"| {report['rows_out']:,} | {report['verified']}/{report['bundles']} | "
                  + " | ".join(f"{ms:,.0f}" for ms in medians) + " |", flush=True)


if __name__ == "__main__":
    main()
