"""The Lambda layer: the `relief` package and its runtime dependencies, built on this machine.

pip downloads Linux wheels for the Lambda runtime (`--platform ... --only-binary=:all:`), so no
Docker is needed. boto3 is left out: the Lambda runtime provides it. The dependency list is read
from pyproject.toml, the one place it is kept.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_lambda as lambda_

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "shared" / "relief"
PLACEHOLDER = Path(__file__).resolve().parent / "layer_placeholder"

PYTHON_VERSION = "3.12"
RUNTIME = lambda_.Runtime.PYTHON_3_12
ARCHITECTURE = lambda_.Architecture.X86_64
# Lambda's Python 3.12 runs on Amazon Linux 2023 (glibc 2.34): manylinux2014 and manylinux_2_28 wheels both load.
PLATFORMS = ("manylinux2014_x86_64", "manylinux_2_28_x86_64")
EXCLUDE = ("**/__pycache__", "**/*.pyc", "*.egg-info", "**/.mypy_cache", "relief/dev")
# What the layer leaves out of the package: caches, and relief.dev (the CLI, generator and local run).
LAYER_IGNORE = ("__pycache__", "*.pyc", "dev")


def runtime_dependencies() -> list[str]:
    with open(REPO / "pyproject.toml", "rb") as stream:
        dependencies = tomllib.load(stream)["project"]["dependencies"]
    if any(d.split("[")[0].split("<")[0].split(">")[0].split("=")[0].strip().lower() in ("boto3", "botocore")
           for d in dependencies):
        raise ValueError("pyproject.toml's runtime dependencies include boto3: the Lambda runtime provides it")
    return list(dependencies)


def pip_command(target: Path, dependencies: list[str]) -> list[str]:
    platforms = [arg for platform in PLATFORMS for arg in ("--platform", platform)]
    return [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
            "--target", str(target), *platforms, "--implementation", "cp", "--python-version", PYTHON_VERSION,
            "--only-binary=:all:", "--upgrade", *dependencies]


@jsii.implements(ILocalBundling)
class LocalLayerBundling:
    """Builds <output>/python/: pip-installed dependencies plus a copy of shared/relief."""

    def __init__(self, dependencies: list[str]):
        self.dependencies = dependencies

    def try_bundle(self, output_dir: str, *, image: DockerImage, **_: object) -> bool:
        target = Path(output_dir) / "python"
        install_dependencies(target, self.dependencies)
        copy_package(target)
        return True


def install_dependencies(target: Path, dependencies: list[str]) -> None:
    """The layer's third-party half: Linux cp312 wheels of `dependencies`, pip-installed into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(pip_command(target, dependencies), capture_output=True, text=True)
    if result.returncode != 0:
        # Not False from try_bundle: that would fall back to Docker, which this project does not use.
        raise RuntimeError(f"building the Lambda layer failed (pip exit {result.returncode}):\n"
                           f"{result.stdout}\n{result.stderr}")


def copy_package(target: Path) -> Path:
    """The layer's own half: shared/relief into <target>/relief, without caches or relief.dev."""
    return Path(shutil.copytree(PACKAGE, target / "relief", dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns(*LAYER_IGNORE)))


def layer_code(skip_bundling: bool) -> lambda_.Code:
    """The layer's code: bundled for real, or a placeholder when tests and quick synths skip bundling."""
    if skip_bundling:
        return lambda_.Code.from_asset(str(PLACEHOLDER))
    dependencies = runtime_dependencies()
    return lambda_.Code.from_asset(
        str(PACKAGE.parent),
        exclude=list(EXCLUDE),
        asset_hash_type=AssetHashType.SOURCE,
        bundling=BundlingOptions(
            # Used only if local bundling declined; LocalLayerBundling never declines, it fails loudly.
            image=RUNTIME.bundling_image,
            local=LocalLayerBundling(dependencies),
            # In the asset's hash: a change to the dependency list rebuilds the layer.
            command=["bash", "-c", "pip install --target /asset-output/python "
                     + " ".join(map(shlex.quote, dependencies))
                     + " && cp -r /asset-input/relief /asset-output/python/"],
        ),
    )
