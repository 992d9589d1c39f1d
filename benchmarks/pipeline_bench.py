"""Pipeline benchmark: parse, resolve + check, emit JSON, against PyYAML on the same content.

A seeded generator writes a workspace of many ``.blueprint`` files (one catalogue module, many
blueprint files of several blueprints each, about ten lines per step) and the equivalent
content as YAML. Every task runs in this one process, round-robin with the order rotated each
repetition and ``gc.collect()`` between tasks (outside the timed part). Times are medians;
ratios are medians of per-repetition ratios.

Figures printed:

* ``parse``          — every file to a surface AST (``compile_sources(..., resolve=False)``);
* ``resolve+check``  — name resolution, the resolved model and every check, on parsed files;
* ``emit-json``      — the JSON backend: one document per blueprint, serialised;
* ``yaml-pure``      — ``yaml.load(..., SafeLoader)`` (pure Python) of the equivalent YAML;
* ``yaml-c``         — ``yaml.load(..., CSafeLoader)`` when libyaml is present.

The goals: resolve+check ÷ parse ≤ 0.5; the whole pipeline ÷ yaml-pure ≤ 0.5.

Usage: ``python benchmarks/pipeline_bench.py [--lines 100000] [--files 100] [--reps 5]``
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pwib_dsl.backends import BuildOptions, json_  # noqa: E402
from pwib_dsl.driver import compile_sources  # noqa: E402
from pwib_dsl.sema.analyze import Input, analyze  # noqa: E402
from pwib_dsl.source import SourceFile  # noqa: E402
from pwib_dsl.syntax.parser import parse  # noqa: E402

LANES = ("evidence", "customer", "frontstage", "backstage", "support")
WORDS = ("aanvraag", "gesprek", "controle", "plan", "besluit", "brief", "overleg", "dossier", "toets", "melding")


def catalogue(rng: random.Random, laws: int = 12, measures: int = 25) -> tuple[str, dict]:
    lines = ['module cat "Catalogus"', ""]
    data: dict = {"module": "cat", "laws": [], "measures": [], "components": [], "roles": [], "tiles": []}
    for i in range(laws):
        lines.append(f'law wet{i} "Wet nummer {i}" {{')
        lines.append(f"  bwb BWBR{1000000 + i:07d}")
        arts = []
        for a in range(1, 21):
            lines.append(f'  article {a} "Artikel {a}" {{')
            lines.append(f"    term {rng.randint(4, 12)} weeks max")
            lines.append("  }")
            arts.append({"number": str(a), "title": f"Artikel {a}", "terms": [{"amount": 8, "unit": "weeks", "max": True}]})
        lines.append(f'  source "https://wetten.overheid.nl/BWBR{1000000 + i:07d}"')
        lines.append("  verified")
        lines.append("}")
        data["laws"].append({"name": f"wet{i}", "bwb": f"BWBR{1000000 + i:07d}", "articles": arts})
    for i in range(measures):
        lines.append(f'measure maatregel{i} "Maatregel {i}" {{')
        lines.append(f"  phase {1 + i % 3}")
        lines.append(f"  changes wet{i % laws} art {1 + i % 20} lid 2")
        lines.append("  effective 2026-01-01")
        lines.append('  source "https://example.org/maatregel"')
        lines.append("}")
        data["measures"].append({"name": f"maatregel{i}", "phase": 1 + i % 3, "changes": f"wet{i % laws} art 1 lid 2"})
    for i in range(10):
        lines.append(f'component comp{i} "Component {i}" {{ personal-data source "https://gemmaonline.nl" }}')
        lines.append(f'role rol{i} "Rol {i}" {{ source "https://example.org/rol" }}')
        lines.append(f'tile tegel{i} "Tegel {i}" {{ order {i} source "https://example.org/tegel" }}')
        data["components"].append({"name": f"comp{i}", "personal_data": True})
        data["roles"].append({"name": f"rol{i}"})
        data["tiles"].append({"name": f"tegel{i}", "order": i})
    return "\n".join(lines) + "\n", data


def blueprint_file(rng: random.Random, index: int, target_lines: int) -> tuple[str, list]:
    lines = ["# generated", "use cat", ""]
    docs = []
    b = 0
    while len(lines) + 40 < target_lines or b == 0:
        name = f"bp{index}_{b}"
        b += 1
        lines.append(f'blueprint {name} "Blueprint {name}" {{')
        lines.append('  version "1.0"')
        lines.append("  status concept")
        lines.append(f"  tile tegel{rng.randrange(10)}")
        lines.append(f"  implements maatregel{rng.randrange(25)}")
        for a in range(4):
            lines.append(f"  actor a{a} = rol{a}")
        for s in range(3):
            lines.append(f'  system s{s} "Systeem {s}" = comp{s}')
        doc = {"name": name, "status": "concept", "actors": [f"a{a}" for a in range(4)], "phases": []}
        # 20 steps (about 225 lines) per blueprint; the last one of a file fills what is left
        steps = max(4, min(20, (target_lines - len(lines) - 30) // 11 // 4 * 4))
        for p in range(4):
            lines.append(f'  phase p{p} "Fase {p}" {{')
            phase = {"name": f"p{p}", "steps": []}
            for k in range(steps // 4):
                sid = p * (steps // 4) + k
                is_decision = sid % 7 == 6 or sid == steps - 2  # every blueprint branches
                kw = "decision" if is_decision else "step"
                lines.append(f'    {kw} s{sid} "{rng.choice(WORDS).capitalize()} {sid}" {{')
                step = {"name": f"s{sid}", "kind": kw, "lanes": []}
                for lane in rng.sample(LANES, 3):
                    text = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
                    lines.append(f'      {lane} a{rng.randrange(4)} "{text}"')
                    step["lanes"].append({"lane": lane, "text": text})
                law, art = rng.randrange(12), 1 + rng.randrange(20)
                lines.append(f"      legal wet{law} art {art} lid 1")
                lines.append(f"      system s{sid % 3}")
                lines.append(f"      measure maatregel{rng.randrange(25)}")
                lines.append(f"      emotion {rng.randint(-2, 2)}")
                step["legal"] = f"wet{law} art {art} lid 1"
                if is_decision:
                    lines.append('      outcome beschikking')
                    lines.append(f'      when "ja" -> s{sid + 1}')
                    lines.append("      otherwise -> afgewezen")
                    step["branches"] = [{"when": "ja", "to": f"s{sid + 1}"}, {"otherwise": "afgewezen"}]
                else:
                    lines.append(f'      deadline {rng.randint(1, 4)} weeks')
                lines.append("    }")
                phase["steps"].append(step)
            lines.append("  }")
            doc["phases"].append(phase)
        lines.append('  end klaar "Klaar"')
        lines.append('  end afgewezen "Afgewezen"')
        lines.append("}")
        lines.append("")
        docs.append(doc)
    return "\n".join(lines) + "\n", docs


def workspace(total_lines: int, files: int, seed: int = 7) -> tuple[list[SourceFile], str]:
    import yaml

    rng = random.Random(seed)
    cat_text, cat_data = catalogue(rng)
    sources = [SourceFile("cat.blueprint", cat_text)]
    docs = {"catalogue": cat_data, "files": []}
    per_file = max(200, (total_lines - cat_text.count("\n")) // files)
    for i in range(files):
        text, bps = blueprint_file(rng, i, per_file)
        sources.append(SourceFile(f"f{i:04d}.blueprint", text))
        docs["files"].append({"name": f"f{i:04d}", "blueprints": bps})
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return sources, yaml.dump(docs, Dumper=dumper, sort_keys=False, allow_unicode=True)


def _parse_all(sources):
    return compile_sources(sources, resolve=False)


def _sema(sources, parsed):
    inputs = [Input(s, parsed.files.get(s.path), s.path) for s in sources]
    from pwib_dsl.driver import DiskSources

    return analyze(inputs, lambda src: (parse(src).file, ()), stdlib=None, files=DiskSources())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--no-yaml-pure", action="store_true", help="skip the slow pure-Python YAML peer")
    args = ap.parse_args(argv)

    import yaml

    sources, yaml_text = workspace(args.lines, args.files)
    n_lines = sum(s.text.count("\n") for s in sources)
    n_bytes = sum(len(s.text.encode()) for s in sources)
    print(f"workspace: {len(sources)} files, {n_lines:,} lines, {n_bytes / 1e6:.2f} MB; YAML {len(yaml_text) / 1e6:.2f} MB")
    print(f"python {sys.version.split()[0]}, reps {args.reps}")

    parsed = _parse_all(sources)
    errors = [d for d in parsed.diagnostics if d.severity.value == "error"]
    assert not errors, errors[:3]
    ws, diags = _sema(sources, parsed)[:2]  # the workspace and its diagnostics; the rest is for the server
    errors = [d for d in diags if d.severity.value == "error"]
    assert not errors, errors[:3]
    steps = sum(len(bp.nodes) for bp in ws.blueprints)
    print(f"resolved: {len(ws.blueprints)} blueprints, {steps:,} flow nodes, {len(diags)} diagnostics")

    # Tasks measured round-robin.
    tasks = {
        "parse": lambda: _parse_all(sources),
        "resolve+check": lambda: _sema(sources, parsed),
        "emit-json": lambda: json_.render(ws, BuildOptions(targets=("json",))),
    }
    if not args.no_yaml_pure:
        tasks["yaml-pure"] = lambda: yaml.load(yaml_text, Loader=yaml.SafeLoader)
    if hasattr(yaml, "CSafeLoader"):
        tasks["yaml-c"] = lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader)

    names = list(tasks)
    times: dict[str, list[float]] = {k: [] for k in names}
    for rep in range(args.reps):
        order = names[rep % len(names):] + names[: rep % len(names)]
        for name in order:
            gc.collect()
            t0 = time.perf_counter()
            tasks[name]()
            times[name].append(time.perf_counter() - t0)

    def med(xs):
        return statistics.median(xs)

    def ratio(a, b):
        return med([x / y for x, y in zip(times[a], times[b])])

    print()
    print(f"{'task':<16}{'median s':>10}{'lines/s':>12}")
    for name in names:
        t = med(times[name])
        print(f"{name:<16}{t:>10.3f}{n_lines / t:>12,.0f}")
    print()
    print(f"resolve+check ÷ parse            {ratio('resolve+check', 'parse'):.3f}   (goal ≤ 0.5)")
    whole = [p + s + j for p, s, j in zip(times["parse"], times["resolve+check"], times["emit-json"])]
    if "yaml-pure" in times:
        r = med([x / y for x, y in zip(whole, times["yaml-pure"])])
        print(f"(parse + resolve+check + emit-json) ÷ yaml-pure  {r:.3f}   (goal ≤ 0.5)")
    if "yaml-c" in times:
        r = med([x / y for x, y in zip(whole, times["yaml-c"])])
        print(f"(parse + resolve+check + emit-json) ÷ yaml-c     {r:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
