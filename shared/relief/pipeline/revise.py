"""revise: an office's answers file applied to a finished job, as new versions of the bundles it changes.

The office uploads its answers to incoming/<office>/reviews/<job id>.csv; the splitter hands the
upload here (split.hand_on_answers). The file is checked whole before anything changes
(answers_file.py, against the job's charge index): one problem and it is refused, every problem
listed by row and column in a report beside it (<key>.error.txt), the office told, and no bundle
changes. Otherwise each county bundle with a charge whose answer changes gets its next version
(documents/revision.py), made from the latest version's results: nothing is evaluated again, and
no other county's bundle is read. Older versions stay where they are.

One revision works on a job at a time (a claim on the job item, like the assembler's); the same
upload's event delivered twice is applied once (the job records each applied file by its upload id).
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from aws_lambda_powertools import Logger

from ..documents.bundle import BundleInfo
from ..documents.revision import revise_bundle
from ..evaluation.answers import Answer
from ..intake.encodings import text_stream
from ..intake.errors import LimitExceeded, UnreadableFileError
from ..intake.limits import MIB, InputLimits
from ..law.decisions import RULE_SET_VERSION
from .answers_file import AnswersRefused, Problem, check_answers, read_answers
from .charge_index import IndexedCharge, read_index, row_of
from .environment import ASSEMBLE_TIMEOUT
from .jobs import REVISION_LEASE, Job, JobStatus, Upload
from .keys import charge_index_key, output_prefix, versioned_bundle_name
from .messages import AnswersMessage
from .services import Services

logger = Logger(child=True)

REVISION_LEASE_TIME = timedelta(seconds=ASSEMBLE_TIMEOUT)
ANSWERS_LIMITS = InputLimits(max_bytes=256 * MIB)
MAX_LISTED = 10_000  # problems listed in a report; the count says how many more


class RevisionBusy(RuntimeError):
    """Another revision holds the job: this message is retried once it is done."""


@dataclass(frozen=True)
class RevisionReport:
    answers_id: str
    job_id: str | None
    applied: bool  # False: refused, already applied, or nothing to do
    problems: int = 0
    versions: tuple[tuple[str, int], ...] = ()  # (bundle name, its new version)


def revise_job(services: Services, message: AnswersMessage) -> RevisionReport:
    upload = Upload(bucket=services.env.intake_bucket, key=message.answers_key, version_id=message.version_id,
                    sequencer=message.sequencer)
    answers_id = upload.job_id
    logger.append_keys(answers_id=answers_id)
    job_id = upload.answers_job_id
    if job_id is None:
        return refuse(services, upload, None, [Problem(0, "", "the file's name must be the job id: "
                                                             "reviews/<job id>.csv")])
    job = services.jobs.get(job_id)
    if job is None or job.office != upload.office:
        return refuse(services, upload, job_id, [Problem(0, "", f"there is no job {job_id} of office {upload.office}: "
                                                                f"is this the answers file of another job or office?")])
    logger.append_keys(job_id=job_id)
    if answers_id in job.answers:
        logger.info("answers file already applied")
        return RevisionReport(answers_id, job_id, False)
    if job.status is not JobStatus.COMPLETE:
        return refuse(services, upload, job_id, [Problem(0, "", f"job {job_id} is {job.status.value}, not COMPLETE: "
                                                                f"upload the answers when its bundles are made")])
    if not services.jobs.claim(job_id, JobStatus.COMPLETE, JobStatus.COMPLETE, REVISION_LEASE, services.clock(),
                               REVISION_LEASE_TIME):
        raise RevisionBusy("another answers file is being applied to this job")
    try:
        return _revise(services, upload, services.jobs.get(job_id) or job)
    except BaseException:
        services.jobs.release(job_id, JobStatus.COMPLETE, REVISION_LEASE)
        raise


def _revise(services: Services, upload: Upload, job: Job) -> RevisionReport:
    answers_id = upload.job_id
    data = services.objects.get(upload.bucket, upload.key, upload.version_id)
    answers_sha256 = hashlib.sha256(data).hexdigest()
    try:
        answers, charges = _checked(services, job, data)
    except AnswersRefused as refused:
        services.jobs.release(job.job_id, JobStatus.COMPLETE, REVISION_LEASE)
        return refuse(services, upload, job.job_id, refused.problems)

    # Each answered charge's bundle (its county's, or its volume's), by the name version 1 has.
    by_bundle: dict[str, tuple[str, dict[str, Answer]]] = {}
    for charge in charges.values():
        if charge.charge_id in answers:
            by_bundle.setdefault(charge.bundle_file, (charge.county, {}))[1][charge.charge_id] = \
                answers[charge.charge_id]

    settings = services.job_settings(job)
    signer = services.signer_for(job.office)
    created = services.clock()
    versions = dict(job.bundle_versions)
    outputs = list(job.outputs)
    bucket, prefix = services.env.output_bucket, output_prefix(job.office, job.job_id)
    made: list[tuple[str, int]] = []
    with tempfile.TemporaryDirectory(prefix="relief-revise-") as work:
        folder = Path(work)
        for name, (county, county_answers) in sorted(by_bundle.items()):
            latest = versions.get(name, 1)
            previous = folder / versioned_bundle_name(name, latest)
            with open(previous, "wb") as sink:
                shutil.copyfileobj(services.objects.stream(bucket, prefix + previous.name), sink, 1 << 20)
            destination = folder / versioned_bundle_name(name, latest + 1)
            info = BundleInfo(job_id=job.job_id, office=job.office, county=county, source_sha256=job.source_sha256,
                              rule_set_version=RULE_SET_VERSION, created=created, as_of=job.as_of,
                              settings=settings, settings_sha256=job.settings_sha256)
            revision = revise_bundle(previous, county_answers, info, answers_sha256, destination, signer,
                                     job.created_at, folder)
            previous.unlink()
            if revision is None:
                continue  # every answer for this county was already in force
            services.objects.upload_file(str(destination), bucket, prefix + destination.name, "application/zip")
            destination.unlink()
            versions[name] = revision.version
            outputs.append(f"s3://{bucket}/{prefix}{destination.name}")
            made.append((name, revision.version))
            logger.info("bundle revised", extra={"version": revision.version, "changed": revision.changed,
                                                 "orders_rendered": revision.orders_rendered,
                                                 "motion": revision.report.motion})
    if not services.jobs.answers_applied(job.job_id, services.clock(), answers_id, versions, outputs):
        logger.warning("answers file recorded meanwhile: not recorded again")
        return RevisionReport(answers_id, job.job_id, False)
    services.messages.announce(f"relief job {job.job_id} REVISED", {
        "job_id": job.job_id, "status": "REVISED", "office": job.office, "answers": len(answers),
        "answers_sha256": answers_sha256, "versions": dict(made),
        "outputs": [uri for uri in outputs if uri not in job.outputs],
        **({} if made else {"note": "every answer was already in force: no bundle changed"})})
    return RevisionReport(answers_id, job.job_id, True, versions=tuple(made))


def _checked(services: Services, job: Job, data: bytes) -> tuple[dict[str, Answer], Mapping[int, IndexedCharge]]:
    """The file's answers by charge_id, checked in full, and the charges they answer by row number;
    AnswersRefused listing every problem."""
    try:
        text = text_stream(io.BytesIO(data), ANSWERS_LIMITS, len(data)).text
        rows, problems = read_answers(text, services.clock().date())
    except LimitExceeded:
        raise AnswersRefused([Problem(0, "", f"the file holds more than {ANSWERS_LIMITS.max_bytes:,} bytes of text: "
                                             f"send only the rows answered")]) from None
    except UnreadableFileError:
        raise AnswersRefused([Problem(0, "", "the file is not CSV text: save review.csv as CSV (not as a workbook) "
                                             "and upload it again")]) from None
    except csv.Error:
        raise AnswersRefused([Problem(0, "", "the file cannot be read as CSV (a quote not closed, or a field far "
                                             "too long)")]) from None
    if not rows and not problems:
        raise AnswersRefused([Problem(0, "", "no row is answered: fill in reviewer_decision, reviewer, reviewed_on "
                                             "(and note) for the charges decided")])
    index = services.objects.get_if_exists(services.env.output_bucket, charge_index_key(job.office, job.job_id))
    if index is None:
        raise AnswersRefused([Problem(0, "", f"job {job.job_id} was assembled before answers could be applied to "
                                             f"it: upload the ISP file again and answer the new job's review.csv")])
    charges = read_index(io.BytesIO(index), [row_of(row.charge_id) or 0 for row in rows if row.charge_id])
    return check_answers(rows, charges, job.job_id, problems), charges


def refuse(services: Services, upload: Upload, job_id: str | None, problems: list[Problem]) -> RevisionReport:
    """The whole file refused: every problem in a report beside it, the office told, nothing changed."""
    listed = [f"  {problem.text()}" for problem in problems[:MAX_LISTED]]
    more = len(problems) - len(listed)
    report = (f"relief could not apply the answers in {upload.name}" + (f" to job {job_id}" if job_id else "")
              + f".\n\nNothing was changed: every bundle stays as it was. Correct the {len(problems):,} "
              f"problem(s) below and upload the file again.\n\n" + "\n".join(listed)
              + (f"\n  ... and {more:,} more" if more > 0 else "") + "\n")
    services.objects.put(upload.bucket, upload.error_report_key, report.encode("utf-8"), "text/plain; charset=utf-8")
    logger.warning("answers file refused", extra={"problems": len(problems)})
    services.messages.announce(f"relief job {job_id or '-'} ANSWERS REFUSED", {
        "job_id": job_id or "", "status": "ANSWERS_REFUSED", "office": upload.office or "",
        "problems": len(problems), "report": f"s3://{upload.bucket}/{upload.error_report_key}"})
    return RevisionReport(upload.job_id, job_id, False, problems=len(problems))
