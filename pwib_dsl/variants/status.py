"""Drift of variants against a changed base: what ``pwib variant status`` reports.

For every variant the base blueprint *at the lock* (the snapshot ``pwib variant lock`` keeps,
see :mod:`pwib_dsl.variants.lock`) and *now* are compared, change by change:

* **clean** — it applies, and the base did not change where it touches;
* **conflict** — the base changed the line or node it replaces, removes, reroutes or anchors
  on (or a selector that named one line now names several);
* **orphan** — what it addresses is gone from the base;
* **redundant** — the base now says the same (a replaced line already reads so, an added line
  is already there, a removed line or node is gone from the base too).

Then the base's changes since the lock that touch no node the variant changes — what the
variant inherits as it is — in ``pwib diff``'s words and order (legal basis first). Without a
snapshot (a variant never locked, or locked before snapshots), conflicts cannot be judged:
each change is judged against the current base only, and the report says so.

Only ``pwib variant status`` imports this module (it pulls in the semantic diff and the
formatter's statement printer, which ``pwib check`` never loads).
"""

from __future__ import annotations

import json

import attrs

from pwib_dsl.surface import nodes as n
from pwib_dsl.variants import apply as ap
from pwib_dsl.variants.lock import blueprint_hash, snapshot_path, valid_lock

STATUSES = ("clean", "conflict", "orphan", "redundant")


@attrs.frozen
class ChangeStatus:
    status: str  # one of STATUSES
    change: str  # the change as written (`change step x: replace deadline`)
    line: int  # where it is written in the variant's file
    reason: str = ""


@attrs.frozen
class VariantStatus:
    file: str
    name: str
    base: str  # MODULE.BLUEPRINT as written
    base_file: str | None
    locked: str | None
    current: str | None
    snapshot: bool  # the base at the lock was known
    changes: tuple[ChangeStatus, ...] = ()
    #: the base's changes the variant inherits (a pwib diff result), None without a snapshot
    inherited: object = None
    problem: str | None = None  # why the variant could not be judged at all

    @property
    def failing(self) -> bool:
        return self.problem is not None or any(c.status in ("conflict", "orphan") for c in self.changes)


def _stmt(node) -> str:
    from pwib_dsl.fmt.render import statement

    return statement(node)


def _nodes(bp: n.Blueprint | None) -> dict:
    return {} if bp is None else {nd.name.text: nd for _p, nd in bp.flow_nodes()}


def _phases(bp: n.Blueprint) -> set[str]:
    return {it.name.text for it in bp.items if isinstance(it, n.Phase)}


def judge(var: n.Variant, old: n.Blueprint | None, new: n.Blueprint, line_of) -> list[ChangeStatus]:
    """Every change of ``var``, judged against the base at the lock (``old``) and now (``new``)."""
    out: list[ChangeStatus] = []
    now, then = _nodes(new), _nodes(old)

    def add(status, item, text, reason=""):
        out.append(ChangeStatus(status, text, line_of(item), reason))

    for item in var.items:
        t = type(item)
        if t is n.Swap:
            text = _stmt(item)
            cls = n.SystemUse if item.kind == "system" else n.LaneEntry

            def uses(bp, name):
                for nd in _nodes(bp).values():
                    for it in nd.items:
                        if cls is n.SystemUse and type(it) is n.SystemUse and ap._ref_matches(it.ref, name):
                            return True
                        if cls is n.LaneEntry and type(it) is n.LaneEntry and it.actor and it.actor.text == name:
                            return True
                return False

            if uses(new, item.old.dotted):
                add("clean", item, text)
            elif uses(new, item.new.dotted):
                add("redundant", item, text, f"the base itself now uses `{item.new.dotted}`")
            else:
                add("orphan", item, text, f"no node of the base uses `{item.old.dotted}` any more")
        elif t is n.AddNode:
            text = _stmt(item)
            name, anchor = item.node.name.text, item.placement.anchor.text
            if name in now:
                same = now[name] == item.node
                add("redundant" if same else "conflict", item, text,
                    "the base now has this node, as written here" if same else f"the base now has a node `{name}` of its own")
            elif item.placement.where == "in":
                if anchor in _phases(new):
                    add("clean", item, text)
                else:
                    add("orphan", item, text, f"phase `{anchor}` is gone from the base")
            elif anchor not in now:
                add("orphan", item, text, f"`{anchor}` is gone from the base")
            elif old is not None and anchor in then and then[anchor] != now[anchor]:
                add("conflict", item, text, f"the base changed `{anchor}`, which this change anchors on")
            else:
                add("clean", item, text)
        elif t is n.ChangeNode:
            name = item.target.text
            head = _stmt(item)
            if name not in now:
                for sub in item.items:
                    add("orphan", sub, f"{head}: {_stmt(sub)}", f"`{name}` is gone from the base")
                continue
            for sub in item.items:
                out.append(_judge_line(sub, f"{head}: {_stmt(sub)}", then.get(name), now[name], old is not None,
                                       line_of(sub)))
        elif t is n.Reroute:
            text = _stmt(item)
            name = item.node.text
            if name not in now:
                add("orphan", item, text, f"`{name}` is gone from the base")
                continue
            line_now = _route(now[name], item)
            line_then = _route(then[name], item) if name in then else None
            if line_now is None:
                if item.route == "next" and type(now[name]) in (n.Step, n.Join):
                    add("clean", item, text)
                else:
                    add("orphan", item, text, f"`{name}` has no such line any more")
            elif line_now.target.text == item.target.text:
                add("redundant", item, text, "the base now goes there itself")
            elif old is not None and line_then is not None and line_then != line_now:
                add("conflict", item, text,
                    f"the base changed this line: `{_stmt(line_then)}` → `{_stmt(line_now)}`")
            else:
                add("clean", item, text)
        elif t is n.RemoveNode:
            text = _stmt(item)
            name = item.target.text
            if name not in now:
                if name in then:
                    add("redundant", item, text, f"the base removed `{name}` too")
                else:
                    add("orphan", item, text, f"`{name}` is not in the base")
            elif old is not None and name in then and then[name] != now[name]:
                add("conflict", item, text, f"the base changed `{name}`, which this change removes")
            else:
                add("clean", item, text)
        elif t in (n.VersionField, n.StatusField, n.OwnerField, n.DescriptionField):
            if any(type(x) is t and x == item for x in new.items):
                add("redundant", item, _stmt(item), "the base says the same")
            else:
                add("clean", item, _stmt(item))
    return out


