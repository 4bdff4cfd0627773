# Two commands do everything on a fresh machine (see README):
#   make run    set up, then run the main job on the bundled sample file
#   make test   set up, then run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.setup-stamp
SAMPLE := events/sample-isp.csv
OUT    := out

.PHONY: setup run test lint bench clean

setup: $(STAMP)

# Re-install only when the dependency list changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The whole pipeline (split -> evaluators -> assembler) on moto, in this process: no AWS account.
run: setup
	$(BIN)/relief run $(SAMPLE) --out $(OUT)

# Defined before any rule names it: make expands a rule's prerequisites as it reads the rule.
CDK := infra/node_modules/.bin/cdk
CDK_ENV := JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_VERSION_CHECK=true CDK_DISABLE_CLI_TELEMETRY=true

# The tests need the npm packages in infra/ too: the IAM policy simulator of the isolation test. The
# packaging test caches the layer it builds (and a clean Python 3.12) under build/packaging-test/.
test: setup lint $(CDK)
	$(BIN)/python -m pytest

# ruff (rules in pyproject.toml) and mypy (strict on relief.law and relief.evaluation).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/bench_evaluate.py
	$(BIN)/python bench/bench_run.py

clean:
	rm -rf $(VENV) $(OUT) cdk.out build/packaging-test

# The CloudFormation template from the CDK app in infra/ (cdk.json), checked by cdk-nag; builds the
# Lambda layer locally with pip (no Docker). The CDK CLI (and the tests' IAM policy simulator) are pinned
# in infra/package.json.

.PHONY: synth
synth: setup $(CDK)
	$(CDK_ENV) $(CDK) synth --quiet --no-notices

$(CDK): infra/package.json infra/package-lock.json
	npm ci --prefix infra --no-audit --no-fund
	touch $(CDK)
