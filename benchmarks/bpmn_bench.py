"""BPMN backend benchmark: emission (layout included) of generated blueprints of 100, 1,000 and
5,000 steps, against the JSON backend on the same model.

A seeded generator builds resolved models directly (no parsing): four actors, three systems,
phases of 25 nodes, every node with lane entries, about a third with legal citations, one in
eight with a deadline, and every tenth node a decision with two or three branches (one
``otherwise``, one of them a loop back) that rejoin the main line. Per size, in this one
process, round-robin with the order rotated each repetition and ``gc.collect()`` between tasks:

* ``bpmn``  — ``pwib_dsl.backends.bpmn.render`` (semantics, layout, routing, XML);
* ``json``  — ``pwib_dsl.backends.json_.render`` on the same workspace (the peer);

Times are medians; ``bpmn÷json`` is the median of per-repetition ratios. Peak memory is the
``tracemalloc`` peak of one extra run of each task. ``growth`` is the time per step relative to
the smallest size: near 1.0 means linear, but on a shared 2-core host wall-clock growth also
picks up noise and cache effects (the JSON peer shows them too). ``calls/step`` — Python
function calls per step in one profiled run — is the noise-free linearity figure: constant
across sizes means the work per step does not grow.

Usage: ``python benchmarks/bpmn_bench.py [--sizes 100,1000,5000] [--reps 5] [--seed 7]``
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pwib_dsl.backends import BuildOptions  # noqa: E402
from pwib_dsl.backends import json_ as json_backend  # noqa: E402
from pwib_dsl.backends.bpmn import render as render_bpmn  # noqa: E402
from pwib_dsl.sema import model as m  # noqa: E402

WORDS = ("aanvraag", "gesprek", "controle", "plan", "besluit", "brief", "overleg", "dossier",
         "toets", "melding", "beschikking", "afspraak")
LANES = ("customer", "frontstage", "backstage", "support")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def generate(steps: int, seed: int) -> m.Workspace:
    """A workspace with one blueprint of about ``steps`` flow nodes."""
    rng = random.Random(seed)
    actors = tuple(m.Actor(f"actor{i}", f"Actor {i}") for i in range(4))
    systems = tuple(m.System(f"sys{i}", f"Systeem {i}", personal_data=i == 0) for i in range(3))
    ids = [f"s{i:05d}" for i in range(steps)] + ["klaar"]
    nodes: list[m.FlowNode] = []
    phases = []
    for i, nid in enumerate(ids[:-1]):
        phase = f"fase{i // 25}"
        if i % 25 == 0:
            phases.append((phase, []))
        phases[-1][1].append(nid)
        lanes = tuple(
            m.LaneEntry(rng.choice(LANES), _text(rng, 5), rng.choice(actors).id if rng.random() < .8 else None)
            for _ in range(rng.randint(1, 3)))
        legal = ()
        if rng.random() < .35:
            article = str(rng.randint(1, 20))
            jci = f"jci1.3:c:BWBR0031331&artikel={article}"
            legal = (m.Citation("wet.wgs", "wgs", "Wet gemeentelijke schuldhulpverlening", article,
                                f"Wgs art. {article}", f"https://wetten.overheid.nl/{jci}", jci),)
        common = dict(
            phase=phase, lanes=lanes, legal=legal,
            systems=tuple(rng.sample([s.id for s in systems], rng.randint(0, 2))),
            deadlines=(m.Deadline(rng.randint(1, 8), rng.choice(("weeks", "workdays"))),)
            if rng.random() < .125 else (),
            communication=(m.Communication(_text(rng, 3), "brief"),) if rng.random() < .2 else (),
            notes=(_text(rng, 8),) if rng.random() < .3 else (),
        )
        after = ids[i + 1]
        if i % 10 == 9 and i + 3 < steps:
            back = ids[max(0, i - rng.randint(2, 6))]
            branches = [m.Branch("ja", after), m.Branch("opnieuw", back)]
            if rng.random() < .5:
                branches.append(m.Branch("", ids[i + 2], is_default=True))
            nodes.append(m.Decision(nid, _text(rng, 3) + "?", branches=tuple(branches), **common))
        else:
            nodes.append(m.Step(nid, _text(rng, 4), next=after, **common))
    nodes.append(m.End("klaar", "Klaar"))
    bp = m.Blueprint(id="groot", title="Gegenereerde klantreis", file="groot.blueprint",
                     actors=actors, systems=systems,
                     phases=tuple(m.Phase(p, p.capitalize(), tuple(ns)) for p, ns in phases),
                     nodes=tuple(nodes), start=ids[0])
    return m.Workspace(blueprints=(bp,))


def run(sizes: list[int], reps: int, seed: int) -> None:
    options = BuildOptions()
    print(f"Python {sys.version.split()[0]}; {reps} repetitions per size; seed {seed}")
    header = f"{'steps':>6} {'bpmn ms':>9} {'json ms':>9} {'bpmn÷json':>10} {'KB out':>8} " \
             f"{'peak MB bpmn':>13} {'peak MB json':>13} {'µs/step':>8} {'growth':>7} {'calls/step':>11}"
    print(header)
    base_per_step = None
    for size in sizes:
        ws = generate(size, seed)
        tasks = {"bpmn": lambda: render_bpmn(ws, options),
                 "json": lambda: json_backend.render(ws, options)}
        times: dict[str, list[float]] = {k: [] for k in tasks}
        order = list(tasks)
        for rep in range(reps):
            rotated = order[rep % len(order):] + order[:rep % len(order)]
            for name in rotated:
                gc.collect()
                start = time.perf_counter()
                out = tasks[name]()
                times[name].append(time.perf_counter() - start)
        ratios = [b / j for b, j in zip(times["bpmn"], times["json"])]
        peaks = {}
        for name, task in tasks.items():
            gc.collect()
            tracemalloc.start()
            out = task()
            peaks[name] = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
        size_kb = sum(len(v) for v in render_bpmn(ws, options).values()) / 1024
        profile = cProfile.Profile()
        profile.enable()
        render_bpmn(ws, options)
        profile.disable()
        calls = pstats.Stats(profile).total_calls / size  # type: ignore[attr-defined]
        bpmn_ms = statistics.median(times["bpmn"]) * 1000
        per_step = bpmn_ms * 1000 / size
        base_per_step = base_per_step or per_step
        print(f"{size:>6} {bpmn_ms:>9.1f} {statistics.median(times['json']) * 1000:>9.1f} "
              f"{statistics.median(ratios):>10.2f} {size_kb:>8.0f} {peaks['bpmn']:>13.1f} "
              f"{peaks['json']:>13.1f} {per_step:>8.1f} {per_step / base_per_step:>7.2f} "
              f"{calls:>11.1f}")
        del out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    run([int(s) for s in args.sizes.split(",")], args.reps, args.seed)


if __name__ == "__main__":
    main()
