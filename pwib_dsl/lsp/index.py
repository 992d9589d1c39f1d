"""The declarations and references of one file, read off its surface AST.

A :class:`Decl` is a name being declared (a law, an article of it, a blueprint, a step, ...);
a :class:`Ref` is a name being used (``legal wgs art 4``, ``system zaken``, ``next plan``).
Each keeps the span of its name so the server can find what is under the cursor; what a
reference names is what the compiler recorded (read by :mod:`pwib_dsl.lsp.targets`), never
decided here.

Kinds follow the language: catalogue kinds (``law``, ``measure``, ``component``, ``facility``,
``role``, ``tile``), ``system`` and ``actor`` (top level or local to a blueprint), ``blueprint``,
``phase``, flow nodes (``step``, ``decision``, ``end``), ``article`` (inside a law) and
``module``.
"""

from __future__ import annotations

import attrs

from pwib_dsl.source import SourceFile, Span
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax import keywords

#: Top-level AST class → declaration kind (the keyword that declares it).
TOP_KINDS: dict[type, str] = {
    cls: keywords.node_word(cls)
    for cls in (n.Law, n.Measure, n.Component, n.Facility, n.Role, n.Tile, n.SystemDecl, n.ActorDecl,
                n.Organisation, n.Blueprint)
} | {n.Variant: keywords.node_word(n.Blueprint)}  # a variant declares a blueprint
NODE_KINDS: dict[type, str] = {cls: keywords.node_word(cls) for cls in (n.Step, n.Decision, n.Fork, n.Join, n.End)}
FLOW_KINDS = keywords.FLOW_NODES

@attrs.frozen
class Decl:
    """A declared name. ``container`` is the law of an article or the blueprint of a local name."""

    kind: str
    name: str
    span: Span  # the name
    extent: Span  # the whole declaration
    node: object = attrs.field(eq=False, repr=False)
    container: str | None = None
    phase: str | None = None  # the phase of a flow node

    @property
    def title(self) -> str | None:
        title = getattr(self.node, "title", None)
        return title.value if isinstance(title, n.Str) else None


@attrs.frozen
class Ref:
    """A used name: ``parts`` as written (``gemma.zaak``), ``span`` covering all of them."""

    kind: str  # what the statement expects there: law, measure, tile, role, component, system,
    #            actor, organisation, party (actor or organisation), blueprint, node, article, module
    parts: tuple[str, ...]
    span: Span
    container: str | None = None  # the blueprint, for local lookups
    law: tuple[str, ...] | None = None  # for an article: the law as written
    law_span: Span | None = None
    lid: str | None = None  # for an article: the cited lid and onderdeel
    onderdeel: str | None = None

    @property
    def name(self) -> str:
        return self.parts[-1]

    @property
    def name_span(self) -> Span:
        """The span of the last part (what a rename replaces)."""
        s = self.span
        start = s.end - len(self.parts[-1])
        return Span(start, s.end, s.end_line, s.end_col - len(self.parts[-1]), s.end_line, s.end_col)

    @property
    def qualifier(self) -> str | None:
        return ".".join(self.parts[:-1]) if len(self.parts) > 1 else None

    def qualifier_span(self) -> Span | None:
        if len(self.parts) < 2:
            return None
        s = self.span
        length = len(".".join(self.parts[:-1]))
        return Span(s.start, s.start + length, s.line, s.col, s.line, s.col + length)


