"""The Lambda layer, as `make synth` builds it, runs the handlers under Python 3.12 with nothing else.

The layer is built by infra/layer_bundling.py's own steps (pip for manylinux cp312, then shared/relief);
a clean Python 3.12 virtual environment holds only boto3, as the Lambda runtime does. Each handler
(split, evaluate, assemble) is invoked there, in a process of its own, with the real-shaped SQS event
Lambda would build from moto's queues (moto runs as a server in this process; the 3.12 process reaches
it through AWS_ENDPOINT_URL). The job must complete with its bundle written.

The built dependencies and the 3.12 environment are cached under build/, keyed on what they are made
from, so only the first run pays for pip. Skipped, saying so, where no Python 3.12 exists.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

pytest.importorskip("aws_cdk")
pytest.importorskip("moto.server", reason="moto[server] is a dev dependency")

from moto.server import ThreadedMotoServer

from infra.layer_bundling import (
    PLATFORMS,
    PYTHON_VERSION,
    copy_package,
    install_dependencies,
    pip_command,
    runtime_dependencies,
)
from relief.aws.jobs_table import JobsTable
from relief.dev.world import LOCAL_ENVIRONMENT, REGION, World, create_world, sqs_event
from relief.pipeline.jobs import JobStatus, Upload

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "build" / "packaging-test"
FUNCTIONS = REPO / "functions"
RUNNER = Path(__file__).with_name("lambda_runtime.py")
SAMPLE = REPO / "events" / "sample-isp.csv"
OFFICE = "sangamon"
RUNTIME_PACKAGES = ["boto3"]  # what the Lambda runtime provides beside the layer


def python312() -> str | None:
    """A Python 3.12 interpreter: $RELIEF_PYTHON312, python3.12 on PATH, or pyenv's."""
    candidates = [os.environ.get("RELIEF_PYTHON312"), shutil.which("python3.12"),
                  *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.12*/bin/python3.12")), reverse=True)]
    for candidate in filter(None, candidates):
        try:
            version = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"],
                                     capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if version == "True":
            return candidate
    return None


PYTHON312 = python312()
pytestmark = pytest.mark.skipif(
    PYTHON312 is None, reason="no Python 3.12 interpreter (Lambda's runtime) found: set RELIEF_PYTHON312, put "
                              "python3.12 on PATH or install it with pyenv (`pyenv install 3.12`)")


def digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def cached(directory: Path, make) -> Path:
    """`directory`, made by `make(tmp)` once and renamed into place whole (never half-built)."""
    if not directory.is_dir():
        building = directory.with_name(directory.name + f".building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        make(building)
        building.rename(directory)
    return directory


@pytest.fixture(scope="module")
def layer(tmp_path_factory) -> Path:
    """<layer>/python as in the asset `make synth` builds: the dependencies (cached), then shared/relief."""
    dependencies = runtime_dependencies()
    key = digest(pip_command(Path("TARGET"), dependencies)[1:], PLATFORMS, PYTHON_VERSION)
    installed = cached(CACHE / f"layer-{key}", lambda tmp: install_dependencies(tmp / "python", dependencies))
    layer = tmp_path_factory.mktemp("layer")
    shutil.copytree(installed / "python", layer / "python")
    copy_package(layer / "python")
    return layer / "python"


@pytest.fixture(scope="module")
def runtime() -> Path:
    """A clean Python 3.12 environment with only what Lambda's runtime brings: boto3."""
    assert PYTHON312 is not None

    def make(tmp: Path) -> None:
        subprocess.run([PYTHON312, "-m", "venv", str(tmp)], check=True)
        subprocess.run([str(tmp / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        *RUNTIME_PACKAGES], check=True)

    return cached(CACHE / f"python312-{digest(PYTHON312, RUNTIME_PACKAGES)}", make) / "bin" / "python"


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def world(moto_server) -> Iterator[World]:
    """The local run's resources (same names and environment as `relief run`), made on the moto server."""
    saved = dict(os.environ)
    os.environ.update({**LOCAL_ENVIRONMENT, "AWS_ENDPOINT_URL": moto_server})
    try:
        yield create_world(offices=(OFFICE,))
    finally:
        os.environ.clear()
        os.environ.update(saved)


class Lambda:
    """Lambda's SQS event source, for one function: receive, invoke in the 3.12 runtime, delete on success."""

    def __init__(self, python: Path, layer: Path, world: World, endpoint: str, workdir: Path) -> None:
        self.python, self.layer, self.world, self.endpoint, self.workdir = python, layer, world, endpoint, workdir
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.invocations: list[dict] = []

    def environment(self) -> dict[str, str]:
        # What the Lambda service sets (credentials, region) and what the stack sets (RELIEF_*, POWERTOOLS_*).
        return {"PATH": os.environ["PATH"], **LOCAL_ENVIRONMENT, "AWS_ENDPOINT_URL": self.endpoint,
                **self.world.env.to_env()}

    def deliver(self, name: str, queue_url: str, batch: int) -> bool:
        messages = self.sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=batch, AttributeNames=["All"],
                                            WaitTimeSeconds=0).get("Messages", [])
        if not messages:
            return False
        arn = self.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        number = len(self.invocations)
        event, result = self.workdir / f"event-{number}.json", self.workdir / f"result-{number}.json"
        event.write_text(json.dumps(sqs_event(messages, arn)))
        run = subprocess.run([str(self.python), "-I", str(RUNNER), str(FUNCTIONS / name), str(self.layer), str(event),
                              str(result)], env=self.environment(), capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, f"{name} failed under Python 3.12:\n{run.stderr[-4000:]}"
        outcome = {"function": name, **json.loads(result.read_text()), "stdout": run.stdout}
        self.invocations.append(outcome)
        assert outcome["response"] == {"batchItemFailures": []}, outcome["response"]
        for message in messages:
            self.sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        return True


def test_each_handler_runs_under_python_312_with_only_the_layer_and_boto3(runtime, layer, world, moto_server,
                                                                           tmp_path):
    s3 = boto3.client("s3", region_name=REGION)
    key = f"incoming/{OFFICE}/isp.csv"
    put = s3.put_object(Bucket=world.env.intake_bucket, Key=key, Body=SAMPLE.read_bytes())
    upload = Upload(bucket=world.env.intake_bucket, key=key, version_id=put.get("VersionId", ""),
                    size=SAMPLE.stat().st_size)

    lambda_ = Lambda(runtime, layer, world, moto_server, tmp_path)
    assert lambda_.deliver("split", world.queues.intake, 1)  # the S3 upload event
    while lambda_.deliver("split", world.queues.intake, 1):  # (S3's test event, if any)
        pass
    while lambda_.deliver("evaluate", world.queues.chunks, 5):
        pass
    assert lambda_.deliver("assemble", world.queues.assemble, 1)  # the cut
    while lambda_.deliver("assemble", world.queues.assemble, 1):  # the volumes, the last completing the job
        pass

    assert {i["function"] for i in lambda_.invocations} == {"split", "evaluate", "assemble"}
    for invocation in lambda_.invocations:
        assert invocation["python"] == [3, 12]
        for module, where in invocation["modules"].items():
            if module == "boto3":
                assert where and str(runtime.parents[1]) in where, where  # the runtime's
            elif where is not None:
                assert where.startswith(str(layer)), f"{module} imported from {where}, not the layer"
        assert invocation["modules"]["relief"] and invocation["modules"]["pydantic_core"]

    job = JobsTable(boto3.client("dynamodb", region_name=REGION), world.env.jobs_table).get(upload.job_id)
    assert job is not None and job.status is JobStatus.COMPLETE, job
    bundles = s3.list_objects_v2(Bucket=world.env.output_bucket, Prefix=f"bundles/{OFFICE}/{upload.job_id}/")
    names = {item["Key"].rsplit("/", 1)[-1] for item in bundles.get("Contents", [])}
    assert "results.csv" in names and any(name.endswith(".zip") for name in names), names


def test_the_layer_holds_linux_cp312_binaries_and_no_boto3(layer):
    binaries = [path.name for path in layer.rglob("*.so")]
    tagged = [name for name in binaries if ".cpython-" in name]
    assert tagged and all(".cpython-312-x86_64-linux-gnu." in name for name in tagged), tagged
    assert any(name.startswith("_pydantic_core.cpython-312-x86_64-linux-gnu") for name in binaries)
    assert not (layer / "boto3").exists() and not (layer / "botocore").exists()
    assert (layer / "relief" / "__init__.py").is_file()
