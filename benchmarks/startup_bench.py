"""Start-up benchmark: whole ``pwib check`` processes against a bare interpreter of the same venv.

What a pre-commit hook, an editor opening a file and every CI step pay is a whole process:
interpreter start, imports, loading the parser, reading the standard library, the check. Each
round runs, in an order rotated every round, one process of each task and takes its CPU time
(user + system, from ``os.wait4``: wall-clock time on a shared machine measures the
neighbours). Times are medians; ratios are medians of the per-round ratios to ``python -c pass``
in the same round.

Tasks:

* ``python -c pass``       — the same interpreter, nothing imported (the denominator);
* ``import lark``          — the parser library alone (a floor for anything built on it);
* ``check one file``       — ``python -m pwib_dsl check`` on one 122-line example (the rest of
                             its workspace is loaded as context, as ``pwib check FILE`` does);
                             nothing changed since the last run, so the result cache answers;
* ``check examples``       — ``python -m pwib_dsl check examples`` (every example), the same;
* ``check one file, after an edit`` — the same file in a copy of ``examples/`` whose text
                             changes before every run (a comment with the round's number): its
                             parse and the check's result are new, the other files' parses
                             come from the cache — what an editor's save or a pre-commit hook
                             on a changed file pays;
* ``check one file, no cache`` — the same with the per-user cache turned off
                             (``PWIB_CACHE_DIR=``): what a first run, or a machine that
                             cannot keep a cache, pays.

Before timing, the package is byte-compiled (as an installed wheel is) and each task runs once,
which fills the cache. The child processes run from this checkout; the cache is a folder of
this run's own, removed at the end.

Targets: check one file ÷ bare python ≤ 4; check examples ÷ bare python ≤ 8.

Usage: ``python benchmarks/startup_bench.py [--rounds 21]``
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "examples" / "participatiewet" / "giftenvrijlating.blueprint"

TARGET_ONE = 4.0
TARGET_ALL = 8.0


EDITED = "check one file, after an edit"


def tasks(scratch: Path) -> dict[str, tuple[list[str], dict, Path]]:
    """Each task: the command, its environment and its working folder."""
    py = sys.executable
    env = {**os.environ, "PWIB_CACHE_DIR": str(scratch / "cache")}
    nocache = {**env, "PWIB_CACHE_DIR": ""}
    small = str(SMALL.relative_to(ROOT))
    return {
        "python -c pass": ([py, "-c", "pass"], env, ROOT),
        "import lark": ([py, "-c", "import lark"], env, ROOT),
        "check one file": ([py, "-m", "pwib_dsl", "check", small], env, ROOT),
        "check examples": ([py, "-m", "pwib_dsl", "check", "examples"], env, ROOT),
        EDITED: ([py, "-m", "pwib_dsl", "check", small], env, scratch),
        "check one file, no cache": ([py, "-m", "pwib_dsl", "check", small], nocache, ROOT),
    }


def edit(scratch: Path, text: str, number: int) -> None:
    """Give the copy of the checked file a new text (a comment naming the run)."""
    (scratch / SMALL.relative_to(ROOT)).write_text(f"{text}// run {number}\n", encoding="utf-8")


def cpu_seconds(argv: list[str], env: dict, cwd: Path) -> float:
    """CPU time (user + system) of one child process run to completion."""
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed with exit status {proc.returncode}")
    return usage.ru_utime + usage.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=21)
    args = ap.parse_args(argv)

    compileall.compile_dir(str(ROOT / "pwib_dsl"), quiet=1)
    scratch = Path(tempfile.mkdtemp(prefix="pwib-startup-"))
    try:
        shutil.copytree(ROOT / "examples", scratch / "examples")
        text = SMALL.read_text(encoding="utf-8")
        jobs = tasks(scratch)
        names = list(jobs)
        runs = 0
        for name in names:  # warm-up: fills the cache and the OS file cache
            cpu_seconds(*jobs[name])
        times: dict[str, list[float]] = {name: [] for name in names}
        ratios: dict[str, list[float]] = {name: [] for name in names}
        for r in range(args.rounds):
            order = names[r % len(names) :] + names[: r % len(names)]
            got = {}
            for name in order:
                if name == EDITED:
                    runs += 1
                    edit(scratch, text, runs)
                got[name] = cpu_seconds(*jobs[name])
            for name in names:
                times[name].append(got[name])
                ratios[name].append(got[name] / got["python -c pass"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"startup_bench: {args.rounds} rounds, CPU time per process, Python {sys.version.split()[0]}")
    print(f"{'task':32} {'median ms':>10} {'÷ python':>9}")
    for name in names:
        print(f"{name:32} {1000 * statistics.median(times[name]):10.1f} {statistics.median(ratios[name]):9.2f}")
    one = statistics.median(ratios["check one file"])
    every = statistics.median(ratios["check examples"])
    print(f"check one file ÷ python -c pass: {one:.2f} (target ≤ {TARGET_ONE:g}) {'ok' if one <= TARGET_ONE else 'MISSED'}")
    print(
        f"check examples ÷ python -c pass: {every:.2f} (target ≤ {TARGET_ALL:g}) {'ok' if every <= TARGET_ALL else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
