"""Comparing two sides — each a set of parsed files — into a :class:`DiffResult`.

Works on the surface AST only: nothing is resolved, so two versions can be compared even when
their names do not resolve. Blueprints are matched by name across all files of a side and
catalogue entries by kind and qualified name, so moving a blueprint to another file is a move,
not a removal and an addition. File paths are compared only when both sides are workspaces
(folders or git trees), where a path means the same file on both sides.
"""

from __future__ import annotations

import attrs

from pwib_dsl.diff.blueprints import added_or_removed, compare_blueprint
from pwib_dsl.diff.catalogue import CATALOGUE, compare_entry, entry_key
from pwib_dsl.diff.lists import by_name, compare_facts
from pwib_dsl.diff.model import SECTIONS, Change, DiffResult, Ref
from pwib_dsl.diff.facts import title
from pwib_dsl.fmt.render import statement
from pwib_dsl.surface import nodes as n


@attrs.frozen
class Side:
    """One side of a comparison: a label and its files as (path, AST), sorted by path."""

    label: str
    files: tuple[tuple[str, n.File], ...]
    #: True for a folder or a git tree, where paths line up with the other side
    workspace: bool = False


def _module(file: n.File) -> str | None:
    return file.module.name.text if file.module is not None else None


def compare(old: Side, new: Side) -> DiffResult:
    """Every semantic change from ``old`` to ``new`` (see the module docstring)."""
    by_path = old.workspace and new.workspace
    changes: list[Change] = []
    changes += _blueprints(old, new, by_path)
    changes += _variants(old, new, by_path)
    changes += _catalogue(old, new, by_path)
    changes += _files(old, new, by_path)
    order = {s: i for i, s in enumerate(SECTIONS)}
    changes.sort(key=lambda c: order[c.section])  # stable: traversal order within a section
    return DiffResult(old.label, new.label, tuple(changes))


def _moved(owner: Ref, section: str, a: str, b: str, by_path: bool) -> list[Change]:
    if by_path and a != b:
        return [Change(section, owner, (), "moved", note=f"from file `{a}` to file `{b}`")]
    return []


def _blueprints(old: Side, new: Side, by_path: bool) -> list[Change]:
    def index(side: Side):
        return by_name(
            ((path, item) for path, f in side.files for item in f.items if isinstance(item, n.Blueprint)),
            lambda pi: pi[1].name.text,
        )

    olds, news = index(old), index(new)
    out: list[Change] = []
    for name in list(news) + [k for k in olds if k not in news]:
        a, b = olds.get(name), news.get(name)
        owner = Ref("blueprint", name)
        if a is None:
            out += added_or_removed(owner, b[1], "added")
        elif b is None:
            out += added_or_removed(owner, a[1], "removed")
        else:
            out += _moved(owner, "blueprints", a[0], b[0], by_path)
            out += compare_blueprint(owner, a[1], b[1])
    return out


def variant_lines(var: n.Variant) -> list[str]:
    """A variant's changes as lines in the language's spelling, one per change: a ``change``
    block's line changes each on their own (``change step x: add policy "..."``), an added
    node with its body."""
    out = []
    for item in var.items:
        if isinstance(item, n.LockField):
            continue
        if isinstance(item, n.ChangeNode):
            out += [f"{statement(item)}: {statement(sub)}" for sub in item.items] or [statement(item)]
        elif isinstance(item, n.AddNode):
            body = "; ".join(statement(x) for x in item.items)
            out.append(statement(item) + (f" {{ {body} }}" if body else ""))
        else:
            out.append(statement(item))
    return out


def _legal_lines(var: n.Variant) -> set[str]:
    """The lines of :func:`variant_lines` that add, replace or remove a ``legal`` line."""
    out = set()
    for item in var.items:
        if isinstance(item, n.ChangeNode):
            for sub in item.items:
                line = sub.item if isinstance(sub, (n.ChangeAdd, n.ChangeReplace)) else None
                sel = sub.selector if isinstance(sub, (n.ChangeReplace, n.ChangeRemove)) else None
                if isinstance(line, n.LegalRef) or (sel is not None and sel.kind == "legal"):
                    out.add(f"{statement(item)}: {statement(sub)}")
        elif isinstance(item, n.AddNode) and any(isinstance(x, n.LegalRef) for x in item.items):
            out.update(line for line in variant_lines(n.Variant(item.node.name, item.node.title, n.QName(("_",)),
                                                                   (item,))))
    return out


