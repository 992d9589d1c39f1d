"""Formatter and semantic-diff benchmark on a generated 100k-line workspace.

A seeded generator writes a workspace of ``.blueprint`` files (a catalogue module and many
blueprint files; about 5% comment lines, every fourth file laid out badly: wrong indentation,
several statements per line, runs of blank lines) and a second version of it with about one
change per blueprint (a lane text, a legal basis, a retitled step, a reordered step, an added
step). Tasks run in one process, round-robin, order rotated each repetition, ``gc.collect()``
outside the timed part; times are medians and ratios are medians of per-repetition ratios.

In-process tasks (all files of the workspace):

* ``parse``          — parse every file (the floor: the formatter and the diff parse first);
* ``fmt``            — ``format_source``: parse, print, and the safety re-parse of changed files;
* ``fmt-1pass``      — parse and print only (``verify=False``);
* ``diff``           — parse both versions and compare them (``pwib diff OLD NEW`` minus I/O,
                        with the cycle collector paused as the command does);
* ``compare``        — the comparison alone, on parsed files;
* ``difflib`` (peer) — ``difflib.unified_diff`` of every file pair (a line diff in pure Python).

End to end, each once per repetition in a fresh process (peak RSS from ``wait4``):

* ``pwib fmt --check``, ``pwib fmt`` (rewriting a copy), ``pwib diff``, and the peer
  ``git diff --no-index --stat`` (a C line diff) on the same two folders.

Usage: ``python benchmarks/fmt_diff_bench.py [--lines 100000] [--files 100] [--reps 3]``
"""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pwib_dsl.commands.diff import _no_cycle_collection  # noqa: E402
from pwib_dsl.diff import Side, compare  # noqa: E402
from pwib_dsl.fmt import format_source  # noqa: E402
from pwib_dsl.source import SourceFile  # noqa: E402
from pwib_dsl.syntax.parser import parse  # noqa: E402

LANES = ("evidence", "customer", "frontstage", "backstage", "support")
WORDS = ("aanvraag", "gesprek", "controle", "plan", "besluit", "brief", "overleg", "dossier", "toets", "melding")


def catalogue() -> str:
    lines = ['module cat "Catalogus"', ""]
    for i in range(12):
        lines += [f'law wet{i} "Wet nummer {i}" {{', f"  bwb BWBR{1000000 + i:07d}"]
        for a in range(1, 21):
            lines += [f'  article {a} "Artikel {a}" {{', "    term 8 weeks max", "  }"]
        lines += [f'  source "https://wetten.overheid.nl/BWBR{1000000 + i:07d}"', "  verified", "}", ""]
    for i in range(10):
        lines += [f'role rol{i} "Rol {i}" {{', '  source "https://example.org/rol"', "}"]
    return "\n".join(lines) + "\n"


def blueprint_file(rng: random.Random, index: int, target: int) -> str:
    lines = [f"# Bestand {index}: gegenereerd voor de benchmark", "use cat", ""]
    b = 0
    while len(lines) < target:
        name = f"bp{index}_{b}"
        b += 1
        lines += [f'blueprint {name} "Blueprint {name}" {{', '  version "1.0"', "  status concept"]
        lines += [f"  actor a{a} = cat.rol{a}" for a in range(4)]
        for p in range(4):
            lines += ["", f"  # fase {p}", f'  phase p{p} "Fase {p}" {{']
            for k in range(10):
                sid = p * 10 + k
                kw = "decision" if sid % 7 == 6 else "step"
                lines.append(f'    {kw} s{sid} "{rng.choice(WORDS).capitalize()} {sid}" {{')
                for lane in rng.sample(LANES, 3):
                    comment = " # toelichting" if rng.random() < 0.05 else ""
                    lines.append(f'      {lane} a{rng.randrange(4)} "{rng.choice(WORDS)} {rng.choice(WORDS)}"{comment}')
                lines.append(f"      legal wet{rng.randrange(12)} art {1 + rng.randrange(20)} lid 1")
                lines.append(f"      emotion {rng.randint(-2, 2)}")
                if kw == "decision":
                    lines += [f'      when "ja" -> s{sid + 1}', "      otherwise -> afgewezen"]
                else:
                    lines.append(f"      deadline {rng.randint(1, 4)} weeks")
                lines.append("    }")
            lines.append("  }")
        lines += ['  end klaar "Klaar"', '  end afgewezen "Afgewezen"', "}", ""]
    return "\n".join(lines)


