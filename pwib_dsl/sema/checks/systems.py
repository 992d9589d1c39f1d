"""Declared but never used: a blueprint's systems (PB302), systems declared at the top level
of a file for blueprints to share (PB304), and a blueprint's actors (PB113).

Unknown systems (PB301) and unknown components (PB303) are reported while resolving.
"""

from __future__ import annotations

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.sema.blueprints import BlueprintInfo
from pwib_dsl.sema.report import Reporter
from pwib_dsl.sema.units import Unit


def check_unused_systems(info: BlueprintInfo, rep: Reporter) -> None:
    for sinfo in info.systems.values():
        if sinfo.local and not sinfo.used:
            rep.add(
                "PB302",
                msg("PB302.unused-system", system=sinfo.model.id, blueprint=info.ast.name.text),
                info.path,
                sinfo.ident.span,
                label="never used",
                help=f"add `system {sinfo.model.id}` to the steps that use it, or remove the declaration",
            )


def check_unused_actors(info: BlueprintInfo, rep: Reporter) -> None:
    for name, decl in info.actors.items():
        if name not in info.used_actors:
            rep.add(
                "PB113",
                msg("PB113.unused-actor", name=name, blueprint=info.ast.name.text),
                info.path,
                decl.name.span,
                label="never named in a lane",
                help=f"name it in the lanes where it acts (`frontstage {name} \"...\"`), or remove the declaration",
            )


def check_unused_shared_systems(units: list[Unit], used: set[int], rep: Reporter) -> None:
    """PB304 for a top-level system of a requested file that no checked blueprint uses.

    ``used`` holds the ``id()`` of every top-level system symbol some step resolved to. A use
    can only be seen in a blueprint that was resolved, so a file is judged only when every loaded
    file that imports it was checked too; a file of shared declarations checked on its own (no
    blueprint of its own, nothing loaded that uses it) says nothing about its users and is skipped.
    """
    workspace = [u for u in units if u.origin == "workspace"]
    for unit in workspace:
        if not unit.requested:
            continue
        importers = [u for u in workspace if u is not unit and unit in u.imports.values()]
        if any(not u.requested for u in importers):
            continue
        if not unit.blueprints and not importers and len(workspace) == 1:
            continue
        for sym in unit.symbols.values():
            if sym.kind != "system" or id(sym) in used:
                continue
            rep.add(
                "PB304",
                msg("PB304.unused-in-file", system=sym.name) if not importers
                else msg("PB304.unused-in-module", system=sym.name),
                unit.path,
                sym.node.name.span,
                label="never used",
                help=f"add `system {sym.name}` to the steps that use it (in other files: "
                f"`system {unit.module}.{sym.name}` after `use {unit.module}`), or remove the declaration",
            )
