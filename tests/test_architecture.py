"""The package layout as docs/architecture.md draws it: data flows one way, law -> intake ->
settings -> evaluation -> documents -> pipeline -> aws -> dev, with no import cycle; only aws (and
the developer tools) talk to AWS; the Lambda layer ships no developer tools."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "shared" / "relief"
LAYERS = ["law", "intake", "settings", "evaluation", "documents", "pipeline", "aws", "dev"]
AWS_LIBRARIES = {"boto3", "botocore", "moto"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module `path` imports (relative imports resolved), at any depth of the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from . import x` names modules
    return found


MODULES = {module_name(path): imports(path) for path in PACKAGE.rglob("*.py")}


def layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "relief" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_own_package_or_the_ones_before_it(module):
    own = layer(module)
    if own is None:
        return
    later = sorted(i for i in MODULES[module] if (layer(i) or 0) > own and i in MODULES)
    assert not later, f"{module} imports {later}: data flows {' -> '.join(LAYERS)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) is not None and LAYERS[layer(m)] != "aws"
                                          and LAYERS[layer(m)] != "dev"))
def test_only_the_aws_adapters_import_aws_libraries(module):
    assert not {i.split(".")[0] for i in MODULES[module]} & AWS_LIBRARIES


def test_the_law_is_pure():
    for module, imported in MODULES.items():
        if module.startswith("relief.law"):
            outside = {i for i in imported if i.startswith("relief.") and not i.startswith("relief.law")}
            assert not outside, f"{module} imports {outside}"


def test_there_is_no_import_cycle():
    graph = {m: {i for i in imported if i in MODULES and i != m} for m, imported in MODULES.items()}
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in graph[module]:
            if state.get(target) == 1:
                pytest.fail("import cycle: " + " -> ".join([*path, module, target]))
            if target not in state:
                visit(target, [*path, module])
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module, [])


def test_the_lambda_layer_holds_no_developer_tools(tmp_path):
    sys.path.insert(0, str(PACKAGE.parents[1]))
    try:
        from infra.layer_bundling import copy_package
    finally:
        sys.path.pop(0)
    copied = copy_package(tmp_path)
    assert (copied / "law" / "rules.py").exists()
    assert not (copied / "dev").exists()
    assert not list(copied.rglob("__pycache__"))
    # What the handlers import loads from the copy alone, and none of it reaches for relief.dev.
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import relief.aws.runtime, relief.pipeline.split, "
             "relief.pipeline.evaluate, relief.pipeline.assemble; "
             "assert not [m for m in sys.modules if m.startswith('relief.dev')]; "
             "assert all(m.__file__.startswith(sys.argv[1]) for n, m in sys.modules.items() "
             "if n.startswith('relief') and getattr(m, '__file__', None))")
    subprocess.run([sys.executable, "-c", probe, str(tmp_path)], check=True)
