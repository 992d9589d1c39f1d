"""Applying a variant's changes to its base blueprint's surface AST.

The result is an ordinary :class:`~pwib_dsl.surface.nodes.Blueprint` (named and titled as the
variant) that the resolver turns into the model like any other, plus a record of what each
change touched. Order of work: header fields and local declarations, then every ``swap``
(so a swap changes the base's lines, never a line the variant adds), then the node changes in
the order they are written.

Every change must match exactly one thing of the base; one that matches nothing or several
is a :class:`Problem` (PB805) naming the candidates, and is left out. Flow stays explicit:

* ``add X after A`` — X takes over A's way on (A's ``next``, or the node after A in file
  order) and A goes to X; a decision, fork or end has no single way on, so ``after`` it is
  ambiguous (use ``before`` the node that should follow);
* ``add X before A`` — every line that led to A leads to X, and X (placed just before A, so
  the node before A now flows into X) goes on to A;
* ``add X in P`` — X is the last node of phase P;
* ``remove N`` — every line that led to N leads to N's way on (its ``next``, its
  ``otherwise``, or the node after it); a node others lead to without a single way on cannot
  be removed before they are rerouted.

Nothing here reads the resolved model; :mod:`pwib_dsl.variants.resolve` resolves the result.
"""

from __future__ import annotations

import attrs

from pwib_dsl.diagnostics.messages import Message, msg
from pwib_dsl.source import Span
from pwib_dsl.surface import nodes as n
from pwib_dsl.surface.lower import legal_key

LANES = ("evidence", "customer", "frontstage", "backstage", "support")
TEXT_LAYERS = ("policy", "functionality", "toolkit", "pain", "opportunity", "kpi", "note")
NODE_WORD = {n.Step: "step", n.Decision: "decision", n.End: "end", n.Fork: "fork", n.Join: "join"}
_HEADER_FIELDS = (n.VersionField, n.StatusField, n.OwnerField, n.DescriptionField)
_FIELD_WORD = {n.VersionField: "version", n.StatusField: "status", n.OwnerField: "owner",
               n.DescriptionField: "description"}
#: Lines that lead from one node to another (their ``target`` is a node name).
_LEADS = (n.Next, n.Branch, n.Otherwise, n.ParallelBranch, n.Deadline)


@attrs.frozen
class Problem:
    """A change that cannot be applied: the span is in the variant; ``candidates`` are
    ``(caption, span, written by the variant)``: a span in the base file, or in the variant's."""

    #: a :class:`~pwib_dsl.diagnostics.messages.Message` (PB805)
    message: Message
    span: Span
    label: str
    help: str | None = None
    notes: tuple[str, ...] = ()
    candidates: tuple[tuple[str, Span], ...] = ()


@attrs.frozen
class Applied:
    """One change as applied: its kind, what it addresses in the base, the nodes it touches."""

    kind: str
    target: str
    nodes: tuple[str, ...]
    change: n.Node  # the change as written in the variant
    #: the base lines it replaced or removed (original AST items), for the legal floor
    old: tuple = ()
    #: the line it wrote instead (a replace), or None
    new: object = None


@attrs.frozen
class Result:
    blueprint: n.Blueprint
    applied: tuple[Applied, ...]
    problems: tuple[Problem, ...]
    #: nodes named in a ``change``, ``reroute`` or ``add`` by the span of that name in the
    #: variant: what is said about such a node is shown there
    touched: dict
    #: ids of the objects the variant wrote (kept as they are when the base is re-spanned)
    authored: frozenset


def describe(item) -> str:
    """A step line in the language's spelling, for candidate lists (``frontstage consulent "..."``)."""
    t = type(item)
    if t is n.LaneEntry:
        return _join(item.lane, item.actor.text if item.actor else None, _q(item.text))
    if t is n.TextLayer:
        return f"{item.layer} {_q(item.text)}"
    if t is n.LegalRef:
        return _join("legal", legal_key(item.target), _q(item.note) if item.note else None)
    if t is n.Communication:
        return _join("communication", item.channel.text if item.channel else None, _q(item.text))
    if t is n.SystemUse:
        return f"system {item.ref.dotted}"
    if t is n.MeasureUse:
        return f"measure {item.ref.dotted}"
    if t is n.Emotion:
        return f"emotion {item.value}"
    if t is n.Deadline:
        return _join("deadline", str(item.amount), item.unit, _q(item.note) if item.note else None,
                     f"-> {item.target.text}" if item.target else None)
    if t is n.Wait:
        return _join("wait", item.party.text if item.party else None, _q(item.event))
    if t is n.Outcome:
        return f"outcome {item.kind.text}"
    if t is n.Next:
        return f"next {item.target.text}"
    if t is n.Branch:
        return f"when {_q(item.label)} -> {item.target.text}"
    if t is n.Otherwise:
        return f"otherwise -> {item.target.text}"
    if t is n.ParallelBranch:
        return f"branch -> {item.target.text}"
    if t is n.Journey:
        return f"journey {item.ref.dotted}"
    return t.__name__


