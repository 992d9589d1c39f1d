"""Flow checks on one blueprint's graph of steps, decisions and ends.

The graph is the one the model states (``next`` filled in, decisions through their branches).
All walks are iterative breadth-first searches, linear in nodes plus edges. A problem already
reported (a dead end, a target that does not resolve) is not reported again as "no end".
"""

from __future__ import annotations

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Label
from pwib_dsl.sema.blueprints import BlueprintInfo
from pwib_dsl.sema.report import Reporter
from pwib_dsl.surface import nodes as n


def check_decisions(info: BlueprintInfo, rep: Reporter) -> None:
    """PB505: two `when` branches, or one and `otherwise`; at most one `otherwise`."""
    for ninfo in info.nodes:
        node = ninfo.ast
        if type(node) is not n.Decision:
            continue
        whens = [i for i in node.items if type(i) is n.Branch]
        others = [i for i in node.items if type(i) is n.Otherwise]
        for extra in others[1:]:
            rep.add(
                "PB505", msg("PB505.repeated-otherwise", name=node.name.text), info.path, extra.span,
                label="second default branch", secondary=(Label(info.path, others[0].span, "first `otherwise`"),),
                help="keep one `otherwise`; give the other case its own `when`",
            )
        if len(whens) >= 2 or (whens and others):
            continue
        if not whens and not others:
            message = msg("PB505.no-branches", name=node.name.text)
        else:
            message = msg("PB505.one-branch", name=node.name.text)
        rep.add(
            "PB505", message, info.path, node.name.span, label="needs two ways out",
            help='add `when "…" -> STEP` lines (at least two), or one `when` and an `otherwise -> STEP`',
        )


def check_dead_ends(info: BlueprintInfo, rep: Reporter) -> None:
    """PB504: a step with no `next` and nothing after it in file order."""
    last = len(info.nodes) - 1
    for i, ninfo in enumerate(info.nodes):
        if type(ninfo.ast) in (n.Step, n.Join) and not ninfo.succ and not ninfo.broken and i == last:
            rep.add(
                "PB504",
                msg("PB504.nothing-follows", step=ninfo.name),
                info.path,
                ninfo.ast.name.span,
                label="dead end",
                help="add an `end` after it, or a `next` line naming the step that follows",
            )


def check_reachable(info: BlueprintInfo, rep: Reporter) -> None:
    """PB502: every node is reachable from the first; one warning per unreachable region."""
    nodes = info.nodes
    if not nodes or any(nd.broken for nd in nodes):
        return  # with a target that does not resolve, reachability cannot be judged
    seen = _reach(nodes, [0])
    unreachable = [i for i in range(len(nodes)) if not seen[i]]
    if not unreachable:
        return
    has_pred = [False] * len(nodes)
    for i in unreachable:
        for j in nodes[i].succ:
            if j != i:
                has_pred[j] = True
    covered = list(seen)
    # entries first (no predecessor), then whatever is left (unreachable loops), in file order
    for pass_ in (0, 1):
        for i in unreachable:
            if covered[i] or (pass_ == 0 and has_pred[i]):
                continue
            members = _walk(nodes, i, covered)
            for j in members:
                covered[j] = True
            others = [nodes[j].name for j in members if j != i]
            notes = ()
            if others:
                shown = ", ".join(f"`{x}`" for x in others[:8]) + (", …" if len(others) > 8 else "")
                notes = (f"also unreachable through it: {shown}",)
            rep.add(
                "PB502",
                msg("PB502.unreachable", node=nodes[i].name, start=nodes[0].name),
                info.path,
                nodes[i].ast.name.span,
                label="unreachable",
                notes=notes,
                help="point a `next` or a decision branch at it, or remove it",
            )


