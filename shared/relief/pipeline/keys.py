"""Every S3 object key and every table key the system uses, named here once.

The intake bucket receives uploads under incoming/<office>/ and office settings under
config/offices/; everything the pipeline makes for a job lives under jobs/<job id>/ in the same
bucket (expired by lifecycle); bundles go to the output bucket under bundles/<office>/<job id>/.
The CDK stack (infra/) grants access by these same prefixes.
"""

from __future__ import annotations

import hashlib
import re

from ..documents.courts import NO_COUNTY
from ..intake.illinois import illinois_county
from ..law.cases import CourtCase

INCOMING_PREFIX = "incoming/"
JOBS_PREFIX = "jobs/"
BUNDLES_PREFIX = "bundles/"
CONFIG_PREFIX = "config/offices/"
ERROR_REPORT_SUFFIX = ".error.txt"  # written beside a refused upload


def settings_key(office: str) -> str:
    """config/offices/<office>.toml: an office's settings file in the intake bucket."""
    return f"{CONFIG_PREFIX}{office}.toml"


def profile_key(name: str) -> str:
    """config/offices/<name>.toml: a layout profile file an office's settings name, beside them."""
    return f"{CONFIG_PREFIX}{name}"


def upload_prefix(office: str) -> str:
    return f"{INCOMING_PREFIX}{office}/"


# An office's answers to a job's review.csv: incoming/<office>/reviews/<job id>.csv. The folder is the
# office's, so the office role that uploads ISP files uploads answers too; the splitter hands these
# to the assembler instead of reading them as ISP files.
ANSWERS_FOLDER = "reviews"
ANSWERS_SUFFIX = ".csv"


def answers_key(office: str, job_id: str) -> str:
    return f"{upload_prefix(office)}{ANSWERS_FOLDER}/{job_id}{ANSWERS_SUFFIX}"


def answers_objects_pattern() -> str:
    """incoming/*/reviews/*: every office's answers files (for IAM resources)."""
    return f"{INCOMING_PREFIX}*/{ANSWERS_FOLDER}/*"


def error_report_key(upload_key: str) -> str:
    return upload_key + ERROR_REPORT_SUFFIX


def chunk_name(number: int) -> str:
    return f"{number:05d}"


def job_prefix(job_id: str) -> str:
    return f"{JOBS_PREFIX}{job_id}/"


# A job's working objects, by kind: jobs/<job id>/<kind>/<chunk>...
CHUNKS, RESULT_PARTS, VOLUMES = "chunks", "results", "volumes"
# An upload for an office the deployment does not serve, set aside: jobs/<upload id>/quarantine/upload.
QUARANTINE = "quarantine"


def job_objects_pattern(kind: str) -> str:
    """jobs/*/<kind>/*: every job's objects of one kind (for IAM resources)."""
    return f"{JOBS_PREFIX}*/{kind}/*"


def chunk_key(job_id: str, chunk: int) -> str:
    """A chunk of the upload's rows, as the splitter wrote it."""
    return f"{job_prefix(job_id)}{CHUNKS}/{chunk_name(chunk)}.csv.gz"


def result_part_key(job_id: str, chunk: int) -> str:
    """A chunk's results, as its evaluator wrote them."""
    return f"{job_prefix(job_id)}{RESULT_PARTS}/{chunk_name(chunk)}.csv.gz"


def volume_key(job_id: str, volume: int) -> str:
    """One volume's results, as the assembler cut them for the volume's own assembler."""
    return f"{job_prefix(job_id)}{VOLUMES}/{chunk_name(volume)}.csv.gz"


def volume_plan_key(job_id: str) -> str:
    """The job's volumes (pipeline/volumes.py) and what every volume's bundle says of the job."""
    return f"{job_prefix(job_id)}{VOLUMES}/plan.json"


def quarantine_key(upload_id: str) -> str:
    """Where an upload for an unknown office is moved (expired with the job area, read by admins only).
    Its file name is not part of the key, so a report naming the key names no file."""
    return f"{job_prefix(upload_id)}{QUARANTINE}/upload"


