"""Comparing catalogue entries: laws and their articles, measures, components, facilities, roles,
tiles, organisations, and systems and actors declared outside a blueprint.

Entries are matched by kind and qualified name (``law wet.wgs``: the file's module name, then the
entry's name). A matched entry may be retitled, re-aliased, or have fields added, removed or
changed; a law's articles are matched by number and compared the same way.
"""

from __future__ import annotations

from pwib_dsl.diff.facts import fact_changes, field_aspect, kind, title
from pwib_dsl.diff.lists import matched
from pwib_dsl.diff.model import Change, Ref, presence
from pwib_dsl.fmt.render import statement
from pwib_dsl.surface import nodes as n

CATALOGUE = (
    n.Law, n.LawExtension, n.Measure, n.Component, n.Facility, n.Role, n.Tile, n.Organisation, n.SystemDecl, n.ActorDecl,
)
_FIELD_ORDER = (
    "bwb", "cvdr", "theme", "phase", "changes", "effective", "retroactive", "url", "personal-data", "order", "parent",
    "term", "lid", "description", "gloss", "source", "verified",
)


def entry_key(module: str | None, node: n.Node) -> str:
    """``law wet.wgs``: kind, then the name qualified by the file's module (when it has one);
    ``extend wet.pw`` for an extension, by the law it extends."""
    if isinstance(node, n.LawExtension):
        return f"extend {node.target.dotted}"
    name = f"{module}.{node.name.text}" if module else node.name.text
    return f"{kind(node)} {name}"


def _fields(item) -> bool:
    return not isinstance(item, n.Article)


def _items(node) -> tuple:
    return getattr(node, "items", ())


def compare_entry(owner: Ref, old: n.Node, new: n.Node) -> list[Change]:
    """Changes between two versions of one catalogue entry."""
    out: list[Change] = []
    if getattr(old, "title", None) != getattr(new, "title", None):
        out.append(Change("catalogue", owner, (), "retitled", "title", (title(old),), (title(new),)))
    if isinstance(old, (n.SystemDecl, n.ActorDecl)) and (old.alias, getattr(old, "organisation", None)) != (
        new.alias, getattr(new, "organisation", None)
    ):
        out.append(Change("catalogue", owner, (), "changed", "declaration", (statement(old),), (statement(new),)))
    out += fact_changes(
        "catalogue", owner, (),
        [i for i in _items(old) if _fields(i)], [i for i in _items(new) if _fields(i)],
        field_aspect, _FIELD_ORDER,
    )
    if isinstance(old, (n.Law, n.LawExtension)):
        out += _articles(owner, old, new)
    return out


def _articles(owner: Ref, old: n.Law, new: n.Law) -> list[Change]:
    pairs, _, _ = matched(old.articles, new.articles, lambda a: a.number.text)
    out: list[Change] = []
    for number, a, b in pairs:
        path = (Ref(kind(n.Article), number),)
        if a is None or b is None:
            out.append(presence("catalogue", owner, path, a, b, (title(a or b),)))
            continue
        if a.title != b.title:
            out.append(Change("catalogue", owner, path, "retitled", "title", (title(a),), (title(b),)))
        out += fact_changes("catalogue", owner, path, a.items, b.items, field_aspect, _FIELD_ORDER)
    return out
