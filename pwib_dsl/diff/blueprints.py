"""Comparing two versions of one blueprint: header, actors, systems, phases, steps and their facts.

Phases and flow nodes (steps, decisions, ends) are matched by name. A matched node may have been
retitled, turned into another kind, moved to another phase or reordered (the order of steps is
the default flow, so a reorder is a change of meaning); its lane and layer entries are compared
lane by lane and layer by layer, and its legal references go to the legal-basis section.
"""

from __future__ import annotations

from pwib_dsl.diff.facts import (
    STEP_ASPECT_ORDER, fact_changes, field_aspect, kind, legal_change, step_aspect, title,
)
from pwib_dsl.diff.lists import matched, out_of_order
from pwib_dsl.diff.model import Change, Ref, presence
from pwib_dsl.fmt.render import statement
from pwib_dsl.surface import nodes as n

_HEADER_FIELDS = (
    n.VersionField, n.StatusField, n.TileField, n.ImplementsField, n.OwnerField, n.DescriptionField, n.LegalDateField,
)
_HEADER_ORDER = ("version", "status", "tile", "implements", "owner", "description", "legal as-of")


def _legal(node) -> list[n.LegalRef]:
    return [i for i in node.items if isinstance(i, n.LegalRef)]


def _facts(node) -> list[n.Node]:
    return [i for i in node.items if not isinstance(i, n.LegalRef)]


def _phase_name(phase: n.Phase | None) -> str:
    return f"phase `{phase.name.text}`" if phase is not None else "outside the phases"


def added_or_removed(owner: Ref, bp: n.Blueprint, action: str) -> list[Change]:
    """A whole blueprint added or removed, with the legal basis of its steps."""
    nodes = list(bp.flow_nodes())
    phases = sum(1 for i in bp.items if isinstance(i, n.Phase))
    summary = f"{phases} phase{'s' * (phases != 1)}, {len(nodes)} step{'s' * (len(nodes) != 1)}"
    titles = (title(bp),)
    out = [Change("blueprints", owner, (), action, old=titles if action == "removed" else (),
                  new=titles if action == "added" else (), note=summary)]
    for _phase, node in nodes:
        refs = _legal(node)
        if refs:
            old, new = ([], refs) if action == "added" else (refs, [])
            note = "new blueprint" if action == "added" else "blueprint removed"
            out.append(legal_change(owner, (Ref(kind(node), node.name.text),), old, new, note))
    return out


def compare_blueprint(owner: Ref, old: n.Blueprint, new: n.Blueprint) -> list[Change]:
    out: list[Change] = []
    if old.title != new.title:
        out.append(Change("blueprints", owner, (), "retitled", "title", (title(old),), (title(new),)))
    out += fact_changes(
        "blueprints", owner, (),
        [i for i in old.items if isinstance(i, _HEADER_FIELDS)],
        [i for i in new.items if isinstance(i, _HEADER_FIELDS)],
        field_aspect, _HEADER_ORDER,
    )
    out += _declarations(owner, n.ActorDecl, old, new)
    out += _declarations(owner, n.SystemDecl, old, new)
    out += _term_spans(owner, old, new)
    out += _phases(owner, old, new)
    out += _nodes(owner, old, new)
    return out


def _name(node) -> str:
    return node.name.text


def _presence(owner: Ref, path: tuple[Ref, ...], a, b, text: tuple[str, ...], note: str = "") -> Change:
    return presence("blueprints", owner, path, a, b, text, note)


def _declarations(owner: Ref, cls: type, old: n.Blueprint, new: n.Blueprint) -> list[Change]:
    """Actors or systems declared in a blueprint, matched by name."""
    what = kind(cls)
    pairs, _, _ = matched([i for i in old.items if isinstance(i, cls)], [i for i in new.items if isinstance(i, cls)], _name)
    out: list[Change] = []
    for name, a, b in pairs:
        path = (Ref(what, name),)
        if a is None or b is None:
            out.append(_presence(owner, path, a, b, (statement(a or b),)))
            continue
        if (a.title, a.alias, getattr(a, "organisation", None)) != (b.title, b.alias, getattr(b, "organisation", None)):
            out.append(Change("blueprints", owner, path, "changed", "declaration", (statement(a),), (statement(b),)))
        if cls is n.SystemDecl:
            out += fact_changes("blueprints", owner, path, a.items, b.items, field_aspect)
    return out


