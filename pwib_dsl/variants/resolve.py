"""Resolving a variant into an ordinary blueprint, and the checks only variants have.

A variant is resolved in five moves:

1. its base is found: ``of MODULE.BLUEPRINT`` through the file's ``use`` lines (a bare name:
   a blueprint or variant of the workspace); a base that is itself a variant is applied first,
   and a chain that comes back to itself is PB811 (PB804 for a base that does not exist);
2. its changes are applied to the base's surface AST (:mod:`pwib_dsl.variants.apply`; PB805
   for a change that matches nothing or several things);
3. what the variant takes over unchanged is *re-spanned* to the variant's own text: to the
   name written in the ``change``/``reroute``/``add`` that touches a node, else to the ``of
   BASE`` reference. The result is resolved by the ordinary
   :class:`~pwib_dsl.sema.blueprints.BlueprintResolver` and checked by every blueprint check,
   in a unit that sees the names of the base's file and the variant's file;
4. the diagnostics are sifted: what is said at a re-spanned place and is said of the base
   itself too (the base is resolved and checked beside it) is the base's own business and
   left out; anything new there is caused by the variant and kept, with a note;
5. the legal floor (PB808–PB810) compares the variant with the resolved base, and the lock
   is checked against the base's content hash (PB806, PB807).

The resolved blueprint carries a :class:`~pwib_dsl.sema.model.VariantOrigin`. What the
variant's names mean in its base (the ``of`` line, the nodes its changes name, ``in PHASE``,
what a ``swap`` swaps away) is recorded as references (:mod:`pwib_dsl.sema.resolution`), and
what the variant and its base declare as :class:`~pwib_dsl.sema.names.VariantNames`: the
language server's definition, hover, references and completion read those.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label
from pwib_dsl.sema import links
from pwib_dsl.sema import model as m
from pwib_dsl.sema.names import VariantNames
from pwib_dsl.sema.report import Reporter
from pwib_dsl.sema.resolution import Declaration, module
from pwib_dsl.sema.units import Unit
from pwib_dsl.source import Span
from pwib_dsl.surface import nodes as n
from pwib_dsl.variants import apply as ap
from pwib_dsl.variants.lock import LOCK_PREFIX, blueprint_hash, valid_lock

FORMAL_OUTCOMES = ("beschikking", "besluit")


def report_base_clash(rep: Reporter, mine: Unit, base: Unit) -> None:
    """PB803: a workspace module named like a module of the base workspace."""
    decl = mine.file.module
    rep.add(
        "PB803",
        msg("PB803.base-module-clash", module=mine.module),
        mine.path,
        decl.name.span if decl else Span(0, 0, 1, 1, 1, 1),
        label="hides the base's module",
        notes=(f"the base declares it in `{base.path}`; every `use {mine.module}` would read this file instead",),
        help="give the module a name of its own (for example with the municipality's name in it)",
    )


@attrs.define(eq=False)
class _Base:
    """A variant's base: the unit it is declared in and its surface AST (a variant's applied)."""

    unit: Unit
    name: str
    ast: n.Blueprint
    #: the base's declaration as written (a Blueprint or a Variant), for its hash and labels
    decl: object
    #: units whose names the base's text is written against (the base's file; for a variant
    #: of a variant, every file of the chain)
    scope_units: tuple
    #: (file, blueprint name) the base's text is written in (of a chain: the blueprint's at
    #: its end), and (kind, name) → (file, variant name) for what a variant along the chain
    #: declares itself
    home: tuple = ("", "")
    files: dict = attrs.Factory(dict)

    def owner(self, kind: str, name: str) -> tuple[str, str]:
        """(file, blueprint or variant name) of what declares the base's ``kind`` ``name``."""
        return self.files.get((kind, name), self.home)