def messy(text: str, rng: random.Random) -> str:
    """The same file laid out badly: indentation, joined lines, blank runs, trailing spaces."""
    out: list[str] = []
    for line in text.split("\n"):
        line = " " * rng.randrange(7) + line.strip() + " " * rng.randrange(2)
        if out and "#" not in out[-1] and rng.random() < 0.2:
            out[-1] += " " + line
        else:
            out.append(line)
        if rng.random() < 0.03:
            out += ["", "", ""]
    return "\n".join(out)


def edited(text: str, rng: random.Random) -> str:
    """About one semantic change per blueprint."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        s = line.strip()
        if rng.random() > 0.004:
            continue
        if s.startswith("legal "):
            lines[i] = line.replace(" lid 1", " lid 2")
        elif s.startswith(LANES):
            lines[i] = line.replace('"', '"gewijzigd ', 1)
        elif s.startswith("step "):
            lines[i] = line.replace('" {', ' (nieuw)" {')
        elif s.startswith("emotion"):
            lines[i] = line + '\n      pain "nieuw pijnpunt"'
    return "\n".join(lines) + "\n"


def generate(folder: Path, total_lines: int, files: int, seed: int = 11) -> tuple[Path, Path]:
    rng = random.Random(seed)
    old, new = folder / "old", folder / "new"
    old.mkdir()
    new.mkdir()
    cat = catalogue()
    (old / "cat.blueprint").write_text(cat, encoding="utf-8")
    (new / "cat.blueprint").write_text(cat.replace("term 8 weeks max", "term 6 weeks max", 3), encoding="utf-8")
    per_file = max(200, (total_lines - cat.count("\n")) // files)
    for i in range(files):
        text = blueprint_file(rng, i, per_file)
        if i % 4 == 3:
            text = messy(text, rng)
        (old / f"f{i:04d}.blueprint").write_text(text, encoding="utf-8")
        (new / f"f{i:04d}.blueprint").write_text(edited(text, rng), encoding="utf-8")
    return old, new


def _sources(folder: Path) -> list[SourceFile]:
    return [SourceFile(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.blueprint"))]


def _side(label: str, sources: list[SourceFile]) -> Side:
    return Side(label, tuple((s.path, parse(s).file) for s in sources), workspace=True)


# Peak memory is read from /proc/self/status (VmHWM) as the child exits: ru_maxrss would
# include the memory of this process, which the child inherits between fork and exec.
_WRAP = """\
import atexit, sys
def _peak():
    with open('/proc/self/status') as fh:
        for line in fh:
            if line.startswith('VmHWM:'):
                sys.stderr.write('@VmHWM ' + line.split()[1] + '\\n')
atexit.register(_peak)
if sys.argv[1:] == ['--imports-only']:
    import pwib_dsl.cli, pwib_dsl.fmt, pwib_dsl.diff
else:
    from pwib_dsl.cli import main
    sys.exit(main(sys.argv[1:]))
