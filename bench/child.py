"""One measured child process: what every benchmark here reports (run as `python bench/X.py`, so this
folder is on the import path)."""

from __future__ import annotations

import os
import subprocess
import time


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