def check_ends(info: BlueprintInfo, rep: Reporter) -> None:
    """PB503: every path from the start reaches an `end` (and the blueprint has nodes at all)."""
    nodes = info.nodes
    bp = info.ast
    if not nodes:
        rep.add(
            "PB503", msg("PB503.no-steps", blueprint=bp.name.text), info.path, bp.name.span,
            label="empty journey", help="add the steps of the journey and an `end`",
        )
        return
    if not any(type(nd.ast) is n.End for nd in nodes):
        rep.add(
            "PB503", msg("PB503.no-end", blueprint=bp.name.text), info.path, bp.name.span,
            label="the journey never ends", help='add an `end NAME "Title"` where the journey finishes',
        )
        return
    count = len(nodes)
    preds: list[list[int]] = [[] for _ in range(count)]
    for i, nd in enumerate(nodes):
        for j in nd.succ:
            preds[j].append(i)
    # nodes that can reach an end; already-reported problems count as fine to avoid cascades
    good = [False] * count
    queue = []
    for i, nd in enumerate(nodes):
        if type(nd.ast) is n.End or nd.broken or (type(nd.ast) in (n.Step, n.Join) and not nd.succ):
            good[i] = True
            queue.append(i)
    for v in queue:
        for p in preds[v]:
            if not good[p]:
                good[p] = True
                queue.append(p)
    reach = _reach(nodes, [0])
    trapped = [i for i in range(count) if reach[i] and not good[i]]
    if not trapped:
        return
    reported = [False] * count
    blocked = list(good)
    for i in trapped:
        if reported[i]:
            continue
        entry = i == 0 or any(reach[p] and good[p] for p in preds[i])
        if not entry:
            continue
        members = _walk(nodes, i, blocked)
        for j in members:
            reported[j] = blocked[j] = True
        loop = ", ".join(f"`{nodes[j].name}`" for j in members[:8]) + (", …" if len(members) > 8 else "")
        rep.add(
            "PB503",
            msg("PB503.no-path-reaches", node=nodes[i].name),
            info.path,
            nodes[i].ast.name.span,
            label="the flow loops from here",
            notes=(f"the flow keeps going round: {loop}",),
            secondary=tuple(
                Label(info.path, nodes[j].ast.name.span, "part of the loop") for j in members[1:4]
            ),
            help="give one of these a way out: a `next` or a branch towards an `end`",
        )


def _reach(nodes, starts: list[int]) -> list[bool]:
    seen = [False] * len(nodes)
    queue = []
    for s in starts:
        seen[s] = True
        queue.append(s)
    for v in queue:
        for w in nodes[v].succ:
            if not seen[w]:
                seen[w] = True
                queue.append(w)
    return seen


def _walk(nodes, start: int, stop: list[bool]) -> list[int]:
    """Nodes reachable from ``start`` without entering ``stop`` nodes, in file order."""
    seen = {start}
    queue = [start]
    for v in queue:
        for w in nodes[v].succ:
            if w not in seen and not stop[w]:
                seen.add(w)
                queue.append(w)
    return sorted(queue)


def check_loop_bounds(info: BlueprintInfo, rep: Reporter) -> None:
    """PB509: a branch bound of 0; PB510: a bound on a branch that does not loop back."""
    for i, ninfo in enumerate(info.nodes):
        node = ninfo.ast
        if type(node) is not n.Decision:
            continue
        for item in node.items:
            bound = getattr(item, "bound", None)
            if bound is None:
                continue
            target = item.target.text
            if bound.times < 1:
                rep.add(
                    "PB509", msg("PB509.zero-times", target=target), info.path, bound.span,
                    label="never taken",
                    help=f"a bound counts how often the journey may go back: `max 1` or more, or remove the branch to `{target}`",
                )
                continue
            j = info.index.get(target)
            if j is None or ninfo.broken:
                continue
            if not _reach(info.nodes, [j])[i]:
                rep.add(
                    "PB510", msg("PB510.not-back", target=target, decision=node.name.text),
                    info.path, bound.span, label="not a loop",
                    help=f"a bound belongs on a back-branch, one that returns to `{node.name.text}`; remove `max {bound.times}` here",
                )