@attrs.frozen
class FileIndex:
    """Everything one file declares and references, in source order."""

    module: Decl | None
    uses: tuple[Ref, ...]
    decls: tuple[Decl, ...]
    refs: tuple[Ref, ...]
    #: top-level catalogue entries, systems and actors by name (first declaration wins)
    top: dict = attrs.field(eq=False, factory=dict)
    blueprints: dict = attrs.field(eq=False, factory=dict)
    #: (container, name) → Decl for articles, local actors/systems/phases and flow nodes
    local: dict = attrs.field(eq=False, factory=dict)
    #: (start, end) offset of the declared name → Decl
    by_span: dict = attrs.field(eq=False, factory=dict)

    def local_decl(self, container: str, kinds: tuple[str, ...], name: str) -> Decl | None:
        for kind in kinds:
            d = self.local.get((container, kind, name))
            if d is not None:
                return d
        return None

    def shifted(self, old_text: str, source: SourceFile) -> FileIndex:
        """This index (of ``old_text``) moved onto an edited text.

        The edit is taken as one changed region (common prefix and suffix of the two texts):
        entries before it stay, entries after it move by the change in length, and names inside
        it are dropped. Every name kept is checked against the new text.
        """
        new_text = source.text
        limit = min(len(old_text), len(new_text))
        p = 0
        while p < limit and old_text[p] == new_text[p]:
            p += 1
        s = 0
        while s < limit - p and old_text[len(old_text) - 1 - s] == new_text[len(new_text) - 1 - s]:
            s += 1
        old_end = len(old_text) - s
        delta = len(new_text) - len(old_text)

        def name_span(span: Span, name: str) -> Span | None:
            if span.end <= p:
                moved = span
            elif span.start >= old_end:
                moved = source.span(span.start + delta, span.end + delta)
            else:
                return None
            return moved if new_text[moved.start : moved.end] == name else None

        def extent(span: Span) -> Span:
            start = span.start if span.start < p else max(span.start + delta, p)
            end = span.end + delta if span.end >= old_end else min(span.end, len(new_text))
            return source.span(start, max(start, end))

        decls = []
        for d in self.decls:
            moved = name_span(d.span, d.name)
            if moved is not None:
                decls.append(attrs.evolve(d, span=moved, extent=extent(d.extent)))
        refs, uses = [], []
        for out, items in ((refs, self.refs), (uses, self.uses)):
            for r in items:
                if name_span(r.name_span, r.name) is None:
                    continue
                whole = extent(r.span)
                if new_text[whole.start : whole.end].replace(" ", "") != ".".join(r.parts) and len(r.parts) > 1:
                    continue
                law_span = extent(r.law_span) if r.law_span is not None else None
                out.append(attrs.evolve(r, span=whole, law_span=law_span))
        module = next((d for d in decls if d.kind == "module"), None)
        return _assemble(module, tuple(uses), tuple(decls), tuple(refs))


def build_index(file: n.File) -> FileIndex:
    """The index of a parsed file."""
    decls: list[Decl] = []
    refs: list[Ref] = []
    module = None
    if file.module is not None:
        m = file.module
        module = Decl("module", m.name.text, m.name.span, m.span, m)
        decls.append(module)
    uses = tuple(Ref("module", u.target.parts, u.target.span) for u in file.uses)
    for item in file.items:
        if isinstance(item, n.LawExtension):
            refs.append(Ref("law", item.target.parts, item.target.span))
            continue
        kind = TOP_KINDS[type(item)]
        decls.append(Decl(kind, item.name.text, item.name.span, item.span, item))
        if isinstance(item, n.Blueprint):
            _blueprint(item, decls, refs)
        elif isinstance(item, n.Variant):
            _variant(item, decls, refs)
        elif isinstance(item, n.Law):
            for art in item.articles:
                decls.append(Decl("article", art.number.text, art.number.span, art.span, art, item.name.text))
        elif isinstance(item, n.Measure):
            for ch in item.find_all(n.ChangesField):
                _legal(ch.target, refs, None)
        elif isinstance(item, n.Tile):
            parent = item.find(n.ParentField)
            if parent is not None:
                refs.append(Ref("tile", parent.ref.parts, parent.ref.span))
        elif isinstance(item, (n.SystemDecl, n.ActorDecl)):
            _alias(item, refs, None)
    return _assemble(module, uses, tuple(decls), tuple(refs))


def _assemble(module, uses, decls, refs) -> FileIndex:
    top: dict[str, Decl] = {}
    blueprints: dict[str, Decl] = {}
    local: dict[tuple, Decl] = {}
    for d in decls:
        if d.kind == "module":
            continue
        if d.container is not None:
            local.setdefault((d.container, d.kind, d.name), d)
        elif d.kind == "blueprint":
            blueprints.setdefault(d.name, d)
        else:
            top.setdefault(d.name, d)
    by_span = {(d.span.start, d.span.end): d for d in reversed(decls)}
    return FileIndex(module, tuple(uses), tuple(decls), tuple(refs), top, blueprints, local, by_span)


def _alias(item: n.SystemDecl | n.ActorDecl, refs: list[Ref], container: str | None) -> None:
    org = getattr(item, "organisation", None)
    if org is not None:
        refs.append(Ref("organisation", org.parts, org.span, container))
    if item.alias is None:
        return
    kind = "component" if isinstance(item, n.SystemDecl) else "role"
    refs.append(Ref(kind, item.alias.parts, item.alias.span, container))


def _legal(target: n.LegalTarget, refs: list[Ref], container: str | None) -> None:
    refs.append(Ref("law", target.law.parts, target.law.span, container))
    refs.append(
        Ref(
            "article",
            (target.article.text,),
            target.article.span,
            container,
            law=target.law.parts,
            law_span=target.law.span,
            lid=target.lid.text if target.lid else None,
            onderdeel=target.onderdeel.text if target.onderdeel else None,
        )
    )


