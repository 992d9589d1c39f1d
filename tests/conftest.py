"""Shared pytest configuration: the ``--update-goldens`` flag and common paths.

Golden files are regenerated with ``pytest --update-goldens`` and reviewed as a git diff;
``golden.check_golden`` compares or rewrites one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from checkers import in_ci

ROOT = Path(__file__).resolve().parent.parent

# The per-user cache (parser tables, the parsed standard library) of a test run is its own:
# tests never read what another checkout wrote, and leave nothing in the user's cache. Child
# processes (the CLI, the language server) inherit it.
if "PWIB_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _cache = tempfile.mkdtemp(prefix="pwib-test-cache-")
    os.environ["PWIB_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, True)

# CI runs the property tests with a fixed seed: a red run must be reproducible from its log,
# and timing on a shared 2-core runner must not turn into a flaky `deadline` failure.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if in_ci():
    settings.load_profile("ci")


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing",
    )


@pytest.fixture(scope="session")
def update_goldens(request) -> bool:
    return bool(request.config.getoption("--update-goldens")) or os.environ.get("PWIB_UPDATE_GOLDENS") == "1"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