def describe_selector(sel: n.Selector) -> str:
    key = f"-> {sel.key}" if sel.kind == "branch" and sel.key else sel.key
    return _join(sel.kind, key, _q(sel.text) if sel.text else None)


def _q(s: n.Str) -> str:
    return s.raw or '"' + s.value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _join(*parts) -> str:
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- selectors


def _ref_matches(ref: n.QName, key: str) -> bool:
    """``gemma.x`` matches ``gemma.x``; a bare ``x`` also matches a qualified ``m.x``."""
    return ref.dotted == key or ("." not in key and ref.parts[-1] == key)


def _legal_matches(target: n.LegalTarget, key: str) -> bool:
    """``wgs art 4`` matches ``wgs art 4`` and ``wgs art 4 lid 1``; the law may be written
    bare where the base qualified it (``wgs`` for ``wet.wgs``)."""
    full = legal_key(target)
    bare = legal_key(attrs.evolve(target, law=n.QName(target.law.parts[-1:])))
    return any(k == key or k.startswith(key + " ") for k in (full, bare))


def matches(sel: n.Selector, item) -> bool:
    """Whether a selector names this line."""
    kind, key, text = sel.kind, sel.key, sel.text.value if sel.text is not None else None
    t = type(item)
    if kind in LANES:
        return (t is n.LaneEntry and item.lane == kind
                and (key is None or (item.actor is not None and item.actor.text == key))
                and (text is None or item.text.value == text))
    if kind in TEXT_LAYERS:
        return t is n.TextLayer and item.layer == kind and (text is None or item.text.value == text)
    if kind == "legal":
        return t is n.LegalRef and (key is None or _legal_matches(item.target, key))
    if kind == "communication":
        return (t is n.Communication and (key is None or (item.channel is not None and item.channel.text == key))
                and (text is None or item.text.value == text))
    if kind == "system":
        return t is n.SystemUse and (key is None or _ref_matches(item.ref, key))
    if kind == "measure":
        return t is n.MeasureUse and (key is None or _ref_matches(item.ref, key))
    if kind == "wait":
        return (t is n.Wait and (key is None or (item.party is not None and item.party.text == key))
                and (text is None or item.event.value == text))
    if kind == "outcome":
        return t is n.Outcome and (key is None or item.kind.text == key)
    if kind == "journey":
        return t is n.Journey and (key is None or _ref_matches(item.ref, key))
    if kind == "when":
        return t is n.Branch and (text is None or item.label.value == text)
    if kind == "branch":
        return t is n.ParallelBranch and (key is None or item.target.text == key)
    return {"deadline": n.Deadline, "emotion": n.Emotion, "next": n.Next, "otherwise": n.Otherwise}.get(kind) is t


def select(sel: n.Selector, items) -> list[int]:
    """Indices of the lines a selector names."""
    return [i for i, item in enumerate(items) if matches(sel, item)]


def same_kind(sel: n.Selector, items) -> list:
    """Lines of the selector's kind (the candidates when it names none or several)."""
    bare = n.Selector(sel.kind)
    return [item for item in items if matches(bare, item)]


# ---------------------------------------------------------------- applying


