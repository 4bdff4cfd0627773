"""`relief run --reviews ANSWERS.csv`: the office's answers, sent as the office sends them on AWS.

Once the job is COMPLETE the answers file is uploaded to incoming/<office>/reviews/<job id>.csv in
the (moto) intake bucket; its S3 event goes through the intake queue to the splitter, which hands
it to the assembler, exactly as in AWS. The outcome is read back where the office would find it:
the job record (the file applied, the bundles' new versions) or the report beside the upload.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline.jobs import Job, Upload
from ..pipeline.keys import answers_key, previous_bundle_name
from .world import World


@dataclass(frozen=True)
class AnswersOutcome:
    applied: bool
    report: str = ""  # the refusal, as the report beside the upload says it
    problems: int = 0
    versions: dict[str, int] = field(default_factory=dict)  # bundle -> its latest version, after
    new_outputs: tuple[str, ...] = ()  # S3 locations of the versions this file made

    def summary(self, paths: dict[str, str]) -> str:
        """What the answers changed, for the person running `relief run`."""
        if not self.new_outputs:
            return "  answers applied: every answer was already in force, no bundle changed"
        made = [Path(paths.get(uri, uri)) for uri in self.new_outputs]
        return (f"  answers applied: {len(made)} bundle(s) revised: " + ", ".join(m.name for m in made)
                + f"; check a version against the one it was made from with `relief verify {made[0]} --previous "
                  f"{made[0].with_name(previous_bundle_name(made[0].name))} --documents`")


def send_answers(world: World, deliver: Callable[[], int], job: Job, answers: Path) -> AnswersOutcome:
    """Upload the answers for the COMPLETE `job`, deliver every message they cause (`deliver`: one round
    of every queue, returning how many messages moved), and say what happened."""
    from ..aws import runtime

    s3 = world.s3()
    key = answers_key(job.office, job.job_id)
    s3.upload_file(str(answers), world.env.intake_bucket, key)
    head = s3.head_object(Bucket=world.env.intake_bucket, Key=key)
    upload = Upload(bucket=world.env.intake_bucket, key=key, version_id=head.get("VersionId") or "")
    while deliver():  # a message that fails comes back at once here, until its dead-letter queue
        pass
    after = runtime.services().jobs.get(job.job_id) or job
    if upload.job_id in after.answers:
        return AnswersOutcome(True, versions=dict(after.bundle_versions),
                              new_outputs=tuple(uri for uri in after.outputs if uri not in job.outputs))
    report = runtime.services().objects.get_if_exists(world.env.intake_bucket, upload.error_report_key)
    text = report.decode("utf-8") if report else ("the answers file was not applied (run with --verbose to see "
                                                  "why)\n")
    problems = sum(1 for line in text.splitlines() if line.startswith("  ") and not line.startswith("  ..."))
    return AnswersOutcome(False, text, max(problems, 1))
