"""Municipal variants at national scale: 342 municipalities, each varying every national example.

The national workspace is a copy of ``examples/`` (with a ``pwib.toml``). Below it, in
``gemeenten/gNNN/``, every municipality is a workspace whose ``[base]`` is the national one and
which holds, for every national blueprint, a variant with 5–15 changes drawn (seeded) from what
the base offers: a line of policy or a lane line added, a deadline tightened, a toolkit line
removed, a letter reworded, a system swapped for a local one, a step added after another. The
peer is the same tree with plain blueprints instead: every municipality holds a full copy of
the national files, so both builds produce the same number of blueprints of the same size.

Each round builds both trees with ``pwib build NATIONAL`` (which builds every municipality too,
:mod:`pwib_dsl.municipalities`) in fresh processes, in an order swapped every round, and runs
``pwib variant status NATIONAL --format json``, which reports every municipality in one process. Figures are medians of CPU seconds (the
machine may be shared; wall seconds are printed too) and the peak RSS of each process.
Targets: variants build ÷ plain build ≤ 1.5; variant status ÷ variants build ≤ 0.3.

Usage: ``python benchmarks/variant_bench.py [--municipalities 342] [--target json] [-j 1]
[--rounds 1] [--no-status]``. The default target is JSON: the HTML and BPMN of a resolved variant cost the
same as those of a plain blueprint of its size, so leaving them out shows the cost of the
variants themselves most sharply (``--target json,bpmn,html`` builds the full sites).
"""

from __future__ import annotations

import argparse
import os
import random
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