class VariantResolver:
    """Resolves the variants of requested files (see the module docstring)."""

    def __init__(self, analysis, names: dict | None = None) -> None:
        #: the analysis' pieces: index, scope, citer, blueprint table, reporter, checks, law
        self.a = analysis
        #: (file, variant name) → VariantNames of every variant resolved
        self.names = names if names is not None else {}
        self._surfaces: dict[int, _Base | None] = {}
        self._stack: list[int] = []
        #: id of a base declaration → (its resolved BlueprintInfo, what its checks say of it)
        self._resolved_bases: dict[int, tuple] = {}

    # ------------------------------------------------------------ finding the base

    def _lookup(self, unit: Unit, var: n.Variant, rep: Reporter | None):
        """(unit, declaration) of ``of NAME``, or None after reporting PB804 (when ``rep``)."""
        ref = var.base
        index = self.a.index
        if len(ref.parts) == 1:
            name = ref.parts[0]
            hit = self.a.table.get(name)
            if hit is not None:
                return hit
            for other in index.units:
                if other.origin == "workspace" and name in other.variants:
                    return other, other.variants[name]
            if rep is not None:
                known = sorted(set(self.a.table) | {v for u in index.units if u.origin == "workspace" for v in u.variants})
                rep.unknown("PB804", msg("PB804.no-base-named", name=name), unit.path, ref.span,
                            name, known, label="unknown base",
                            notes=("a base in another module is written `MODULE.BLUEPRINT`, with `use MODULE`",))
            return None
        q = ".".join(ref.parts[:-1])
        name = ref.parts[-1]
        target = unit.imports.get(q) or (unit if q == unit.module else None)
        if target is None:
            if rep is not None:
                other = index.by_module.get(q)
                if other is not None:
                    rep.add("PB804", msg("PB804.module-not-used", module=q), unit.path, ref.span,
                            label="add `use` for it", help=f"add `use {q}` at the top of the file",
                            suggestions=(self.a.scope.insert_use(unit, q),))
                else:
                    rep.unknown("PB804", msg("PB804.no-module-for-base", module=q, variant=var.name.text), unit.path,
                                ref.span, q, list(unit.imports), label="unknown module",
                                notes=("the base workspace is named in pwib.toml: `[base] path = \"../landelijk\"`",))
            return None
        unit.used.add(q)
        decl = target.blueprints.get(name) or target.variants.get(name)
        if decl is None:
            if rep is not None:
                rep.unknown("PB804", msg("PB804.no-blueprint-in-module", module=q, name=name), unit.path, ref.span,
                            name, list(target.blueprints) + list(target.variants), label="no such blueprint",
                            secondary=(Label(target.path, target.file.span if not target.file.module
                                             else target.file.module.name.span, f"module `{q}`"),))
            return None
        return target, decl

    def _base(self, unit: Unit, var: n.Variant, rep: Reporter | None) -> _Base | None:
        key = id(var)
        if key in self._surfaces:
            return self._surfaces[key]
        if key in self._stack:
            return None  # reported by the variant that closes the cycle
        self._stack.append(key)
        try:
            found = self._lookup(unit, var, rep)
            if found is None:
                result = None
            else:
                bunit, decl = found
                if isinstance(decl, n.Variant):
                    inner = None if id(decl) in self._stack else self._base(bunit, decl, None)
                    if inner is None and (id(decl) in self._stack or self._cyclic(decl)):
                        if rep is not None:
                            chain = self._chain(var)
                            cycle = " → ".join(f"`{c}`" for c in chain)
                            rep.add("PB811", msg("PB811.variant-of-itself", variant=var.name.text, chain=cycle),
                                    unit.path, var.base.span,
                                    label="closes the cycle",
                                    help="a variant varies a blueprint; make one of them vary the national blueprint")
                        result = None
                    else:
                        if inner is None:
                            result = None
                        else:
                            applied = ap.apply(inner.ast, decl)
                            files = dict(inner.files)
                            files.update({(d.kind, d.id.partition("/")[2]): (d.file, decl.name.text)
                                          for d in _own_names(bunit, decl)})
                            result = _Base(bunit, decl.name.text, applied.blueprint, decl,
                                           inner.scope_units + (bunit,), inner.home, files)
                else:
                    result = _Base(bunit, decl.name.text, decl, decl, (bunit,), (bunit.path, decl.name.text))
            if key in self._stack and (result is not None or rep is not None):
                self._surfaces[key] = result
            return result
        finally:
            self._stack.remove(key)

    def _chain(self, var: n.Variant) -> list[str]:
        """The names along a chain of variants, until it ends or repeats."""
        names, seen = [], set()
        cur = var
        while isinstance(cur, n.Variant) and id(cur) not in seen:
            seen.add(id(cur))
            names.append(cur.name.text)
            found = self._find_decl(cur)
            cur = found[1] if found else None
        if isinstance(cur, n.Variant):
            names.append(cur.name.text)
        return names

    def _cyclic(self, var: n.Variant) -> bool:
        seen = set()
        cur = var
        while isinstance(cur, n.Variant):
            if id(cur) in seen:
                return True
            seen.add(id(cur))
            found = self._find_decl(cur)
            cur = found[1] if found else None
        return False

    def _find_decl(self, var: n.Variant):
        for unit in self.a.index.units:
            if unit.variants.get(var.name.text) is var:
                return self._lookup(unit, var, None)
        return None

    # ------------------------------------------------------------ resolving

    def resolve(self, unit: Unit, var: n.Variant):
        """The resolved variant's BlueprintInfo (None when its base cannot be found)."""
        from pwib_dsl.sema.blueprints import BlueprintResolver
        from pwib_dsl.sema.citations import Citer
        from pwib_dsl.sema.scope import Scope

        rep = self.a.reporter
        _repeated_fields(unit, var, rep)
        base = self._base(unit, var, rep)
        if base is None:
            return None
        result = ap.apply(base.ast, var)
        plain = isinstance(base.decl, n.Blueprint)  # the base's spans are all in its own file
        for p in result.problems:
            secondary = tuple(Label(unit.path if mine else base.unit.path, s, c)
                              for c, s, mine in p.candidates if plain or mine)
            rep.add("PB805", p.message, unit.path, p.span, label=p.label, help=p.help,
                    notes=() if secondary else p.notes, secondary=secondary)

        header = var.base.span
        spans = {header, *result.touched.values()}
        merged = _respan_blueprint(result, header)

        # the base, resolved and checked on its own: what it says of itself is not news here
        # (once per base, however many variants of it the workspace has)
        cached = self._resolved_bases.get(id(base.decl))
        if cached is None:
            base_rep = Reporter()
            base_scope = Scope(self.a.index, base_rep)
            base_unit = _scope_unit(base.unit, base.scope_units)
            base_info = BlueprintResolver(base_scope, Citer(base_scope), self.a.table).resolve(base_unit, base.ast)
            cached = [base_info, base_rep, None]
            self._resolved_bases[id(base.decl)] = cached
        base_info = cached[0]

        def known_of_base() -> Counter:
            # the base's checks run only when something is said at an inherited place
            if cached[2] is None:
                self.a.check(base_info, cached[1])
                cached[2] = Counter((d.code, d.message) for d in cached[1].diagnostics)
            return Counter(cached[2])

        own = Reporter()
        scope = Scope(self.a.index, own)
        vunit = _scope_unit(unit, base.scope_units, variant=True)
        info = BlueprintResolver(scope, Citer(scope), self.a.table).resolve(vunit, merged)
        self.a.check(info, own)
        inherited = f"in what variant `{var.name.text}` takes over from `{base.name}` unchanged"
        known = None
        for d in own.diagnostics:
            at = d.primary.span if d.primary is not None else None
            if at in spans:
                if known is None:
                    known = known_of_base()
                # a message that names the blueprint names the variant here and the base there
                key = (d.code, d.message.replace(f"`{var.name.text}`", f"`{base.name}`"))
                if known[key] > 0:
                    known[key] -= 1
                    continue
                d = attrs.evolve(d, notes=d.notes + (inherited,)) if at == header else d
            rep.diagnostics.append(d)
        base_names = _base_names(base, base_info)
        inherited_decls = {(d.kind, d.id.partition("/")[2]): d for d in base_names}
        for r in own.references:
            if r[1] in spans:
                continue  # a name the variant did not write
            if r[3] == unit.path and r[4] in spans:
                # a name the variant wrote for what it takes over from the base: the base's
                decl = inherited_decls.get((r[5], r[6].partition("/")[2]))
                if decl is None:
                    continue
                r = (*r[:3], decl.file, decl.span, decl.kind, decl.id)
            rep.references.append(r)
        self._references(unit, var, base, cached[1].references, base_names)
        self.names[(unit.path, var.name.text)] = VariantNames(
            _own_names(unit, var), Declaration(base.unit.path, base.decl.name.span, "blueprint", base.name),
            base_names)

        current = blueprint_hash(base.unit.source.text, base.decl)
        locked = self._check_lock(unit, var, current)
        check_floor(unit, var, base, base_info, info, result, rep)
        origin = m.VariantOrigin(
            base=f"{base.unit.module}.{base.name}",
            base_file=base.unit.rel,
            base_hash=current,
            locked_hash=locked,
            changes=tuple(m.VariantChange(a.kind, a.target, tuple(dict.fromkeys(a.nodes))) for a in result.applied),
        )
        info.model = attrs.evolve(info.model, variant=origin)
        return info

    def _references(self, unit: Unit, var: n.Variant, base: _Base, base_refs, base_names) -> None:
        """What the variant's names refer to in the base: go-to-definition lands there. A
        swapped-away system or actor the base declares is that declaration, one it takes from
        a module means what the base's uses of it resolved to (``base_refs``: the references
        recorded while the base was resolved)."""
        refs = self.a.reporter.references
        ref = var.base
        if len(ref.parts) > 1:
            q = ".".join(ref.parts[:-1])
            refs.append((unit.path, ref.span, len(q), *module(base.unit)))
        refs.append((unit.path, ref.span, 0, base.unit.path, base.decl.name.span, "blueprint", base.name))
        declared = {(d.kind, d.id.partition("/")[2]): d for d in base_names}
        nodes = {d.id.partition("/")[2]: d for d in base_names if d.kind in ap.NODE_WORD.values()}

        def named(ident: n.Ident, decl: Declaration | None) -> None:
            if decl is not None:
                refs.append((unit.path, ident.span, 0, decl.file, decl.span, decl.kind, decl.id))

        for item in var.items:
            t = type(item)
            if t is n.ChangeNode or t is n.RemoveNode:
                named(item.target, nodes.get(item.target.text))
            elif t is n.Reroute:
                named(item.node, nodes.get(item.node.text))
            elif t is n.AddNode:
                anchor = item.placement.anchor
                named(anchor, declared.get(("phase", anchor.text)) if item.placement.where == "in"
                      else nodes.get(anchor.text))
            elif t is n.Swap:
                local = declared.get((item.kind, item.old.dotted))
                if local is not None:
                    named(item.old, local)
                else:
                    self._swapped(unit, base, item, base_refs)

    def _swapped(self, unit: Unit, base: _Base, swap: n.Swap, base_refs) -> None:
        """Record ``swap KIND OLD`` (OLD not the base's own) as naming what the base's first
        use of OLD resolved to: a system or actor of a module."""
        old = swap.old
        written = None
        for _phase, nd in base.ast.flow_nodes():
            for it in nd.items:
                if swap.kind == "system" and type(it) is n.SystemUse and it.ref.parts == old.parts:
                    written = it.ref.span
                elif swap.kind == "actor" and type(it) is n.LaneEntry and it.actor is not None \
                        and (it.actor.text,) == old.parts:
                    written = it.actor.span
                if written is not None:
                    break
            if written is not None:
                break
        if written is None:
            return
        for r in base_refs:
            # the base's resolution records under the base's file what a chain's files say
            if r[0] == base.unit.path and r[1] == written:
                self.a.reporter.references.append((unit.path, old.span, *r[2:]))

    def _check_lock(self, unit: Unit, var: n.Variant, current: str) -> str | None:
        """PB806/PB807 for the lock line; the locked hash (None when absent or malformed)."""
        rep = self.a.reporter
        lock = var.lock
        if lock is None:
            rep.add("PB806", msg("PB806.not-locked", variant=var.name.text), unit.path,
                    var.name.span, label="no `lock` line",
                    help="run `pwib variant lock` to record the base it was written against")
            return None
        value = lock.hash.value
        if not valid_lock(value):
            rep.add("PB807", msg("PB807.not-a-lock", value=value, prefix=LOCK_PREFIX),
                    unit.path, lock.hash.span, label="not a content hash",
                    help="let `pwib variant lock` write the lock line")
            return None
        if value == current:
            return value
        for other in self.a.index.units:
            if other.origin not in ("workspace", "base"):
                continue
            for name, decl in list(other.blueprints.items()) + list(other.variants.items()):
                if decl is var:
                    continue
                if blueprint_hash(other.source.text, decl) == value:
                    rep.add("PB807", msg("PB807.lock-of-another", variant=var.name.text,
                                             blueprint=f"{other.module}.{name}"),
                            unit.path, lock.hash.span, label="belongs to another blueprint",
                            secondary=(Label(other.path, decl.name.span, "the blueprint this lock belongs to"),),
                            help="a lock line copied from another variant: run `pwib variant lock` on this one")
                    return value
        rep.add("PB806", msg("PB806.base-changed", variant=var.name.text), unit.path,
                lock.hash.span, label="an older version of the base",
                help="`pwib variant status` shows what changed and what that means for each change;"
                     " `pwib variant lock` records the new base once the variant is up to date")
        return value