"""


def _parse_each(sources: list[SourceFile]) -> None:
    """Parse every file, keeping no tree alive (as ``pwib fmt`` goes file by file)."""
    for s in sources:
        parse(s)


def _diff(old: list[SourceFile], new: list[SourceFile]):
    """Parse both versions and compare them, as ``pwib diff`` does (cycle collector paused)."""
    with _no_cycle_collection():
        return compare(_side("old", old), _side("new", new))


def _run_child(argv: list[str], cwd: Path) -> tuple[float, float, int | None, int]:
    """(wall seconds, CPU seconds, peak RSS in KiB or None, exit status) of one command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    peak = None
    for line in err.decode("utf-8", "replace").splitlines():
        if line.startswith("@VmHWM "):
            peak = int(line.split()[1])
    return wall, usage.ru_utime + usage.ru_stime, peak, os.waitstatus_to_exitcode(status)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pwib-fmt-bench-") as tmp:
        root = Path(tmp)
        old_dir, new_dir = generate(root, args.lines, args.files)
        old, new = _sources(old_dir), _sources(new_dir)
        n_lines = sum(s.text.count("\n") + 1 for s in old)
        n_bytes = sum(len(s.text.encode()) for s in old)
        both_bytes = n_bytes + sum(len(s.text.encode()) for s in new)
        print(f"workspace: {len(old)} files, {n_lines:,} lines, {n_bytes / 1e6:.2f} MB; python {sys.version.split()[0]}")

        reformatted = sum(1 for s in old if format_source(s).changed)
        old_side, new_side = _side("old", old), _side("new", new)
        changes = compare(old_side, new_side).changes
        print(f"fmt would change {reformatted} files; the diff finds {len(changes)} changes")

        tasks = {
            "parse": lambda: _parse_each(old),
            "fmt": lambda: [format_source(s) for s in old],
            "fmt-1pass": lambda: [format_source(s, verify=False) for s in old],
            "diff": lambda: _diff(old, new),
            "compare": lambda: compare(old_side, new_side),
            "difflib": lambda: [
                list(difflib.unified_diff(a.text.splitlines(True), b.text.splitlines(True))) for a, b in zip(old, new)
            ],
        }
        names = list(tasks)
        times: dict[str, list[float]] = {k: [] for k in names}
        for rep in range(args.reps):
            for name in names[rep % len(names):] + names[: rep % len(names)]:
                gc.collect()
                t0 = time.perf_counter()
                tasks[name]()
                times[name].append(time.perf_counter() - t0)

        pwib = [sys.executable, "-c", _WRAP]
        children = {
            "baseline (imports only)": ([*pwib, "--imports-only"], None),
            "pwib fmt --check": ([*pwib, "fmt", "--check", "old"], None),
            "pwib fmt (rewrite)": ([*pwib, "fmt", "copy"], "copy"),
            "pwib diff": ([*pwib, "diff", "old", "new"], None),
            "git diff --no-index (peer)": (["git", "diff", "--no-index", "--stat", "old", "new"], None),
        }
        child_runs: dict[str, list[tuple[float, float, int | None, int]]] = {k: [] for k in children}
        for rep in range(args.reps):
            for name, (cmd, needs_copy) in children.items():
                if needs_copy:
                    shutil.rmtree(root / "copy", ignore_errors=True)
                    shutil.copytree(old_dir, root / "copy")
                if cmd[0] == "git" and shutil.which("git") is None:
                    continue
                child_runs[name].append(_run_child(cmd, root))

    med = statistics.median

    def ratio(a: str, b: str) -> float:
        return med([x / y for x, y in zip(times[a], times[b])])

    print()
    print(f"{'in-process task':<22}{'median s':>10}{'lines/s':>12}")
    for name in names:
        t = med(times[name])
        print(f"{name:<22}{t:>10.3f}{n_lines / t:>12,.0f}")
    print()
    print(f"fmt ÷ parse                {ratio('fmt', 'parse'):.2f}   (the printer and the safety re-parse on top of parsing)")
    print(f"fmt-1pass ÷ parse          {ratio('fmt-1pass', 'parse'):.2f}")
    print(f"compare ÷ parse            {ratio('compare', 'parse'):.3f}   (the diff itself is cheap next to parsing)")
    print(f"diff ÷ difflib (peer)      {ratio('diff', 'difflib'):.2f}")
    print()
    print(f"{'end to end':<30}{'wall s':>9}{'CPU s':>9}{'peak RSS MB':>13}{'exit':>6}")
    for name, runs in child_runs.items():
        if not runs:
            print(f"{name:<30}{'(not available)':>31}")
            continue
        peaks = [r[2] for r in runs if r[2] is not None]
        rss = f"{med(peaks) / 1024:.1f}" if peaks else "-"
        print(f"{name:<30}{med(r[0] for r in runs):>9.3f}{med(r[1] for r in runs):>9.3f}{rss:>13}{runs[-1][3]:>6}")
    base = med(r[2] for r in child_runs["baseline (imports only)"]) / 1024
    for name, size in (("pwib fmt --check", n_bytes), ("pwib diff", both_bytes)):
        rss = med(r[2] for r in child_runs[name]) / 1024
        print(f"{name}: peak RSS {rss - base:.1f} MB over the baseline for {size / 1e6:.2f} MB of input"
              f" ({(rss - base) / (size / 1e6):.1f}× the input)")
    if child_runs["git diff --no-index (peer)"]:
        g = med(r[1] for r in child_runs["git diff --no-index (peer)"])
        d = med(r[1] for r in child_runs["pwib diff"])
        print(f"pwib diff ÷ git diff --no-index (peer), CPU: {d / max(g, 1e-3):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
