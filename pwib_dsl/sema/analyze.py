"""Semantic analysis of a workspace: parsed files in, resolved :class:`Workspace` and diagnostics out.

Order of work: register every file as a module and declare its names; resolve ``use`` lines
(loading context and standard-library modules on demand); build the catalogue; resolve every
requested blueprint; run the checks. Diagnostics are kept only for requested files (files the
user asked about); context and standard-library files contribute names, not complaints.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import NamedTuple

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label
from pwib_dsl.sema import model as m
from pwib_dsl.sema.blueprints import BlueprintResolver
from pwib_dsl.sema.catalogue import CatalogueBuilder
from pwib_dsl.sema.checks import flow, journeys, legal, provenance, systems
from pwib_dsl.sema.citations import Citer
from pwib_dsl.sema.modules import Files, ModuleIndex, ParseFn
from pwib_dsl.sema.names import Names
from pwib_dsl.sema.report import Reporter
from pwib_dsl.sema.resolution import Resolution
from pwib_dsl.sema.scope import Scope
from pwib_dsl.sema.units import Unit
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n

#: Checks run on every resolved blueprint, in this order.
BLUEPRINT_CHECKS = (
    legal.check_legal_basis,
    legal.check_deadlines,
    legal.check_term_span_maxima,
    systems.check_unused_systems,
    systems.check_unused_actors,
    flow.check_decisions,
    flow.check_dead_ends,
    flow.check_reachable,
    flow.check_ends,
    flow.check_loop_bounds,
    flow.check_parallel,
    flow.check_term_spans,
    provenance.check_unverified,
)


@attrs.frozen
class Input:
    """One parsed workspace file handed to the analysis."""

    source: SourceFile
    file: n.File | None  # None when the file could not be parsed
    rel: str  # workspace-relative path, forward slashes
    real: Path | None = None
    requested: bool = True
    #: a file of a base workspace (``[base]`` in pwib.toml): context whose modules the
    #: workspace may use but not redeclare
    base: bool = False


class Analysis(NamedTuple):
    """What :func:`analyze` returns."""

    workspace: m.Workspace
    diagnostics: list[Diagnostic]
    aux: dict[str, SourceFile]
    resolution: Resolution
    names: Names


def analyze(
    inputs: list[Input],
    parse: ParseFn,
    *,
    root: Path | None = None,
    stdlib: Path | None = None,
    lang: str = "nl",
    law=None,
    files: Files,
) -> Analysis:
    """The workspace, the diagnostics of requested files, the other sources those
    diagnostics point into (standard-library and context files), for excerpts, and what every
    reference resolved to. ``law`` (a :class:`~pwib_dsl.sema.checks.dated.LawContext`) adds the
    checks against law snapshots."""
    # As in the parse: the analysis allocates many small objects that stay alive until it
    # returns (symbols, models, the resolution record), and collections triggered on the way
    # would walk them again and again. It builds no garbage cycles worth collecting early.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _analyze(inputs, parse, root, stdlib, lang, law, files)
    finally:
        if collecting:
            gc.enable()


def _analyze(inputs, parse, root, stdlib, lang, law, files) -> Analysis:
    rep = Reporter()
    # requested files first: when a file loaded only as context clashes with one the user asked
    # about (a module or blueprint name), the requested file keeps the name
    # (and a workspace module keeps its name against a base module: PB803)
    ordered = sorted(inputs, key=lambda i: (i.base, not i.requested, i.rel))
    units = [
        Unit(i.source, i.file, i.rel, "base" if i.base else "workspace", i.requested,
             i.real.resolve() if i.real else None)
        for i in ordered
        if i.file is not None
    ]
    index = ModuleIndex(units, rep, parse, root, stdlib, files)
    for i in ordered:
        if i.file is None:
            stem = i.rel[: -len(".blueprint")] if i.rel.endswith(".blueprint") else i.rel
            index.mark_broken(stem.replace("/", "."))
            index.mark_broken(stem.rsplit("/", 1)[-1])
    index.resolve_uses()
    index.check_cycles()
    index.check_shadowing()

    scope = Scope(index, rep)
    citer = Citer(scope)
    builder = CatalogueBuilder(scope, citer)
    catalogue = builder.build()

    table = _blueprint_table(index, rep)
    resolver = BlueprintResolver(scope, citer, table)
    blueprints = []
    infos = {}
    requested_names = set()
    variant_names: dict = {}
    for unit in index.units:
        if not unit.requested:
            continue
        for name, bp in unit.blueprints.items():
            if table.get(name, (None, None))[1] is not bp:
                continue  # a cross-file duplicate: reported, left out
            requested_names.add(name)
            info = resolver.resolve(unit, bp)
            infos[(unit.path, name)] = info
            for check in BLUEPRINT_CHECKS:
                check(info, rep)
            legal.check_listed_leden(info, rep, law)
            if law is not None:
                from pwib_dsl.sema.checks.dated import check_dated_citations

                check_dated_citations(info, rep, law)
            blueprints.append(info.model)
    if any(unit.variants for unit in index.units if unit.requested):
        blueprints += _resolve_variants(index, scope, table, rep, law, requested_names, variant_names)
    journeys.check_journey_cycles(table, requested_names, rep)
    systems.check_unused_shared_systems(index.units, resolver.used_top_systems, rep)
    for unit in index.units:
        if unit.requested:
            provenance.check_sources(unit, builder, rep)
    index.check_unused()

    requested = {u.path for u in index.units if u.requested}
    diags = [d for d in rep.diagnostics if d.primary is None or d.primary.file in requested]
    others = {u.path: u.source for u in index.units if not u.requested}
    aux = {}
    for d in diags:
        for label in d.secondary:
            if label.file in others:
                aux[label.file] = others[label.file]
    workspace = m.Workspace(tuple(blueprints), catalogue, "en" if lang == "en" else "nl")
    names = Names(index, table, infos, variant_names)
    return Analysis(workspace, diags, aux, Resolution(rep.references, rep.ambiguous), names)


class _VariantContext:
    """What :class:`~pwib_dsl.variants.resolve.VariantResolver` needs of the analysis."""

    def __init__(self, index, scope, table, reporter, law) -> None:
        self.index, self.scope, self.table, self.reporter, self.law = index, scope, table, reporter, law

    def check(self, info, rep: Reporter) -> None:
        for check in BLUEPRINT_CHECKS:
            check(info, rep)
        if self.law is not None:
            from pwib_dsl.sema.checks.dated import check_dated_citations

            check_dated_citations(info, rep, self.law)


def _resolve_variants(index, scope, table, rep, law, requested_names, names: dict) -> list:
    """The resolved variants of requested files (a name taken by a blueprint is PB105);
    what each resolved variant can name goes into ``names`` (see :class:`Names`)."""
    from pwib_dsl.variants.resolve import VariantResolver

    resolver = VariantResolver(_VariantContext(index, scope, table, rep, law), names)
    out = []
    for unit in index.units:
        if not unit.requested:
            continue
        for name, var in unit.variants.items():
            first = table.get(name)
            if first is not None or name in requested_names:
                where = first[0].rel if first is not None else "this workspace"
                rep.add("PB105", msg("PB105.declared", name=name, where=f"`{where}`"), unit.path, var.name.span,
                        label="second blueprint of this name",
                        secondary=(Label(first[0].path, first[1].name.span, "first declared here"),) if first else (),
                        help="a variant is a blueprint of the workspace: give it a name of its own")
                continue
            requested_names.add(name)
            info = resolver.resolve(unit, var)
            if info is not None:
                out.append(info.model)
    return out


def _blueprint_table(index: ModuleIndex, rep: Reporter) -> dict:
    """Every workspace blueprint by name (the first registered wins; later ones are PB105)."""
    table: dict[str, tuple[Unit, n.Blueprint]] = {}
    for unit in index.units:
        if unit.origin != "workspace":
            continue
        for name, bp in unit.blueprints.items():
            first = table.get(name)
            if first is None:
                table[name] = (unit, bp)
                continue
            rep.add(
                "PB105",
                msg("PB105.blueprint-declared", name=name, first=first[0].rel),
                unit.path,
                bp.name.span,
                label="second blueprint of this name",
                secondary=(Label(first[0].path, first[1].name.span, "first declared here"),),
                help="blueprint names are unique in a workspace (each becomes one page and one file): rename one",
            )
    return table
