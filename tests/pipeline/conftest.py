"""The pipeline on moto, for every test here: the real handlers, a fresh world per test."""

from __future__ import annotations

import os

import pytest

moto = pytest.importorskip("moto")

from relief.aws import runtime  # noqa: E402
from relief.dev.local_run import Driver  # noqa: E402
from relief.dev.moto_server import one_request_at_a_time  # noqa: E402
from relief.dev.world import create_world, use_local_environment  # noqa: E402
from tests.pipeline.harness import Pipeline  # noqa: E402

SMALL_CHUNKS = 20_000  # bytes: the 190 KB sample becomes about ten chunks
OFFICES = ("sangamon", "cook")  # the offices the test deployment serves


@pytest.fixture
def pipeline():
    saved = dict(os.environ)
    use_local_environment(quiet=True)
    # Tests run handlers in threads at once: each request atomic, as a conditional write is in DynamoDB.
    with moto.mock_aws(), one_request_at_a_time():
        runtime.reset()
        world = create_world(SMALL_CHUNKS, offices=OFFICES)
        pipeline = Pipeline(world, Driver(world))
        pipeline.listen()
        pipeline.split()  # S3's test event, sent when the bucket's notification was set: nothing to split
        yield pipeline
        runtime.reset()
    os.environ.clear()
    os.environ.update(saved)