def _own_names(unit: Unit, var: n.Variant) -> tuple[Declaration, ...]:
    """What a variant declares itself: its actors, systems and added nodes."""
    bp = var.name.text
    out = []
    for item in var.items:
        if isinstance(item, (n.SystemDecl, n.ActorDecl)):
            kind = "system" if isinstance(item, n.SystemDecl) else "actor"
            out.append(Declaration(unit.path, item.name.span, kind, f"{bp}/{item.name.text}"))
        elif isinstance(item, n.AddNode):
            node = item.node
            out.append(Declaration(unit.path, node.name.span, ap.NODE_WORD[type(node)], f"{bp}/{node.name.text}"))
    return tuple(out)


def _base_names(base: _Base, info) -> tuple[Declaration, ...]:
    """What a base blueprint declares, as its resolution found it: actors, local systems,
    phases and flow nodes, each in the file that declares it (of a chain of variants: the
    blueprint's, or the variant's that added it)."""

    def decl(kind: str, name: str, span: Span) -> Declaration:
        file, owner = base.owner(kind, name)
        return Declaration(file, span, kind, f"{owner}/{name}")

    out = [decl("actor", name, d.name.span) for name, d in info.actors.items()]
    out += [decl("system", s.ident.text, s.ident.span) for s in info.systems.values() if s.local]
    out += [decl("phase", name, ph.name.span) for name, ph in info.phases.items()]
    out += [decl(ap.NODE_WORD[type(nd.ast)], nd.name, nd.ast.name.span) for nd in info.nodes]
    return tuple(out)


