"""Where a chunk's time goes: its steps, timed, so the evaluate stage can report them as metrics.

The evaluator emits each step's milliseconds as a Powertools metric (EMF) named as the step, so
CloudWatch on AWS and `bench/bench_run.py` on moto show the same breakdown.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum


class ChunkStep(str, Enum):
    """The steps of evaluating one chunk, in order; each value is its metric's name."""

    READ = "ChunkReadMs"  # the chunk object fetched and parsed into rows
    DECIDE = "ChunkDecideMs"  # the rules applied to every row
    RESULTS_WRITE = "ResultsWriteMs"  # the results table written (DynamoDB)
    PART_ENCODE = "ResultPartEncodeMs"  # the result part made (CSV, gzip)
    PARTS_UPLOAD = "PartsUploadMs"  # the result part stored (S3)
    BOOKKEEPING = "ChunkBookkeepingMs"  # the chunk counted into its job, the job handed on if it was the last


# What a step's time is read from: the wall clock, as a Lambda's duration is. `bench/bench_chunk.py
# --cpu` sets the process's CPU time instead, which a shared, busy machine disturbs far less.
CLOCK: Callable[[], float] = time.perf_counter


class Stopwatch:
    """Milliseconds per step, summed over the times a step is timed."""

    def __init__(self) -> None:
        self._ms: dict[ChunkStep, float] = {}

    @contextmanager
    def timing(self, step: ChunkStep) -> Iterator[None]:
        clock = CLOCK
        started = clock()
        try:
            yield
        finally:
            self._ms[step] = self._ms.get(step, 0.0) + (clock() - started) * 1000

    def laps(self) -> tuple[tuple[str, float], ...]:
        """(metric name, milliseconds) of every step timed, in the steps' order."""
        return tuple((step.value, round(self._ms[step], 1)) for step in ChunkStep if step in self._ms)