TARGET_BUILD = 1.5
TARGET_STATUS = 0.3

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
from pwib_dsl.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run(argv: list[str], cwd: Path) -> tuple[float, float, int | None, int, str]:
    """(wall seconds, CPU seconds, peak RSS in KiB, exit status, stderr) of one pwib command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _WRAP, *argv], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    data = proc.stdout.read()
    proc.stdout.close()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    text = data.decode("utf-8", "replace")
    peak = next((int(line.split()[1]) for line in text.splitlines() if line.startswith("@VmHWM ")), None)
    return wall, usage.ru_utime + usage.ru_stime, peak, proc.returncode, text


# ------------------------------------------------------------------------------ the variants


def _module(file: str) -> str:
    return file.removesuffix(".blueprint").replace("/", ".")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def base_locks(examples: Path, blueprints) -> dict[str, tuple[str, str]]:
    """National blueprint id → (its content hash, its file's text): what ``pwib variant lock``
    writes into a variant and its snapshot."""
    from pwib_dsl.source import SourceFile
    from pwib_dsl.surface import nodes as n
    from pwib_dsl.syntax.parser import parse
    from pwib_dsl.variants.lock import blueprint_hash

    out = {}
    for bp in blueprints:
        text = (examples / bp.file).read_text(encoding="utf-8")
        tree = parse(SourceFile(bp.file, text)).file
        decl = next(d for d in tree.items if isinstance(d, n.Blueprint) and d.name.text == bp.id)
        out[bp.id] = (blueprint_hash(text, decl), text)
    return out


def variant_text(bp, rng: random.Random, municipality: int, lock: str) -> tuple[str, int]:
    """A variant of the national blueprint ``bp`` with 5–15 changes, and how many it has."""
    wanted = rng.randint(5, 15)
    steps = [n for n in bp.nodes if n.kind == "step"]
    actors = [a.id for a in bp.actors]
    header: list[str] = []
    blocks: dict[str, list[str]] = {}
    tail: list[str] = []
    count = 0
    used_deadline, used_toolkit, used_comm, swapped = set(), set(), set(), set()
    added = 0
    tries = 0
    while count < wanted and tries < 200:
        tries += 1
        kind = rng.choice(("policy", "policy", "lane", "deadline", "toolkit", "letter", "swap", "add"))
        step = rng.choice(steps) if steps else None
        if step is None:
            break
        lines = blocks.setdefault(step.id, [])
        if kind == "policy":
            lines.append(f'    add policy "Lokale afspraak {municipality}.{count} over {step.id}"')
        elif kind == "lane" and actors:
            lines.append(f'    add backstage {rng.choice(actors)} "Lokale werkwijze {municipality}.{count}"')
        elif kind == "deadline" and step.id not in used_deadline and len(step.deadlines) == 1:
            d = step.deadlines[0]
            if d.amount < 2 or d.target is not None:
                continue
            used_deadline.add(step.id)
            lines.append(f'    replace deadline with deadline {d.amount - 1} {d.unit} "lokale norm, korter dan landelijk"')
        elif kind == "toolkit" and step.id not in used_toolkit:
            once = [t for t in step.toolkit if step.toolkit.count(t) == 1]
            if not once:
                continue
            used_toolkit.add(step.id)
            lines.append(f"    remove toolkit {_quoted(once[0])}")
        elif kind == "letter" and step.id not in used_comm:
            channels = [c.channel for c in step.communication]
            once = [c for c in step.communication if c.channel and channels.count(c.channel) == 1]
            if not once:
                continue
            used_comm.add(step.id)
            c = once[0]
            lines.append(f'    replace communication {c.channel} with communication {c.channel}'
                         f' "Eigen tekst van gemeente {municipality}: {c.text[:40]}"')
        elif kind == "swap":
            free = [s for s in bp.systems if s.id not in swapped]
            if not free:
                continue
            system = rng.choice(free)
            swapped.add(system.id)
            local = f"lokaal-{system.id}"
            header.append(f'  system {local} "Lokaal systeem voor {system.title}" {{')
            if system.personal_data:
                header.append("    personal-data")
            header.append('    description "Het eigen systeem van de gemeente, een lokaal product."')
            header.append("  }")
            header.append(f"  swap system {system.id} -> {local}")
        elif kind == "add" and actors and step.next is not None:
            added += 1
            tail.append(f'  add step lokaal-{added} "Lokale stap {added}" after {step.id} {{')
            tail.append(f'    customer {actors[0]} "Krijgt een extra contactmoment van de gemeente"')
            tail.append("  }")
        else:
            continue
        count += 1
    body = [f'  lock "{lock}"', f'  owner "Gemeente {municipality:03d}"', *header]
    for node_id, lines in blocks.items():
        if lines:
            body.append(f"  change step {node_id} {{")
            body.extend(lines)
            body.append("  }")
    body.extend(tail)
    module = _module(bp.file)
    text = (
        f"use {module}\n\n"
        f'variant {bp.id} "{bp.title} (gemeente {municipality:03d})" of {module}.{bp.id} {{\n'
        + "\n".join(body) + "\n}\n"
    )
    return text, count


def write_trees(tmp: Path, count: int, seed: int) -> tuple[Path, Path, int, int]:
    """The variant tree and the plain tree; the number of variants and of changes."""
    from pwib_dsl import api

    national = api.compile_workspace([str(ROOT / "examples")])
    if national.workspace is None or national.has_errors:
        raise SystemExit("the examples do not compile")
    trees = []
    for name in ("variants", "plain"):
        nat = tmp / name
        shutil.copytree(ROOT / "examples", nat, ignore=shutil.ignore_patterns("gemeenten", "README.md", "pwib.toml"))
        (nat / "pwib.toml").write_text("", encoding="utf-8")
        trees.append(nat)
    rng = random.Random(seed)
    locks = base_locks(ROOT / "examples", national.workspace.blueprints)
    variants = changes = 0
    files = [p for p in sorted((ROOT / "examples").rglob("*.blueprint")) if "gemeenten" not in p.parts]
    for m in range(1, count + 1):
        for tree in trees:
            folder = tree / "gemeenten" / f"g{m:03d}"
            folder.mkdir(parents=True)
            (folder / "pwib.toml").write_text('[base]\npath = "../.."\n', encoding="utf-8")
        for bp in national.workspace.blueprints:
            lock, base_text = locks[bp.id]
            text, n = variant_text(bp, rng, m, lock)
            folder = trees[0] / "gemeenten" / f"g{m:03d}"
            (folder / f"{bp.id}.blueprint").write_text(text, encoding="utf-8")
            snapshots = folder / ".pwib" / "variants"
            snapshots.mkdir(parents=True, exist_ok=True)
            (snapshots / f"{bp.id}.base.blueprint").write_text(base_text, encoding="utf-8")
            variants += 1
            changes += n
        for path in files:
            rel = path.relative_to(ROOT / "examples")
            (trees[1] / "gemeenten" / f"g{m:03d}" / rel.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return trees[0], trees[1], variants, changes


# ------------------------------------------------------------------------------ main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--municipalities", type=int, default=342)
    ap.add_argument("--target", default="json")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--no-status", action="store_true", help="time the builds only")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pwib-variant-bench-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        variants_root, plain_root, variants, changes = write_trees(tmp, args.municipalities, args.seed)
        made = time.perf_counter() - t0
        lines = {
            name: sum(p.read_text(encoding="utf-8").count("\n") for p in root.rglob("*.blueprint")
                      if ".pwib" not in p.parts)
            for name, root in (("variants", variants_root), ("plain", plain_root))
        }
        print(f"variant_bench: {args.municipalities} municipalities × {variants // args.municipalities} national"
              f" blueprints = {variants} variants with {changes} changes ({changes / variants:.1f} each);"
              f" source lines: variants {lines['variants']:,}, plain {lines['plain']:,};"
              f" generated in {made:.1f} s; target {args.target}, -j {args.jobs}, {args.rounds} round(s),"
              f" Python {sys.version.split()[0]}")
        got: dict[str, list[tuple[float, float, int | None]]] = {"variants": [], "plain": [], "status": []}
        for r in range(args.rounds):
            order = (("variants", variants_root), ("plain", plain_root))
            for name, root in (order if r % 2 == 0 else order[::-1]):
                out = tmp / f"out-{name}-{r}"
                wall, cpu, peak, code, text = run(
                    ["build", str(root), "--out", str(out), "--target", args.target, "-j", str(args.jobs),
                     "--quiet", "--format", "short"], ROOT)
                if code != 0:
                    print(text[-3000:])
                    raise SystemExit(f"build of the {name} tree failed ({code})")
                got[name].append((wall, cpu, peak))
            if args.no_status:
                continue
            wall, cpu, peak, code, text = run(["variant", "status", str(variants_root), "--format", "json"], ROOT)
            if code not in (0, 1):
                print(text[-3000:])
                raise SystemExit(f"variant status failed ({code})")
            got["status"].append((wall, cpu, peak))

    def med(name: str, i: int) -> float:
        return statistics.median(v[i] for v in got[name])

    def peak(name: str) -> str:
        values = [v[2] for v in got[name] if v[2] is not None]
        return f"{max(values) / 1024:.0f} MB" if values else "n/a"

    build_ratio = med("variants", 1) / med("plain", 1)
    for name, label in (("plain", "build, plain blueprints"), ("variants", "build, variants"),
                        ("status", "variant status, all municipalities")):
        if not got[name]:
            continue
        print(f"  {label:<36} CPU {med(name, 1):7.2f} s   wall {med(name, 0):7.2f} s   peak RSS {peak(name)}")
    print(f"  variants build ÷ plain build (CPU):   {build_ratio:.2f}  (target ≤ {TARGET_BUILD})"
          f"  {'ok' if build_ratio <= TARGET_BUILD else 'MISSED'}")
    if got["status"]:
        status_ratio = med("status", 1) / med("variants", 1)
        print(f"  variant status ÷ variants build (CPU): {status_ratio:.2f}  (target ≤ {TARGET_STATUS})"
              f"  {'ok' if status_ratio <= TARGET_STATUS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