def _variants(old: Side, new: Side, by_path: bool) -> list[Change]:
    """Variants by name: added or removed; their title, base, lock and each change line."""
    def index(side: Side):
        return by_name(
            ((path, item) for path, f in side.files for item in f.items if isinstance(item, n.Variant)),
            lambda pi: pi[1].name.text,
        )

    olds, news = index(old), index(new)
    out: list[Change] = []
    for name in list(news) + [k for k in olds if k not in news]:
        a, b = olds.get(name), news.get(name)
        owner = Ref("variant", name)
        if a is None or b is None:
            var = (b or a)[1]
            action = "added" if a is None else "removed"
            text = (f"of {var.base.dotted}",)
            out.append(Change("blueprints", owner, (), action, old=() if a is None else text,
                              new=text if a is None else ()))
            continue
        va, vb = a[1], b[1]
        out += _moved(owner, "blueprints", a[0], b[0], by_path)
        if va.title != vb.title:
            out.append(Change("blueprints", owner, (), "retitled", "title", (title(va),), (title(vb),)))
        if va.base != vb.base:
            out.append(Change("blueprints", owner, (), "changed", "base", (va.base.dotted,), (vb.base.dotted,)))
        if va.lock != vb.lock:
            out.append(Change("blueprints", owner, (), "changed", "lock",
                              (va.lock.hash.value,) if va.lock else (), (vb.lock.hash.value,) if vb.lock else ()))
        legal = _legal_lines(va) | _legal_lines(vb)
        for action, x, y in compare_facts(variant_lines(va), variant_lines(vb)):
            # a change that adds, replaces or removes a `legal` line is a change of legal basis
            cites = x in legal or y in legal
            out.append(Change("legal" if cites else "blueprints", owner, (), action,
                              "legal basis" if cites else "change",
                              (x,) if x is not None else (), (y,) if y is not None else ()))
    return out


def _catalogue(old: Side, new: Side, by_path: bool) -> list[Change]:
    def index(side: Side):
        return by_name(
            ((path, _module(f), item) for path, f in side.files for item in f.items if isinstance(item, CATALOGUE)),
            lambda pmi: entry_key(pmi[1], pmi[2]),
        )

    olds, news = index(old), index(new)
    out: list[Change] = []
    for key in list(news) + [k for k in olds if k not in news]:
        a, b = olds.get(key), news.get(key)
        kind, _, name = key.partition(" ")
        owner = Ref(kind, name)
        if a is None or b is None:
            node = (b or a)[2]
            action = "added" if a is None else "removed"
            text = (title(node),) if getattr(node, "title", None) is not None else ()
            out.append(Change("catalogue", owner, (), action, old=() if a is None else text, new=text if a is None else ()))
            continue
        out += _moved(owner, "catalogue", a[0], b[0], by_path)
        out += compare_entry(owner, a[2], b[2])
    return out


def _files(old: Side, new: Side, by_path: bool) -> list[Change]:
    """Module declarations and `use` lines, per file (or between the two files compared)."""
    if by_path:
        olds, news = dict(old.files), dict(new.files)
        pairs = [(p, olds.get(p), news.get(p)) for p in list(news) + [k for k in olds if k not in news]]
    elif len(old.files) == 1 and len(new.files) == 1:
        pairs = [(new.files[0][0], old.files[0][1], new.files[0][1])]
    else:
        pairs = []
    out: list[Change] = []
    for path, a, b in pairs:
        owner = Ref("file", path)
        if a is None or b is None:
            out.append(Change("files", owner, (), "added" if a is None else "removed"))
            continue
        out += _headers(owner, a, b)
    return out


def _headers(owner: Ref, a: n.File, b: n.File) -> list[Change]:
    heads_a = [a.module] if a.module is not None else []
    heads_b = [b.module] if b.module is not None else []
    out = []
    for aspect, old_items, new_items in (("module", heads_a, heads_b), ("use", list(a.uses), list(b.uses))):
        for action, x, y in compare_facts(old_items, new_items):
            out.append(
                Change(
                    "files", owner, (), action, aspect,
                    old=(statement(x),) if x is not None else (), new=(statement(y),) if y is not None else (),
                )
            )
    return out
