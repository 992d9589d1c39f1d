"""Impact benchmark: ``pwib impact`` over the examples against ``pwib check`` of the same workspace.

Both commands run as fresh processes (what a user or a CI job runs), round-robin with the
order alternated each repetition. Per task: the median wall time and the median peak resident
memory of the process (``ru_maxrss`` from ``os.wait4``, per child). Ratios are medians of
per-repetition ratios. The impact run compares the versions in force on the two dates given
(default 2025-06-01 → 2026-06-01: the examples' snapshots of the Pw of 2025-01-01 and
2026-01-01 and of the Wgs of 2022-01-01 and 2026-01-01) and writes JSON; it exits 1 because
something is affected, which is expected here.

With ``--synthetic LINES`` the workspace is generated instead (the seeded workspace of
``pipeline_bench.py``: 12 laws of 20 articles, blueprints citing ``lid 1`` of them) with two
snapshot versions per law (2025-01-01, 2026-01-01) in which every third article's lid 1 changes,
so the report is large. (The 342-municipality workspace of the issue needs municipal variants,
which the language does not have yet.)

The goal: impact ÷ check ≤ 1.5 in time and in peak memory.

Usage: ``python benchmarks/impact_bench.py [--reps 7] [--from DATE] [--to DATE] [--synthetic LINES] [PATH]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(argv: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in KiB, exit status) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode


def synthetic(folder: Path, lines: int) -> str:
    """Write the generated workspace and its snapshots into ``folder``; its path."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from pipeline_bench import workspace

    from pwib_dsl.law import store
    from pwib_dsl.law.model import LawArticle, Lid, Snapshot, Source
    from pwib_dsl.law.text import digest

    sources, _yaml = workspace(lines, max(10, lines // 1000))
    ws = folder / "ws"
    ws.mkdir()
    (ws / "pwib.toml").write_text("", encoding="utf-8")
    for src in sources:
        (ws / src.path).write_text(src.text, encoding="utf-8")
    terms: dict[tuple[int, int], str] = {}  # (law, article) → the catalogue's term, stated in the text
    law_no = art_no = 0
    for line in sources[0].text.splitlines():
        words = line.split()
        if line.startswith("law wet"):
            law_no = int(words[1][3:])
        elif words[:1] == ["article"]:
            art_no = int(words[1])
        elif words[:1] == ["term"]:
            terms[(law_no, art_no)] = words[1]
    snaps = []
    for law in range(12):
        bwb = f"BWBR{1000000 + law:07d}"
        for version in ("2025-01-01", "2026-01-01"):
            arts = []
            for a in range(1, 21):
                leden = []
                for n in range(1, 4):
                    changed = version == "2026-01-01" and n == 1 and a % 3 == 0
                    text = (f"Het college beslist binnen {terms.get((law, a), 8)} weken over de aanvraag "
                            f"(artikel {a}, lid {n}{', gewijzigd' if changed else ''}).")
                    leden.append(Lid(str(n), text, digest(text)))
                whole = " ".join(f"{x.number} {x.text}" for x in leden)
                arts.append(LawArticle(str(a), whole, digest(whole), None, tuple(leden)))
            snaps.append(Snapshot(bwb, version, f"wet{law}", tuple(arts), Source("synthetic", "-", "-")))
    store.write_all(ws / "law", snaps)
    return str(ws)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default="examples")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--from", dest="date_from", default="2025-06-01")
    ap.add_argument("--to", dest="date_to", default="2026-06-01")
    ap.add_argument("--synthetic", type=int, metavar="LINES", help="generate a workspace of about LINES lines")
    args = ap.parse_args()
    if args.synthetic:
        import tempfile

        tmp = tempfile.TemporaryDirectory(prefix="impact-bench-")
        args.path = synthetic(Path(tmp.name), args.synthetic)
    py = sys.executable
    tasks = {
        "check": [py, "-m", "pwib_dsl", "check", "--format", "short", args.path],
        "impact": [py, "-m", "pwib_dsl", "impact", args.path, "--from", args.date_from, "--to", args.date_to,
                   "--format", "json"],
    }
    expected = {"check": (0,), "impact": (0, 1)}
    for name, argv in tasks.items():  # warm the file cache and the parser table cache
        _, _, status = run(argv)
        if status not in expected[name]:
            print(f"{name} failed with exit status {status}: {' '.join(argv)}", file=sys.stderr)
            return 2
    times: dict[str, list[float]] = {k: [] for k in tasks}
    peaks: dict[str, list[int]] = {k: [] for k in tasks}
    for rep in range(args.reps):
        order = list(tasks) if rep % 2 == 0 else list(reversed(tasks))
        for name in order:
            elapsed, peak, _status = run(tasks[name])
            times[name].append(elapsed)
            peaks[name].append(peak)
    print(f"impact_bench: {args.path}, {args.date_from} → {args.date_to}, {args.reps} repetitions, fresh processes")
    for name in tasks:
        print(f"  {name:<7} time {statistics.median(times[name]) * 1000:8.1f} ms   "
              f"peak RSS {statistics.median(peaks[name]) / 1024:7.1f} MiB")
    t_ratio = statistics.median(i / c for i, c in zip(times["impact"], times["check"]))
    m_ratio = statistics.median(i / c for i, c in zip(peaks["impact"], peaks["check"]))
    goal = 1.5
    print(f"  impact ÷ check: time {t_ratio:.2f}×, peak memory {m_ratio:.2f}× (goal ≤ {goal}×: "
          f"{'met' if t_ratio <= goal and m_ratio <= goal else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
