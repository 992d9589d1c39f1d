"""A workspace and its bases as parsed files only: what ``pwib variant lock`` and ``status`` read.

Both commands need the variants of a workspace and the text of each one's base blueprint as it
is now, not a resolved model, so this parses the files (the workspace's by its rules, every
base workspace's through :func:`~pwib_dsl.variants.base.load_bases`) and finds bases by module
name, as ``use`` does: a workspace module first, then the bases' modules nearest first.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from pwib_dsl.workspace import config as cfg
from pwib_dsl.diagnostics.model import Diagnostic
from pwib_dsl.sema.units import module_name
from pwib_dsl.source import SourceFile
from pwib_dsl.surface import nodes as n


class Parses:
    """Parses by text, shared by every workspace one ``pwib variant status`` run reads.

    A municipality's base files and its snapshots of them (``.pwib/variants/*.base.blueprint``)
    are the same few national texts over and over; a span holds offsets, lines and columns but
    no file name (:class:`~pwib_dsl.source.Span`), so the tree of one text serves every file
    with that text. Diagnostics do name their file: a text that parsed with any is parsed again
    for another path rather than lending its diagnostics.
    """

    def __init__(self) -> None:
        self._by_text: dict[str, object] = {}
        #: what :func:`~pwib_dsl.variants.status.status` derives from shared trees, by their ids
        #: (with the trees, so that an id is not reused while its entry lives)
        self.derived: dict[tuple, tuple] = {}

    def parse(self, src: SourceFile):
        """The :class:`~pwib_dsl.syntax.parser.ParseResult` of ``src`` (its tree possibly shared)."""
        from pwib_dsl.syntax.parser import parse

        last = self._by_text.get(src.text)
        if last is not None:
            if last.source.path == src.path:
                return last
            if not last.diagnostics:
                return attrs.evolve(last, source=src)
        result = parse(src)
        if last is None or not result.diagnostics:
            self._by_text[src.text] = result
        return result

    def forget(self, text: str) -> None:
        """Drop one text (a municipality's own files, read by no other workspace)."""
        self._by_text.pop(text, None)


@attrs.define
class Parsed:
    """One parsed file: its source, AST (None when it does not parse), module and errors."""

    source: SourceFile
    file: n.File | None
    module: str
    errors: tuple[Diagnostic, ...]
    path: Path


@attrs.define
class Found:
    """A variant's base: the file declaring it and the declaration (a Blueprint or Variant)."""

    parsed: Parsed
    decl: object


@attrs.define
class SurfaceWorkspace:
    root: Path
    config: cfg.Config
    files: list[Parsed]  # the workspace's own files (the paths given)
    modules: dict[str, Parsed]  # every module, workspace first, then the bases'
    diagnostics: list[Diagnostic]
    #: how this workspace's files were parsed (the snapshots of its bases are read the same way)
    parses: Parses | None = None

    def variants(self):
        """(parsed file, Variant) for every variant of the workspace's own files, in file order."""
        for p in self.files:
            if p.file is not None:
                for item in p.file.items:
                    if isinstance(item, n.Variant):
                        yield p, item

    def base_of(self, p: Parsed, var: n.Variant) -> Found | None:
        parts = var.base.parts
        if len(parts) == 1:
            for q in self.files:
                if q.file is None:
                    continue
                for item in q.file.items:
                    if isinstance(item, (n.Blueprint, n.Variant)) and item.name.text == parts[0] and item is not var:
                        return Found(q, item)
            return None
        target = self.modules.get(".".join(parts[:-1]))
        if target is None or target.file is None:
            return None
        for item in target.file.items:
            if isinstance(item, (n.Blueprint, n.Variant)) and item.name.text == parts[-1]:
                return Found(target, item)
        return None

    def surface(self, p: Parsed, var: n.Variant, _seen=None) -> n.Blueprint | None:
        """The base blueprint of ``var`` as a blueprint (a base variant's changes applied)."""
        from pwib_dsl.variants.apply import apply

        seen = _seen or set()
        if id(var) in seen:
            return None
        seen.add(id(var))
        found = self.base_of(p, var)
        if found is None:
            return None
        if isinstance(found.decl, n.Blueprint):
            return found.decl
        inner = self.surface(found.parsed, found.decl, seen)
        return apply(inner, found.decl).blueprint if inner is not None else None


def load(paths, parses: Parses | None = None) -> SurfaceWorkspace | None:
    """Parse the workspace of ``paths`` and its bases (None when nothing can be found); each
    distinct text once, with ``parses`` shared by several workspaces read in one run."""
    from pwib_dsl.driver import DISK
    from pwib_dsl.workspace.reading import discover
    from pwib_dsl.sema.modules import relpath
    from pwib_dsl.workspace.roots import excluded, find_root, workspace_files
    from pwib_dsl.variants.base import load_bases

    parses = parses if parses is not None else Parses()
    parse = parses.parse
    root, toml = find_root(paths)
    if root is None:
        return None
    diags: list[Diagnostic] = []
    config, toml_src = cfg.DEFAULT, None
    if toml is not None:
        config, config_diags, toml_src = DISK.config(toml)
        diags += config_diags
    found, found_diags = discover(paths)
    diags += found_diags
    if toml is not None:
        found = [f for f in found if not excluded(f, root, config.out)]
    every = workspace_files(root, config.out) if toml is not None else []
    given = {f.resolve() for f in found}
    paths_by_real = {f.resolve(): f for f in every}
    paths_by_real.update({f.resolve(): f for f in found})  # as given (their display path)
    files: list[Parsed] = []
    modules: dict[str, Parsed] = {}
    for _real, path in sorted(paths_by_real.items()):
        src = DISK.read(path)
        if isinstance(src, Diagnostic):
            diags.append(src)
            continue
        result = parse(src)
        errors = tuple(d for d in result.diagnostics if d.severity.value == "error")
        mod = module_name(result.file, relpath(path, root)) if result.file is not None else ""
        p = Parsed(src, result.file, mod, errors, path)
        if path.resolve() in given:
            files.append(p)
        if mod:
            modules.setdefault(mod, p)
    if config.base is not None or config.base_package is not None:
        bases = load_bases(root, toml_src, config, DISK, parse)
        diags += bases.diagnostics
        for src in bases.sources:
            result = parse(src)
            if result.file is None:
                continue
            mod = module_name(result.file, bases.rels[src.path])
            errors = tuple(d for d in result.diagnostics if d.severity.value == "error")
            modules.setdefault(mod, Parsed(src, result.file, mod, errors, bases.reals[src.path]))
    return SurfaceWorkspace(root, config, files, modules, diags, parses)
