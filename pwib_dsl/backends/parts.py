"""A build cut into parts that render on their own, for ``pwib build -j``.

A part is one target's documents of a run of consecutive blueprints, or one of a target's
site-wide pages (the HTML overview, the indexes, the journey map, ...). Every part is a pure
function of the resolved workspace and the build options, so parts may render in any process
and in any order; :func:`merged` puts their files back in the order of a one-process build
(targets in build order, each target's files as its ``render`` gives them), so the result is
the same for any number of processes.

Runs of blueprints are cut by size (flow nodes), many more parts than processes, so that
processes taking the next part as they finish even out the load; :func:`dispatch_order` hands
out the site-wide pages and the costliest runs first, so that the last parts are small.
"""

from __future__ import annotations

import importlib

import attrs

from pwib_dsl.backends import BACKENDS, BuildOptions

#: Parts of blueprint documents per process and target: enough for the processes to even out.
PARTS_PER_JOB = 8


@attrs.frozen
class Part:
    """``target``'s files of ``workspace.blueprints[start:stop]``, or of its site-wide ``page``."""

    target: str
    start: int = 0
    stop: int = 0
    page: str | None = None
    cost: int = 0  # of a run: its flow nodes times the target's weight (rough)


def plan(workspace, options: BuildOptions, jobs: int) -> list[Part]:
    """The parts of every target of ``options``, in build order."""
    blueprints = workspace.blueprints
    sizes = [len(bp.nodes) + 1 for bp in blueprints]
    total = sum(sizes)
    out: list[Part] = []
    for target in options.targets:
        backend = BACKENDS[target]
        out += [Part(target, page=page) for page in backend.site_pages(workspace, options)]
        goal = max(1, total // (max(1, jobs) * PARTS_PER_JOB))
        start = size = 0
        for i, n in enumerate(sizes):
            size += n
            if size >= goal or i == len(sizes) - 1:
                out.append(Part(target, start, i + 1, cost=size * backend.weight))
                start, size = i + 1, 0
    return out


def dispatch_order(parts: list[Part]) -> list[int]:
    """Indexes of ``parts``, the order to hand them out in: the site-wide pages first (each
    reads the whole workspace; in the backend's order, the costliest first), then the runs
    by falling cost."""
    return sorted(range(len(parts)), key=lambda i: (parts[i].page is None, -parts[i].cost, i))


def render(workspace, options: BuildOptions, part: Part) -> dict[str, bytes]:
    """The files of one part."""
    backend = BACKENDS[part.target]
    if part.page is not None:
        return backend.render_part(workspace, options, (), (part.page,))
    return backend.render_part(workspace, options, workspace.blueprints[part.start : part.stop])


def load(targets) -> None:
    """Load what rendering ``targets`` needs whatever the workspace: the backend modules, the
    site's compiled templates and hyphenation patterns (cached for the process)."""
    for target in targets:
        importlib.import_module(BACKENDS[target].module)
    if "html" in targets:
        from pwib_dsl.backends.html import hyphenate, site  # noqa: F401
        from pwib_dsl.backends.html.environment import environment

        hyphenate.hyphenate("schuldhulpverlening")  # loads the patterns
        env = environment()
        for name in env.list_templates(extensions=("j2",)):
            env.get_template(name)


def prepare(workspace, options: BuildOptions) -> None:
    """Load what every part of the targets needs once per process (:func:`load`, the JSON
    converter's functions, the site's cross-references), before workers are forked to
    inherit it."""
    load(options.targets)
    if "json" in options.targets and workspace.blueprints:
        from pwib_dsl.backends import json_

        # the converter writes its functions per class on first use
        json_.dumps(json_.document(workspace, workspace.blueprints[0]))
    if "html" in options.targets:
        from pwib_dsl.backends.html import site

        site.prepare(workspace, options)


def merged(parts: list[Part], results: list[dict]) -> dict:
    """The files of every part (``results[i]`` of ``parts[i]``) in one-process build order."""
    by_target: dict[str, dict] = {}
    for part, files in zip(parts, results):
        by_target.setdefault(part.target, {}).update(files)
    out: dict = {}
    for target, files in by_target.items():
        out.update(sorted(files.items()) if BACKENDS[target].sorted_paths else files)
    return out