def output_prefix(office: str, job_id: str) -> str:
    """bundles/<office>/<job id>/ in the output bucket: results.csv, summary.json and the bundles."""
    return f"{BUNDLES_PREFIX}{office}/{job_id}/"


def bundle_name(county: str, version: int = 1, volume_suffix: str = "") -> str:
    """cook.zip, st-clair.zip: an Illinois county as a safe file name; a county filed in volumes names
    each (cook-volume-03-of-18.zip, pipeline/volumes.py); a later version of a bundle (made from the
    office's answers) is cook.v2.zip, cook-volume-03-of-18.v3.zip, ... (a name made of a county has no
    dot, so no version's name is another bundle's). Any other county value (a misplaced column, say)
    names its bundle by a hash: the name goes into the job record and the COMPLETE announcement,
    where no value from a record may go."""
    if illinois_county(county) is None and county != NO_COUNTY:
        base = f"county-{hashlib.sha256(county.encode()).hexdigest()[:12]}"
    else:
        base = re.sub(r"[^a-z0-9]+", "-", county.lower()).strip("-") or "county"
    return versioned_bundle_name(f"{base}{volume_suffix}.zip", version)


def versioned_bundle_name(name: str, version: int) -> str:
    """A bundle's name (version 1's: cook.zip) at a version: cook.v2.zip."""
    return name if version <= 1 else f"{name.removesuffix('.zip')}.v{version}.zip"


def previous_bundle_name(name: str) -> str:
    """The name of the version a bundle was made from: cook.v3.zip -> cook.v2.zip -> cook.zip."""
    base, _, version = name.removesuffix(".zip").rpartition(".v")
    if not base or not version.isdigit():
        return name
    return f"{base}.zip" if int(version) <= 2 else f"{base}.v{int(version) - 1}.zip"


JOB_INDEX = "job-index.zip"  # the job's signed list of its bundles (documents/job_index.py)


def charge_index_key(office: str, job_id: str) -> str:
    """The job's charges by charge_id (pipeline/charge_index.py), beside its outputs: what an answers
    file is checked against for as long as the bundles are kept."""
    return f"{output_prefix(office, job_id)}charge-index.csv.gz"


# --- DynamoDB -------------------------------------------------------------------------------------

# TTL attribute for chunk bookkeeping and idempotency records.
TTL_ATTRIBUTE = "expires_at"

# The jobs table: one item per job (sk "JOB"), one per finished chunk (sk "CHUNK#00042") and one per
# built volume (sk "VOLUME#00003").
JOBS_PK = "pk"
JOBS_SK = "sk"
JOB_SK = "JOB"
# A sparse index of the jobs not yet COMPLETE or FAILED, for the sweeper: an unfinished job item
# carries UNFINISHED_KEY = UNFINISHED, removed when it finishes (keys only: a job moving on does not
# rewrite the index).
UNFINISHED_INDEX = "unfinished"
UNFINISHED_KEY = "unfinished"
UNFINISHED = "JOB"


def job_item_key(job_id: str) -> str:
    return f"JOB#{job_id}"


def chunk_item_sort_key(chunk: int) -> str:
    return f"CHUNK#{chunk_name(chunk)}"


VOLUME_ITEM_PREFIX = "VOLUME#"


def volume_item_sort_key(volume: int) -> str:
    return f"{VOLUME_ITEM_PREFIX}{chunk_name(volume)}"


# The results table: writes spread over one partition per person (job id + IR number); a GSI
# finds one court case of a job.
RESULTS_PK = "pk"
RESULTS_SK = "row"  # row number (N)
RESULTS_CASE_INDEX = "by_case"
RESULTS_CASE_PK = "case_key"


def person_item_key(job_id: str, ir_number: str, row_number: int) -> str:
    """"<job id>#<IR number>"; an unreadable row may have no IR number and gets a partition of its own."""
    return f"{job_id}#{ir_number.strip() or f'~row{row_number}'}"


def case_item_key(job_id: str, case: CourtCase) -> str:
    """"<job id>#<county>#<case number>", the case as law.cases compares it."""
    return f"{job_id}#{case.text}"


# Idempotency (Powertools) table: its key attribute.
IDEMPOTENCY_PK = "id"
