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
class Compiled:
    found: Found
    result: object  # pwib_dsl.driver.CompileResult

    @property
    def title(self) -> str:
        theme = self.result.config.theme
        return theme.name if theme is not None and theme.name else self.found.name


def compile_all(root: Path, out: Path | None = None, progress=None) -> list[Compiled]:
    """Every municipality below ``root``, compiled. One parse cache serves them all, so the
    national files every municipality reads as its base are parsed once; a municipality's own
    files leave the cache when it is done, so it holds one municipality at a time."""
    from pwib_dsl import api

    cache = api.ParseCache()
    compiled = []
    for found in discover(root, out):
        result = api.compile_workspace([str(found.folder)], cache=cache, progress=progress)
        for path in result.sources:
            cache.forget(path)
        compiled.append(Compiled(found, result))
    return compiled


def deviations(national, compiled: list[Compiled]) -> tuple:
    """The :class:`~pwib_dsl.backends.deviation.Municipality` records of the matrix."""
    from pwib_dsl.backends.deviation import municipality

    return tuple(
        municipality(c.found.name, c.title, national.blueprints, c.result.workspace.blueprints)
        for c in compiled
        if c.result.workspace is not None
    )


def build_all(national, compiled: list[Compiled], targets, *, lang=None, bpmn_dialect=None, jobs=1) -> dict[str, bytes]:
    """Every municipality's site, by path in the national output folder."""
    from pwib_dsl import api
    from pwib_dsl.backends.deviation import National

    outputs: dict[str, bytes] = {}
    reference = National(national.blueprints, "../../" if "html" in targets else None)
    for c in compiled:
        files = api.build_targets(
            c.result, targets, lang=lang, bpmn_dialect=bpmn_dialect, jobs=jobs, national=reference
        )
        prefix = f"{FOLDER}/{c.found.name}/"
        outputs.update({prefix + rel: data for rel, data in files.items()})
    return outputs
