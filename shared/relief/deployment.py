"""The names and settings the CDK stack and the local run share, so both build the same system.

The stack (infra/) passes these to the Lambda functions as environment variables; `relief run`
creates the same resources on moto and sets the same variables. Handlers read them with
`Environment.from_env()`.
"""

from __future__ import annotations

import os
from dataclasses import MISSING, dataclass, fields

# Object key layout. The intake bucket receives uploads under incoming/<office>/; everything the
# pipeline makes for a job lives under jobs/<job id>/ in the same bucket (expired by lifecycle);
# bundles go to the output bucket under bundles/<office>/<job id>/.
INCOMING_PREFIX = "incoming/"
JOBS_PREFIX = "jobs/"
BUNDLES_PREFIX = "bundles/"
CONFIG_PREFIX = "config/offices/"  # config/offices/<office>.toml in the intake bucket: office settings
ERROR_REPORT_SUFFIX = ".error.txt"


def settings_key(office: str) -> str:
    """Where an office's settings file lives in the intake bucket."""
    return f"{CONFIG_PREFIX}{office}.toml"
  # written beside a refused upload

# Chunking: a chunk is about this many bytes of input, so a 1,000,000-row file (~200 MB) is a few
# hundred chunks (SQS messages) and one chunk is a second or two of evaluator work.
CHUNK_TARGET_BYTES = 1_000_000
GZIP_EXPANSION = 6  # a gzip upload's size times this estimates its text size
# The splitter keeps one partition file open per chunk, and Lambda allows 1,024 open files: past
# this many, chunks grow instead (a 4 GB file makes ~4.5 MB chunks, still seconds of work each).
MAX_CHUNKS = 900

# Function timeouts (seconds) and the queue visibility timeouts derived from them: at least six
# times the function timeout, as Lambda's SQS event source asks.
SPLIT_TIMEOUT = 900
EVALUATE_TIMEOUT = 120
ASSEMBLE_TIMEOUT = 900
VISIBILITY_FACTOR = 6
MAX_RECEIVE_COUNT = 3  # deliveries before a message goes to its dead-letter queue
EVALUATE_BATCH_SIZE = 5

# DynamoDB TTL attribute for chunk bookkeeping and idempotency records, and how long they live.
TTL_ATTRIBUTE = "expires_at"
BOOKKEEPING_DAYS = 30

# The results table: writes spread over one partition per person (job id + IR number); a GSI
# finds one court case of a job.
RESULTS_PK = "pk"  # "<job id>#<ir_number>"
RESULTS_SK = "row"  # row number (N)
RESULTS_CASE_INDEX = "by_case"
RESULTS_CASE_PK = "case_key"  # "<job id>#<county>#<court case number>"

# The jobs table: one item per job (sk "JOB") and one per finished chunk (sk "CHUNK#00042").
JOBS_PK = "pk"  # "JOB#<job id>"
JOBS_SK = "sk"

# Idempotency (Powertools) table: its key attribute.
IDEMPOTENCY_PK = "id"


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

    @staticmethod
    def variable(name: str) -> str:
        return "RELIEF_" + name.upper()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Environment:
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        missing = []
        for field in fields(cls):
            raw = environ.get(cls.variable(field.name))
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

    def signing_key_for(self, office: str) -> str:
        """The KMS key id that signs this office's bundles: 'office=key,office2=key2' or '*=key'."""
        keys = dict(pair.split("=", 1) for pair in self.signing_keys.split(",") if "=" in pair)
        key = keys.get(office) or keys.get("*")
        if not key:
            raise RuntimeError(f"no signing key is configured for office {office!r}")
        return key


# Resource names for the local run (moto). In AWS the stack lets CloudFormation name resources
# and hands the names to the functions through Environment.
LOCAL_NAMES = dict(
    intake_bucket="relief-intake",
    output_bucket="relief-output",
    jobs_table="relief-jobs",
    results_table="relief-results",
    idempotency_table="relief-idempotency",
    intake_queue="relief-intake-events",
    chunk_queue="relief-chunks",
    assemble_queue="relief-assemble",
    topic="relief-job-events",
)
