"""The ways a resident can go through one blueprint, for the emotion curve per path.

A path runs from the first node to an end along the flow: a decision's branches and a step's
time-out (``deadline ... -> STEP``) are alternatives, each its own path; a fork's branches are
all gone through (they run at the same time), so they belong to one path, in branch order, up to
their join. A path never visits a node twice, so a back-branch (a loop) adds no paths of its
own: going round again is not another outcome. The number of paths grows with every decision; only the first
:data:`MAX_PATHS` are listed, and the walk stops after :data:`_BUDGET` node visits.
"""

from __future__ import annotations

from typing import Literal

import attrs

from pwib_dsl.sema.model import Blueprint, FlowNode

#: How many paths a blueprint page lists at most.
MAX_PATHS = 12
#: Node visits before the walk gives up looking for more paths (many decisions in a row).
_BUDGET = 20_000


@attrs.frozen
class Choice:
    """A way taken at a node with several: a branch, the default branch, or a time-out."""

    kind: Literal["branch", "otherwise", "timeout"]
    text: str  # the branch label; for a time-out, the title of where it goes


@attrs.frozen
class Path:
    nodes: tuple[str, ...]  # node ids in the order the resident meets them
    labels: tuple[Choice, ...]  # the choices made on the way


@attrs.frozen
class Paths:
    paths: tuple[Path, ...]
    complete: bool  # False when more paths exist than were listed


def successors(node: FlowNode) -> tuple[str, ...]:
    """Every node the flow may go to from ``node``, time-outs included."""
    out: list[str] = []
    if node.kind in ("step", "join") and node.next:
        out.append(node.next)
    elif node.kind == "decision":
        out.extend(b.target for b in node.branches)
    elif node.kind == "fork":
        out.extend(node.branches)
    out.extend(d.target for d in node.deadlines if d.target)
    return tuple(dict.fromkeys(out))


class _Walk:
    def __init__(self, bp: Blueprint) -> None:
        self.nodes = {n.id: n for n in bp.nodes}
        self.joins = {n.fork: n.id for n in bp.nodes if n.kind == "join" and n.fork}
        self.budget = _BUDGET
        self.complete = True

    def walk(self, nid: str, seen: frozenset, stop: str | None) -> list[tuple[tuple, tuple]]:
        """(nodes, labels) pairs from ``nid`` to an end, or to ``stop`` (not included)."""
        if nid == stop:
            return [((), ())]
        node = self.nodes.get(nid)
        self.budget -= 1
        if node is None or nid in seen or self.budget <= 0:
            if self.budget <= 0:
                self.complete = False
            return []
        seen = seen | {nid}
        here = ((nid,), ())
        if node.kind == "end":
            return [here]
        if node.kind == "fork" and node.id in self.joins:
            join = self.joins[node.id]
            combos = [here]
            for branch in node.branches:
                parts = self.walk(branch, seen, join)
                combos = self._cap([(a + p, al + pl) for a, al in combos for p, pl in parts])
            rest = self.walk(join, seen | {n for c, _ in combos for n in c}, stop)
            return self._cap([(c + r, cl + rl) for c, cl in combos for r, rl in rest])
        out: list[tuple[tuple, tuple]] = []
        for target, label in self._ways(node):
            for p, pl in self.walk(target, seen, stop):
                out.append((here[0] + p, ((label,) if label is not None else ()) + pl))
            if len(out) >= MAX_PATHS:
                break
        return self._cap(out)

    def _ways(self, node: FlowNode) -> list[tuple[str, Choice | None]]:
        ways: list[tuple[str, Choice | None]] = []
        if node.kind == "decision":
            ways += [
                (b.target, Choice("otherwise", "") if b.is_default else Choice("branch", b.label))
                for b in node.branches
            ]
        elif node.kind == "fork":  # unbalanced: no join to meet at, so each branch on its own
            ways += [(t, None) for t in node.branches]
        elif node.next:
            ways.append((node.next, None))
        for d in node.deadlines:
            if d.target:
                title = self.nodes[d.target].title if d.target in self.nodes else d.target
                ways.append((d.target, Choice("timeout", title)))
        return ways

    def _cap(self, items: list) -> list:
        if len(items) > MAX_PATHS:
            self.complete = False
            return items[:MAX_PATHS]
        return items


def journey_paths(bp: Blueprint) -> Paths:
    """The paths through ``bp`` from its first node, in the order the flow lists the ways."""
    start = bp.start or (bp.nodes[0].id if bp.nodes else None)
    if start is None:
        return Paths((), True)
    w = _Walk(bp)
    found = w.walk(start, frozenset(), None)
    unique: dict[tuple, Path] = {}
    for nodes, labels in found:
        unique.setdefault(nodes, Path(nodes, labels))
    return Paths(tuple(unique.values()), w.complete)
