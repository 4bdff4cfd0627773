"""One measured child process, and the generated input files: what every benchmark here uses (run
as `python bench/X.py`, so this folder is on the import path)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def run_child(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak resident MB, CPU seconds) of one child process; exits naming the command
    when it fails."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        assert child.stderr is not None
        raise SystemExit(f"{' '.join(command)} failed: {child.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


DATA = Path(__file__).resolve().parent / "data"  # generated inputs, kept between runs (gitignored)


def generated(rows: int, seed: int) -> Path:
    """A generated ISP file of `rows` rows, made once per (rows, seed)."""
    path = DATA / f"isp-{rows}-{seed}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "relief.dev.cli", "generate", "--rows", str(rows), "--seed", str(seed),
                        "--output", str(path)], check=True)
    return path
