"""Backends: pure functions from the resolved model to output files.

Each target module exposes ``render(workspace, options) -> dict[str, bytes]``: output paths
(relative, forward slashes) mapped to their bytes. The ``build`` command writes them
atomically; backends never touch the file system, read the clock or depend on set order.
Backend modules are imported only when their target is built, keeping ``pwib check`` light.
"""

from __future__ import annotations

import attrs

#: target name → module implementing ``render``; ``build`` emits these in this order.
TARGETS = {
    "json": "pwib_dsl.backends.json_",
    "bpmn": "pwib_dsl.backends.bpmn",
    "html": "pwib_dsl.backends.html",
}

#: Where each target puts a blueprint's document inside the output folder.
_FOLDERS = {"json": "json", "bpmn": "bpmn", "html": "blueprints"}
_SUFFIX = {"json": ".json", "bpmn": ".bpmn", "html": ".html"}


def output_path(target: str, blueprint_id: str) -> str:
    """Relative path of one blueprint's output for a target, e.g. ``bpmn/aanmelding.bpmn``."""
    return f"{_FOLDERS[target]}/{blueprint_id}{_SUFFIX[target]}"


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
