"""Backends: pure functions from the resolved model to output files.

Each backend is declared once, as a :class:`Backend` record in :data:`BACKENDS`: its target
name, the module whose ``render(workspace, options) -> dict[str, bytes]`` maps output paths
(relative, forward slashes) to their bytes, where it puts one blueprint's document, and what
it needs beyond the model. A module also renders its output in parts (``site_pages`` and
``render_part``: some blueprints' documents, some site-wide pages), which ``build -j`` spreads
over processes (:mod:`pwib_dsl.backends.parts`). The ``build`` command writes the files atomically; backends never
touch the file system, read the clock or depend on set order. Backend modules are imported
only when their target is built, keeping ``pwib check`` light. Cross-references that several
site-level outputs need live in :mod:`pwib_dsl.backends.xref`.
"""

from __future__ import annotations

import importlib

import attrs


@attrs.frozen
class Backend:
    """One output target."""

    name: str  # on the command line: ``--target json,bpmn``
    module: str  # the module implementing ``render(workspace, options)``
    folder: str  # where a blueprint's document goes inside the output folder
    suffix: str  # and its file extension
    summary: str
    #: inputs beyond the model that ``build`` prepares only for backends that ask:
    #: ``law-changes`` (impact reports per date, from the law snapshots), ``theme``
    needs: frozenset[str] = frozenset()
    #: rough cost of one flow node's output, relative to the other targets (``build -j``
    #: hands out the costly parts first; measured on ``benchmarks/build_bench.py``)
    weight: int = 1
    #: its files come in path order (the site); else in the order of the blueprints
    sorted_paths: bool = False

    def render(self, workspace, options: "BuildOptions") -> dict[str, bytes]:
        return importlib.import_module(self.module).render(workspace, options)

    def site_pages(self, workspace, options: "BuildOptions") -> tuple[str, ...]:
        """The target's site-wide pages (names), each rendered as a part of its own."""
        return importlib.import_module(self.module).site_pages(workspace, options)

    def render_part(self, workspace, options: "BuildOptions", blueprints, names=()) -> dict[str, bytes]:
        """The files of some blueprints and of some :meth:`site_pages`: every file of the
        target, over parts covering all blueprints and pages, is exactly what :meth:`render` gives."""
        return importlib.import_module(self.module).render_part(workspace, options, blueprints, names)

    def path(self, blueprint_id: str) -> str:
        """Relative path of one blueprint's document, e.g. ``bpmn/aanmelding.bpmn``."""
        return f"{self.folder}/{blueprint_id}{self.suffix}"


#: Every backend by target name, in the order ``build`` emits them.
BACKENDS: dict[str, Backend] = {
    b.name: b
    for b in (
        Backend("json", "pwib_dsl.backends.json_", "json", ".json", "the canonical model, one document per blueprint"),
        Backend(
            "bpmn", "pwib_dsl.backends.bpmn", "bpmn", ".bpmn", "BPMN 2.0 with diagram, one process per blueprint",
            weight=3,
        ),
        Backend(
            "html", "pwib_dsl.backends.html", "blueprints", ".html", "the blueprint site",
            frozenset({"law-changes", "theme"}), weight=3, sorted_paths=True,
        ),
    )
}
#: The target names, in build order.
TARGETS: tuple[str, ...] = tuple(BACKENDS)


def output_path(target: str, blueprint_id: str) -> str:
    """Relative path of one blueprint's output for a target, e.g. ``bpmn/aanmelding.bpmn``."""
    return BACKENDS[target].path(blueprint_id)


def needed(targets, need: str) -> bool:
    """Whether one of the ``targets`` needs ``need`` (see :attr:`Backend.needs`)."""
    return any(need in BACKENDS[t].needs for t in targets)


@attrs.frozen
class BuildOptions:
    """Options every backend receives."""

    lang: str = "nl"  # output language of labels: nl | en
    targets: tuple[str, ...] = tuple(TARGETS)  # what this build emits (the site links only these)
    #: impact reports, one per date the law or a measure changes (``pwib build`` computes them
    #: from the law snapshots; see :func:`pwib_dsl.law.impact.reports_by_date`)
    law_changes: tuple = ()
    bpmn_dialect: str = "spiff"  # spiff | operaton | flowable (pwib_dsl.backends.bpmn.dialect)
    #: role id or actor name → candidate group, for the Java dialects (``[bpmn.candidate-groups]``)
    candidate_groups: tuple[tuple[str, str], ...] | None = None
    theme: object = None  # pwib_dsl.theme.Theme of the site, logo inlined; None: the default look
    #: a national site holding municipalities: their deviations (pwib_dsl.backends.deviation
    #: Municipality records), for the deviation matrix
    municipalities: tuple = ()
    #: a municipality's site inside a national one: the national blueprints and where their
    #: pages are (pwib_dsl.backends.deviation.National), for marking the local changes
    national: object = None
