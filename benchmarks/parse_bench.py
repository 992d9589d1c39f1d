"""Parse benchmark: ``.blueprint`` text → surface AST, against PyYAML on the same content.

For 1k, 10k and 100k lines, ``blueprint_gen`` writes a blueprint file and the same facts as
YAML (dumped once, block style). In one process, round-robin with the order rotated each
repetition and ``gc.collect()`` between tasks (outside the timed part, like freeing the
result), it times:

* ``parse``     — :func:`pwib_dsl.syntax.parser.parse` (lexing, LALR, inline lowering to the
  frozen AST, comment capture, syntax checks) — exactly what every command runs first;
* ``yaml-pure`` — ``yaml.load(text, SafeLoader)``, PyYAML's pure-Python loader;
* ``yaml-c``    — ``yaml.load(text, CSafeLoader)`` when PyYAML has libyaml.

All tasks run under the same GC settings (``--gc on``, the default, or ``off``). Times are
medians; ratios are medians of the per-repetition ratios. Peak memory is what one parse
allocates at most (``tracemalloc``, in a child process, after a warm-up parse), also shown
as a multiple of the input size.

Targets: parse ÷ yaml-pure ≤ 0.4; t(100k) ÷ t(10k) ≤ 11.

``--profile`` also prints, for each size, where the memory of one parse goes: the peak and what
stays allocated after it, the types of the objects the resulting tree holds (count and bytes)
and the source lines that allocated what stays.

Usage: ``python benchmarks/parse_bench.py [--sizes 1000,10000,100000] [--reps 21,9,5] [--gc on|off] [--profile]``
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from blueprint_gen import generate  # noqa: E402

from pwib_dsl.source import SourceFile  # noqa: E402
from pwib_dsl.syntax.parser import parse  # noqa: E402

TARGET_RATIO = 0.4
TARGET_GROWTH = 11.0


def fixtures(lines: int) -> tuple[str, str]:
    import yaml

    text, doc = generate(lines)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return text, yaml.dump(doc, Dumper=dumper, default_flow_style=False, allow_unicode=True, sort_keys=False)


def tasks(text: str, yaml_text: str) -> dict:
    import yaml

    source = SourceFile("bench.blueprint", text)

    def run_parse():
        result = parse(source)
        assert result.file is not None and not result.diagnostics, result.diagnostics[:3]
        return result

    out = {"parse": run_parse, "yaml-pure": lambda: yaml.load(yaml_text, Loader=yaml.SafeLoader)}
    if hasattr(yaml, "CSafeLoader"):
        out["yaml-c"] = lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader)
    return out


def measure(lines: int, reps: int, gc_on: bool) -> dict:
    text, yaml_text = fixtures(lines)
    todo = tasks(text, yaml_text)
    names = list(todo)
    times: dict[str, list[float]] = {n: [] for n in names}
    for rep in range(reps):
        order = names[rep % len(names) :] + names[: rep % len(names)]
        for name in order:
            gc.collect()
            if not gc_on:
                gc.disable()
            start = time.perf_counter()
            result = todo[name]()
            times[name].append(time.perf_counter() - start)
            # freeing the tree is not part of reading it (for every task alike)
            del result
            gc.enable()
    real_lines = text.count("\n")
    result = {"lines": real_lines, "bytes": len(text.encode()), "yaml_bytes": len(yaml_text.encode()), "reps": reps}
    for name in names:
        result[name] = statistics.median(times[name])
    for peer in ("yaml-pure", "yaml-c"):
        if peer in times:
            result[f"parse/{peer}"] = statistics.median(p / q for p, q in zip(times["parse"], times[peer]))
    return result


def child_memory(path: str, profile: bool) -> None:
    """In a child process: print the peak memory (bytes) allocated while parsing ``path``.

    ``tracemalloc`` counts what the parse allocates (the process's RSS peak is set earlier,
    by building the parser tables); the parser is warmed up on a small file first. With
    ``profile``, also what stays allocated, by object type and by allocating line.
    """
    text = Path(path).read_text(encoding="utf-8")
    source = SourceFile("bench.blueprint", text)
    parse(SourceFile("warm.blueprint", generate(300)[0]))
    gc.collect()
    tracemalloc.start()
    result = parse(source)
    retained, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot() if profile else None
    tracemalloc.stop()
    assert result.file is not None
    out = {"peak": peak}
    if profile:
        out["retained"] = retained
        out["types"] = tree_types(result.file)
        stats = snapshot.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)]).statistics("lineno")
        out["lines"] = [(f"{s.traceback[0].filename.split('/')[-1]}:{s.traceback[0].lineno}", s.count, s.size) for s in stats[:12]]
    print(json.dumps(out))


def tree_types(root) -> list[tuple[str, int, int]]:
    """``(type, count, bytes)`` of every object reachable from ``root``, most bytes first.

    Shared objects count once (an interned name used by a thousand nodes is one string).
    """
    seen: set[int] = set()
    count: dict[str, int] = {}
    size: dict[str, int] = {}
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, type):
            continue
        seen.add(id(obj))
        name = type(obj).__name__
        count[name] = count.get(name, 0) + 1
        size[name] = size.get(name, 0) + sys.getsizeof(obj)
        if hasattr(obj, "__dict__"):
            size[name] += sys.getsizeof(obj.__dict__)
        todo.extend(gc.get_referents(obj))
    return sorted(((k, count[k], size[k]) for k in size), key=lambda t: -t[2])[:12]


def memory(text: str, profile: bool = False) -> dict:
    """Peak bytes allocated by one parse of ``text`` (and with ``profile``, where they go),
    measured in a child process."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.blueprint"
        path.write_text(text, encoding="utf-8")
        cmd = [sys.executable, __file__, "--child-memory", str(path)] + (["--profile"] if profile else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def print_profile(lines: int, mem: dict) -> None:
    mb = 2**20
    print(f"  profile at {lines:,} lines: peak {mem['peak'] / mb:.1f}MB, retained after the parse {mem['retained'] / mb:.1f}MB")
    print(f"  {'type in the tree':<24} {'count':>9} {'MB':>7}")
    for name, count, size in mem["types"]:
        print(f"  {name:<24} {count:>9,} {size / mb:>7.2f}")
    print(f"  {'allocated (retained) at':<40} {'count':>9} {'MB':>7}")
    for where, count, size in mem["lines"]:
        print(f"  {where:<40} {count:>9,} {size / mb:>7.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--reps", default="21,9,5")
    ap.add_argument("--gc", choices=("on", "off"), default="on")
    ap.add_argument("--profile", action="store_true", help="print where the memory of one parse goes")
    ap.add_argument("--child-memory", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_memory:
        child_memory(args.child_memory, args.profile)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    reps = [int(r) for r in args.reps.split(",")]
    reps += [reps[-1]] * (len(sizes) - len(reps))
    import yaml

    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__} (libyaml: {hasattr(yaml, 'CSafeLoader')}), gc {args.gc}")
    header = f"{'lines':>8} {'reps':>4} {'parse lines/s':>14} {'yaml-pure l/s':>14} {'yaml-c l/s':>12}"
    header += f" {'parse÷pure':>11} {'parse÷C':>8} {'peak mem':>10} {'×bytes':>7}"
    print(header)
    results = []
    for lines, n in zip(sizes, reps):
        r = measure(lines, n, args.gc == "on")
        mem = memory(generate(lines)[0], args.profile)
        rss = r["rss"] = mem["peak"]
        results.append(r)
        c = f"{r['lines'] / r['yaml-c']:>12,.0f}" if "yaml-c" in r else f"{'-':>12}"
        ratio_c = f"{r['parse/yaml-c']:>8.2f}" if "parse/yaml-c" in r else f"{'-':>8}"
        print(
            f"{r['lines']:>8,} {n:>4} {r['lines'] / r['parse']:>14,.0f} {r['lines'] / r['yaml-pure']:>14,.0f} {c}"
            f" {r['parse/yaml-pure']:>11.2f} {ratio_c} {rss / 2**20:>8.1f}MB {rss / r['bytes']:>7.1f}"
        )
        if args.profile:
            print_profile(r["lines"], mem)
    failed = []
    worst = max(r["parse/yaml-pure"] for r in results)
    print(f"target parse ÷ yaml-pure ≤ {TARGET_RATIO}: worst {worst:.2f}", "ok" if worst <= TARGET_RATIO else "FAILED")
    if worst > TARGET_RATIO:
        failed.append("ratio")
    for small, big in zip(results, results[1:]):
        growth = big["parse"] / small["parse"]
        scale = big["lines"] / small["lines"]
        bound = TARGET_GROWTH * scale / 10
        verdict = "ok" if growth <= bound else "FAILED"
        print(f"growth {small['lines']:,} → {big['lines']:,} lines (×{scale:.1f}): time ×{growth:.1f} (target ≤ {bound:.1f}) {verdict}")
        if growth > bound:
            failed.append("growth")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
