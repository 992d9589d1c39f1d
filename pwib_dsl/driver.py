"""The compile pipeline in one call: paths → sources → surface ASTs → resolved workspace.

Commands (check, build, the language server) call :func:`compile_paths` or
:func:`compile_sources`; each phase adds diagnostics and the run reports them all, sorted by
file and position. The workspace root, ``pwib.toml`` and which files take part are defined in
:mod:`pwib_dsl.sema.workspace`; the configuration format in :mod:`pwib_dsl.config`.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from pwib_dsl import config as cfg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.loader import discover, display_path, read_source
from pwib_dsl.sema.model import Workspace
from pwib_dsl.source import NO_SPAN, SourceFile
from pwib_dsl.surface import nodes as n
from pwib_dsl.syntax.parser import parse


@attrs.frozen
class CompileResult:
    sources: dict[str, SourceFile]  # the requested files, by display path
    files: dict[str, n.File]  # their ASTs (files that could not be parsed are missing)
    workspace: Workspace | None
    diagnostics: tuple[Diagnostic, ...]
    #: the workspace root folder (None when compiling sources without one)
    root: Path | None = None
    config: cfg.Config = cfg.DEFAULT
    #: other text diagnostics point into (pwib.toml, standard-library and context files), by
    #: display path, so renderers can show excerpts of every label
    aux_sources: dict[str, SourceFile] = attrs.field(factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(d.severity.value == "error" for d in self.diagnostics)


def compile_paths(
    paths, *, resolve: bool = True, stdlib: Path | None = None, progress=None
) -> CompileResult:
    """Discover, read and compile every ``.blueprint`` under ``paths`` together.

    The root is the nearest folder with a ``pwib.toml`` (else the folder given, or the folder
    of the files given). The rest of the workspace is loaded as context (names, no reports)
    when there is a ``pwib.toml`` or when only files were given.
    """
    from pwib_dsl.sema.workspace import excluded, find_root, folder_files, inside, is_file, workspace_files

    paths = list(paths)
    root, toml = find_root(paths)
    diags: list[Diagnostic] = []
    config = cfg.DEFAULT
    aux: dict[str, SourceFile] = {}
    if toml is not None:
        config, config_diags, toml_src = cfg.load(toml, display_path(toml))
        diags.extend(config_diags)
        if toml_src is not None:
            aux[toml_src.path] = toml_src
    files, found_diags = discover(paths)
    diags.extend(found_diags)
    if root is not None:
        # a folder walk never reads a file outside the root through a link; a file named
        # explicitly is read wherever it is
        named = {Path(p).absolute() for p in paths}
        outside = [f for f in files if f.absolute() not in named and f.is_symlink() and not inside(f, root)]
        diags.extend(_outside_root(f) for f in outside)
        files = [f for f in files if f not in outside]
    if toml is not None:
        # folders expand by the workspace's rules; a file named explicitly is always compiled
        given = {Path(p).resolve() for p in paths if is_file(Path(p))}
        files = [f for f in files if f.resolve() in given or not excluded(f, root, config.out)]
    requested: list[SourceFile] = []
    reals: dict[str, Path] = {}
    seen = set()
    for path in files:
        src = read_source(path)
        if isinstance(src, Diagnostic):
            diags.append(src)
            continue
        requested.append(src)
        reals[src.path] = path
        seen.add(path.resolve())
    context: list[SourceFile] = []
    only_files = bool(paths) and all(is_file(Path(p)) for p in paths)
    if root is not None and resolve and toml is not None:
        candidates = workspace_files(root, config.out)
    elif root is not None and resolve and only_files and any(_BARE_JOURNEY.search(s.text) for s in requested):
        # bounded: only the folder of the files, and only to find the blueprints of journeys
        candidates = sorted({f for p in paths for f in folder_files(Path(p).absolute().parent, root)})
    else:
        candidates = []
    if candidates:
        for path in candidates:
            if path.resolve() in seen:
                continue
            src = read_source(path, display_path(path))
            if isinstance(src, SourceFile):
                context.append(src)
                reals[src.path] = path
    result = compile_sources(
        requested,
        resolve=resolve,
        root=root,
        stdlib=stdlib,
        config=config,
        context=context,
        progress=progress,
        _reals=reals,
    )
    return attrs.evolve(
        result,
        diagnostics=_sorted(diags + list(result.diagnostics)),
        aux_sources={**aux, **result.aux_sources},
    )


def compile_sources(
    sources,
    *,
    resolve: bool = True,
    root: Path | None = None,
    stdlib: Path | None = None,
    config: cfg.Config | None = None,
    context=(),
    progress=None,
    _reals: dict[str, Path] | None = None,
) -> CompileResult:
    """Parse (and, with ``resolve``, resolve and check) already-read sources.

    ``context`` sources take part in name resolution only. ``root`` (a folder) makes
    ``Blueprint.file`` root-relative and lets ``use NAME`` load ``<root>/NAME.blueprint``.
    ``progress(k)`` is called as every ``k`` files are parsed.
    """
    config = config or cfg.DEFAULT
    sources = list(sources)
    context = list(context) if resolve else []
    diags: list[Diagnostic] = []
    parsed: dict[str, n.File] = {}
    results = _parse_all(sources + context, progress)
    for src, result in zip(sources, results):
        diags.extend(result.diagnostics)
        if result.file is not None:
            parsed[src.path] = result.file
    workspace = None
    aux: dict[str, SourceFile] = {}
    if resolve:
        from pwib_dsl import resources
        from pwib_dsl.sema.analyze import Input, analyze
        from pwib_dsl.sema.modules import relpath

        reals = _reals or {}
        inputs = []
        for src in sources:
            real = reals.get(src.path) or _guess_real(src.path)
            rel = relpath(real, root) if real is not None else src.path.replace("\\", "/")
            inputs.append(Input(src, parsed.get(src.path), rel, real, True))
        for src, ctx in zip(context, results[len(sources) :]):
            real = reals.get(src.path) or _guess_real(src.path)
            rel = relpath(real, root) if real is not None else src.path.replace("\\", "/")
            inputs.append(Input(src, ctx.file, rel, real, False))
        workspace, sema_diags, aux = analyze(
            inputs,
            _parse_fn,
            root=root,
            stdlib=stdlib if stdlib is not None else resources.stdlib_dir(),
            lang=config.lang,
            law=law_context(root, config),
        )
        from pwib_dsl.sema.rules import after_syntax_errors

        diags.extend(config.apply(after_syntax_errors(sema_diags, diags)))
    return CompileResult(
        {s.path: s for s in sources}, parsed, workspace, _sorted(diags), root, config, aux
    )


def law_context(root: Path | None, config: cfg.Config):
    """The law snapshots of a workspace and its date, or None when it has no snapshots."""
    if root is None:
        return None
    folder = root / (config.law_snapshots or "law")
    try:
        if not folder.is_dir():
            return None  # the usual case: no snapshots, and nothing of the law package loaded
    except OSError:
        return None  # an unreadable root: the folder walk reports it (PB010)
    from pwib_dsl.law.store import Store

    store = Store.open(folder)
    if store is None:
        return None
    from pwib_dsl.sema.checks.dated import LawContext

    return LawContext(store, config.law_date)


def _parse_all(sources: list[SourceFile], progress) -> list:
    """The parse of every source, in order.

    In this process: sending an AST from a worker process back costs about as much as the
    parse itself (pickling ~10⁵ small frozen objects), so ``build -j`` parallelises the
    backends and the writes instead.
    """
    out = []
    for src in sources:
        out.append(parse(src))
        if progress is not None:
            progress(1)
    return out


#: a ``journey NAME`` line naming a blueprint by its bare name (found in any workspace file)
_BARE_JOURNEY = re.compile(r"(?<![\w-])journey\s+[^\W\d][\w-]*(?![\w.-])")


def _outside_root(path: Path) -> Diagnostic:
    shown = display_path(path)
    return Diagnostic(
        "PB103",
        Severity.ERROR,
        f"`{shown}` is a link to a file outside the workspace root; it was not read",
        Label(shown, NO_SPAN),
        help="copy the file into the workspace, or move the workspace root (pwib.toml) up",
    )


def _parse_fn(src: SourceFile):
    result = parse(src)
    return result.file, result.diagnostics


def _guess_real(display: str) -> Path | None:
    from pwib_dsl.sema.workspace import exists

    p = Path(display)
    return p if exists(p) else None


def _sorted(diags) -> tuple[Diagnostic, ...]:
    """Sorted by file and position, exact duplicates removed."""
    return tuple(sorted(set(diags), key=lambda d: (d.sort_key(), repr(d))))
