"""Matching each join to the fork whose branches meet there.

A join waits for one line of work from every branch of its fork (a parallel gateway in BPMN
waits for a token on each incoming flow). So a join is balanced when some fork has exactly as
many branches as the join has incoming lines, and each incoming line comes from a different
branch: the line's source is reachable from that branch alone, without passing the join (or it
is the fork itself, for a branch that goes straight to the join). Nesting works because an
inner fork and join lie wholly inside one branch of the outer fork. Linear per fork and join
pair, and free for blueprints without forks.
"""

from __future__ import annotations

from pwib_dsl.surface import nodes as n


def within(nodes, start: int, stop: int) -> set[int]:
    """Nodes reachable from ``start`` without entering ``stop``."""
    if start == stop:
        return set()
    seen = {start}
    queue = [start]
    for v in queue:
        for w in nodes[v].succ:
            if w != stop and w not in seen:
                seen.add(w)
                queue.append(w)
    return seen


def incoming(nodes, j: int) -> list[int]:
    """The sources of the lines into node ``j``, one per line (a node may appear twice)."""
    return [i for i, nd in enumerate(nodes) for w in nd.succ if w == j]


def match_joins(nodes) -> dict[int, int | None]:
    """Join index → the index of its fork, or None when no fork balances it."""
    forks = [i for i, nd in enumerate(nodes) if type(nd.ast) is n.Fork and not nd.broken]
    out: dict[int, int | None] = {}
    for j, nd in enumerate(nodes):
        if type(nd.ast) is not n.Join:
            continue
        lines = incoming(nodes, j)
        out[j] = None
        for f in forks:
            branches = nodes[f].succ
            if len(branches) != len(lines) or len(branches) < 2:
                continue
            reach = [within(nodes, b, j) for b in branches]
            owners = []
            for src in lines:
                owner = [k for k, r in enumerate(reach) if src in r or (src == f and branches[k] == j)]
                owners.append(owner[0] if len(owner) == 1 else -1)
            if sorted(owners) == list(range(len(branches))):
                out[j] = f
                break
    return out


def stranded(nodes, fork: int, join: int) -> list[tuple[int, int]]:
    """The lines ``(u, w)`` by which work leaves a balanced fork's branches for good: ``u`` can
    still reach the join, ``w`` (a time-out's target, a decision's way out, an end) cannot. A
    parallel join then waits for ever for the line that went there."""
    region: set[int] = set()
    for b in nodes[fork].succ:
        region |= within(nodes, b, join)
    arrives = {join}
    changed = True
    while changed:  # the nodes of the branches from which the join can still be reached
        changed = False
        for k in region - arrives:
            if any(w in arrives for w in nodes[k].succ):
                arrives.add(k)
                changed = True
    return [(u, w) for u in sorted(region & arrives) for w in nodes[u].succ if w in region and w not in arrives]