def _term_spans(owner: Ref, old: n.Blueprint, new: n.Blueprint) -> list[Change]:
    """Named terms, matched by name: the header line, then each line of the body."""
    pairs, _, _ = matched([i for i in old.items if isinstance(i, n.TermSpan)],
                          [i for i in new.items if isinstance(i, n.TermSpan)], _name)
    out: list[Change] = []
    for name, a, b in pairs:
        path = (Ref(kind(n.TermSpan), name),)
        if a is None or b is None:
            out.append(_presence(owner, path, a, b, (statement(a or b),)))
            continue
        if statement(a) != statement(b):
            out.append(Change("blueprints", owner, path, "changed", "term", (statement(a),), (statement(b),)))
        lines_a = tuple(statement(i) for i in a.items)
        lines_b = tuple(statement(i) for i in b.items)
        if lines_a != lines_b:
            out.append(Change("blueprints", owner, path, "changed", "lines", lines_a, lines_b))
    return out


def _phases(owner: Ref, old: n.Blueprint, new: n.Blueprint) -> list[Change]:
    pairs, old_order, order = matched([i for i in old.items if isinstance(i, n.Phase)],
                                      [i for i in new.items if isinstance(i, n.Phase)], _name)
    what = kind(n.Phase)
    out: list[Change] = []
    for name, a, b in pairs:
        path = (Ref(what, name),)
        if a is None or b is None:
            out.append(_presence(owner, path, a, b, (title(a or b),)))
        elif a.title != b.title:
            out.append(Change("blueprints", owner, path, "retitled", "title", (title(a),), (title(b),)))
    for name in out_of_order(old_order, order):
        out.append(Change("blueprints", owner, (Ref(what, name),), "reordered", note=_position(order, name)))
    return out


def _position(order: list[str], name: str) -> str:
    i = order.index(name)
    return f"now after `{order[i - 1]}`" if i > 0 else "now first"


def _nodes(owner: Ref, old: n.Blueprint, new: n.Blueprint) -> list[Change]:
    pairs, old_order, order = matched(old.flow_nodes(), new.flow_nodes(), lambda pn: pn[1].name.text)
    news = dict((name, b) for name, _, b in pairs if b is not None)
    out: list[Change] = []
    moved: set[str] = set()
    for name, a, b in pairs:
        if a is None or b is None:
            phase, node = a or b
            path = (Ref(kind(node), name),)
            where = f"in {_phase_name(phase)}" if phase is not None else "outside the phases"
            out.append(_presence(owner, path, a, b, (title(node),), where))
            refs = _legal(node)
            if refs:
                note = "new step" if a is None else "step removed"
                out.append(legal_change(owner, path, [] if a is None else refs, refs if a is None else [], note))
            continue
        (old_phase, x), (new_phase, y) = a, b
        path = (Ref(kind(y), name),)
        if type(x) is not type(y):
            out.append(Change("blueprints", owner, path, "changed", "kind", (kind(x),), (kind(y),)))
        if x.title != y.title:
            out.append(Change("blueprints", owner, path, "retitled", "title", (title(x),), (title(y),)))
        old_in = old_phase.name.text if old_phase is not None else None
        new_in = new_phase.name.text if new_phase is not None else None
        if old_in != new_in:
            moved.add(name)
            out.append(
                Change("blueprints", owner, path, "moved", note=f"from {_phase_name(old_phase)} to {_phase_name(new_phase)}")
            )
        change = legal_change(owner, path, _legal(x), _legal(y))
        if change is not None:
            out.append(change)
        out += fact_changes("blueprints", owner, path, _facts(x), _facts(y), step_aspect, STEP_ASPECT_ORDER)
    for name in out_of_order(old_order, order):
        if name not in moved:
            node = news[name][1]
            out.append(
                Change("blueprints", owner, (Ref(kind(node), name),), "reordered", note=_position(order, name))
            )
    return out
