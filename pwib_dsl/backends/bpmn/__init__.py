"""BPMN 2.0 backend: one ``bpmn/<blueprint>.bpmn`` per blueprint, with full BPMNDI.

Pipeline per blueprint: ``semantic.build_process`` (what becomes what) → ``layout.layout``
(coordinates, with ``routing`` for the flows) → ``writer.document`` (XML). The mapping, the
layout rules and the choices behind them are documented in ``docs/bpmn.md``; the extension
namespace is described by ``pwib_dsl/data/xsd/pwib-blueprint.xsd`` (:func:`extension_xsd`).

A master journey (a blueprint with ``journey`` steps) calls its tiles through call activities
whose ``calledElement`` is the tile's process id. So that the file is complete on its own (a
BPMN engine such as SpiffWorkflow can run it, and needs the called processes), the file also
holds each tile's process, once, as a pool of its own below the master's pool; the ids inside an
embedded tile are prefixed with ``<tile>__`` while its process id stays ``Process_<tile>``, as in
the tile's own file.

Pure function of the model: no file system, no clock, no set order; the same model gives the
same bytes. Imported only by ``pwib build`` (never by ``pwib check``).
"""

from __future__ import annotations

import gc
from pathlib import Path

from pwib_dsl.backends import BuildOptions, output_path
from pwib_dsl.backends.bpmn.dialect import Dialect, dialect
from pwib_dsl.backends.bpmn.extension import NS, XSD_NAME
from pwib_dsl.backends.bpmn.ids import IdScheme, embed_prefix, name_key
from pwib_dsl.backends.bpmn.layout import POOL_GAP, layout, message_flow_edges
from pwib_dsl.backends.bpmn.semantic import Catalogue, build_process
from pwib_dsl.backends.bpmn.writer import document
from pwib_dsl.sema import model as m

__all__ = ["NS", "extension_xsd", "render", "render_blueprint"]

_TOP = 80


def extension_xsd() -> Path:
    """The XSD of the ``pwib:`` extension namespace (shipped as package data)."""
    from pwib_dsl.resources import data_dir

    return data_dir() / "xsd" / XSD_NAME


def render(workspace: m.Workspace, options: BuildOptions) -> dict[str, bytes]:
    """One ``bpmn/<id>.bpmn`` per blueprint of the workspace."""
    return render_part(workspace, options, workspace.blueprints)


def site_pages(workspace: m.Workspace, options: BuildOptions) -> tuple[str, ...]:
    """None: every file holds one blueprint's process (and the tiles it calls)."""
    return ()


def render_part(workspace: m.Workspace, options: BuildOptions, blueprints, names=()) -> dict[str, bytes]:
    """The files of ``blueprints``."""
    cat = Catalogue(workspace)  # a few dicts: cheap enough to build for every part
    target = dialect(options.bpmn_dialect, options.candidate_groups or ())
    # Rendering allocates many small, acyclic objects; CPython's generational collector would
    # rescan them over and over (superlinear on large blueprints) without ever freeing one.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return {output_path("bpmn", bp.id): render_blueprint(bp, cat, options.lang, target) for bp in blueprints}
    finally:
        if was_enabled:
            gc.enable()


def render_blueprint(bp: m.Blueprint, cat: Catalogue, lang: str = "nl",
                     target: Dialect | None = None) -> bytes:
    """The BPMN document of one blueprint (with its tiles when it is a master journey and the
    dialect embeds them; the Java engines deploy the tiles from their own files)."""
    target = target or dialect()
    built = [build_process(bp, cat, lang, IdScheme(), target)]
    if target.embeds_tiles:
        for tile in _journey_tiles(bp, cat):
            built.append(build_process(tile, cat, lang, IdScheme(embed_prefix(tile.id)),
                                       target))
    processes, geometries = [], []
    top = _TOP
    for proc in built:
        # each pool, then the pools of its partner organisations right below it
        for pool in [proc, *proc.partners]:
            geo = layout(pool, top)
            processes.append(pool)
            geometries.append(geo)
            top = geo.bottom + POOL_GAP
    flows = message_flow_edges(built, geometries)
    if flows is not None:
        geometries.append(flows)
    return document(name_key(bp.id), bp.id, processes, geometries, target)


def candidate_group_keys(workspace: m.Workspace) -> dict[str, list[str]]:
    """Role ids / actor names that carry user tasks → the blueprints they do so in.

    A ``[bpmn.candidate-groups]`` table must map each of them (a Java engine offers a user
    task to its candidate groups; a missing group would leave the task with nobody to do it).
    """
    cat = Catalogue(workspace)
    keys: dict[str, list[str]] = {}
    target = dialect("operaton")
    for bp in workspace.blueprints:
        for v in build_process(bp, cat, workspace.lang, IdScheme(), target).vertices:
            if target.tag(v.tag, bool(v.boundaries)) != "userTask" or v.group_key is None:
                continue
            if bp.id not in keys.setdefault(v.group_key, []):
                keys[v.group_key].append(bp.id)
    return dict(sorted(keys.items()))


def _journey_tiles(bp: m.Blueprint, cat: Catalogue) -> list[m.Blueprint]:
    """Blueprints called (directly or through other masters), each once, in call order."""
    seen = {bp.id}
    found: list[m.Blueprint] = []
    stack = [bp]
    while stack:
        current = stack.pop()
        called = []
        for node in current.nodes:
            target = cat.blueprints.get(node.journey) if node.journey else None
            if target is not None and target.id not in seen:
                seen.add(target.id)
                called.append(target)
        found.extend(called)
        stack.extend(reversed(called))
    return found
