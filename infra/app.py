"""The CDK app: `cdk synth` / `cdk deploy` from the repository root (cdk.json runs `python3 -m infra.app`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script (python infra/app.py): make `infra` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aws_cdk as cdk

from infra import nag
from infra.config import Config, ConfigError
from infra.stack import ReliefStack

STACK_NAME = "Relief"
SKIP_BUNDLING_VARIABLE = "RELIEF_CDK_SKIP_BUNDLING"


def build(app: cdk.App) -> ReliefStack:
    try:
        config = Config.from_context(app.node.try_get_context)
    except ConfigError as error:
        raise SystemExit(f"relief: invalid CDK context (cdk.json or -c): {error}") from None
    if os.environ.get(SKIP_BUNDLING_VARIABLE, "").lower() in ("1", "true", "yes"):
        config = Config(**{**config.__dict__, "skip_bundling": True})
    stack_name = app.node.try_get_context("relief:stackName") or STACK_NAME
    stack = ReliefStack(
        app, stack_name, config=config,
        description="relief: bulk cannabis conviction relief for Illinois State's Attorneys",
        env=cdk.Environment(account=os.environ.get("CDK_DEFAULT_ACCOUNT"), region=os.environ.get("CDK_DEFAULT_REGION")))
    cdk.Tags.of(stack).add("project", "relief")
    nag.add_checks(app)
    return stack


def main() -> None:
    app = cdk.App()
    build(app)
    app.synth()


if __name__ == "__main__":
    main()
