"""boto3 clients, made once per process (a Lambda container reuses them across invocations)."""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

# Standard retry mode backs off on throttling, which a million-row job's burst of writes can meet.
# No client-side parameter validation: the service validates every request anyway, and botocore's
# walk over a BatchWriteItem of 25 results was a fifth of an evaluator's results-write CPU time
# (bench/bench_chunk.py).
_CONFIG = Config(retries={"mode": "standard", "max_attempts": 10}, parameter_validation=False)


@cache
def client(service: str) -> Any:
    return boto3.client(service, config=_CONFIG)


def reset() -> None:
    """Forget cached clients (the local run starts a fresh moto world)."""
    client.cache_clear()
