"""One statement → its canonical one-line text.

Every construct of the language prints on one line: a field, a lane or layer entry, a flow
line, or the header of a block (``step aanmelden "Aanmelden"`` — the printer adds ``{``).
Tokens are separated by single spaces; names and labels print as written; numbers print as
their value (``emotion +1`` → ``emotion 1``); strings print as written (:attr:`Str.raw`), so
escapes and ``\"\"\"`` strings keep their exact text. The semantic diff reuses these texts to
show old and new values in the language's own spelling.
"""

from __future__ import annotations

from typing import Callable

from pwib_dsl.surface import nodes as n
from pwib_dsl.surface.lower import decode_string

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
    text = f"{t.law.dotted} art {t.article.text}"
    if t.lid is not None:
        text += f" lid {t.lid.text}"
    if t.onderdeel is not None:
        text += f" onderdeel {t.onderdeel.text}"
    return text


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _opt(s: n.Str | None) -> str | None:
    return string(s) if s is not None else None


def _named(keyword: str) -> Callable:
    def render(node) -> str:
        return _join(keyword, node.name.text, string(node.title))

    return render


def _bound(bound: n.Bound | None) -> str | None:
    return f"max {bound.times}" if bound is not None else None


def _system_decl(node: n.SystemDecl) -> str:
    alias = f"= {node.alias.dotted}" if node.alias is not None else None
    return _join("system", node.name.text, _opt(node.title), alias)


def _actor_decl(node: n.ActorDecl) -> str:
    alias = f"= {node.alias.dotted}" if node.alias is not None else None
    member = f"of {node.organisation.dotted}" if node.organisation is not None else None
    return _join("actor", node.name.text, _opt(node.title), alias, member)


_RENDER: dict[type, Callable] = {
    n.ModuleDecl: lambda x: _join("module", x.name.text, _opt(x.title)),
    n.Use: lambda x: f"use {x.target.dotted}",
    # catalogue
    n.Law: _named("law"),
    n.LawExtension: lambda x: f"extend {x.target.dotted}",
    n.Article: lambda x: _join("article", x.number.text, string(x.title)),
    n.Measure: _named("measure"),
    n.Component: _named("component"),
    n.Facility: _named("facility"),
    n.Role: _named("role"),
    n.Tile: _named("tile"),
    n.Organisation: _named("organisation"),
    n.SystemDecl: _system_decl,
    n.ActorDecl: _actor_decl,
    n.BwbField: lambda x: f"bwb {x.id}",
    n.CvdrField: lambda x: f"cvdr {x.id}",
    n.Term: lambda x: _join("term", str(x.amount), x.unit, "max" if x.is_max else None, _opt(x.note)),
    n.LidField: lambda x: _join("lid", x.lid.text, "onderdeel" if x.onderdeel else None,
                                x.onderdeel.text if x.onderdeel else None, _opt(x.note)),
    n.ThemeField: lambda x: f"theme {string(x.text)}",
    n.PhaseField: lambda x: f"phase {x.number}",
    n.ChangesField: lambda x: f"changes {target(x.target)}",
    n.EffectiveField: lambda x: _join("effective", x.date, _opt(x.note)),
    n.RetroactiveField: lambda x: _join("retroactive", x.date, _opt(x.note)),
    n.UrlField: lambda x: f"url {string(x.url)}",
    n.PersonalDataField: lambda x: "personal-data",
    n.OrderField: lambda x: f"order {x.number}",
    n.ParentField: lambda x: f"parent {x.ref.dotted}",
    n.SourceField: lambda x: f"source {string(x.url)}",
    n.VerifiedField: lambda x: "verified" if x.verified else "unverified",
    n.DescriptionField: lambda x: f"description {string(x.text)}",
    n.GlossField: lambda x: f"gloss {string(x.text)}",
    # blueprints
    n.Blueprint: _named("blueprint"),
    n.VersionField: lambda x: f"version {string(x.text)}",
    n.StatusField: lambda x: f"status {x.status.text}",
    n.TileField: lambda x: f"tile {x.ref.dotted}",
    n.ImplementsField: lambda x: f"implements {x.ref.dotted}",
    n.OwnerField: lambda x: f"owner {string(x.text)}",
    n.LegalDateField: lambda x: f"legal as-of {x.date}",
    n.Phase: _named("phase"),
    n.TermSpan: lambda x: _join(
        "term", x.name.text, str(x.amount), x.unit, "from", x.start.text, "to", x.end.text, _opt(x.note)
    ),
    n.SuspendedBy: lambda x: f"suspended-by {x.step.text}",
    n.SpanCondition: lambda x: f"when {string(x.text)}",
    n.Step: _named("step"),
    n.Decision: _named("decision"),
    n.End: _named("end"),
    n.Fork: _named("fork"),
    n.Join: _named("join"),
    n.ParallelBranch: lambda x: f"branch -> {x.target.text}",
    # step items
    n.LaneEntry: lambda x: _join(x.lane, x.actor.text if x.actor else None, string(x.text)),
    n.LegalRef: lambda x: _join("legal", target(x.target), f"as-of {x.as_of}" if x.as_of else None, _opt(x.note)),
    n.TextLayer: lambda x: f"{x.layer} {string(x.text)}",
    n.Communication: lambda x: _join("communication", x.channel.text if x.channel else None, string(x.text)),
    n.SystemUse: lambda x: f"system {x.ref.dotted}",
    n.MeasureUse: lambda x: f"measure {x.ref.dotted}",
    n.Emotion: lambda x: f"emotion {x.value}",
    n.Deadline: lambda x: _join(
        "deadline", str(x.amount), x.unit, _opt(x.note), f"-> {x.target.text}" if x.target else None
    ),
    n.Wait: lambda x: _join("wait", x.party.text if x.party else None, string(x.event)),
    n.Outcome: lambda x: f"outcome {x.kind.text}",
    n.Next: lambda x: f"next {x.target.text}",
    n.Branch: lambda x: _join(f"when {string(x.label)} -> {x.target.text}", _bound(x.bound)),
    n.Otherwise: lambda x: _join(f"otherwise -> {x.target.text}", _bound(x.bound)),
    n.Journey: lambda x: f"journey {x.ref.dotted}",
}


def statement(node: n.Node) -> str:
    """The canonical one-line text of a statement (a block's header, without ``{``)."""
    return _RENDER[type(node)](node)


#: Blocks whose ``{ }`` the grammar requires: an empty one prints as ``{}``.
BODY_REQUIRED = (n.Law, n.LawExtension, n.Blueprint, n.Phase, n.Step, n.Decision, n.Fork)
#: Blocks whose body may be left out: an empty one (without comments) prints without braces.
BODY_OPTIONAL = (
    n.Article, n.Measure, n.Component, n.Facility, n.Role, n.Tile, n.Organisation, n.SystemDecl, n.End, n.Join, n.TermSpan,
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
    last = (node.alias or node.title or node.name) if isinstance(node, n.SystemDecl) else node.title
    return last.span.end