_FIELD_WORDS = {n.LockField: "lock", n.VersionField: "version", n.StatusField: "status", n.OwnerField: "owner",
                n.DescriptionField: "description"}


def _repeated_fields(unit: Unit, var: n.Variant, rep: Reporter) -> None:
    """PB109 for a field written twice (the first one counts)."""
    first: dict[type, n.Node] = {}
    for item in var.items:
        word = _FIELD_WORDS.get(type(item))
        if word is None:
            continue
        if type(item) in first:
            rep.add("PB109", msg("PB109.repeated-field", owner=f"variant `{var.name.text}`", kw=word), unit.path,
                    item.span, label="repeated", secondary=(Label(unit.path, first[type(item)].span, "first given here"),),
                    help=f"`{word}` holds one value: keep one line")
        else:
            first[type(item)] = item


def _scope_unit(unit: Unit, scope_units: tuple, variant: bool = False) -> Unit:
    """A unit that sees the names of every file the text is written in: the base's (and a
    chain's) files, then, for a variant, its own file. Reports go to ``unit``'s path."""
    imports: dict = {}
    symbols: dict = {}
    for su in scope_units:
        imports.update(su.imports)
        imports.setdefault(su.module, su)
        symbols.update(su.symbols)
    if variant:
        imports.update(unit.imports)
        symbols.update(unit.symbols)
    elif len(scope_units) == 1 and scope_units[0] is unit:
        return unit
    return Unit(unit.source, unit.file, unit.rel, unit.origin, unit.requested, unit.real, module=unit.module,
                symbols=symbols, imports=imports, use_nodes=unit.use_nodes, used=unit.used,
                extensions=unit.extensions, declared=True)


