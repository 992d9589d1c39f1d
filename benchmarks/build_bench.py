"""Parallel build benchmark: ``pwib build -j 2`` against ``-j 1`` on one generated workspace.

The workspace is ``pipeline_bench``'s (a catalogue module and many blueprint files, about ten
lines per step; 100k lines by default), written to a temporary folder with a ``pwib.toml``.
Each round runs both builds as whole processes, in an order swapped every round, into
separate output folders, and takes their wall-clock time (parallel work shows in wall-clock
time, not in CPU time); the CPU time of each build's processes is printed next to it (what the
workers cost on top). Times are medians; the ratio is the median of the per-round ratios. The
load average is printed too: the figures mean little on a machine busy with other work.
After the last round the two output trees are compared byte for byte.

Target: build -j 2 ÷ build -j 1 ≤ 0.6.

Usage: ``python benchmarks/build_bench.py [--lines 100000] [--files 100] [--rounds 5]``
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
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


def build(folder: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall-clock and CPU time (user + system, over every process of the build)."""
    argv = [sys.executable, "-m", "pwib_dsl", "build", str(folder), "--out", str(out), "-j", str(jobs), "--quiet"]
    before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
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
        times = {1: [], 2: []}
        cpu = {1: [], 2: []}
        ratios = []
        load_before = _load()
        for r in range(args.rounds):
            got = {}
            for jobs in ((1, 2) if r % 2 == 0 else (2, 1)):
                out = tmp / f"out{jobs}-{r}"
                got[jobs], used = build(ws, out, jobs)
                cpu[jobs].append(used)
            times[1].append(got[1])
            times[2].append(got[2])
            ratios.append(got[2] / got[1])
        identical = same_tree(tmp / "out1-0", tmp / "out2-0")
    ratio = statistics.median(ratios)
    print(f"build_bench: {len(sources)} files, {lines:,} lines, {args.rounds} rounds, Python {sys.version.split()[0]},"
          f" {os.cpu_count()} processors")
    print(f"load average (1, 5, 15 min) before {load_before}, after {_load()}")
    for jobs in (1, 2):
        print(f"build -j {jobs}   median {statistics.median(times[jobs]):.3f} s"
              f" (CPU time of its processes {statistics.median(cpu[jobs]):.3f} s)")
    print(f"build -j 2 ÷ build -j 1: {ratio:.2f} (target ≤ {TARGET:g}) {'ok' if ratio <= TARGET else 'MISSED'}")
    print(f"outputs of -j 1 and -j 2 byte-identical: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
