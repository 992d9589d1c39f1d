"""Hover text: what a name stands for, in Markdown.

* a law article — its citation label, title, terms and wetten.overheid.nl link;
* a law — title, BWB id and link; a measure — title, theme, phase, effective dates and the
  articles it changes; a GEMMA component or national facility; a system and its component;
  an actor, its role and its organisation; a role, organisation, tile, blueprint, phase or
  flow node;
* the doc comment of the declaration: the ``#`` lines right above it.

Links are made by :mod:`pwib_dsl.sema.links`, as in the compiled outputs. The same text is the
documentation of completion items.
"""

from __future__ import annotations

import re

from pwib_dsl.lsp.index import Decl, Ref
from pwib_dsl.lsp.resolve import Resolver, Target
from pwib_dsl.sema import links
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n

_KIND_WORDS = {
    "law": "law", "article": "article", "measure": "measure",
    "component": "GEMMA reference component", "facility": "national facility", "role": "role",
    "tile": "tile of the debt landscape", "system": "system", "actor": "actor",
    "organisation": "organisation", "blueprint": "blueprint", "phase": "phase", "step": "step", "decision": "decision",
    "end": "end", "fork": "fork (parallel work starts)", "join": "join (parallel work ends)",
    "module": "module",
}


def hover_markdown(resolver: Resolver, target: Target, ref: Ref | None = None) -> str:
    """The Markdown shown for a declaration (``ref``: the reference hovered, if any)."""
    decl = target.decl
    parts: list[str] = []
    builder = _BUILDERS.get(decl.kind, _generic)
    parts.extend(p for p in builder(resolver, target, ref) if p)
    comment = doc_comment(target.doc.source, decl.extent)
    if comment:
        parts.append("---\n" + comment)
    return "\n\n".join(parts)


def qualified_id(resolver: Resolver, target: Target) -> str:
    decl = target.decl
    if decl.kind == "module":
        return decl.name
    if decl.container is not None and decl.kind != "article":
        return decl.name
    module = resolver.module_name(target.doc)
    if decl.kind == "article":
        return f"{module}.{decl.container} art {decl.name}" if module else f"{decl.container} art {decl.name}"
    return f"{module}.{decl.name}" if module else decl.name


def _head(resolver: Resolver, target: Target, title: str | None = None) -> str:
    decl = target.decl
    title = title if title is not None else decl.title
    what = _KIND_WORDS.get(decl.kind, decl.kind)
    shown = f"**{_md(title)}**" if title else f"`{decl.name}`"
    return f"{shown} — {what} `{qualified_id(resolver, target)}`"


def _fields(node) -> dict:
    out: dict = {}
    for item in getattr(node, "items", ()):
        out.setdefault(type(item), []).append(item)
    return out


def _text(fields: dict, cls) -> str | None:
    items = fields.get(cls)
    if not items:
        return None
    item = items[0]
    for attr in ("text", "url"):
        value = getattr(item, attr, None)
        if isinstance(value, n.Str):
            return value.value
    return None


def _catalogue_tail(fields: dict) -> list[str]:
    out = []
    gloss = _text(fields, n.GlossField)
    if gloss:
        out.append(f"*{_md(gloss)}*")
    desc = _text(fields, n.DescriptionField)
    if desc:
        out.append(_md(desc))
    source = _text(fields, n.SourceField)
    verified = fields.get(n.VerifiedField)
    status = None
    if verified:
        status = "verified" if verified[0].verified else "**unverified**"
    if source or status:
        bits = []
        if status:
            bits.append(status)
        if source:
            bits.append(f"source: <{source}>")
        out.append("Provenance: " + "; ".join(bits))
    return out


def _law(resolver, target, ref):
    law: n.Law = target.decl.node
    f = _fields(law)
    bwb = f[n.BwbField][0].id if n.BwbField in f else None
    url = links.law_url(bwb, _text(f, n.SourceField))
    out = [_head(resolver, target)]
    facts = []
    if bwb:
        facts.append(f"BWB `{bwb}`")
    facts.append(f"{len(law.articles)} article{'s' if len(law.articles) != 1 else ''} in the catalogue")
    out.append(" · ".join(facts))
    if url:
        out.append(f"[wetten.overheid.nl]({url})" if bwb else f"<{url}>")
    return out + _catalogue_tail(f)


def _law_of(resolver: Resolver, target: Target) -> n.Law | None:
    index = target.doc.index
    law = index.top.get(target.decl.container) if index is not None else None
    return law.node if law is not None and law.kind == "law" else None