def _route(node, rr: n.Reroute):
    for it in node.items:
        if rr.route == "next" and type(it) is n.Next:
            return it
        if rr.route == "otherwise" and type(it) is n.Otherwise:
            return it
        if rr.route == "deadline" and type(it) is n.Deadline:
            return it
        if rr.route == "when" and type(it) is n.Branch and it.label.value == rr.label.value:
            return it
    return None


def _judge_line(sub, text: str, then_node, now_node, known: bool, line: int) -> ChangeStatus:
    if type(sub) is n.ChangeAdd:
        if any(it == sub.item for it in now_node.items):
            return ChangeStatus("redundant", text, line, "the base now has this line")
        return ChangeStatus("clean", text, line)
    sel = sub.selector
    hits = ap.select(sel, now_node.items)
    before = ap.select(sel, then_node.items) if then_node is not None else []
    if len(hits) > 1:
        return ChangeStatus("conflict", text, line, f"the selector now matches {len(hits)} lines of the base")
    if not hits:
        if type(sub) is n.ChangeRemove and known and len(before) == 1:
            return ChangeStatus("redundant", text, line, "the base removed this line too")
        return ChangeStatus("orphan", text, line, "the base has no such line any more")
    current = now_node.items[hits[0]]
    if type(sub) is n.ChangeReplace and current == sub.item:
        return ChangeStatus("redundant", text, line, "the base now says the same")
    if known and len(before) == 1 and then_node.items[before[0]] != current:
        return ChangeStatus("conflict", text, line,
                            f"the base changed this line: `{_stmt(then_node.items[before[0]])}` → `{_stmt(current)}`")
    return ChangeStatus("clean", text, line)


def touched(var: n.Variant) -> set[str]:
    """Names of the base nodes a variant changes, removes, reroutes or anchors on."""
    out = set()
    for item in var.items:
        t = type(item)
        if t is n.ChangeNode:
            out.add(item.target.text)
        elif t is n.RemoveNode:
            out.add(item.target.text)
        elif t is n.Reroute:
            out.add(item.node.text)
        elif t is n.AddNode and item.placement.where != "in":
            out.add(item.placement.anchor.text)
    return out


def status(ws) -> list[VariantStatus]:
    """The status of every variant of a :class:`~pwib_dsl.variants.surface.SurfaceWorkspace`."""
    from pwib_dsl.diff.blueprints import compare_blueprint
    from pwib_dsl.diff.model import SECTIONS, DiffResult, Ref
    from pwib_dsl.source import SourceFile

    if ws.parses is None:
        from pwib_dsl.variants.surface import Parses

        ws = attrs.evolve(ws, parses=Parses())
    parse, derived = ws.parses.parse, ws.parses.derived
    out = []
    for p, var in ws.variants():
        lock = var.lock.hash.value if var.lock is not None else None
        found = ws.base_of(p, var)
        base_ast = ws.surface(p, var)
        name = var.name.text

        def line_of(node, src=p.source):
            return node.span.line

        if found is None or base_ast is None:
            out.append(VariantStatus(p.source.path, name, var.base.dotted, None, lock, None, False,
                                     problem=f"its base `{var.base.dotted}` cannot be found (run `pwib check`)"))
            continue
        current = blueprint_hash(found.parsed.source.text, found.decl)
        old_ast = None
        snap = snapshot_path(ws.root, name)
        if lock is not None and valid_lock(lock) and snap.is_file():
            text = snap.read_text(encoding="utf-8")
            parsed = parse(SourceFile(str(snap), text))
            if parsed.file is not None:
                for item in parsed.file.items:
                    if isinstance(item, (n.Blueprint, n.Variant)) and item.name.text == found.decl.name.text \
                            and blueprint_hash(text, item) == lock:
                        old_ast = item
        if old_ast is not None and isinstance(old_ast, n.Variant):
            old_ast = None  # the lock of a variant of a variant is judged against the base now
        if lock == current and old_ast is None:
            old_ast = base_ast  # unchanged since the lock: the base now is the base then
        changes = judge(var, old_ast, base_ast, line_of)
        inherited = None
        if old_ast is not None:
            skip = touched(var)
            # the same base then and now recurs in every municipality: compared once
            key = (id(old_ast), id(base_ast))
            if key not in derived:
                derived[key] = (old_ast, base_ast,
                                compare_blueprint(Ref("blueprint", base_ast.name.text), old_ast, base_ast))
            diff = [c for c in derived[key][2] if not any(r.name in skip for r in c.path)]
            order = {s: i for i, s in enumerate(SECTIONS)}
            diff.sort(key=lambda c: order[c.section])
            inherited = DiffResult("locked", "now", tuple(diff))
        out.append(VariantStatus(p.source.path, name, var.base.dotted, found.parsed.source.path, lock, current,
                                 old_ast is not None, tuple(changes), inherited))
    return out


