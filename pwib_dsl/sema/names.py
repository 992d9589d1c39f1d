"""What names a file can write, as the compile that resolved it sees them.

:class:`Names` is kept in :class:`pwib_dsl.driver.CompileResult` beside the record of what
was resolved (:mod:`pwib_dsl.sema.resolution`); the language server's completion reads it, so
the names an editor offers follow the lookup rules of :mod:`pwib_dsl.sema.scope` — the file's
own declarations, then those of the modules it uses, bare when one used module declares the
name, qualified always — and not a copy of them.

Every answer is a :class:`~pwib_dsl.sema.resolution.Declaration` (file, span of the declared
name, kind, qualified id), as in the record. Besides the names visible through ``use`` lines:
the names of modules the file does not use (completion offers them qualified, adding the
``use`` line), the modules of the compile and the standard library, the workspace's
blueprints, what a blueprint declares for itself (actors, systems, flow nodes) and the
articles of a law. Of a variant: what it declares itself, the base blueprint its ``of`` line
resolved to and what that base declares (:class:`VariantNames`, made by
:mod:`pwib_dsl.variants.resolve` while it resolves the variant), and the blueprints of every
module an ``of`` line may name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from pwib_dsl.sema import resolution
from pwib_dsl.sema.resolution import Declaration
from pwib_dsl.surface import nodes as n

if TYPE_CHECKING:  # the driver imports this module; the analysis itself only when compiling
    from pwib_dsl.sema.units import Symbol, Unit

_FLOW = {n.Step: "step", n.Decision: "decision", n.Fork: "fork", n.Join: "join", n.End: "end"}


@attrs.frozen
class Visible:
    """A name a file can write: the text, what it names, and the module whose ``use`` line
    it needs (None when the file already uses it)."""

    text: str
    target: Declaration
    add_use: str | None = None


@attrs.frozen
class VariantNames:
    """What a resolved variant can name: what it declares itself (actors, systems, added
    nodes), its base blueprint, and what the base declares (actors, systems, phases, flow
    nodes; of a base that is itself a variant, each in the file of the chain that declares it)."""

    own: tuple[Declaration, ...]
    base: Declaration
    base_names: tuple[Declaration, ...] = ()


def symbol(sym: Symbol) -> Declaration:
    return Declaration(sym.unit.path, sym.node.name.span, sym.kind, sym.id)


class Names:
    """The names of one compile: its units, the standard library and the blueprint table."""

    def __init__(self, index=None, blueprints: dict | None = None, infos: dict | None = None,
                 variants: dict | None = None) -> None:
        self._index = index  # sema.modules.ModuleIndex (None: an empty compile)
        self._blueprints = blueprints or {}  # name → (Unit, Blueprint AST)
        self._infos = infos or {}  # (file, blueprint name) → sema.blueprints.BlueprintInfo
        self._variants = variants or {}  # (file, variant name) → VariantNames

    # -- modules

    def unit(self, file: str) -> Unit | None:
        """The unit compiled from ``file`` (a display path), if it took part."""
        if self._index is None:
            return None
        for unit in self._index.units:
            if unit.path == file:
                return unit
        for unit in self._index.stdlib_loaded():
            if unit.path == file:
                return unit
        return None

    def module(self, file: str) -> str | None:
        unit = self.unit(file)
        return unit.module if unit is not None else None

    def uses(self, file: str) -> list[str]:
        """The modules ``file`` uses, as written in its ``use`` lines (those that resolved)."""
        unit = self.unit(file)
        return list(unit.imports) if unit is not None else []

    def _modules(self) -> dict[str, Unit]:
        if self._index is None:
            return {}
        out = {u.module: u for u in self._index.units if not u.shadowed and u.origin == "workspace"}
        for name, unit in self._index.stdlib_units().items():
            out.setdefault(name, unit)  # a workspace module hides the stdlib one
        return dict(sorted(out.items()))

    def modules(self) -> dict[str, tuple[Declaration, str]]:
        """Module name → (its declaration, ``workspace`` or ``stdlib``), sorted by name."""
        return {q: (Declaration(*resolution.module(u)), u.origin) for q, u in self._modules().items()}

    def declared(self, module: str, kinds: tuple[str, ...]) -> list[Declaration]:
        """The top-level declarations of these kinds in one module."""
        unit = self._modules().get(module)
        if unit is None:
            return []
        return [symbol(s) for s in unit.symbols.values() if s.kind in kinds]

    # -- names through use lines

    def visible(self, file: str, kinds: tuple[str, ...], others: bool = True) -> list[Visible]:
        """Every name of these kinds ``file`` can write: its own, those of the modules it uses
        (bare when only one of them declares the name and the file does not, qualified
        always) and, with ``others``, those of the other modules, qualified."""
        unit = self.unit(file)
        if unit is None:
            return []
        out = [Visible(s.name, symbol(s)) for s in unit.symbols.values() if s.kind in kinds]
        counts: dict[str, int] = {}
        for target in unit.imports.values():
            for s in target.symbols.values():
                if s.kind in kinds:
                    counts[s.name] = counts.get(s.name, 0) + 1
        for q, target in unit.imports.items():
            for s in target.symbols.values():
                if s.kind not in kinds:
                    continue
                if counts[s.name] == 1 and s.name not in unit.symbols:
                    out.append(Visible(s.name, symbol(s)))
                out.append(Visible(f"{q}.{s.name}", symbol(s)))
        if others:
            for q, other in self._modules().items():
                if q in unit.imports or other is unit or q == unit.module:
                    continue
                for s in other.symbols.values():
                    if s.kind in kinds:
                        out.append(Visible(f"{q}.{s.name}", symbol(s), q))
        return out

    def lookup(self, file: str, text: str, kinds: tuple[str, ...]) -> Declaration | None:
        """What ``text`` written in ``file`` names, by the compile's lookup
        (:meth:`pwib_dsl.sema.scope.Scope.lookup`), reporting nothing."""
        from pwib_dsl.sema.report import Reporter
        from pwib_dsl.sema.scope import Scope
        from pwib_dsl.source import NO_SPAN

        unit = self.unit(file)
        if unit is None:
            return None
        used = set(unit.used)
        sym = Scope(self._index, Reporter()).lookup(unit, n.QName(tuple(text.split(".")), span=NO_SPAN), kinds, "PB202")
        unit.used = used  # a question is not a use
        return symbol(sym) if sym is not None else None

    def law(self, file: str, parts: tuple[str, ...]) -> Symbol | None:
        """The law ``parts`` (as written in ``file``) names, by the rules of a lookup."""
        unit = self.unit(file)
        if unit is None or not parts:
            return None
        if len(parts) > 1:
            q = ".".join(parts[:-1])
            target = unit if q == unit.module else unit.imports.get(q)
            sym = target.symbols.get(parts[-1]) if target is not None else None
            return sym if sym is not None and sym.kind == "law" else None
        own = unit.symbols.get(parts[0])
        if own is not None and own.kind == "law":
            return own
        found = [t.symbols[parts[0]] for t in unit.imports.values()
                 if parts[0] in t.symbols and t.symbols[parts[0]].kind == "law"]
        return found[0] if len({id(s) for s in found}) == 1 else None

    def articles(self, file: str, parts: tuple[str, ...]) -> list[Declaration]:
        """The articles of the law ``parts`` names from ``file``, in the law's order."""
        law = self.law(file, parts)
        if law is None or not law.articles:
            return []
        return [Declaration(path, art.number.span, "article", f"{law.id} art {number}")
                for number, (_model, art, _verified, path) in law.articles.items()]

    # -- blueprints

    def blueprints(self) -> list[tuple[str, Declaration]]:
        """The workspace's blueprints by name (blueprint names are workspace-wide)."""
        return [(name, Declaration(unit.path, bp.name.span, "blueprint", name))
                for name, (unit, bp) in self._blueprints.items()]

    def local(self, file: str, blueprint: str, kinds: tuple[str, ...]) -> list[Declaration]:
        """What blueprint ``blueprint`` of ``file`` declares for itself, of these kinds:
        ``actor``, ``system`` and the flow node kinds."""
        info = self._infos.get((file, blueprint))
        if info is None:
            variant = self._variants.get((file, blueprint))
            return [d for d in variant.own if d.kind in kinds] if variant is not None else []
        out = []
        if "actor" in kinds:
            out += [Declaration(file, d.name.span, "actor", f"{blueprint}/{name}") for name, d in info.actors.items()]
        if "system" in kinds:
            out += [Declaration(file, s.ident.span, "system", f"{blueprint}/{s.ident.text}")
                    for s in info.systems.values() if s.local]
        for node in info.nodes:
            kind = _FLOW[type(node.ast)]
            if kind in kinds:
                out.append(Declaration(file, node.ast.name.span, kind, f"{blueprint}/{node.name}"))
        return out

    # -- variants

    def base(self, file: str, variant: str) -> Declaration | None:
        """The blueprint the ``of`` line of variant ``variant`` of ``file`` resolved to."""
        found = self._variants.get((file, variant))
        return found.base if found is not None else None

    def base_local(self, file: str, variant: str, kinds: tuple[str, ...]) -> list[Declaration]:
        """What the resolved base of variant ``variant`` of ``file`` declares, of these kinds
        (``actor``, ``system``, ``phase`` and the flow node kinds), in its order."""
        found = self._variants.get((file, variant))
        return [d for d in found.base_names if d.kind in kinds] if found is not None else []

    def bases(self, file: str) -> list[Visible]:
        """Every ``MODULE.BLUEPRINT`` an ``of`` line in ``file`` may name: the blueprints and
        variants of the workspace's and the base workspace's modules (but ``file``'s own),
        with the ``use`` line to add for a module the file does not use."""
        unit = self.unit(file)
        if unit is None or self._index is None:
            return []
        out = []
        for other in self._index.units:
            if other is unit or other.shadowed or other.origin not in ("workspace", "base"):
                continue
            q = other.module
            add = None if q in unit.imports else q
            for name, decl in list(other.blueprints.items()) + list(other.variants.items()):
                out.append(Visible(f"{q}.{name}", Declaration(other.path, decl.name.span, "blueprint", name), add))
        return sorted(out, key=lambda v: v.text)


EMPTY = Names()
