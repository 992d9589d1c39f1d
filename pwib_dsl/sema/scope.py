"""Name lookup from one file: own declarations, then used modules, qualified or bare.

Lookups are directed by kind: ``legal wgs art 4`` looks for a *law* named ``wgs``, so a measure
of the same name elsewhere neither shadows it nor makes it ambiguous.

* ``wet.wgs`` — the module must be used by the file (``use wet``) or be the file's own module.
* ``wgs`` — the file's own declaration wins; otherwise exactly one used module must declare it.
  Several → PB106 listing the candidates, each offered as a qualified replacement.

An unresolved name is reported with the caller's code, "did you mean" candidates from the
names actually visible, and — when the name exists in a module the file does not use — a
suggestion that inserts the missing ``use`` line.
"""

from __future__ import annotations

from typing import Iterable

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Label, Suggestion
from pwib_dsl.sema import resolution
from pwib_dsl.sema.modules import ModuleIndex
from pwib_dsl.sema.report import Reporter
from pwib_dsl.diagnostics.suggest import did_you_mean, phrase
from pwib_dsl.sema.units import ARTICLE, Symbol, Unit
from pwib_dsl.source import Span
from pwib_dsl.surface import nodes as n


class Scope:
    """Kind-directed lookup for every file of a compile."""

    def __init__(self, index: ModuleIndex, reporter: Reporter) -> None:
        self.index = index
        self.reporter = reporter

    def lookup(
        self,
        unit: Unit,
        ref: n.QName,
        kinds: tuple[str, ...],
        code: str,
        *,
        extra: Iterable[str] = (),
        help: str | None = None,
    ) -> Symbol | None:
        """The symbol ``ref`` names from ``unit``, or None after reporting why not."""
        parts = ref.parts
        if len(parts) == 1:
            sym = self._bare(unit, ref, parts[0], kinds, code, extra, help)
        else:
            sym = self._qualified(unit, ref, ".".join(parts[:-1]), parts[-1], kinds, code, help)
        if sym is not None:
            self.reporter.references.append(
                (unit.path, ref.span, 0, sym.unit.path, sym.node.name.span, sym.kind, sym.id)
            )
        return sym

    # -- bare names

    def _bare(self, unit, ref, name, kinds, code, extra, help) -> Symbol | None:
        own = unit.symbols.get(name)
        if own is not None and own.kind in kinds:
            return own
        found: list[tuple[str, Symbol]] = []
        seen = set()
        for q, target in unit.imports.items():
            sym = target.symbols.get(name)
            if sym is not None and sym.kind in kinds and id(sym) not in seen:
                seen.add(id(sym))
                found.append((q, sym))
        if len(found) == 1:
            unit.used.add(found[0][0])
            return found[0][1]
        what = _what(kinds)
        if len(found) > 1:
            unit.used.update(q for q, _ in found)  # the author meant one of them
            for _q, sym in found:
                self.reporter.ambiguous.append(
                    (unit.path, ref.span, 0, sym.unit.path, sym.node.name.span, sym.kind, sym.id)
                )
            options = [f"{q}.{name}" for q, _ in found]
            self.reporter.add(
                "PB106",
                msg("PB106.ambiguous", name=name, count=len(found), what=what),
                unit.path,
                ref.span,
                label="ambiguous",
                secondary=tuple(Label(s.unit.path, s.node.name.span, f"`{q}.{name}`") for q, s in found),
                help=f"write the qualified name: {phrase(options)}",
                suggestions=tuple(Suggestion(unit.path, ref.span, o, f"replace with `{o}`") for o in options),
            )
            return None
        wrong = own if own is not None else self._any_kind(unit, name)
        if wrong is not None:
            self._mark(unit, [wrong.name], wrong.unit)
            self.reporter.add(
                code,
                msg("lookup.wrong-kind", name=name, kind=ARTICLE[wrong.kind], what=what),
                unit.path,
                ref.span,
                label=f"expected {what}",
                secondary=(Label(wrong.unit.path, wrong.node.name.span, f"{ARTICLE[wrong.kind]} declared here"),),
                help=help,
            )
            return None
        candidates = list(extra) + self.visible(unit, kinds)
        elsewhere = self._elsewhere(unit, name, kinds)
        if elsewhere is not None:
            q = elsewhere.unit.module
            self.reporter.add(
                code,
                msg("lookup.unknown", what=_noun(kinds), name=name),
                unit.path,
                ref.span,
                label="not visible in this file",
                help=f"`{name}` is declared in module `{q}`: add `use {q}`",
                suggestions=(self.insert_use(unit, q),),
            )
            return None
        diag = self.reporter.unknown(
            code, msg("lookup.unknown", what=_noun(kinds), name=name), unit.path, ref.span, name, candidates,
            label=f"no {_noun(kinds)} of this name", help=help,
        )
        self._mark(unit, [s.replacement for s in diag.suggestions])
        return None

    # -- qualified names

    def _qualified(self, unit, ref, q, name, kinds, code, help) -> Symbol | None:
        target = unit.imports.get(q)
        if target is None and q == unit.module:
            target = unit
        what = _what(kinds)
        if target is None:
            exists = q in self.index.by_module or q in self.index.stdlib_paths()
            if exists:
                self.reporter.add(
                    code,
                    msg("lookup.module-not-used", module=q),
                    unit.path,
                    ref.span,
                    label=f"`{q}` needs a `use` line",
                    help=f"add `use {q}` at the top of the file",
                    suggestions=(self.insert_use(unit, q),),
                )
            else:
                qualifiers = list(unit.imports) + [unit.module]
                close = did_you_mean(q, qualifiers)
                self.reporter.add(
                    code,
                    msg("lookup.unknown-module", module=q, name=ref.dotted),
                    unit.path,
                    ref.span,
                    label="no such module",
                    help=f"did you mean {phrase([f'{c}.{name}' for c in close])}?" if close else help,
                    suggestions=tuple(
                        Suggestion(unit.path, ref.span, f"{c}.{name}", f"replace with `{c}.{name}`") for c in close
                    ),
                )
            return None
        self.reporter.references.append((unit.path, ref.span, len(q), *resolution.module(target)))  # the module part
        sym = target.symbols.get(name)
        if sym is not None and sym.kind in kinds:
            if target is not unit:
                unit.used.add(q)
            return sym
        if target is not unit:
            unit.used.add(q)  # the module was meant; don't add an unused-use warning on top
        if sym is not None:
            self.reporter.add(
                code,
                msg("lookup.wrong-kind", name=ref.dotted, kind=ARTICLE[sym.kind], what=what),
                unit.path,
                ref.span,
                label=f"expected {what}",
                secondary=(Label(sym.unit.path, sym.node.name.span, f"{ARTICLE[sym.kind]} declared here"),),
                help=help,
            )
            return None
        names = [s.name for s in target.symbols.values() if s.kind in kinds]
        close = did_you_mean(name, names)
        options = [f"{q}.{c}" for c in close]
        self.reporter.add(
            code,
            msg("lookup.not-in-module", module=q, what=_noun(kinds), name=name),
            unit.path,
            ref.span,
            label=f"not in `{q}`",
            help=f"did you mean {phrase(options)}?" if options else help,
            suggestions=tuple(Suggestion(unit.path, ref.span, o, f"replace with `{o}`") for o in options),
        )
        return None

    # -- helpers

    def probe(self, unit: Unit, name: str, kinds: tuple[str, ...]) -> Symbol | None:
        """A bare name of these kinds visible from ``unit``, without reporting anything."""
        own = unit.symbols.get(name)
        if own is not None and own.kind in kinds:
            return own
        for target in unit.imports.values():
            sym = target.symbols.get(name)
            if sym is not None and sym.kind in kinds:
                return sym
        return None

    def visible(self, unit: Unit, kinds: tuple[str, ...]) -> list[str]:
        """Every name of these kinds the file can write: bare and qualified."""
        out = [s.name for s in unit.symbols.values() if s.kind in kinds]
        for q, target in unit.imports.items():
            for s in target.symbols.values():
                if s.kind in kinds:
                    out.append(s.name)
                    out.append(f"{q}.{s.name}")
        return out

    def _mark(self, unit: Unit, names: list[str], owner: Unit | None = None) -> None:
        """Count the modules a failed lookup points at as used: the author meant them."""
        for q, target in unit.imports.items():
            if target is owner or any(x in target.symbols or x.startswith(q + ".") for x in names):
                unit.used.add(q)

    def _any_kind(self, unit: Unit, name: str) -> Symbol | None:
        for target in unit.imports.values():
            sym = target.symbols.get(name)
            if sym is not None:
                return sym
        return None

    def _elsewhere(self, unit: Unit, name: str, kinds) -> Symbol | None:
        """A declaration of this name and kind in a loaded or stdlib module the file doesn't use."""
        pools = list(self.index.units) + [
            u for m, u in sorted(self.index.stdlib_units().items()) if m not in self.index.by_module
        ]
        for other in pools:
            if other is unit or other.shadowed or other.module in unit.imports:
                continue
            sym = other.symbols.get(name)
            if sym is not None and sym.kind in kinds:
                return sym
        return None

    def insert_use(self, unit: Unit, module: str) -> Suggestion:
        """An edit adding ``use MODULE`` after the file's last ``use`` (or its module line)."""
        f = unit.file
        anchor = f.uses[-1] if f.uses else f.module
        if anchor is None:
            at = Span(0, 0, 1, 1, 1, 1)
            return Suggestion(unit.path, at, f"use {module}\n", f"add `use {module}`")
        s = anchor.span
        at = Span(s.end, s.end, s.end_line, s.end_col, s.end_line, s.end_col)
        return Suggestion(unit.path, at, f"\nuse {module}", f"add `use {module}`")


def _what(kinds: tuple[str, ...]) -> str:
    return " or ".join(ARTICLE[k] for k in kinds)


_NOUNS = {
    ("law",): "law", ("measure",): "measure", ("tile",): "tile", ("role",): "role",
    ("actor",): "actor", ("system",): "system", ("organisation",): "organisation",
    ("actor", "organisation"): "actor or organisation", ("component", "facility"): "component or facility",
}


def _noun(kinds: tuple[str, ...]) -> str:
    return _NOUNS.get(kinds, " or ".join(kinds))
