"""`pwib build -j N`: the same bytes for every N, and a progress bar only where it belongs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pwib_dsl import api, cli, parallel, progress
from pwib_dsl.backends import TARGETS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("j1")
    assert cli.main(["build", str(EXAMPLES), "--out", str(out), "-j", "1", "--quiet"]) == 0
    return tree(out)


@pytest.fixture
def spread(monkeypatch):
    """Every build takes the parallel path (the examples are far below its threshold); the
    calls of the worker pool are recorded as ``(jobs, kind of item, items)``."""
    monkeypatch.setattr(parallel, "MIN_CHARS", 0)
    calls = []
    real = parallel.ordered_map

    def spy(work, items, jobs, *a, **k):
        calls.append((jobs, type(items[0]).__name__ if items else None, len(items)))
        return real(work, items, jobs, *a, **k)

    monkeypatch.setattr(parallel, "ordered_map", spy)
    return calls


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_parallel_output_is_byte_identical(serial, tmp_path, spread, jobs):
    assert cli.main(["build", str(EXAMPLES), "--out", str(tmp_path), "-j", jobs, "--quiet"]) == 0
    kinds = [kind for _, kind, _ in spread]
    assert "Part" in kinds, "the targets were rendered in parts by workers"
    assert all(j == int(jobs) for j, _, _ in spread)
    assert tree(tmp_path) == serial


def _generated(tmp_path: Path, lines: int = 3000, files: int = 6) -> Path:
    """The benchmark's generated workspace, small: many blueprints in several files."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from pipeline_bench import workspace
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "pwib.toml").write_text("", encoding="utf-8")
    sources, _ = workspace(lines, files)
    for src in sources:
        (ws / src.path).write_text(src.text, encoding="utf-8")
    return ws


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("gen")
    ws = _generated(root)
    out = root / "j1"
    assert cli.main(["build", str(ws), "--out", str(out), "-j", "1", "--quiet"]) == 0
    return ws, tree(out)


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_a_generated_workspace_builds_the_same_bytes_in_parallel(generated, tmp_path, spread, jobs):
    ws, serial = generated
    assert cli.main(["build", str(ws), "--out", str(tmp_path), "-j", jobs, "--quiet"]) == 0
    parts = [n for _, kind, n in spread if kind == "Part"]
    assert parts and parts[0] > 3 * int(jobs), "more parts than workers, so that they even out"
    assert tree(tmp_path) == serial
    assert len(serial) > 3 * 10  # blueprints of every target and the site pages


def test_build_targets_gives_the_same_files_in_the_same_order(generated, monkeypatch):
    ws, _ = generated
    result = api.compile_workspace([ws])
    one = api.build_targets(result, jobs=1)
    monkeypatch.setattr(parallel, "MIN_CHARS", 0)
    steps = []
    two = api.build_targets(result, jobs=2, progress=steps.append)
    assert list(two) == list(one) and two == one
    assert len(steps) > len(TARGETS), "progress per part"
    json_only = api.build_targets(result, ("json",), jobs=2)
    assert json_only == {k: v for k, v in one.items() if k.startswith("json/")}


def test_parts_cover_every_blueprint_and_page_once(generated):
    from pwib_dsl.backends import BuildOptions, parts

    ws, _ = generated
    workspace = api.compile_workspace([ws]).workspace
    options = BuildOptions()
    plan = parts.plan(workspace, options, 2)
    for target in TARGETS:
        runs = [(p.start, p.stop) for p in plan if p.target == target and p.page is None]
        assert runs[0][0] == 0 and runs[-1][1] == len(workspace.blueprints)
        assert all(a[1] == b[0] for a, b in zip(runs, runs[1:])), "consecutive, no gaps, no overlaps"
    order = parts.dispatch_order(plan)
    assert sorted(order) == list(range(len(plan)))
    assert all(plan[i].page is not None for i in order[:3]), "the site-wide pages go first"


def test_a_folder_that_cannot_be_written_is_the_same_error_for_any_jobs(generated, tmp_path, monkeypatch):
    ws, _ = generated
    monkeypatch.setattr(parallel, "MIN_CHARS", 0)
    seen = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        out.mkdir()
        (out / "json").write_text("a file where the folder goes")
        proc = subprocess.run(
            [sys.executable, "-c",
             "import sys; from pwib_dsl import cli, parallel; parallel.MIN_CHARS = 0; sys.exit(cli.main(sys.argv[1:]))",
             "build", str(ws), "--out", str(out), "-j", jobs, "--format", "short"],
            capture_output=True, text=True, timeout=300,
        )
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        seen.append(proc.stdout.replace(str(out), "OUT"))
        assert (out / "json").read_text() == "a file where the folder goes"
    assert seen[0] == seen[1] and "PB704" in seen[0] and "OUT/json" in seen[0]