def _respan_blueprint(result: ap.Result, header: Span) -> n.Blueprint:
    bp = result.blueprint
    keep = result.authored
    touched = result.touched
    items = tuple(_respan(item, header, keep, touched) for item in bp.items)
    return attrs.evolve(bp, items=items)


def _respan(obj, span: Span, keep, touched):
    """``obj`` with every span it took from another file set to ``span`` (a node touched by a
    change: to the name written in that change); what the variant wrote is kept as it is."""
    if isinstance(obj, tuple):
        return tuple(_respan(x, span, keep, touched) for x in obj)
    if not isinstance(obj, n.Node) or id(obj) in keep:
        return obj
    if isinstance(obj, n.FLOW_NODE_TYPES):
        span = touched.get(obj.name.text, span)
    changes = {}
    for f in attrs.fields(type(obj)):
        if f.name == "span":
            continue
        value = getattr(obj, f.name)
        if isinstance(value, (n.Node, tuple)):
            new = _respan(value, span, keep, touched)
            if new is not value:
                changes[f.name] = new
    return attrs.evolve(obj, span=span, **changes)


# ---------------------------------------------------------------- the legal floor


def _maxima(ninfo) -> list[tuple[m.Citation, Fraction, n.Term]]:
    """(citation, maximum in days, term) for every cited article with a maximum term."""
    out = []
    for citation, _ref, entry in ninfo.citations:
        if citation is None or entry is None:
            continue
        terms = [t for t in entry[1].find_all(n.Term) if t.is_max]
        if terms:
            term = max(terms, key=lambda t: links.in_days(t.amount, t.unit))
            out.append((citation, links.in_days(term.amount, term.unit), term))
    return out