def _article(resolver, target, ref):
    art: n.Article = target.decl.node
    law = _law_of(resolver, target)
    lf = _fields(law) if law is not None else {}
    bwb = lf[n.BwbField][0].id if n.BwbField in lf else None
    lid = ref.lid if ref is not None else None
    onderdeel = ref.onderdeel if ref is not None else None
    label = links.citation_label(target.decl.container or "", art.number.text, lid, onderdeel)
    url = links.jci_url(links.jci(bwb, art.number.text, lid), links.law_url(bwb, _text(lf, n.SourceField)))
    out = [f"**{_md(label)}** — {_md(art.title.value)}"]
    if law is not None:
        out.append(f"Article of the {_md(law.title.value)} (`{qualified_id(resolver, _law_target(resolver, target))}`)")
    terms = art.find_all(n.Term)
    if terms:
        out.append("Terms: " + "; ".join(_term(t) for t in terms))
    if url:
        out.append(f"[wetten.overheid.nl]({url})")
    return out + _catalogue_tail(_fields(art))


def _law_target(resolver: Resolver, target: Target) -> Target:
    index = target.doc.index
    return Target(target.doc, index.top[target.decl.container])


def _term(t: n.Term) -> str:
    text = ("at most " if t.is_max else "") + links.describe(t.amount, t.unit)
    return text + (f" ({_md(t.note.value)})" if t.note else "")


def _measure(resolver, target, ref):
    m: n.Measure = target.decl.node
    f = _fields(m)
    out = [_head(resolver, target)]
    facts = []
    if n.PhaseField in f:
        facts.append(f"phase {f[n.PhaseField][0].number}")
    theme = _text(f, n.ThemeField)
    if theme:
        facts.append(f"theme: {_md(theme)}")
    for eff in f.get(n.EffectiveField, ()):
        facts.append(f"effective {eff.date}" + (f" ({_md(eff.note.value)})" if eff.note else ""))
    if facts:
        out.append(" · ".join(facts))
    changes = []
    for ch in f.get(n.ChangesField, ()):
        t = ch.target
        label = links.citation_label(t.law.parts[-1], t.article.text, t.lid.text if t.lid else None,
                                     t.onderdeel.text if t.onderdeel else None)
        art_ref = Ref("article", (t.article.text,), t.article.span, law=t.law.parts)
        found = resolver.lookup(target.doc, art_ref)
        if found:
            law = _law_of(resolver, found[0])
            lf = _fields(law) if law is not None else {}
            bwb = lf[n.BwbField][0].id if n.BwbField in lf else None
            url = links.jci_url(links.jci(bwb, t.article.text, t.lid.text if t.lid else None), None)
            changes.append(f"[{_md(label)}]({url})" if url else _md(label))
        else:
            changes.append(_md(label))
    if changes:
        out.append("Changes " + ", ".join(changes))
    return out + _catalogue_tail(f)


def _component(resolver, target, ref):
    c = target.decl.node
    f = _fields(c)
    out = [_head(resolver, target)]
    facts = []
    url = _text(f, n.UrlField)
    if url:
        facts.append(f"<{url}>")
    if n.PersonalDataField in f:
        facts.append("processes personal data")
    if facts:
        out.append(" · ".join(facts))
    return out + _catalogue_tail(f)


def _alias_target(resolver: Resolver, target: Target, kind: str) -> Target | None:
    node = target.decl.node
    alias = getattr(node, "alias", None)
    if alias is None:
        return None
    found = resolver.lookup(target.doc, Ref(kind, alias.parts, alias.span, target.decl.container))
    return found[0] if found else None


def _system(resolver, target, ref):
    s: n.SystemDecl = target.decl.node
    f = _fields(s)
    comp = _alias_target(resolver, target, "component")
    out = [_head(resolver, target, s.title.value if s.title else (comp.decl.title if comp else None))]
    if comp is not None:
        what = "GEMMA component" if comp.decl.kind == "component" else "national facility"
        out.append(f"{what}: **{_md(comp.decl.title or comp.decl.name)}** (`{qualified_id(resolver, comp)}`)")
    elif s.alias is not None:
        out.append(f"component: `{s.alias.dotted}` (not found)")
    cf = _fields(comp.decl.node) if comp is not None else {}
    if n.PersonalDataField in f or n.PersonalDataField in cf:
        out.append("Processes personal data")
    url = _text(f, n.UrlField) or _text(cf, n.UrlField)
    if url:
        out.append(f"<{url}>")
    desc = _text(f, n.DescriptionField)
    if desc:
        out.append(_md(desc))
    return out


def _actor(resolver, target, ref):
    a: n.ActorDecl = target.decl.node
    role = _alias_target(resolver, target, "role")
    out = [_head(resolver, target, a.title.value if a.title else (role.decl.title if role else None))]
    if role is not None:
        out.append(f"Role: **{_md(role.decl.title or role.decl.name)}** (`{qualified_id(resolver, role)}`)")
        rf = _fields(role.decl.node)
        gloss = _text(rf, n.GlossField)
        desc = _text(rf, n.DescriptionField)
        out += [f"*{_md(gloss)}*" if gloss else "", _md(desc) if desc else ""]
    elif a.alias is not None:
        out.append(f"Role: `{a.alias.dotted}` (not found)")
    if a.organisation is not None:
        found = resolver.lookup(target.doc, Ref("organisation", a.organisation.parts, a.organisation.span,
                                                target.decl.container))
        if found:
            org = found[0]
            out.append(f"Organisation: **{_md(org.decl.title or org.decl.name)}** (`{qualified_id(resolver, org)}`)")
        else:
            out.append(f"Organisation: `{a.organisation.dotted}` (not found)")
    return out


