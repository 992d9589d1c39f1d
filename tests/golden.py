"""Golden-file comparison used by every backend and diagnostics test."""

from __future__ import annotations

from pathlib import Path

import pytest


def check_golden(path: Path, actual: str | bytes, update: bool) -> None:
    """Compare ``actual`` with the golden file at ``path`` (or rewrite it when updating).

    A missing golden fails like a differing one: writing it silently would pass a test that
    compared nothing.
    """
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; run pytest --update-goldens, review and commit it")
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