def check_parallel(info: BlueprintInfo, rep: Reporter) -> None:
    """PB512: a fork needs two branches; PB513: a join must gather the branches of one fork;
    PB515: no line of work may leave a fork's branches before its join."""
    from pwib_dsl.sema.parallel import incoming, stranded

    for ninfo in info.nodes:
        node = ninfo.ast
        if type(node) is n.Fork:
            count = sum(1 for item in node.items if type(item) is n.ParallelBranch)
            if count < 2:
                rep.add(
                    "PB512", msg("PB512.too-few-branches", name=node.name.text, branches="no branches" if not count else "only one branch"),
                    info.path, node.name.span, label="nothing runs in parallel",
                    help="give it a `branch -> STEP` line for each line of work that runs at the same time (at least two)",
                )
    if any(nd.broken for nd in info.nodes):
        return  # with a target that does not resolve, the branches cannot be traced
    for j, f in info.joins.items():
        if f is not None:
            continue
        join = info.nodes[j]
        sources = incoming(info.nodes, j)
        names = ", ".join(f"`{info.nodes[s].name}`" for s in sources) or "nothing"
        rep.add(
            "PB513", msg("PB513.unbalanced-join", join=join.name), info.path,
            join.ast.name.span, label="unbalanced join",
            notes=(f"{len(sources)} line{'s' if len(sources) != 1 else ''} of work arrive here, from {names}",),
            help=(
                "a join waits for one line from each branch of its fork: let every `branch` of the fork "
                "lead here exactly once, and merge alternative paths before the join"
            ),
        )
    for j, f in info.joins.items():
        if f is None:
            continue
        for u, w in stranded(info.nodes, f, j):
            source, target = info.nodes[u], info.nodes[w]
            rep.add(
                "PB515", msg("PB515.leaves-fork", node=source.name, target=target.name,
                             fork=info.nodes[f].name, join=info.nodes[j].name),
                info.path, _line_to(source.ast, target.name), label="leaves the parallel work",
                help=(
                    f"let `{target.name}` lead on to join `{info.nodes[j].name}`, or move what it "
                    "stands for after the join"
                ),
            )


def check_term_spans(info: BlueprintInfo, rep: Reporter) -> None:
    """PB514: a named term's end is reachable from its start; its suspending steps lie between."""
    for span in info.spans:
        if not info.span_ok.get(span.name.text) or any(nd.broken for nd in info.nodes):
            continue
        start, end = info.index[span.start.text], info.index[span.end.text]
        reach = _reach(info.nodes, [start])
        if not reach[end]:
            rep.add(
                "PB514", msg("PB514.unreachable-end", term=span.name.text, end=span.end.text, start=span.start.text),
                info.path, span.end.span, label="never reached from the start of the term",
                secondary=(Label(info.path, span.start.span, "the term starts here"),),
                help=f"let the term end at a step that follows `{span.start.text}`, or start it earlier",
            )
            continue
        back = _reach_back(info.nodes, end)
        for sus in span.find_all(n.SuspendedBy):
            i = info.index[sus.step.text]
            if not (reach[i] and back[i]):
                rep.add(
                    "PB514", msg("PB514.suspend-outside-term", step=sus.step.text, term=span.name.text, start=span.start.text, end=span.end.text),
                    info.path, sus.step.span, label="outside the term",
                    help="name a step the journey passes while the term runs, or remove the line",
                )


def _reach_back(nodes, target: int) -> list[bool]:
    preds: list[list[int]] = [[] for _ in nodes]
    for i, nd in enumerate(nodes):
        for j in nd.succ:
            preds[j].append(i)
    seen = [False] * len(nodes)
    seen[target] = True
    queue = [target]
    for v in queue:
        for p in preds[v]:
            if not seen[p]:
                seen[p] = True
                queue.append(p)
    return seen


def _line_to(node: n.Node, name: str):
    """The span of the line of ``node`` that leads to ``name`` (the node's name without one)."""
    for item in node.items:
        target = getattr(item, "target", None)
        if isinstance(target, n.Ident) and target.text == name:
            return item.span
    return node.name.span