# ---------------------------------------------------------------- rendering


def _counts(vs: VariantStatus) -> str:
    counts = {s: sum(1 for c in vs.changes if c.status == s) for s in STATUSES}
    return ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])


def _short(h: str | None) -> str:
    return "never" if h is None else (h[:19] + "…" if len(h) > 20 else h)


def render(results: list[VariantStatus], fmt: str) -> str:
    return {"text": _text, "markdown": _markdown, "json": _json}[fmt](results)


def _drift_line(vs: VariantStatus) -> str:
    if vs.locked is None:
        return "not locked"
    if vs.locked == vs.current:
        return f"locked at {_short(vs.locked)}, base unchanged"
    return f"locked at {_short(vs.locked)}, base now {_short(vs.current)}"


def _text(results: list[VariantStatus]) -> str:
    from pwib_dsl.diff.render import text as diff_text

    if not results:
        return "no variants\n"
    lines = []
    for vs in results:
        lines.append(f"{vs.file}: variant `{vs.name}` of `{vs.base}`")
        if vs.problem:
            lines += [f"  error: {vs.problem}", ""]
            continue
        lines.append(f"  base: {vs.base_file} ({_drift_line(vs)})")
        if not vs.snapshot:
            lines.append("  no snapshot of the base at the lock: conflicts cannot be judged (run `pwib variant lock`)")
        width = max(len(s) for s in STATUSES)
        for c in vs.changes:
            reason = f" — {c.reason}" if c.reason else ""
            lines.append(f"  {c.status:<{width}}  {vs.file}:{c.line}: {c.change}{reason}")
        if vs.inherited is not None and not vs.inherited.equal:
            lines.append("  inherited from the base unchanged:")
            body = diff_text(vs.inherited).rstrip("\n").split("\n")
            lines += ["    " + line if line else "" for line in body[1:]]
        lines.append(f"  {len(vs.changes)} changes: {_counts(vs) or 'none'}")
        lines.append("")
    return "\n".join(lines)


def _markdown(results: list[VariantStatus]) -> str:
    from pwib_dsl.diff.render import markdown as diff_md

    lines = ["### Variant status", ""]
    if not results:
        return "### Variant status\n\nNo variants.\n"
    for vs in results:
        lines += [f"#### `{vs.name}` of `{vs.base}` ({vs.file})", ""]
        if vs.problem:
            lines += [f"**Error:** {vs.problem}", ""]
            continue
        lines.append(f"Base `{vs.base_file}`: {_drift_line(vs)}.")
        if not vs.snapshot:
            lines.append("No snapshot of the base at the lock: conflicts cannot be judged.")
        lines += ["", "| status | change | line | why |", "|---|---|---|---|"]
        for c in vs.changes:
            change = c.change.replace("|", "\\|")
            reason = c.reason.replace("|", "\\|")
            lines.append(f"| {c.status} | `{change}` | {c.line} | {reason} |")
        if vs.inherited is not None and not vs.inherited.equal:
            body = diff_md(vs.inherited).split("\n")
            lines += ["", "Inherited from the base unchanged:", ""] + [ln.replace("#### ", "##### ") for ln in body[2:]]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _json(results: list[VariantStatus]) -> str:
    from pwib_dsl.diff.render import to_json

    doc = {
        "format": "pwib-variant-status",
        "version": 1,
        "variants": [
            {
                "file": vs.file,
                "name": vs.name,
                "base": vs.base,
                "base_file": vs.base_file,
                "locked_hash": vs.locked,
                "base_hash": vs.current,
                "snapshot": vs.snapshot,
                "error": vs.problem,
                "changes": [{"status": c.status, "change": c.change, "line": c.line, "reason": c.reason}
                            for c in vs.changes],
                "inherited": json.loads(to_json(vs.inherited))["changes"] if vs.inherited is not None else None,
            }
            for vs in results
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
