"""Shared fixtures."""

from __future__ import annotations

import os

import pytest

# As in Lambda, the service is named before any module is imported: Powertools names a module's child
# logger after it then, and a logger named before would sit outside the "relief" logger tests capture.
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "relief")


@pytest.fixture
def write_file(tmp_path):
    """Write bytes or text to a file under tmp_path and return its path."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8"):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return write