class _Work:
    """The base blueprint being changed: top-level items and each phase's node list."""

    def __init__(self, base: n.Blueprint) -> None:
        self.items: list = []
        self.phases: dict[str, list] = {}
        self.phase_of: dict[str, n.Phase] = {}
        for item in base.items:
            if isinstance(item, n.Phase):
                self.phases[item.name.text] = list(item.nodes)
                self.phase_of[item.name.text] = item
            self.items.append(item)

    def containers(self):
        for item in self.items:
            if isinstance(item, n.Phase):
                yield self.phases[item.name.text]
        yield self.items

    def order(self) -> list:
        """Flow nodes in file order."""
        out = []
        for item in self.items:
            if isinstance(item, n.Phase):
                out.extend(self.phases[item.name.text])
            elif isinstance(item, n.FLOW_NODE_TYPES):
                out.append(item)
        return out

    def locate(self, name: str):
        for box in self.containers():
            for i, node in enumerate(box):
                if isinstance(node, n.FLOW_NODE_TYPES) and node.name.text == name:
                    return box, i
        return None

    def replace(self, old, new) -> None:
        box, i = self.locate(old.name.text)
        box[i] = new

    def following(self, name: str):
        """The node after ``name`` in file order (its implicit way on), or None."""
        order = self.order()
        for i, node in enumerate(order):
            if node.name.text == name:
                return order[i + 1] if i + 1 < len(order) else None
        return None

    def preceding(self, name: str):
        order = self.order()
        for i, node in enumerate(order):
            if node.name.text == name:
                return order[i - 1] if i > 0 else None
        return None

    def build(self, var: n.Variant) -> n.Blueprint:
        items = []
        for item in self.items:
            if isinstance(item, n.Phase):
                item = attrs.evolve(item, nodes=tuple(self.phases[item.name.text]))
            items.append(item)
        return n.Blueprint(var.name, var.title, tuple(items), span=var.span)


def _ids(node) -> set[int]:
    """Ids of every AST object below ``node`` (itself included)."""
    out: set[int] = set()
    stack = [node]
    while stack:
        obj = stack.pop()
        if isinstance(obj, tuple):
            stack.extend(obj)
            continue
        if not isinstance(obj, n.Node):
            continue
        out.add(id(obj))
        for f in attrs.fields(type(obj)):
            if f.name != "span":
                value = getattr(obj, f.name)
                if isinstance(value, (n.Node, tuple)):
                    stack.append(value)
    return out


def way_on(work: _Work, node) -> str | None:
    """Where a node goes on to when it has one way on: its ``next``, else for a step or join
    the node after it; a decision's ``otherwise``; None for an end, a fork or a decision
    without ``otherwise``."""
    t = type(node)
    if t in (n.Step, n.Join):
        nxt = node.find(n.Next)
        if nxt is not None:
            return nxt.target.text
        after = work.following(node.name.text)
        return after.name.text if after is not None else None
    if t is n.Decision:
        other = node.find(n.Otherwise)
        return other.target.text if other is not None else None
    return None


def apply(base: n.Blueprint, var: n.Variant) -> Result:
    """The variant's changes applied to ``base`` (both as written: spans are their files')."""
    work = _Work(base)
    problems: list[Problem] = []
    applied: list[Applied] = []
    touched: dict[str, Span] = {}
    authored = set(_ids(var))
    bp_name = base.name.text

    def made(obj):
        authored.update(_ids(obj))
        return obj

    def problem(message, span, label, help=None, notes=(), candidates=()):
        cands = tuple((c, s, id(obj) in authored) for c, s, obj in candidates)
        problems.append(Problem(message, span, label, help, tuple(notes), cands))

    def node_named(ident: n.Ident, kind: str | None, what: str):
        found = work.locate(ident.text)
        if found is None:
            names = [nd.name for nd in work.order()]
            problem(msg("PB805.no-node", what=what, blueprint=bp_name, name=ident.text), ident.span, "no such node",
                    help=_close(ident.text, [x.text for x in names]),
                    candidates=tuple((f"`{x.text}`", x.span, x) for x in names[:8]))
            return None
        node = found[0][found[1]]
        if kind is not None and NODE_WORD[type(node)] != kind:
            problem(msg("PB805.wrong-kind", what=what, name=ident.text, kind=NODE_WORD[type(node)], blueprint=bp_name,
                        wanted=kind),
                    ident.span, f"a {NODE_WORD[type(node)]}", help=f"write `{NODE_WORD[type(node)]} {ident.text}`",
                    candidates=((f"the {NODE_WORD[type(node)]}", node.name.span, node),))
            return None
        return node

    # -- header fields and local declarations
    seen_fields: set[type] = set()
    for item in var.items:
        if isinstance(item, _HEADER_FIELDS):
            if type(item) in seen_fields:
                continue  # repeated: PB109, the first one counts
            seen_fields.add(type(item))
            work.items = [x for x in work.items if type(x) is not type(item)]
            work.items.append(item)
            applied.append(Applied("field", _FIELD_WORD[type(item)], (), item))
        elif isinstance(item, (n.SystemDecl, n.ActorDecl)):
            work.items.append(item)
    # -- swaps
    for item in var.items:
        if isinstance(item, n.Swap):
            _swap(work, base, item, problem, applied, made, bp_name)
    # -- node changes, in the order written
    for item in var.items:
        t = type(item)
        if t is n.AddNode:
            _add(work, item, problem, applied, made, node_named, touched, bp_name)
        elif t is n.ChangeNode:
            node = node_named(item.target, item.kind, f"`change {item.kind} {item.target.text}`")
            if node is not None:
                touched[item.target.text] = item.target.span
                _change(work, node, item, problem, applied)
        elif t is n.Reroute:
            node = node_named(item.node, None, f"`reroute {item.node.text}`")
            if node is not None:
                touched.setdefault(item.node.text, item.node.span)
                _reroute(work, node, item, problem, applied, made)
        elif t is n.RemoveNode:
            node = node_named(item.target, item.kind, f"`remove {item.kind} {item.target.text}`")
            if node is not None:
                _remove(work, node, item, problem, applied, made)
    return Result(work.build(var), tuple(applied), tuple(problems), touched, frozenset(authored))


