"""The volume stage: one volume of a job (volumes.py) built into its signed bundle by an assembler of
its own, and the job completed, exactly once, when the last volume is counted.

A volume's bundle is made from the results the cut stored for it, with its own proposed orders
rendered here (at most the volume size's convictions: the work fans out across volumes), under the
job's pinned settings and the plan's time, so any two builds of a volume say the same thing. It is
uploaded under its name (cook.zip, or cook-volume-03-of-18.zip) and counted into the job by a
conditional write, as chunks are: a volume delivered twice, or built twice at once, is one bundle
counted once. Whoever counts the last volume writes the signed job index (documents/job_index.py)
naming every bundle by its manifest's SHA-256, and completes the job; the conditional completion lets
one caller do so and announce it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from aws_lambda_powertools import Logger

from ..documents.bundle import BundleInfo, write_bundle
from ..documents.job_index import IndexedBundle, write_job_index
from .jobs import Job, JobStatus, VolumeMark
from .keys import JOB_INDEX, output_prefix, volume_key, volume_plan_key
from .messages import VolumeMessage
from .result_parts import read_part
from .services import Services
from .volumes import VolumePlan

logger = Logger(child=True)


def volume_plan(services: Services, job_id: str) -> VolumePlan:
    return VolumePlan.model_validate_json(services.objects.get(services.env.intake_bucket, volume_plan_key(job_id)))


def assemble_volume(services: Services, message: VolumeMessage) -> JobStatus | None:
    """Build and count one volume; returns COMPLETE when this call completed the job, else None."""
    job = services.jobs.get(message.job_id)
    if job is None or job.status is not JobStatus.ASSEMBLING or not job.volumes_cut:
        logger.info("job is not assembling volumes: nothing to do",
                    extra={"status": job.status.value if job else None})
        return None
    if any(volume["volume"] == message.volume for volume in services.jobs.volumes(job.job_id)):
        logger.info("volume already counted", extra={"volume": message.volume})
        return finish_job(services, job.job_id)
    plan = volume_plan(services, job.job_id)
    volume = plan.volume(message.volume)
    settings = services.job_settings(job)
    bucket, prefix = services.env.output_bucket, output_prefix(job.office, job.job_id)
    info = BundleInfo(job_id=job.job_id, office=job.office, county=volume.county, source_sha256=job.source_sha256,
                      rule_set_version=plan.rule_set_version, created=plan.created, as_of=job.as_of,
                      settings=settings, settings_sha256=job.settings_sha256, volume=volume.part,
                      volumes=volume.parts, first_line=volume.first_line)
    with tempfile.TemporaryDirectory(prefix="relief-volume-") as work:
        folder = Path(work)
        spooled = folder / "volume.csv.gz"
        with open(spooled, "wb") as sink:
            shutil.copyfileobj(services.objects.stream(services.env.intake_bucket,
                                                       volume_key(job.job_id, volume.number)), sink, 1 << 20)
        destination = folder / volume.bundle
        with open(spooled, "rb") as stream:
            # Orders are dated the job's start, as a revision's re-rendered orders are (revise.py).
            report = write_bundle(read_part(stream), info, destination, services.signer_for(job.office),
                                  workdir=folder, orders_created=job.created_at)
        # A multipart upload from the file: a large volume's bundle is never held in memory.
        services.objects.upload_file(str(destination), bucket, prefix + destination.name, "application/zip")
    logger.info("volume built", extra={"volume": volume.number, "rows": report.rows, "motion": report.motion,
                                       "orders": report.orders, "bytes": report.size})
    mark = services.jobs.mark_volume(job.job_id, volume.number, services.clock(), bundle=destination.name,
                                     manifest_sha256=report.manifest_sha256, size=report.size)
    if mark is VolumeMark.JOB_NOT_ASSEMBLING:
        logger.warning("job left ASSEMBLING while its volume was built: not counted")
        return None
    return finish_job(services, job.job_id)


def finish_job(services: Services, job_id: str) -> JobStatus | None:
    """COMPLETE, with the signed job index, once every volume is counted; None while some are not (or
    when another caller completed it)."""
    job = services.jobs.get(job_id)
    if job is None or job.status is not JobStatus.ASSEMBLING or job.volumes_done < job.volume_total:
        return None
    counted = services.jobs.volumes(job_id)
    plan = volume_plan(services, job_id)
    bucket, prefix = services.env.output_bucket, output_prefix(job.office, job.job_id)
    entries = [IndexedBundle(bundle=item["bundle"], county=volume.county, volume=volume.part, volumes=volume.parts,
                             first_exhibit_line=volume.first_line, manifest_sha256=item["manifest_sha256"],
                             size=item["size"])
               for item, volume in zip(counted, plan.volumes, strict=True)]
    with tempfile.TemporaryDirectory(prefix="relief-index-") as work:
        path = Path(work) / JOB_INDEX
        write_job_index(entries, _index_about(job, plan), path, services.signer_for(job.office))
        services.objects.upload_file(str(path), bucket, prefix + JOB_INDEX, "application/zip")
    outputs = [*job.outputs, *(f"s3://{bucket}/{prefix}{entry.bundle}" for entry in entries),
               f"s3://{bucket}/{prefix}{JOB_INDEX}"]
    if not services.jobs.complete(job_id, services.clock(), outputs):
        logger.info("job completed by another assembler")
        return None
    done = services.jobs.get(job_id)
    detail = {"job_id": job_id, "status": JobStatus.COMPLETE.value, "office": job.office, "rows": job.rows_read,
              "decisions": done.decisions if done else {}, "volumes": len(entries), "outputs": outputs}
    if not job.rows_read:
        detail["note"] = "0 rows: the file has a header and no data rows"
    services.messages.announce(f"relief job {job_id} COMPLETE", detail)
    logger.info("job complete", extra={"rows": job.rows_read, "volumes": len(entries)})
    return JobStatus.COMPLETE


def _index_about(job: Job, plan: VolumePlan) -> dict[str, object]:
    return {"job_id": job.job_id, "office": job.office, "source_sha256": job.source_sha256,
            "rule_set_version": plan.rule_set_version, "as_of": job.as_of.isoformat(),
            "created": plan.created.isoformat(), "volumes": len(plan.volumes)}
