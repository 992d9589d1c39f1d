"""One statement → its canonical one-line text.

Every construct of the language prints on one line: a field, a lane or layer entry, a flow
line, or the header of a block (``step aanmelden "Aanmelden"`` — the printer adds ``{``).
Tokens are separated by single spaces; names and labels print as written; numbers print as
their value (``emotion +1`` → ``emotion 1``); strings print as written (:attr:`Str.raw`), so
escapes and ``\"\"\"`` strings keep their exact text. The semantic diff reuses these texts to
show old and new values in the language's own spelling.
"""

from __future__ import annotations

import functools
from typing import Callable

import attrs

from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax import keywords
from pwib_dsl.surface.lower import decode_string, legal_key

__all__ = ["statement", "string", "target", "BODY_REQUIRED", "BODY_OPTIONAL", "children", "header_end"]


def string(s: n.Str) -> str:
    """A string literal as written; ``\"\"\"`` strings get LF line endings when that keeps the value."""
    raw = s.raw or _quote(s.value)
    if "\r\n" in raw and raw.startswith('"""'):
        lf = raw.replace("\r\n", "\n")
        if decode_string(lf) == decode_string(raw):
            return lf
    return raw


def _quote(value: str) -> str:
    """A literal for a string made in code (no source text): escape what must be escaped."""
    out = []
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def target(t: n.LegalTarget) -> str:
    """``wgs art 4 lid 1 onderdeel a``."""
    return legal_key(t)


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _opt(s: n.Str | None) -> str | None:
    return string(s) if s is not None else None


def _kw(node: n.Node) -> str:
    """The keyword that writes ``node``, from the word table."""
    return keywords.node_word(node)


