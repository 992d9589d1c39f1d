"""`pwib build -j N`: the same bytes for every N, and a progress bar only where it belongs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pwib_dsl import api, cli, parallel, progress

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("j1")
    assert cli.main(["build", str(EXAMPLES), "--out", str(out), "-j", "1", "--quiet"]) == 0
    return tree(out)


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_parallel_output_is_byte_identical(serial, tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(api, "PARALLEL_MIN_CHARS", 0)  # the examples are small: force workers
    calls = []
    real = parallel.ordered_map
    monkeypatch.setattr(parallel, "ordered_map", lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    assert cli.main(["build", str(EXAMPLES), "--out", str(tmp_path), "-j", jobs, "--quiet"]) == 0
    # the municipalities of examples/gemeenten/, then the national targets
    assert calls == [int(jobs), int(jobs)], "the municipalities and the targets were rendered by workers"
    assert tree(tmp_path) == serial


def test_a_rebuild_writes_nothing_and_says_so(tmp_path, capsys):
    assert cli.main(["build", str(EXAMPLES), "--out", str(tmp_path), "-j", "2"]) == 0
    capsys.readouterr()
    assert cli.main(["build", str(EXAMPLES), "--out", str(tmp_path), "-j", "2"]) == 0
    assert "(0 changed;" in capsys.readouterr().err


def test_ordered_map_keeps_the_order_of_the_items():
    items = list(range(50))
    assert parallel.ordered_map(_square, items, 2) == [i * i for i in items]
    done = []
    assert parallel.ordered_map(_square, items, 1, done.append) == [i * i for i in items]
    assert sum(done) == 50


def _square(i: int) -> int:
    return i * i


def test_jobs_must_be_a_positive_number(tmp_path):
    for bad in ("0", "-1", "many"):
        proc = subprocess.run(
            [sys.executable, "-m", "pwib_dsl", "build", str(EXAMPLES), "--out", str(tmp_path), "-j", bad],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 2 and "-j/--jobs" in proc.stderr and "Traceback" not in proc.stderr


def test_default_jobs_is_the_processor_count():
    assert parallel.default_jobs() >= 1
    if hasattr(os, "sched_getaffinity"):
        assert parallel.default_jobs() == len(os.sched_getaffinity(0))


def test_no_progress_when_not_a_terminal(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pwib_dsl", "build", str(EXAMPLES), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0
    assert "\r" not in proc.stderr and "pwib build: parsing" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("pwib build: 16 blueprints")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_after_the_delay(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.delenv("TERM", raising=False)
    screen = _Terminal()
    with progress.Progress("pwib build", stream=screen) as bar:
        bar.stage("parsing", 3)
        for _ in range(3):
            bar.advance()
    drawn = screen.getvalue()
    assert "pwib build: parsing" in drawn and "/3" in drawn
    assert drawn.endswith("\r"), "the bar is erased when the stage ends (the summary line follows)"


def test_progress_is_quiet_for_short_runs_quiet_flag_and_dumb_terminals(monkeypatch):
    screen = _Terminal()
    with progress.Progress("pwib build", stream=screen) as bar:  # the default delay: a second
        bar.stage("parsing", 3)
        bar.advance(3)
    assert screen.getvalue() == ""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    for kwargs, term in (({"quiet": True}, "xterm"), ({}, "dumb")):
        monkeypatch.setenv("TERM", term)
        screen = _Terminal()
        with progress.Progress("pwib build", stream=screen, **kwargs) as bar:
            bar.stage("parsing", 3)
            bar.advance(3)
        assert screen.getvalue() == ""
