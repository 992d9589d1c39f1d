"""Journey checks: blueprints carried out through ``journey`` steps never form a cycle (PB508).

Unknown journey targets (PB507) are reported while resolving. The graph covers every blueprint
of the workspace (``journey`` lines read by name), so a cycle through a blueprint that was
loaded only as context is still found; it is reported once, in a requested blueprint.
"""

from __future__ import annotations

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Label
from pwib_dsl.sema.graph import sccs, shortest_cycle
from pwib_dsl.sema.report import Reporter
from pwib_dsl.surface import nodes as n


def check_journey_cycles(blueprints: dict, requested: set, rep: Reporter) -> None:
    """``blueprints``: name → (Unit, Blueprint AST); ``requested``: names of requested blueprints."""
    names = sorted(blueprints)
    index = {name: i for i, name in enumerate(names)}
    edges: list[list[int]] = []
    hops: list[dict] = []  # per blueprint: target index → (Unit, Journey node)
    for name in names:
        unit, bp = blueprints[name]
        out: dict = {}
        for _phase, node in bp.flow_nodes():
            for item in node.items:
                if type(item) is n.Journey:
                    target = index.get(item.ref.parts[-1])
                    if target is not None and target not in out:
                        out[target] = (unit, item)
        hops.append(out)
        edges.append(sorted(out))
    for comp in sccs(edges):
        if len(comp) == 1 and comp[0] not in edges[comp[0]]:
            continue
        starts = [i for i in comp if names[i] in requested]
        if not starts:
            continue
        cycle = shortest_cycle(starts[0], edges, set(comp))
        steps = list(zip(cycle, cycle[1:] + cycle[:1]))
        unit, first = hops[steps[0][0]][steps[0][1]]
        chain = " → ".join(f"`{names[i]}`" for i in cycle + cycle[:1])
        rep.add(
            "PB508",
            msg("PB508.journey-cycle", chain=chain),
            unit.path,
            first.span,
            label="carries out a blueprint that leads back here",
            secondary=tuple(
                Label(hops[a][b][0].path, hops[a][b][1].span, f"`{names[a]}` carries out `{names[b]}`")
                for a, b in steps[1:]
            ),
            help="a master journey strings tile blueprints together; a tile blueprint should not carry out its master",
        )