def _part(value) -> str | None:
    """One slot of a statement as written: a name, a qualified name, a string, a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, n.Ident):
        return value.text
    if isinstance(value, n.QName):
        return value.dotted
    if isinstance(value, n.Str):
        return string(value)
    if isinstance(value, n.LegalTarget):
        return target(value)
    if isinstance(value, (int, str)):
        return str(value)
    return None  # a body (a tuple of statements) is printed by the printer


def _plain(node: n.Node) -> str:
    """``KEYWORD slot slot ...``: the keyword, then the node's slots in declaration order.

    Most statements read this way (``bwb BWBR0000000``, ``next STEP``, ``wait PARTY "..."``),
    so a new keyword whose node lists its slots in the order they are written needs no entry
    of its own here.
    """
    return _join(_kw(node), *(_part(getattr(node, name)) for name in _slots(type(node))))


@functools.cache
def _slots(cls: type) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls) if a.name != "span")


def _named(node) -> str:
    return _join(_kw(node), node.name.text, string(node.title))


def _bound(bound: n.Bound | None) -> str | None:
    return f"max {bound.times}" if bound is not None else None


def _system_decl(node: n.SystemDecl) -> str:
    alias = f"= {node.alias.dotted}" if node.alias is not None else None
    return _join(_kw(node), node.name.text, _opt(node.title), alias)


def _actor_decl(node: n.ActorDecl) -> str:
    alias = f"= {node.alias.dotted}" if node.alias is not None else None
    member = f"of {node.organisation.dotted}" if node.organisation is not None else None
    return _join(_kw(node), node.name.text, _opt(node.title), alias, member)


#: Statements that do not read as :func:`_plain`: blocks with a body, fixed inner words
#: (``art``, ``from``, ``->``), flags, and lanes and layers (their word is their value).
_RENDER: dict[type, Callable] = {
    n.LawExtension: lambda x: f"{_kw(x)} {x.target.dotted}",
    n.Article: lambda x: _join(_kw(x), x.number.text, string(x.title)),
    **{cls: _named for cls in (n.Law, n.Measure, n.Component, n.Facility, n.Role, n.Tile, n.Organisation,
                               n.Blueprint, n.Phase, n.Step, n.Decision, n.End, n.Fork, n.Join)},
    n.SystemDecl: _system_decl,
    n.ActorDecl: _actor_decl,
    n.Term: lambda x: _join(_kw(x), str(x.amount), x.unit, "max" if x.is_max else None, _opt(x.note)),
    n.LidField: lambda x: _join(_kw(x), x.lid.text, "onderdeel" if x.onderdeel else None,
                                x.onderdeel.text if x.onderdeel else None, _opt(x.note)),
    n.VerifiedField: lambda x: "verified" if x.verified else "unverified",
    n.LegalDateField: lambda x: f"{_kw(x)} as-of {x.date}",
    n.TermSpan: lambda x: _join(
        _kw(x), x.name.text, str(x.amount), x.unit, "from", x.start.text, "to", x.end.text, _opt(x.note)
    ),
    n.ParallelBranch: lambda x: f"{_kw(x)} -> {x.target.text}",
    n.LaneEntry: lambda x: _join(x.lane, x.actor.text if x.actor else None, string(x.text)),
    n.LegalRef: lambda x: _join(_kw(x), target(x.target), f"as-of {x.as_of}" if x.as_of else None, _opt(x.note)),
    n.TextLayer: lambda x: f"{x.layer} {string(x.text)}",
    n.Deadline: lambda x: _join(
        _kw(x), str(x.amount), x.unit, _opt(x.note), f"-> {x.target.text}" if x.target else None
    ),
    n.Branch: lambda x: _join(f"{_kw(x)} {string(x.label)} -> {x.target.text}", _bound(x.bound)),
    n.Otherwise: lambda x: _join(f"{_kw(x)} -> {x.target.text}", _bound(x.bound)),
    # variants
    n.Variant: lambda x: _join(_kw(x), x.name.text, string(x.title), "of", x.base.dotted),
    n.LockField: lambda x: f"lock {string(x.hash)}",
    n.Swap: lambda x: f"swap {x.kind} {x.old.dotted} -> {x.new.dotted}",
    n.AddNode: lambda x: _join(
        "add", _kw(x.node), x.node.name.text, string(x.node.title), x.placement.where,
        x.placement.anchor.text,
    ),
    n.ChangeNode: lambda x: f"change {x.kind} {x.target.text}",
    n.ChangeAdd: lambda x: f"add {statement(x.item)}",
    n.ChangeReplace: lambda x: f"replace {selector(x.selector)} with {statement(x.item)}",
    n.ChangeRemove: lambda x: f"remove {selector(x.selector)}",
    n.Reroute: lambda x: _join(
        "reroute", x.node.text, x.route, _opt(x.label), f"-> {x.target.text}"
    ),
    n.RemoveNode: lambda x: f"remove {x.kind} {x.target.text} because {string(x.reason)}",
}

def selector(s: n.Selector) -> str:
    """``frontstage consulent "text"``, ``legal wgs art 4``, ``branch -> x``: a change's selector."""
    key = s.key
    if key is not None and s.kind == "branch":
        key = f"-> {key}"
    return _join(s.kind, key, _opt(s.text))


def statement(node: n.Node) -> str:
    """The canonical one-line text of a statement (a block's header, without ``{``)."""
    return _RENDER.get(type(node), _plain)(node)


#: Blocks whose ``{ }`` the grammar requires: an empty one prints as ``{}``.
BODY_REQUIRED = (n.Law, n.LawExtension, n.Blueprint, n.Phase, n.Step, n.Decision, n.Fork, n.Variant, n.ChangeNode)
#: Blocks whose body may be left out: an empty one (without comments) prints without braces.
BODY_OPTIONAL = (
    n.Article, n.Measure, n.Component, n.Facility, n.Role, n.Tile, n.Organisation, n.SystemDecl, n.End, n.Join, n.TermSpan,
    n.AddNode,
)


def children(node: n.Node) -> tuple:
    """The statements inside a block, in source order."""
    return node.nodes if isinstance(node, n.Phase) else node.items


def header_end(node: n.Node) -> int:
    """The source offset where a block's header ends (its ``{`` follows, after trivia)."""
    if isinstance(node, n.LawExtension):
        return node.target.span.end
    if isinstance(node, n.TermSpan):
        return (node.note or node.end).span.end
    if isinstance(node, n.Variant):
        return node.base.span.end
    if isinstance(node, n.AddNode):
        return node.placement.span.end
    if isinstance(node, n.ChangeNode):
        return node.target.span.end
    last = (node.alias or node.title or node.name) if isinstance(node, n.SystemDecl) else node.title
    return last.span.end
