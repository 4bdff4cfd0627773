"""Benchmark: `relief evaluate` on a generated ISP file, against a plain csv read-and-write pass.

    python bench/bench_evaluate.py [--rows 1000000] [--seed 7] [--repeat 3]

Each run is a separate process; wall time (and CPU time, user + system) is the best of --repeat
runs and peak memory is the child's own maximum resident set size (os.wait4). The plain pass is
the floor no evaluator can beat: csv.reader over the same file, every row written back with
csv.writer.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
from pathlib import Path

from child import run_child

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

FLOOR = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as source, open(sys.argv[2], "w", newline="") as sink:
    writer = csv.writer(sink)
    for row in csv.reader(source):
        writer.writerow(row)
"""


def measure(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak resident MB, CPU seconds) of one child process."""
    return run_child(command)


def best(command: list[str], repeat: int) -> tuple[float, float, float]:
    """Best wall time, highest peak memory and best CPU time: CPU time varies less when other work
    shares the machine."""
    runs = [measure(command) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), min(r[2] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    DATA.mkdir(exist_ok=True)
    source = DATA / f"isp-{args.rows}-{args.seed}.csv"
    relief = [sys.executable, "-m", "relief.dev.cli"]
    if not source.exists():
        subprocess.run([*relief, "generate", "--rows", str(args.rows), "--seed", str(args.seed),
                        "--output", str(source)], check=True)
    size_mb = source.stat().st_size / 1e6

    floor = [sys.executable, "-c", FLOOR, str(source), str(DATA / "floor.csv")]
    floor_s, floor_mb, floor_cpu = best(floor, args.repeat)
    relief_s, relief_mb, relief_cpu = best([*relief, "evaluate", str(source), "--output", str(DATA / "results.csv"),
                                "--as-of", "2026-11-25"], args.repeat)

    print(f"input: {args.rows:,} rows, {size_mb:,.0f} MB ({source.name}); "
          f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, "
          f"best of {args.repeat}")
    print(f"{'pass':<28}{'seconds':>9}{'rows/s':>12}{'peak MB':>9}{'CPU s':>8}")
    print(f"{'plain csv read+write':<28}{floor_s:>9.2f}{args.rows / floor_s:>12,.0f}{floor_mb:>9.0f}{floor_cpu:>8.2f}")
    print(f"{'relief evaluate':<28}{relief_s:>9.2f}{args.rows / relief_s:>12,.0f}{relief_mb:>9.0f}{relief_cpu:>8.2f}")
    print(f"relief evaluate takes {relief_s / floor_s:.1f}x the plain pass")


if __name__ == "__main__":
    main()
