"""Compilation units and their symbol tables.

A :class:`Unit` is one parsed file taking part in a compile: a workspace file (requested by
the user, or loaded only to resolve names) or a standard-library module. Its module name is
its ``module NAME`` declaration, or else its workspace-relative path without the extension,
folders joined by dots (``regio/wet.blueprint`` → ``regio.wet``).

Each unit has one namespace for its top-level catalogue entries, systems and actors
(:class:`Symbol`, id ``module.name``); blueprints live in a separate, workspace-wide namespace.
A name declared twice keeps its first declaration; the second is reported (PB105).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Label
from pwib_dsl.sema.report import Reporter
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax import keywords

#: ``base``: a file of a base workspace (``[base]`` in pwib.toml), loaded for its modules
Origin = Literal["workspace", "base", "stdlib"]

#: AST class → symbol kind (the keyword that declares it).
KINDS: dict[type, str] = {
    cls: keywords.node_word(cls)
    for cls in (n.Law, n.Measure, n.Component, n.Facility, n.Role, n.Tile, n.SystemDecl, n.ActorDecl, n.Organisation)
}
#: Kind → how a message names it ("a law").
ARTICLE = {
    "law": "a law", "measure": "a measure", "component": "a GEMMA component",
    "facility": "a national facility", "role": "a role", "tile": "a tile", "system": "a system",
    "actor": "an actor", "blueprint": "a blueprint", "organisation": "an organisation",
}


@attrs.define(eq=False, slots=True)
class Symbol:
    """A top-level declaration of a unit."""

    kind: str
    name: str
    node: n.Node
    unit: Unit
    model: object = None  # the resolved catalogue entry, filled in by the catalogue builder
    alias: object = None  # for top-level actors and systems: the resolved role / component
    organisation: object = None  # for top-level actors: the resolved organisation (``of``)
    #: for laws: article number → (model Article, AST Article, has its own provenance tag, file)
    articles: dict | None = None

    @property
    def id(self) -> str:
        return f"{self.unit.module}.{self.name}"


@attrs.define(eq=False, slots=True)
class Unit:
    """One parsed file in a compile."""

    source: SourceFile
    file: n.File
    rel: str  # workspace-relative path with forward slashes (stdlib: ``<stdlib>/wet.blueprint``)
    origin: Origin
    requested: bool
    real: Path | None = None
    module: str = ""
    symbols: dict[str, Symbol] = attrs.Factory(dict)
    blueprints: dict[str, n.Blueprint] = attrs.Factory(dict)
    #: ``variant`` declarations by name (they share the blueprints' namespace)
    variants: dict[str, n.Variant] = attrs.Factory(dict)
    #: ``use`` qualifier text → the unit it names (only the uses that resolved)
    imports: dict[str, Unit] = attrs.Factory(dict)
    #: the `use` node by qualifier, for diagnostics
    use_nodes: dict[str, n.Use] = attrs.Factory(dict)
    #: qualifiers through which at least one name was resolved (for PB112)
    used: set = attrs.Factory(set)
    #: ``extend LAW { ... }`` blocks, in file order (they declare no name of their own)
    extensions: list = attrs.Factory(list)
    shadowed: bool = False  # a duplicate module: its declarations are not in the catalogue
    declared: bool = False  # the symbol table is filled

    @property
    def path(self) -> str:
        """The display path used in diagnostics."""
        return self.source.path


def module_name(file: n.File, rel: str) -> str:
    if file.module is not None:
        return file.module.name.text
    stem = rel[: -len(".blueprint")] if rel.endswith(".blueprint") else rel
    return stem.replace("/", ".")


def declare(unit: Unit, reporter: Reporter) -> None:
    """Fill the unit's symbol table and blueprint table, reporting duplicates."""
    if unit.declared:
        return
    unit.declared = True
    symbols = unit.symbols
    blueprints = unit.blueprints
    for item in unit.file.items:
        if isinstance(item, n.Blueprint):
            name = item.name.text
            first = blueprints.get(name)
            if first is None:
                blueprints[name] = item
            else:
                duplicate(reporter, unit, "blueprint", item.name, unit, first.name)
            continue
        if isinstance(item, n.Variant):
            name = item.name.text
            first = blueprints.get(name) or unit.variants.get(name)
            if first is None:
                unit.variants[name] = item
            else:
                duplicate(reporter, unit, "blueprint", item.name, unit, first.name)
            continue
        if isinstance(item, n.LawExtension):
            unit.extensions.append(item)
            continue
        kind = KINDS[type(item)]
        name = item.name.text
        first_sym = symbols.get(name)
        if first_sym is None:
            symbols[name] = Symbol(kind, name, item, unit)
        else:
            duplicate(reporter, unit, kind, item.name, first_sym.unit, first_sym.node.name, first_sym.kind)


def duplicate(
    reporter: Reporter, unit: Unit, kind: str, ident: n.Ident, first_unit: Unit, first: n.Ident,
    first_kind: str | None = None, scope: str = "",
) -> None:
    """PB105 with a secondary label at the first definition."""
    where = scope or f"module `{unit.module}`"
    first_kind = first_kind or kind
    if first_kind != kind:
        what = msg("PB105.declared-as", name=ident.text, where=where, kind=ARTICLE.get(first_kind, first_kind))
    else:
        what = msg("PB105.declared", name=ident.text, where=where)
    reporter.add(
        "PB105",
        what,
        unit.path,
        ident.span,
        label=f"second declaration of `{ident.text}`",
        secondary=(Label(first_unit.path, first.span, "first declared here"),),
        help="rename one of them, or remove the repeated declaration",
    )