def _close(wrong: str, names) -> str | None:
    from pwib_dsl.diagnostics.suggest import did_you_mean, phrase

    close = did_you_mean(wrong, list(names))
    return f"did you mean {phrase(close)}?" if close else None


def _swap(work: _Work, base: n.Blueprint, swap: n.Swap, problem, applied, made, bp_name) -> None:
    old, new = swap.old, swap.new
    hits: list[str] = []
    if swap.kind == "actor" and len(new.parts) > 1:
        problem(msg("PB805.qualified-actor", name=new.dotted), new.span, "qualified",
                help="declare the actor in the variant (`actor NAME \"Title\" = MODULE.ROLE`) and swap to its name")
        return
    for box in list(work.containers()):
        for i, node in enumerate(box):
            if not isinstance(node, n.FLOW_NODE_TYPES):
                continue
            items = list(node.items)
            changed = False
            for j, it in enumerate(items):
                if swap.kind == "system" and type(it) is n.SystemUse and _ref_matches(it.ref, old.dotted):
                    items[j] = made(n.SystemUse(new, span=swap.span))
                    changed = True
                elif swap.kind == "actor" and len(old.parts) == 1:
                    if type(it) is n.LaneEntry and it.actor is not None and it.actor.text == old.dotted:
                        items[j] = attrs.evolve(it, actor=made(n.Ident(new.dotted, span=new.span)))
                        changed = True
                    elif type(it) is n.Wait and it.party is not None and it.party.text == old.dotted:
                        items[j] = attrs.evolve(it, party=made(n.Ident(new.dotted, span=new.span)))
                        changed = True
            if changed:
                box[i] = attrs.evolve(node, items=tuple(items))
                hits.append(node.name.text)
    if not hits:
        used = _uses(base, swap.kind)  # what the base names, before any swap
        problem(msg("PB805.swap-unused", kind=swap.kind, name=old.dotted, blueprint=bp_name),
                old.span, f"not a {swap.kind} of the base",
                help=_close(old.dotted, [u for u, _s, _o in used]) or (
                    f"the {swap.kind}s the base uses: " + ", ".join(f"`{u}`" for u, _s, _o in used) if used else None),
                candidates=tuple((f"`{u}`", s, o) for u, s, o in used[:8]))
        return
    # the base's own declaration of what was swapped away is no longer used
    decl_cls = n.SystemDecl if swap.kind == "system" else n.ActorDecl
    if len(old.parts) == 1:
        work.items = [x for x in work.items if not (type(x) is decl_cls and x.name.text == old.dotted)]
    applied.append(Applied(f"swap-{swap.kind}", old.dotted, tuple(hits), swap))


def _uses(bp: n.Blueprint, kind: str) -> list[tuple[str, Span, object]]:
    """The systems (or lane actors) a blueprint's nodes name: (name, span, line)."""
    seen: dict[str, tuple] = {}
    for _phase, node in bp.flow_nodes():
        for it in node.items:
            if kind == "system" and type(it) is n.SystemUse:
                seen.setdefault(it.ref.dotted, (it.ref.span, it))
            elif kind == "actor" and type(it) is n.LaneEntry and it.actor is not None:
                seen.setdefault(it.actor.text, (it.actor.span, it))
    return [(name, span, obj) for name, (span, obj) in sorted(seen.items())]


