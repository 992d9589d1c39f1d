"""Parallel build benchmark: ``pwib build -j 2`` against ``-j 1`` on one generated workspace.

The workspace is ``pipeline_bench``'s (a catalogue module and many blueprint files, about ten
lines per step; 100k lines by default), written to a temporary folder with a ``pwib.toml``.
Each round runs both builds as whole processes, in an order swapped every round, into
separate output folders, and takes their wall-clock time (parallel work shows in wall-clock
time, not in CPU time); the CPU time of each build's processes is printed next to it (what the
workers cost on top). Times are medians; the ratio is the median of the per-round ratios. The
load average is printed too: the figures mean little on a machine busy with other work.
After the last round the two output trees are compared byte for byte.

The builds use a cache folder of their own (filled once, untimed, before the first round),
and are timed twice per round:

* ``new files``       — the parses kept in the cache are removed before each build, so every
                        file is parsed (a first build, or every file edited);
* ``unchanged files`` — the parses of the previous build are read back from the cache (a
                        rebuild after editing nothing, or a few files).

Target: build -j 2 ÷ build -j 1 ≤ 0.6.

Usage: ``python benchmarks/build_bench.py [--lines 100000] [--files 100] [--rounds 5]``
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from pipeline_bench import workspace  # noqa: E402

TARGET = 0.6


MODES = ("new files", "unchanged files")


def build(folder: Path, out: Path, jobs: int, cache: Path) -> tuple[float, float]:
    """Wall-clock and CPU time (user + system, over every process of the build)."""
    argv = [sys.executable, "-m", "pwib_dsl", "build", str(folder), "--out", str(out), "-j", str(jobs), "--quiet"]
    env = {**os.environ, "PWIB_CACHE_DIR": str(cache)}
    before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build -j {jobs} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return took, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def same_tree(a: Path, b: Path) -> bool:
    left = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    right = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return left == right and all(filecmp.cmp(a / p, b / p, shallow=False) for p in left)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)

    sources, _yaml = workspace(args.lines, args.files)
    with tempfile.TemporaryDirectory(prefix="pwib-build-bench-") as tmp:
        tmp = Path(tmp)
        ws = tmp / "ws"
        ws.mkdir()
        (ws / "pwib.toml").write_text("", encoding="utf-8")
        for src in sources:
            (ws / src.path).write_text(src.text, encoding="utf-8")
        lines = sum(s.text.count("\n") for s in sources)
        cache = tmp / "cache"
        build(ws, tmp / "warm-up", 1, cache)  # the parser tables and class code, once
        times = {(m, j): [] for m in MODES for j in (1, 2)}
        cpu = {(m, j): [] for m in MODES for j in (1, 2)}
        ratios = {m: [] for m in MODES}
        load_before = _load()
        for r in range(args.rounds):
            for mode in MODES:
                got = {}
                for jobs in ((1, 2) if r % 2 == 0 else (2, 1)):
                    if mode == "new files":
                        shutil.rmtree(cache / "parse", ignore_errors=True)
                    out = tmp / f"out{jobs}-{r}-{MODES.index(mode)}"
                    got[jobs], used = build(ws, out, jobs, cache)
                    times[mode, jobs].append(got[jobs])
                    cpu[mode, jobs].append(used)
                ratios[mode].append(got[2] / got[1])
        identical = all(same_tree(tmp / "out1-0-0", tmp / f"out{j}-0-{m}") for j in (1, 2) for m in (0, 1))
    print(f"build_bench: {len(sources)} files, {lines:,} lines, {args.rounds} rounds, Python {sys.version.split()[0]},"
          f" {os.cpu_count()} processors")
    print(f"load average (1, 5, 15 min) before {load_before}, after {_load()}")
    for mode in MODES:
        for jobs in (1, 2):
            print(f"{mode:<16} build -j {jobs}   median {statistics.median(times[mode, jobs]):.3f} s"
                  f" (CPU time of its processes {statistics.median(cpu[mode, jobs]):.3f} s)")
        ratio = statistics.median(ratios[mode])
        print(f"{mode:<16} build -j 2 ÷ build -j 1: {ratio:.2f} (target ≤ {TARGET:g}) {'ok' if ratio <= TARGET else 'MISSED'}")
    print(f"outputs of -j 1 and -j 2, new and unchanged files, byte-identical: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