def _blueprint(bp: n.Blueprint, decls: list[Decl], refs: list[Ref]) -> None:
    name = bp.name.text
    for item in bp.items:
        if isinstance(item, (n.SystemDecl, n.ActorDecl)):
            kind = "system" if isinstance(item, n.SystemDecl) else "actor"
            decls.append(Decl(kind, item.name.text, item.name.span, item.span, item, name))
            _alias(item, refs, name)
        elif isinstance(item, n.ImplementsField):
            refs.append(Ref("measure", item.ref.parts, item.ref.span, name))
        elif isinstance(item, n.TermSpan):
            for ident in (item.start, item.end, *(s.step for s in item.find_all(n.SuspendedBy))):
                refs.append(Ref("node", (ident.text,), ident.span, name))
            for ref in item.find_all(n.LegalRef):
                _legal(ref.target, refs, name)
        elif isinstance(item, n.TileField):
            refs.append(Ref("tile", item.ref.parts, item.ref.span, name))
        elif isinstance(item, n.Phase):
            decls.append(Decl("phase", item.name.text, item.name.span, item.span, item, name))
            for node in item.nodes:
                _flow_node(name, item.name.text, node, decls, refs)
        elif isinstance(item, n.FLOW_NODE_TYPES):
            _flow_node(name, None, item, decls, refs)


def _variant(var: n.Variant, decls: list[Decl], refs: list[Ref]) -> None:
    """A variant's own declarations and added nodes; its base, the base nodes and phases its
    changes name and both sides of a ``swap`` are references (what they name in the base is
    what the variant's resolution recorded)."""
    name = var.name.text
    refs.append(Ref("blueprint", var.base.parts, var.base.span, name))
    for item in var.items:
        if isinstance(item, (n.SystemDecl, n.ActorDecl)):
            kind = "system" if isinstance(item, n.SystemDecl) else "actor"
            decls.append(Decl(kind, item.name.text, item.name.span, item.span, item, name))
            _alias(item, refs, name)
        elif isinstance(item, n.AddNode):
            _flow_node(name, None, item.node, decls, refs)
            refs.append(Ref("node", (item.placement.anchor.text,), item.placement.anchor.span, name))
        elif isinstance(item, n.ChangeNode):
            refs.append(Ref("node", (item.target.text,), item.target.span, name))
            for change in item.items:
                line = change.item if isinstance(change, (n.ChangeAdd, n.ChangeReplace)) else None
                if line is not None:
                    probe = n.Step(item.target, n.Str(""), (line,))
                    _flow_node(name, None, probe, [], refs)  # the names a changed line refers to
        elif isinstance(item, n.RemoveNode):
            refs.append(Ref("node", (item.target.text,), item.target.span, name))
        elif isinstance(item, n.Reroute):
            refs.append(Ref("node", (item.node.text,), item.node.span, name))
            refs.append(Ref("node", (item.target.text,), item.target.span, name))
        elif isinstance(item, n.Swap):
            refs.append(Ref(item.kind, item.old.parts, item.old.span, name))
            refs.append(Ref(item.kind, item.new.parts, item.new.span, name))


def _flow_node(bp: str, phase: str | None, node, decls: list[Decl], refs: list[Ref]) -> None:
    decls.append(Decl(NODE_KINDS[type(node)], node.name.text, node.name.span, node.span, node, bp, phase))
    for item in node.items:
        cls = type(item)
        if cls is n.LaneEntry:
            if item.actor is not None:
                refs.append(Ref("actor", (item.actor.text,), item.actor.span, bp))
        elif cls is n.LegalRef:
            _legal(item.target, refs, bp)
        elif cls is n.SystemUse:
            refs.append(Ref("system", item.ref.parts, item.ref.span, bp))
        elif cls is n.MeasureUse:
            refs.append(Ref("measure", item.ref.parts, item.ref.span, bp))
        elif cls is n.Next or cls is n.Branch or cls is n.Otherwise or cls is n.ParallelBranch:
            refs.append(Ref("node", (item.target.text,), item.target.span, bp))
        elif cls is n.Deadline and item.target is not None:
            refs.append(Ref("node", (item.target.text,), item.target.span, bp))
        elif cls is n.Wait and item.party is not None:
            refs.append(Ref("party", (item.party.text,), item.party.span, bp))
        elif cls is n.Journey:
            refs.append(Ref("blueprint", item.ref.parts, item.ref.span, bp))