def _articles(info) -> set[tuple[str, str]]:
    out = set()
    for ninfo in info.nodes:
        for citation, _ref, _entry in ninfo.citations:
            if citation is not None:
                out.add((citation.law, citation.article))
    for citations in info.span_citations.values():
        for citation, _ref, _entry in citations:
            if citation is not None:
                out.add((citation.law, citation.article))
    return out


def check_floor(unit: Unit, var: n.Variant, base: _Base, base_info, info, result: ap.Result, rep: Reporter) -> None:
    """PB808 (a statutory term lengthened), PB809 (a legal basis dropped), PB810 (a node with a
    statutory term or a formal outcome removed without a replacement)."""
    path = unit.path
    base_nodes = {nd.name: nd for nd in base_info.nodes}
    by_change: dict[str, list] = {}
    for a in result.applied:
        for name in a.nodes:
            by_change.setdefault(name, []).append(a)

    # PB808: a node of the base with a statutory maximum keeps within it, and within its
    # base's own deadline when that deadline serves the statute
    for ninfo in info.nodes:
        bn = base_nodes.get(ninfo.name)
        if bn is None:
            continue
        maxima = _maxima(bn)
        if not maxima:
            continue
        base_days = [links.in_days(d.amount, d.unit) for d in bn.ast.find_all(n.Deadline)]
        limit = min([mx for _c, mx, _t in maxima] + base_days)
        citation = min(maxima, key=lambda x: x[1])[0]
        for d in ninfo.ast.find_all(n.Deadline):
            days = links.in_days(d.amount, d.unit)
            # beyond the statutory maximum itself, PB205 says so (citing the article)
            if limit < days <= max(mx for _c, mx, _t in maxima):
                base_d = bn.ast.find(n.Deadline)
                rep.add(
                    "PB808",
                    msg("PB808.lengthens-term", variant=var.name.text, node=ninfo.name,
                        term=links.describe(d.amount, d.unit), base_term=links.describe(base_d.amount, base_d.unit),
                        citation=citation.label),
                    path, d.span, label="longer than the base allows",
                    notes=(f"the base keeps the statutory term of {citation.label} in {links.describe(base_d.amount, base_d.unit)}",),
                    help="a variant may shorten a statutory term, never lengthen it",
                )

    # PB809: every article the base cites is still cited somewhere
    kept = _articles(info)
    lost = sorted(_articles(base_info) - kept)
    for law, article in lost:
        label, span, culprit = _culprit(var, base_info, result, law, article)
        rep.add(
            "PB809",
            msg("PB809.drops-legal-basis", variant=var.name.text, citation=label, base=base.name),
            path, span, label="removes the citation",
            notes=(f"`{culprit}` cites {label} in the base, and nothing in the variant cites it any more",),
            help="keep the `legal` line (a variant may add citations, never drop one), or cite it in the node that"
                 " takes over",
        )

    # PB810: no removed node carried a statutory term or a formal outcome without a successor
    added = [it.node for it in var.items if isinstance(it, n.AddNode)]
    for a in result.applied:
        if a.kind != "remove":
            continue
        bn = base_nodes.get(a.target)
        if bn is None:
            continue
        outcome = bn.model.outcome if bn.model is not None else None
        if outcome in FORMAL_OUTCOMES and not any(
            o.kind.text == outcome for nd in added for o in nd.find_all(n.Outcome)
        ):
            rep.add("PB810", msg("PB810.removes-formal-outcome", node=a.target, outcome=outcome, variant=var.name.text),
                    path, a.change.target.span, label="a formal outcome",
                    notes=_cites(bn), help=f"add a node with `outcome {outcome}` (and its legal basis), or keep this one")
            continue
        maxima = _maxima(bn)
        if maxima and bn.ast.find_all(n.Deadline):
            arts = {(c.law, c.article) for c, _mx, _t in maxima}
            others = {(c.law, c.article) for nd in info.nodes if nd.name not in base_nodes or nd.name in by_change
                      for c, _r, _e in nd.citations if c is not None}
            if not arts <= others:
                citation = maxima[0][0]
                rep.add("PB810", msg("PB810.removes-statutory-term", node=a.target, citation=citation.label,
                                           variant=var.name.text), path, a.change.target.span,
                        label="a statutory term", notes=_cites(bn),
                        help=f"add a node that cites {citation.label} with its deadline, or keep this one")


def _cites(ninfo) -> tuple[str, ...]:
    labels = [c.label for c, _r, _e in ninfo.citations if c is not None]
    return (f"the base's node cites {', '.join(labels)}",) if labels else ()


def _culprit(var: n.Variant, base_info, result: ap.Result, law: str, article: str):
    """(citation label, span in the variant, base node) of the change that dropped a citation."""
    label = f"{law} art {article}"
    for ninfo in base_info.nodes:
        for citation, _ref, _e in ninfo.citations:
            if citation is not None and (citation.law, citation.article) == (law, article):
                label = citation.label
                for a in result.applied:
                    if a.kind == "remove" and a.target == ninfo.name:
                        return label, a.change.target.span, ninfo.name
                    if a.kind in ("remove-line", "replace") and ninfo.name in a.nodes and any(
                        type(o) is n.LegalRef for o in a.old
                    ):
                        return label, a.change.span, ninfo.name
                return label, var.base.span, ninfo.name
    return label, var.base.span, "the base"