def _retarget(work: _Work, old: str, new: str, span: Span, made, skip: str | None = None) -> list[str]:
    """Every line leading to ``old`` leads to ``new``; the names of the nodes changed."""
    changed = []
    for box in list(work.containers()):
        for i, node in enumerate(box):
            if not isinstance(node, n.FLOW_NODE_TYPES) or node.name.text in (old, skip):
                continue
            items = list(node.items)
            hit = False
            for j, it in enumerate(items):
                if isinstance(it, _LEADS) and it.target is not None and it.target.text == old:
                    items[j] = attrs.evolve(it, target=made(n.Ident(new, span=span)))
                    hit = True
            if hit:
                box[i] = attrs.evolve(node, items=tuple(items))
                changed.append(node.name.text)
    return changed


def _leading_to(work: _Work, name: str) -> list:
    return [nd for nd in work.order() if nd.name.text != name and any(
        isinstance(it, _LEADS) and it.target is not None and it.target.text == name for it in nd.items)]


def _add(work: _Work, add: n.AddNode, problem, applied, made, node_named, touched, bp_name) -> None:
    new = add.node
    name = new.name.text
    place = add.placement
    if work.locate(name) is not None:
        box, i = work.locate(name)
        problem(msg("PB805.already-a-node", kind=NODE_WORD[type(new)], name=name, blueprint=bp_name), new.name.span,
                "already in the base", help=f"change it with `change {NODE_WORD[type(box[i])]} {name} {{ ... }}`, or"
                                            " give the new node its own name",
                candidates=(("the base's node", box[i].name.span, box[i]),))
        return
    what = f"`add {NODE_WORD[type(new)]} {name} {place.where} {place.anchor.text}`"
    if place.where == "in":
        nodes = work.phases.get(place.anchor.text)
        if nodes is None:
            phases = list(work.phase_of.values())
            problem(msg("PB805.no-phase", what=what, blueprint=bp_name, phase=place.anchor.text), place.anchor.span,
                    "no such phase",
                    help=_close(place.anchor.text, [p.name.text for p in phases]),
                    candidates=tuple((f"`{p.name.text}`", p.name.span, p) for p in phases[:8]))
            return
        nodes.append(new)
        applied.append(Applied("add", f"in {place.anchor.text}", (name,), add))
        return
    anchor = node_named(place.anchor, None, what)
    if anchor is None:
        return
    touched.setdefault(place.anchor.text, place.anchor.span)
    box, i = work.locate(anchor.name.text)
    if place.where == "before":
        changed = _retarget(work, anchor.name.text, name, place.span, made)
        box, i = work.locate(anchor.name.text)
        box.insert(i, new)
        applied.append(Applied("add", f"before {anchor.name.text}", (name, *changed), add))
        return
    # after: the new node takes over the anchor's single way on
    if type(anchor) not in (n.Step, n.Join):
        ways = [it for it in anchor.items if isinstance(it, _LEADS) and it.target is not None]
        word = NODE_WORD[type(anchor)]
        problem(msg("PB805.no-single-way-on", what=what, kind=word), place.anchor.span,
                f"a {word}", help="use `before NODE` with the node the new one should lead to, or `reroute`",
                candidates=tuple((describe(w), w.span, w) for w in ways[:8]))
        return
    nxt = anchor.find(n.Next)
    if nxt is not None:
        items = tuple(made(n.Next(n.Ident(name, span=place.span), span=place.span)) if it is nxt else it
                      for it in anchor.items)
        box[i] = attrs.evolve(anchor, items=items)
        if type(new) in (n.Step, n.Join) and new.find(n.Next) is None:
            new = made(attrs.evolve(new, items=new.items + (
                n.Next(n.Ident(nxt.target.text, span=place.span), span=place.span),)))
    box.insert(i + 1, new)
    applied.append(Applied("add", f"after {anchor.name.text}", (name, anchor.name.text), add))


