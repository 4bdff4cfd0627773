"""Assembly in volumes on moto, the real handlers: a large county is filed in volumes of at most the
office's size, each its own signed bundle built by its own assembler invocation; the job completes
exactly once, when the last volume is counted, with a signed job index naming every bundle by its
manifest's SHA-256. Duplicated and reordered volume messages never duplicate a volume."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

moto = pytest.importorskip("moto")

from relief.aws import runtime  # noqa: E402
from relief.documents.job_index import check_bundles_beside, read_job_index  # noqa: E402
from relief.documents.motion import (  # noqa: E402
    EXHIBIT_COLUMNS,
    EXHIBIT_TITLE,
    volume_label,
)
from relief.documents.readback import (  # noqa: E402
    body,
    index_of,
    read_pages,
    table,
    text_of,
)
from relief.documents.verify import verify_bundle  # noqa: E402
from relief.documents.verify_documents import verify_documents  # noqa: E402
from relief.documents.versions import verify_link  # noqa: E402
from relief.pipeline.charge_index import is_conviction  # noqa: E402
from relief.pipeline.jobs import Job, JobStatus  # noqa: E402
from relief.pipeline.keys import JOB_INDEX, settings_key  # noqa: E402
from tests.reviews import answered, answers_bytes, bundle_csv  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "events" / "sample-isp.csv"
OFFICE = "sangamon"
SIZE = 30  # convictions a volume: the sample's Cook County (about 250 convictions) takes several


@pytest.fixture
def small_volumes(pipeline):
    pipeline.s3.put_object(Bucket=pipeline.world.env.intake_bucket, Key=settings_key(OFFICE),
                           Body=f"volume_size = {SIZE}\n".encode())
    return pipeline


def saved(pipeline, job: Job, folder: Path) -> dict[str, Path]:
    """Every bundle and the job index, saved side by side as an office would download them."""
    paths = {}
    for uri in job.outputs:
        name = uri.rsplit("/", 1)[-1]
        if name.endswith(".zip"):
            paths[name] = folder / name
            paths[name].write_bytes(pipeline.output(job, name))
    return paths


def test_a_large_county_is_filed_in_volumes_that_verify_with_exhibit_lines_running_on(small_volumes, tmp_path):
    pipeline = small_volumes
    job = pipeline.run(pipeline.upload(SAMPLE, office=OFFICE).job_id)
    assert job.status is JobStatus.COMPLETE, job.error
    paths = saved(pipeline, job, tmp_path)
    cook = sorted(name for name in paths if name.startswith("cook-volume-"))
    assert len(cook) > 2 and cook[0] == f"cook-volume-01-of-{len(cook):02d}.zip"

    rows_in_bundles, seen_people, next_line = 0, set(), 1
    for name, path in paths.items():
        if name == JOB_INDEX:
            continue
        assert verify_bundle(path).ok
        documents = verify_documents(path)  # Exhibit A's numbers and the volume's title, read back
        assert documents.ok, documents.message
        rows = bundle_csv(path, "results.csv")
        rows_in_bundles += len(rows)
    assert rows_in_bundles == job.rows_read

    for part, name in enumerate(cook, start=1):
        rows = bundle_csv(paths[name], "results.csv")
        assert sum(is_conviction(row["disposition"]) for row in rows) <= SIZE
        people = {row["ir_number"] for row in rows}
        assert not people & seen_people, "a person's charges in a county are in one volume"
        seen_people |= people
        motion = [row for row in rows if row["final_decision"] == "motion"]
        with zipfile.ZipFile(paths[name]) as bundle:
            text = body(read_pages(bundle.read("motion.pdf")))
        assert volume_label(part, len(cook)) in text_of(text[:40])
        numbers = [int(row.cells[0]) for row in table(text[index_of(text, EXHIBIT_TITLE, bold=True):],
                                                       [c.title for c in EXHIBIT_COLUMNS])]
        assert numbers == list(range(next_line, next_line + len(motion)))
        next_line += len(motion)


def test_the_job_index_is_signed_and_names_every_bundle_by_its_manifest(small_volumes, tmp_path):
    pipeline = small_volumes
    job = pipeline.run(pipeline.upload(SAMPLE, office=OFFICE).job_id)
    paths = saved(pipeline, job, tmp_path)
    index = paths[JOB_INDEX]

    assert verify_bundle(index).ok
    listed = read_job_index(index)
    assert sorted(entry.bundle for entry in listed) == sorted(name for name in paths if name != JOB_INDEX)
    for entry in listed:
        with zipfile.ZipFile(paths[entry.bundle]) as bundle:
            assert hashlib.sha256(bundle.read("manifest.json")).hexdigest() == entry.manifest_sha256
    assert check_bundles_beside(index) == ([], [])

    # A bundle swapped for another is caught: the index names each by its manifest.
    paths["adams.zip"].write_bytes(paths["will.zip"].read_bytes())
    problems, _ = check_bundles_beside(index)
    assert [problem.split(":")[0] for problem in problems] == ["adams.zip"]


def test_volume_messages_duplicated_and_reordered_build_each_volume_once_and_complete_once(small_volumes):
    pipeline = small_volumes
    upload = pipeline.upload(SAMPLE, office=OFFICE)
    job, _ = pipeline.cut(upload.job_id)
    assert job.volume_total > 1
    pipeline.announcements()
    messages = []
    while batch := pipeline.receive(pipeline.world.queues.assemble):
        messages += batch
    assert len(messages) == job.volume_total

    built: list[int] = []
    handler = pipeline.driver.handlers["assemble"]
    real = handler.assemble_volume

    def counting(services, message):
        built.append(message.volume)
        return real(services, message)

    handler.assemble_volume = counting
    try:
        # Last first, every one twice, and the first volume a third time after the job completed.
        for message in [*reversed(messages), *messages, messages[0]]:
            pipeline.invoke("assemble", [message], pipeline.world.queues.assemble)
    finally:
        handler.assemble_volume = real

    finished = pipeline.job(upload.job_id)
    assert finished.status is JobStatus.COMPLETE
    assert finished.volumes_done == finished.volume_total == job.volume_total
    assert len(runtime.services().jobs.volumes(upload.job_id)) == job.volume_total
    bundles = [uri for uri in finished.outputs if uri.endswith(".zip") and not uri.endswith(JOB_INDEX)]
    assert len(bundles) == len(set(bundles)) == job.volume_total
    assert [a["detail"]["status"] for a in pipeline.announcements()] == ["COMPLETE"]
    assert sorted(set(built)) == list(range(1, job.volume_total + 1))


def test_the_job_message_delivered_again_after_the_cut_sends_only_the_volumes_not_built(small_volumes):
    pipeline = small_volumes
    upload = pipeline.upload(SAMPLE, office=OFFICE)
    job, _ = pipeline.cut(upload.job_id)
    assert job.volume_total > 1
    first = pipeline.receive(pipeline.world.queues.assemble, most=1)
    pipeline.invoke("assemble", first, pipeline.world.queues.assemble)
    pipeline.delete(pipeline.world.queues.assemble, first)
    while batch := pipeline.receive(pipeline.world.queues.assemble):
        pipeline.delete(pipeline.world.queues.assemble, batch)  # the rest are lost

    # The job's message again (a retry, or the sweeper's): the volumes not built go out once more.
    pipeline.sqs.send_message(QueueUrl=pipeline.world.queues.assemble, MessageBody=f'{{"job_id": "{job.job_id}"}}')
    finished = pipeline.run(upload.job_id)
    assert finished.status is JobStatus.COMPLETE and finished.volumes_done == job.volume_total


def test_a_volume_that_always_fails_fails_its_job_through_the_dead_letter_queue(small_volumes, monkeypatch):
    pipeline = small_volumes
    handler = pipeline.driver.handlers["assemble"]
    real = handler.assemble_volume

    def broken_volume_2(services, message):
        if message.volume == 2:
            raise ValueError("a bug meets this volume")
        return real(services, message)

    monkeypatch.setattr(handler, "assemble_volume", broken_volume_2)
    job = pipeline.run(pipeline.upload(SAMPLE, office=OFFICE).job_id)

    assert job.status is JobStatus.FAILED and job.failed_in == "ASSEMBLING"
    assert "ValueError" in job.error and "a bug meets" not in job.error
    # The job ends when the volume gives up: the volumes not built by then are not built, none is signed as whole.
    assert job.volumes_done < job.volume_total and not any(uri.endswith(JOB_INDEX) for uri in job.outputs)
    assert pipeline.dead_letters() == {"intake": 0, "chunks": 0, "assemble": 0}


def test_answers_to_a_charge_in_one_volume_make_the_next_version_of_that_volume_only(small_volumes, tmp_path):
    pipeline = small_volumes
    job = pipeline.run(pipeline.upload(SAMPLE, office=OFFICE).job_id)
    paths = saved(pipeline, job, tmp_path)
    name = sorted(n for n in paths if n.startswith("cook-volume-"))[1]
    review = bundle_csv(paths[name], "review.csv")
    target = next(row for row in review if not row["reviewer_decision"])
    data = answers_bytes([answered(target, "ineligible", "checked the court file")], list(review[0]))
    pipeline.s3.put_object(Bucket=pipeline.world.env.intake_bucket, Key=f"incoming/{OFFICE}/reviews/{job.job_id}.csv",
                           Body=data)
    while pipeline.driver.round():
        pass

    revised = pipeline.job(job.job_id)
    assert revised.bundle_versions == {name: 2}
    v2_name = name.replace(".zip", ".v2.zip")
    v2 = tmp_path / v2_name
    v2.write_bytes(pipeline.output(revised, v2_name))
    assert verify_bundle(v2).ok
    documents = verify_documents(v2)  # still its volume: the same title and first Exhibit A number
    assert documents.ok, documents.message
    assert verify_link(v2, paths[name], hashlib.sha256(data).hexdigest()).ok
    changed = [row for row in bundle_csv(v2, "results.csv") if row["answer_decision"]]
    assert [(row["charge_id"], row["final_decision"]) for row in changed] == [(target["charge_id"], "ineligible")]