def _organisation(resolver, target, ref):
    f = _fields(target.decl.node)
    out = [_head(resolver, target)]
    url = _text(f, n.UrlField)
    if url:
        out.append(f"<{url}>")
    return out + _catalogue_tail(f)


def _tile(resolver, target, ref):
    t: n.Tile = target.decl.node
    f = _fields(t)
    out = [_head(resolver, target)]
    facts = []
    if n.OrderField in f:
        facts.append(f"order {f[n.OrderField][0].number}")
    if n.ParentField in f:
        facts.append(f"part of `{f[n.ParentField][0].ref.dotted}`")
    if facts:
        out.append(" · ".join(facts))
    return out + _catalogue_tail(f)


def _blueprint(resolver, target, ref):
    bp: n.Blueprint = target.decl.node
    f = _fields(bp)
    out = [_head(resolver, target)]
    facts = []
    version = _text(f, n.VersionField)
    if version:
        facts.append(f"version {_md(version)}")
    if n.StatusField in f:
        facts.append(f"status {f[n.StatusField][0].status.text}")
    owner = _text(f, n.OwnerField)
    if owner:
        facts.append(f"owner {_md(owner)}")
    if isinstance(bp, n.Variant):
        changes = sum(1 for i in bp.items if isinstance(i, (n.Swap, n.AddNode, n.ChangeNode, n.Reroute, n.RemoveNode)))
        facts.append(f"variant of `{bp.base.dotted}` · {changes} change{'s' if changes != 1 else ''}")
        facts.append("locked" if bp.lock is not None else "not locked")
    else:
        steps = sum(1 for _ in bp.flow_nodes())
        facts.append(f"{steps} step{'s' if steps != 1 else ''}")
    out.append(" · ".join(facts))
    if target.doc.path is not None:
        out.append(f"`{target.doc.path.name}`")
    desc = _text(f, n.DescriptionField)
    if desc:
        out.append(_md(desc))
    return out


def _phase(resolver, target, ref):
    ph: n.Phase = target.decl.node
    count = len(ph.nodes)
    return [_head(resolver, target), f"in blueprint `{target.decl.container}` · {count} step{'s' if count != 1 else ''}"]


def _flow(resolver, target, ref):
    node = target.decl.node
    where = f"in blueprint `{target.decl.container}`"
    if target.decl.phase:
        where += f", phase `{target.decl.phase}`"
    out = [_head(resolver, target), where]
    lanes = [f"- {item.lane}: {_md(item.text.value)}" for item in node.items if isinstance(item, n.LaneEntry)]
    if lanes:
        out.append("\n".join(lanes))
    return out


def _module(resolver, target, ref):
    doc = target.doc
    index = doc.index
    title = None
    if index is not None and index.module is not None:
        title_node = index.module.node.title
        title = title_node.value if title_node is not None else None
    where = "standard library" if doc.origin == "stdlib" else (doc.path.name if doc.path else doc.uri)
    head = f"**{_md(title)}** — module `{target.decl.name}`" if title else f"module `{target.decl.name}`"
    count = len(index.top) + len(index.blueprints) if index is not None else 0
    return [head, f"{where} · {count} declaration{'s' if count != 1 else ''}"]


def _generic(resolver, target, ref):
    return [_head(resolver, target)]


_BUILDERS = {
    "law": _law, "article": _article, "measure": _measure, "component": _component,
    "facility": _component, "role": lambda r, t, ref: [_head(r, t)] + _catalogue_tail(_fields(t.decl.node)),
    "tile": _tile, "system": _system, "actor": _actor, "organisation": _organisation, "blueprint": _blueprint, "phase": _phase,
    "step": _flow, "decision": _flow, "fork": _flow, "join": _flow, "end": _flow, "module": _module,
}


_RULER = re.compile(r"\s*(?:-{3,}|={3,})")


def doc_comment(source: SourceFile, extent) -> str:
    """The ``#`` comment lines directly above a declaration (no blank line between), as text."""
    if not extent:
        return ""
    lines = []
    line = extent.line - 1
    while line >= 1:
        text = source.line_text(line).strip()
        if not text.startswith("#"):
            break
        body = text[1:]
        body = body[1:] if body.startswith(" ") else body
        if _RULER.match(body):
            break  # a section ruler (`# ---- laws`) heads a section, not this declaration
        lines.append(body)
        line -= 1
    return "\n".join(reversed(lines)).strip()


def _md(text: str | None) -> str:
    """Escape the few characters that would turn plain catalogue text into Markdown markup."""
    if not text:
        return ""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def decl_detail(decl: Decl) -> str:
    """A one-line description of a declaration, for completion items and symbols."""
    word = _KIND_WORDS.get(decl.kind, decl.kind)
    return f"{word}: {decl.title}" if decl.title else word
