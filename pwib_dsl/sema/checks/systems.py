"""Declared but never used: a blueprint's systems (PB302) and actors (PB113).

Unknown systems (PB301) and unknown components (PB303) are reported while resolving.
"""

from __future__ import annotations

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.sema.blueprints import BlueprintInfo
from pwib_dsl.sema.report import Reporter


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
