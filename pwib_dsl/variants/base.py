"""The base workspaces of a workspace: ``[base] path`` (or ``package``) in ``pwib.toml``, followed transitively.

Every ``.blueprint`` file of a base (by the base's own workspace rules: hidden folders, its
build folder and nested workspaces left out) joins the compile as context, with its module
name as in the base (relative to the base's root), so ``use`` reaches it. A base folder
without a ``pwib.toml`` of its own is read as a plain folder of blueprints (its sub-folders
that hold a ``pwib.toml`` are other workspaces and left out, as always). Nothing of a base is
reported or built here; only what makes the base unusable is: a base folder that does not
exist or holds no blueprints, or a base file with syntax errors (PB801), and a chain of bases
that comes back to a workspace already in it (PB802). Diagnostics point at the ``path`` value
of the ``pwib.toml`` that names the offending base.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from pwib_dsl.workspace.config import DEFAULT
from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.source import NO_SPAN, SourceFile

#: More base files with syntax errors than this are summed up in one note.
_SHOWN_BROKEN = 5


@attrs.frozen
class Bases:
    """What the base workspaces add to a compile."""

    sources: tuple[SourceFile, ...] = ()
    #: display path → path relative to its own workspace's root (its module name's source)
    rels: dict = attrs.field(factory=dict)
    #: display path → the file's real path
    reals: dict = attrs.field(factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()
    #: the base workspaces' pwib.toml sources (diagnostics point into them)
    aux: dict = attrs.field(factory=dict)
    #: the base roots, nearest first
    roots: tuple[Path, ...] = ()


def load_bases(root: Path, toml_src: SourceFile | None, config, provider, parse) -> Bases:
    """The chain of bases of the workspace at ``root`` (whose configuration is ``config``).

    ``provider`` is the compile's source provider (disk or editor buffers); ``parse`` parses a
    source (the compile's parse cache, so a base file is parsed once per compile).
    """
    sources: list[SourceFile] = []
    rels: dict[str, str] = {}
    reals: dict[str, Path] = {}
    diags: list[Diagnostic] = []
    aux: dict[str, SourceFile] = {}
    roots: list[Path] = []
    chain = [root.resolve()]
    here, here_toml, here_config = root, toml_src, config
    while here_config.base is not None or here_config.base_package is not None:
        span = here_config.base_span or NO_SPAN
        where = here_toml.path if here_toml is not None else None
        if here_config.base_package is not None:
            name = here_config.base_package
            found = _package_folder(name)
            if found is None:
                diags.append(_error(
                    "PB801", msg("PB801.no-package", package=name), where, span,
                    "not installed", help=f"install it (`pip install ...`) in the environment pwib runs in, or point"
                                         " `[base] path` at a checkout",
                ))
                break
            target = found
        else:
            target = (here / here_config.base).resolve()
        shown_base = here_config.base or f"package {here_config.base_package}"
        if target in chain:
            names = " → ".join(f"`{_show(p, root)}`" for p in chain[chain.index(target):]) + f" → `{_show(target, root)}`"
            diags.append(_error("PB802", msg("PB802.base-cycle", chain=names), where, span, "closes the cycle",
                                help="a base workspace cannot build on a workspace that builds on it"))
            break
        toml = target / "pwib.toml"
        if not target.is_dir():
            diags.append(_error(
                "PB801", msg("PB801.no-base", base=shown_base), where, span, "no base workspace here",
                help="check out the base next to this workspace (a git submodule or a copy) and point `[base] path`"
                     " at its root folder",
            ))
            break
        base_config, base_toml = DEFAULT, None
        if provider.is_file(toml):  # a base without pwib.toml is a plain folder of blueprints
            base_config, _config_diags, base_toml = provider.config(toml)
            if base_toml is not None:
                base_toml = SourceFile(_display(toml), base_toml.text)
                aux[base_toml.path] = base_toml
        chain.append(target)
        roots.append(target)
        broken: list[tuple[SourceFile, Diagnostic]] = []
        found_files = provider.files(target, base_config.out)
        if not found_files:
            diags.append(_error("PB801", msg("PB801.empty-base", base=shown_base), where, span,
                                "an empty base", help="point `[base] path` at the root of the base workspace"))
            break
        for path in found_files:
            src = provider.read(path)
            if not isinstance(src, SourceFile):
                continue
            # shown relative to the working folder even outside it (`../landelijk/x.blueprint`)
            src = SourceFile(_display(path), src.text)
            result = parse(src)
            errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
            if errors:
                broken.append((src, errors[0]))
            sources.append(src)
            rels[src.path] = path.resolve().relative_to(target).as_posix()
            reals[src.path] = path
        if broken:
            notes = [f"`{s.path}`:{d.primary.span.line if d.primary and d.primary.span else 1}: {d.message}"
                     for s, d in broken[:_SHOWN_BROKEN]]
            if len(broken) > _SHOWN_BROKEN:
                notes.append(f"and {len(broken) - _SHOWN_BROKEN} more")
            if len(broken) == 1:
                message = msg("PB801.base-file-does-not-parse", base=shown_base)
            else:
                message = msg("PB801.base-files-do-not-parse", base=shown_base, count=len(broken))
            diags.append(_error(
                "PB801", message, where,
                span, "base with syntax errors", notes=tuple(notes),
                help="use a release of the base that passes `pwib check`, or fix it there",
            ))
        here, here_toml, here_config = target, base_toml, base_config
    return Bases(tuple(sources), rels, reals, tuple(diags), aux, tuple(roots))


def _package_folder(name: str) -> Path | None:
    """The folder of an installed top-level package, found without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def _display(path: Path) -> str:
    import os

    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def _show(path: Path, root: Path) -> str:
    import os

    try:
        return os.path.relpath(path, root)
    except ValueError:
        return str(path)


def _error(code, message, file, span, label, help=None, notes=()) -> Diagnostic:
    primary = Label(file, span, label) if file is not None else None
    return Diagnostic(code, Severity.ERROR, message, primary, help=help, notes=tuple(notes))
