"""Several municipalities in one site: the national workspace and the workspaces built on it.

``pwib build ROOT --out DIR``, given the root folder of a workspace, also builds every
*municipality* below it: a sub-folder with its own ``pwib.toml`` whose ``[base] path`` leads
back to ROOT. Each municipality is compiled as the workspace it is and gets its own complete
site (HTML, BPMN, JSON, its own theme) in ``DIR/gemeenten/<folder>/``; its variant pages mark
the local changes and link to the national pages. The national site gains the deviation matrix
(municipality × national step) at ``DIR/gemeenten/index.html`` and the same as CSV in
``DIR/gemeenten/deviations.csv`` (:mod:`pwib_dsl.backends.deviation`).

A municipality's folder is not descended into (its own nested workspaces are its business);
a ``pwib.toml`` that cannot be read is not taken for a municipality here — compiling that
folder on its own reports it.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import attrs

from pwib_dsl.workspace.roots import CONFIG_NAME, is_file

#: Where the municipalities' sites go inside the output folder.
FOLDER = "gemeenten"


@attrs.frozen
class Found:
    """A municipality's workspace: its folder and its name in the site."""

    name: str
    folder: Path


def _base_path(toml: Path) -> str | None:
    try:
        data = tomllib.loads(toml.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    base = data.get("base")
    path = base.get("path") if isinstance(base, dict) else None
    return path if isinstance(path, str) else None


def discover(root: Path, out: Path | None = None) -> list[Found]:
    """The municipalities whose base is ``root``, sorted by folder name."""
    root = root.resolve()
    skip = out.resolve() if out is not None else None
    found: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name == "node_modules":
                continue
            try:
                if not entry.is_dir(follow_symlinks=False):
                    continue
            except OSError:
                continue
            sub = Path(entry.path)
            if skip is not None and sub.resolve() == skip:
                continue
            toml = sub / CONFIG_NAME
            if is_file(toml):
                base = _base_path(toml)
                if base is not None and (sub / base).resolve() == root:
                    found.append(sub)
                continue
            stack.append(sub)
    names: dict[str, int] = {}
    for folder in found:
        names[folder.name] = names.get(folder.name, 0) + 1
    result = []
    for folder in found:
        # two municipalities in folders of one name are told apart by their path
        name = folder.name if names[folder.name] == 1 else "-".join(folder.relative_to(root).parts)
        result.append(Found(name, folder))
    return sorted(result, key=lambda f: f.name)


@attrs.frozen(eq=False)
class Built:
    """One municipality compiled and, when it has no errors, rendered."""

    found: Found
    #: its compile result, holding only what printing its diagnostics needs
    report: object
    blueprints: int
    #: its deviations for the matrix (None when it did not compile)
    record: object
    #: its site, by path in the national output folder (empty when it has errors)
    outputs: dict


@attrs.frozen
class Job:
    """What every municipality's build reads: the national blueprints and the build's options."""

    national: tuple  # the national workspace's blueprints
    targets: tuple[str, ...]
    lang: str | None = None
    bpmn_dialect: str | None = None
    strict: bool = False


#: The job of the running build and the parse cache of this process (a forked worker inherits
#: both and fills its own copy of the cache: the base is parsed once per process).
_current: dict = {}


def _build_one(found: Found) -> Built:
    from pwib_dsl import api
    from pwib_dsl.backends.deviation import National, municipality
    from pwib_dsl.commands.check import exit_status
    from pwib_dsl.sema.names import EMPTY as EMPTY_NAMES
    from pwib_dsl.sema.resolution import Resolution

    job: Job = _current["job"]
    cache = _current.setdefault("cache", api.ParseCache())
    result = api.compile_workspace([str(found.folder)], cache=cache)
    for path in result.sources:  # the cache keeps the base, not one municipality after another
        cache.forget(path)
    theme = result.config.theme
    title = theme.name if theme is not None and theme.name else found.name
    record, outputs = None, {}
    if result.workspace is not None:
        record = municipality(found.name, title, job.national, result.workspace.blueprints)
        if exit_status(result.diagnostics, job.strict) == 0:
            reference = National(job.national, "../../" if "html" in job.targets else None)
            files = api.build_targets(result, job.targets, lang=job.lang, bpmn_dialect=job.bpmn_dialect,
                                      national=reference)
            outputs = {f"{FOLDER}/{found.name}/{rel}": data for rel, data in files.items()}
    count = len(result.workspace.blueprints) if result.workspace is not None else 0
    # what goes back to the parent process: the diagnostics and the config, not the model
    light = attrs.evolve(result, files={}, workspace=None, resolution=Resolution(), names=EMPTY_NAMES)
    return Built(found, light, count, record, outputs)


def build_each(root: Path, job: Job, out: Path | None = None, jobs: int = 1) -> list[Built]:
    """Every municipality below ``root``, compiled and rendered, over ``jobs`` forked workers
    (:func:`pwib_dsl.parallel.ordered_map`: in order, so the output is the same for any N)."""
    from pwib_dsl import parallel

    found = discover(root, out)
    _current["job"] = job
    try:
        return parallel.ordered_map(_build_one, found, jobs)
    finally:
        _current.clear()
