"""What a deployment tells the functions, and the sizes and timeouts the stack and the local run share.

The stack (infra/) passes these to the Lambda functions as environment variables; `relief run`
creates the same resources on moto and sets the same variables. Handlers read them with
`Environment.from_env()`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields

# Chunking: a chunk is about this many bytes of input, so a 1,000,000-row file (~200 MB) is a few
# hundred chunks (SQS messages) and one chunk is a second or two of evaluator work.
CHUNK_TARGET_BYTES = 1_000_000
GZIP_EXPANSION = 6  # a gzip upload's size times this estimates its text size
# The splitter keeps one partition file open per chunk, and Lambda allows 1,024 open files: past
# this many, chunks grow instead (a 4 GB file makes ~4.5 MB chunks, still seconds of work each).
MAX_CHUNKS = 900

# A county with more convictions than this is filed in volumes (pipeline/volumes.py): what a court
# takes in one motion, and what one assembler builds in well under a minute.
DEFAULT_VOLUME_SIZE = 5_000

# Function timeouts (seconds) and the queue visibility timeouts derived from them: at least six
# times the function timeout, as Lambda's SQS event source asks.
SPLIT_TIMEOUT = 900
EVALUATE_TIMEOUT = 120
ASSEMBLE_TIMEOUT = 900
SWEEP_TIMEOUT = 120
DEAD_LETTERS_TIMEOUT = 60
SWEEP_EVERY_MINUTES = 5  # the sweeper's schedule
VISIBILITY_FACTOR = 6
MAX_RECEIVE_COUNT = 3  # deliveries before a message goes to its dead-letter queue
EVALUATE_BATCH_SIZE = 5

# How long chunk bookkeeping and idempotency records live (TTL).
BOOKKEEPING_DAYS = 30


@dataclass(frozen=True)
class Environment:
    """What a handler needs to know about its deployment, read from environment variables."""

    intake_bucket: str
    output_bucket: str
    jobs_table: str
    results_table: str
    idempotency_table: str
    chunk_queue_url: str
    assemble_queue_url: str
    topic_arn: str = ""
    # Office -> KMS key id of its SIGN_VERIFY key ("*" for one key shared by every office).
    signing_keys: str = ""
    chunk_target_bytes: int = CHUNK_TARGET_BYTES
    max_receive_count: int = MAX_RECEIVE_COUNT
    # The offices the deployment serves, comma-separated: an upload for any other is quarantined.
    offices: str = ""
    # The date every job is decided as of (YYYY-MM-DD); empty: the day the upload arrives (`relief run --as-of`).
    as_of: str = ""
    # How long a stage may make no progress before the sweeper fails its job, in minutes:
    # "SPLITTING=30,EVALUATING=45"; a stage not named keeps its default (pipeline.sweep).
    stuck_after: str = ""
    # Convictions per assembled volume at most, for an office whose settings do not say (relief:volumeSize).
    volume_size: int = DEFAULT_VOLUME_SIZE

    @staticmethod
    def variable(name: str) -> str:
        return "RELIEF_" + name.upper()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Environment:
        variables: Mapping[str, str] = os.environ if environ is None else environ
        values: dict[str, object] = {}
        missing = []
        for field in fields(cls):
            raw = variables.get(cls.variable(field.name))
            if raw is None:
                if field.default is MISSING:  # no default: required
                    missing.append(cls.variable(field.name))
                continue
            values[field.name] = int(raw) if field.type in ("int", int) else raw
        if missing:
            raise RuntimeError(f"missing environment variable(s): {', '.join(missing)}")
        return cls(**values)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        return {self.variable(f.name): str(getattr(self, f.name)) for f in fields(self)}

    @property
    def office_names(self) -> frozenset[str]:
        return frozenset(name.strip() for name in self.offices.split(",") if name.strip())

    def signing_key_for(self, office: str) -> str:
        """The KMS key id that signs this office's bundles: 'office=key,office2=key2' or '*=key'."""
        keys = dict(pair.split("=", 1) for pair in self.signing_keys.split(",") if "=" in pair)
        key = keys.get(office) or keys.get("*")
        if not key:
            raise RuntimeError(f"no signing key is configured for office {office!r}")
        return key
