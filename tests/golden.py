"""Golden-file comparison used by every backend and diagnostics test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def check_golden(path: Path, actual: str | bytes, update: bool) -> None:
    """Compare ``actual`` with the golden file at ``path`` (or rewrite it when updating)."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if update or not path.exists():
        if not update and os.environ.get("CI"):
            pytest.fail(f"golden file {path} is missing; run pytest --update-goldens and commit it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    expected = path.read_bytes()
    if expected != data:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(True),
                data.decode("utf-8", "replace").splitlines(True),
                f"{path} (golden)",
                "actual",
            )
        )
        pytest.fail(f"output differs from golden {path}; run pytest --update-goldens to accept\n{diff[:6000]}")