def test_progress_stays_quiet_off_a_terminal_in_parallel(generated, tmp_path, spread, capsys):
    ws, _ = generated
    assert cli.main(["build", str(ws), "--out", str(tmp_path), "-j", "2"]) == 0
    err = capsys.readouterr().err
    assert "Part" in [kind for _, kind, _ in spread]
    assert "\r" not in err and "pwib build: rendering" not in err
    assert err.splitlines()[-1].startswith("pwib build: ")


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


def test_ordered_map_hands_out_in_the_order_given_and_keeps_the_item_order():
    items = list(range(30))
    assert parallel.ordered_map(_square, items, 2, order=items[::-1]) == [i * i for i in items]
    with pytest.raises(ValueError):
        parallel.ordered_map(_square, items, 2, order=[0, 0])


def _fails_on_odd(i: int) -> int:
    if i % 2:
        raise ArithmeticError(f"item {i}")
    return i


@pytest.mark.parametrize("jobs", [1, 2])
def test_ordered_map_raises_the_first_failing_item_as_one_process_does(jobs):
    with pytest.raises(ArithmeticError, match="item 1$"):
        parallel.ordered_map(_fails_on_odd, list(range(10)), jobs, order=list(range(10))[::-1])


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


def test_files_parsed_by_workers_equal_the_files_parsed_here(generated, monkeypatch):
    ws, _ = generated
    monkeypatch.setenv("PWIB_CACHE_DIR", "")  # no parse kept between compiles: the workers parse all
    (ws / "kapot.blueprint").write_text('blueprint kapot "Kapot" {\n  step a "A" ->\n}\n', encoding="utf-8")
    try:
        one = api.compile_workspace([ws], jobs=1)
        monkeypatch.setattr(parallel, "MIN_CHARS", 0)
        calls = []
        real = parallel.ordered_map
        monkeypatch.setattr(parallel, "ordered_map", lambda *a, **k: calls.append(len(a[1])) or real(*a, **k))
        two = api.compile_workspace([ws], jobs=2)
    finally:
        (ws / "kapot.blueprint").unlink()
    assert calls == [len(one.sources)], "every file was parsed by a worker"
    assert one.has_errors and two.diagnostics == one.diagnostics
    assert two.files == one.files
    assert two.workspace == one.workspace


def test_parses_made_by_workers_are_kept_for_later_processes(generated, monkeypatch, tmp_path):
    """A worker's parse goes into the per-user cache like one made here: the next compile
    parses nothing, and reads back the same trees."""
    from pwib_dsl.syntax import parser

    ws, _ = generated
    monkeypatch.setenv("PWIB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(parallel, "MIN_CHARS", 0)
    two = api.compile_workspace([ws], jobs=2)
    parsed, spread = [], []
    real, real_map = parser.parse, parallel.ordered_map
    monkeypatch.setattr(parser, "parse", lambda src: parsed.append(src.path) or real(src))
    monkeypatch.setattr(parallel, "ordered_map", lambda *a, **k: spread.append(len(a[1])) or real_map(*a, **k))
    again = api.compile_workspace([ws], jobs=2)
    assert parsed == [] and spread == [], "nothing left to parse, here or in workers"
    assert again.files == two.files and again.diagnostics == two.diagnostics


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_meanwhile_runs_here_while_workers_run_or_is_forgotten():
    ran = []
    parallel.meanwhile(lambda: ran.append(os.getpid()))
    assert parallel.ordered_map(_square, [1, 2, 3], 1) == [1, 4, 9]
    assert ran == [], "no workers to wait for: nothing to overlap"
    assert parallel.ordered_map(_square, [1, 2, 3], 2) == [1, 4, 9]
    assert ran == [os.getpid()], "run once, in this process"
    parallel.meanwhile(lambda: ran.append("late"))
    parallel.forget_meanwhile()
    assert parallel.ordered_map(_square, [1, 2, 3], 2) == [1, 4, 9]
    assert ran == [os.getpid()]