def _change(work: _Work, node, change: n.ChangeNode, problem, applied) -> None:
    items = list(node.items)
    name = node.name.text
    for item in change.items:
        if type(item) is n.ChangeAdd:
            items.append(item.item)
            applied.append(Applied("add-line", f"{name}: {describe(item.item)}", (name,), item, (), item.item))
            continue
        sel = item.selector
        hits = select(sel, items)
        verb = "replace" if type(item) is n.ChangeReplace else "remove"
        if len(hits) != 1:
            same = same_kind(sel, items)
            if hits:
                message = msg("PB805.matches-lines", line=f"{verb} {describe_selector(sel)}", name=name,
                              count=len(hits))
                label = "more than one line"
                help = "add what tells them apart: the actor, channel, article or the line's text"
                cands = [items[h] for h in hits]
            else:
                message = msg("PB805.no-such-line", what=f"`{verb} {describe_selector(sel)}`", name=name)
                label = "matches nothing"
                help = "the base's lines of this kind are listed below" if same else f"`{name}` has no `{sel.kind}` line"
                cands = same
            notes = tuple(f"`{describe(c)}`" for c in cands[:8])
            problem(message, sel.span, label, help=help, notes=notes,
                    candidates=tuple((describe(c), c.span, c) for c in cands[:8]))
            continue
        old = items[hits[0]]
        if verb == "replace":
            items[hits[0]] = item.item
            applied.append(Applied("replace", f"{name}: {describe_selector(sel)}", (name,), item, (old,), item.item))
        else:
            del items[hits[0]]
            applied.append(Applied("remove-line", f"{name}: {describe_selector(sel)}", (name,), item, (old,)))
    work.replace(node, attrs.evolve(node, items=tuple(items)))


def _reroute(work: _Work, node, rr: n.Reroute, problem, applied, made) -> None:
    name = node.name.text
    items = list(node.items)
    if rr.route == "next":
        hits = [i for i, it in enumerate(items) if type(it) is n.Next]
    elif rr.route == "otherwise":
        hits = [i for i, it in enumerate(items) if type(it) is n.Otherwise]
    elif rr.route == "deadline":
        hits = [i for i, it in enumerate(items) if type(it) is n.Deadline]
    else:
        hits = [i for i, it in enumerate(items) if type(it) is n.Branch and it.label.value == rr.label.value]
    target = rr.target
    where = f"`reroute {name} {rr.route}{' ' + _q(rr.label) if rr.label else ''}`"
    if not hits and rr.route == "next" and type(node) in (n.Step, n.Join):
        items.append(made(n.Next(target, span=rr.span)))  # its way on was the node after it
        work.replace(node, attrs.evolve(node, items=tuple(items)))
        applied.append(Applied("reroute", f"{name}: next", (name,), rr, ()))
        return
    if len(hits) != 1:
        ways = [it for it in items if isinstance(it, _LEADS)]
        message = (msg("PB805.no-such-line", what=where, name=name) if not hits
                   else msg("PB805.such-lines", what=where, name=name, count=len(hits)))
        problem(message,
                rr.node.span if not hits else rr.span, "matches nothing" if not hits else "more than one line",
                help="the node's ways on are listed below" if ways else f"`{name}` has no way on to reroute",
                notes=tuple(f"`{describe(w)}`" for w in ways[:8]),
                candidates=tuple((describe(w), w.span, w) for w in ways[:8]))
        return
    old = items[hits[0]]
    items[hits[0]] = attrs.evolve(old, target=target)  # the target is the variant's, the line the base's
    work.replace(node, attrs.evolve(node, items=tuple(items)))
    applied.append(Applied("reroute", f"{name}: {rr.route}{' ' + rr.label.value if rr.label else ''}", (name,),
                           rr, (old,)))


def _remove(work: _Work, node, rm: n.RemoveNode, problem, applied, made) -> None:
    name = node.name.text
    on = way_on(work, node)
    leading = _leading_to(work, name)
    before = work.preceding(name)
    implicit = before is not None and type(before) in (n.Step, n.Join) and before.find(n.Next) is None
    if on is None and (leading or implicit):
        froms = leading + ([before] if implicit else [])
        problem(msg("PB805.remove-still-reached", kind=rm.kind, name=name),
                rm.target.span, "still reached",
                help="reroute the nodes that lead to it first (`reroute NODE next -> ...`)",
                notes=tuple(f"`{nd.name.text}` leads to it" for nd in froms[:8]),
                candidates=tuple((f"`{nd.name.text}`", nd.name.span, nd) for nd in froms[:8]))
        return
    changed = _retarget(work, name, on, rm.span, made) if on is not None else []
    after = work.following(name)
    if implicit and on is not None and (after is None or after.name.text != on):
        # the node before it flowed into it by file order: now it says where to go
        line = made(n.Next(n.Ident(on, span=rm.span), span=rm.span))
        box, i = work.locate(before.name.text)
        box[i] = attrs.evolve(box[i], items=box[i].items + (line,))
        changed.append(before.name.text)
    box, i = work.locate(name)
    del box[i]
    applied.append(Applied("remove", name, (name, *changed), rm, (node,)))
