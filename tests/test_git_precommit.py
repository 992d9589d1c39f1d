"""The pre-commit hooks, run for real with ``pre-commit try-repo``.

The project's files (what ``git ls-files`` would commit, taken from this checkout) are committed
into a fresh repository, which pre-commit clones and installs (``pip install .`` into its own
environment: this needs PyPI, or a warm pip cache). A consumer repository then runs the hooks:
``pwib-fmt`` rewrites a messy file and fails the first run, passes the second; ``pwib-check``
fails on a broken file. Marked slow (the environment build takes a while); CI runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

pytestmark = pytest.mark.slow

if shutil.which("git") is None or not PRE_COMMIT.exists():  # pragma: no cover
    if os.environ.get("CI"):
        raise RuntimeError("git and pre-commit are required for the pre-commit hook tests")
    pytest.skip("git or pre-commit not installed", allow_module_level=True)

MESSY = 'blueprint b "B" {   step a "A" { evidence "e" }}'
CLEAN = 'blueprint b "B" {\n  step a "A" {\n    evidence "e"\n  }\n}\n'


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    proc = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=cwd, capture_output=True, text=True, env=env, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A committed copy of the project, as a consumer's pre-commit would clone it."""
    dest = tmp_path_factory.mktemp("hooks") / "pwib-dsl"
    names = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, names):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    _git(dest, "init", "-q", "-b", "main")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "pwib-dsl")
    return dest


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(hook_repo: Path, consumer: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hook_repo), hook, "--files", *files],
        cwd=consumer, capture_output=True, text=True, env=env, timeout=540,
    )


def test_manifest_is_valid():
    proc = subprocess.run([str(PRE_COMMIT), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_fmt_and_check_hooks(hook_repo: Path, pre_commit_home: Path, tmp_path: Path):
    consumer = tmp_path / "consumer"
    consumer.mkdir()
    (consumer / "messy.blueprint").write_text(MESSY, encoding="utf-8")
    (consumer / "broken.blueprint").write_text('blueprint x "X" {\n  step\n', encoding="utf-8")
    _git(consumer, "init", "-q", "-b", "main")
    _git(consumer, "add", "-A")

    first = _try_repo(hook_repo, consumer, pre_commit_home, "pwib-fmt", "messy.blueprint")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (consumer / "messy.blueprint").read_text(encoding="utf-8") == CLEAN

    second = _try_repo(hook_repo, consumer, pre_commit_home, "pwib-fmt", "messy.blueprint")
    assert second.returncode == 0, second.stdout + second.stderr

    check = _try_repo(hook_repo, consumer, pre_commit_home, "pwib-check", "broken.blueprint")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "broken.blueprint:" in check.stdout and "PB0" in check.stdout

    fmt_broken = _try_repo(hook_repo, consumer, pre_commit_home, "pwib-fmt", "broken.blueprint")
    assert fmt_broken.returncode == 1
    assert (consumer / "broken.blueprint").read_text(encoding="utf-8") == 'blueprint x "X" {\n  step\n'
