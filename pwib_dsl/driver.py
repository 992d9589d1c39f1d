"""The compile pipeline in one call: paths → sources → surface ASTs → resolved workspace.

Every command (check, build, fmt through :mod:`pwib_dsl.api`) and the language server compile
through :func:`compile_paths` (or :func:`compile_sources` for texts without a workspace). Two
things are handed in:

* a **source provider** (:class:`DiskSources`, or the language server's open buffers laid over
  the disk, :class:`pwib_dsl.lsp.analysis.EditorSources`): where the root and ``pwib.toml``
  are, which files take part, and the text of each;
* a **parse cache**: the language server's :class:`ParseCache` keeps the last parse of every
  file, reused while the text is the same, so a server compiling after each edit parses only
  the edited file — and of it, when the text before was clean, only the edited block
  (:mod:`pwib_dsl.syntax.incremental`); without one, a compile uses
  :class:`~pwib_dsl.workspace.parses.StoredParses`, which reads the parse of a text an earlier
  process parsed back from the per-user cache (what the commands want).

Each phase adds diagnostics and the run reports them all, sorted by file and position. The
workspace root, ``pwib.toml`` and which files take part are defined in
:mod:`pwib_dsl.workspace.roots`; the configuration format in :mod:`pwib_dsl.workspace.config`.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from pwib_dsl.diagnostics.messages import msg
from pwib_dsl.workspace import config as cfg
from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
from pwib_dsl.workspace.reading import discover, display_path, read_source
from pwib_dsl.sema.model import Workspace
from pwib_dsl.sema.names import EMPTY as EMPTY_NAMES, Names
from pwib_dsl.sema.resolution import Resolution
from pwib_dsl.source import NO_SPAN, SourceFile
from pwib_dsl.surface import nodes as n


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
    #: what every reference of the requested files resolved to (empty without resolution)
    resolution: Resolution = Resolution()
    #: the names each file of the compile could write (what completion offers)
    names: Names = EMPTY_NAMES

    @property
    def has_errors(self) -> bool:
        return any(d.severity.value == "error" for d in self.diagnostics)


class ParseCache:
    """The last parse of every file, by display path, reused while its text is unchanged.

    A changed text is parsed again — only the edited block when the previous text parsed
    cleanly. One entry per file, so a long editing session does not grow the cache.
    """

    def __init__(self) -> None:
        self._last: dict = {}  # display path → parser.ParseResult

    def parse(self, src: SourceFile):
        """The :class:`~pwib_dsl.syntax.parser.ParseResult` of ``src``."""
        last = self._last.get(src.path)
        if last is not None and last.source.text == src.text:
            return last
        result = None
        if last is not None:
            from pwib_dsl.syntax import incremental

            result = incremental.reparse(last, src)
        if result is None:
            from pwib_dsl.syntax import parser

            result = parser.parse(src)
        self._last[src.path] = result
        return result

    def forget(self, path: str) -> None:
        self._last.pop(path, None)

    def holds(self, src: SourceFile) -> bool:
        """Whether the parse of this very text is kept."""
        last = self._last.get(src.path)
        return last is not None and last.source.text == src.text

    def store(self, result) -> None:
        """Keep a parse made elsewhere (by a worker process)."""
        self._last[result.source.path] = result


class DiskSources:
    """Sources as the files on disk are now (what ``pwib check`` and ``pwib build`` read)."""

    def find_root(self, paths) -> tuple[Path | None, Path | None]:
        from pwib_dsl.workspace.roots import find_root

        return find_root(paths)

    def config(self, toml: Path) -> tuple[cfg.Config, list[Diagnostic], SourceFile | None]:
        config, diags, src = cfg.load(toml, self.display(toml))
        return config, list(diags), src

    def discover(self, paths) -> tuple[list[Path], list[Diagnostic]]:
        return discover(paths)

    def is_file(self, path) -> bool:
        from pwib_dsl.workspace.roots import is_file

        return is_file(Path(path))

    def files(self, root: Path, out: str | None) -> list[Path]:
        """Every file of a configured workspace."""
        from pwib_dsl.workspace.roots import workspace_files

        return workspace_files(root, out)

    def folder_files(self, folder: Path, root: Path) -> list[Path]:
        """The files right in one folder (where a bare ``journey`` name is looked for)."""
        from pwib_dsl.workspace.roots import folder_files

        return folder_files(folder, root)

    def display(self, path: Path) -> str:
        return display_path(path)

    # what the analysis asks for (sema.modules.Files)

    def read_module(self, path: Path) -> SourceFile | Diagnostic:
        return read_source(path, display_path(path))

    def stdlib_files(self, folder: Path | None) -> dict[str, Path]:
        from pwib_dsl.workspace import stdlib

        return stdlib.files(folder)

    def stdlib_parse(self, path: Path, display: str, parse) -> tuple:
        """A stdlib file's parse, once per process and kept between processes; the compile's
        ``parse`` is not needed: a stdlib text never comes from an editor's buffer."""
        from pwib_dsl.workspace import stdlib

        return stdlib.parse_cached(path, display)

    def read(self, path: Path) -> SourceFile | Diagnostic:
        return read_source(path, self.display(path))

    def overlay(self, src: SourceFile) -> SourceFile:
        """The text a module loaded on demand by the analysis really has (here: as read)."""
        return src


DISK = DiskSources()


def compile_paths(
    paths,
    *,
    resolve: bool = True,
    stdlib: Path | None = None,
    progress=None,
    provider: DiskSources = DISK,
    cache=None,
    jobs: int = 1,
) -> CompileResult:
    """Discover, read and compile every ``.blueprint`` under ``paths`` together.

    The root is the nearest folder with a ``pwib.toml`` (else the folder given, or the folder
    of the files given). The rest of the workspace is loaded as context (names, no reports)
    when there is a ``pwib.toml`` or when only files were given. ``provider`` says where texts
    come from (the disk by default); ``cache`` keeps parses between calls (a
    :class:`ParseCache`; by default a :class:`~pwib_dsl.workspace.parses.StoredParses`);
    ``jobs`` processes may parse (:func:`_parse_all`).
    """
    from pwib_dsl.workspace.roots import excluded, inside

    cache = cache if cache is not None else _stored_parses()

    paths = list(paths)
    root, toml = provider.find_root(paths)
    diags: list[Diagnostic] = []
    config = cfg.DEFAULT
    aux: dict[str, SourceFile] = {}
    if toml is not None:
        config, config_diags, toml_src = provider.config(toml)
        diags.extend(config_diags)
        if toml_src is not None:
            aux[toml_src.path] = toml_src
    files, found_diags = provider.discover(paths)
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
        given = {Path(p).resolve() for p in paths if provider.is_file(p)}
        files = [f for f in files if f.resolve() in given or not excluded(f, root, config.out)]
    elif files:
        # a sub-folder with its own pwib.toml is another workspace, also without one here
        from pwib_dsl.workspace.roots import in_nested_workspace

        folders = [Path(p) for p in paths if not provider.is_file(p)]
        files = [f for f in files if not in_nested_workspace(f, folders)]
    requested: list[SourceFile] = []
    reals: dict[str, Path] = {}
    seen = set()
    for path in files:
        src = provider.read(path)
        if isinstance(src, Diagnostic):
            diags.append(src)
            continue
        requested.append(src)
        reals[src.path] = path
        seen.add(path.resolve())
    context: list[SourceFile] = []
    only_files = bool(paths) and all(provider.is_file(p) for p in paths)
    if root is not None and resolve and toml is not None:
        candidates = provider.files(root, config.out)
    elif root is not None and resolve and only_files and any(_BARE_JOURNEY.search(s.text) for s in requested):
        # bounded: only the folder of the files, and only to find the blueprints of journeys
        candidates = sorted({f for p in paths for f in provider.folder_files(Path(p).absolute().parent, root)})
    else:
        candidates = []
    if candidates:
        for path in candidates:
            if path.resolve() in seen:
                continue
            src = provider.read(path)
            if isinstance(src, SourceFile):
                context.append(src)
                reals[src.path] = path
    bases = None
    if root is not None and resolve and (config.base is not None or config.base_package is not None):
        # a municipality's workspace: the files of its base workspaces are context too
        from pwib_dsl.variants.base import load_bases

        bases = load_bases(root, aux.get(config.path) if config.path else None, config, provider, cache.parse)
        diags.extend(bases.diagnostics)
        aux.update(bases.aux)
        known = {s.path for s in requested} | {s.path for s in context}
        context += [s for s in bases.sources if s.path not in known]
        reals.update(bases.reals)
    result = compile_sources(
        requested,
        resolve=resolve,
        root=root,
        stdlib=stdlib,
        config=config,
        context=context,
        progress=progress,
        provider=provider,
        cache=cache,
        jobs=jobs,
        _reals=reals,
        _bases=bases,
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
    provider: DiskSources = DISK,
    cache=None,
    jobs: int = 1,
    _reals: dict[str, Path] | None = None,
    _bases=None,
) -> CompileResult:
    """Parse (and, with ``resolve``, resolve and check) already-read sources.

    ``context`` sources take part in name resolution only. ``root`` (a folder) makes
    ``Blueprint.file`` root-relative and lets ``use NAME`` load ``<root>/NAME.blueprint``.
    ``progress(k)`` is called as every ``k`` files are parsed. ``provider`` gives the text of
    modules the analysis loads on demand; ``cache`` keeps parses between calls.
    """
    config = config or cfg.DEFAULT
    cache = cache if cache is not None else _stored_parses()
    sources = list(sources)
    context = list(context) if resolve else []
    diags: list[Diagnostic] = []
    parsed: dict[str, n.File] = {}
    results = _parse_all(sources + context, cache, progress, jobs)
    for src, result in zip(sources, results):
        diags.extend(result.diagnostics)
        if result.file is not None:
            parsed[src.path] = result.file
    workspace = None
    aux: dict[str, SourceFile] = {}
    resolution = Resolution()
    names = EMPTY_NAMES
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
        base_rels = _bases.rels if _bases is not None else {}
        for src, ctx in zip(context, results[len(sources) :]):
            real = reals.get(src.path) or _guess_real(src.path)
            if src.path in base_rels:  # a base workspace's file keeps its module name there
                inputs.append(Input(src, ctx.file, base_rels[src.path], real, False, base=True))
                continue
            rel = relpath(real, root) if real is not None else src.path.replace("\\", "/")
            inputs.append(Input(src, ctx.file, rel, real, False))
        workspace, sema_diags, aux, resolution, names = analyze(
            inputs,
            lambda src: _file_and_diagnostics(cache.parse(provider.overlay(src))),
            root=root,
            stdlib=stdlib if stdlib is not None else resources.stdlib_dir(),
            lang=config.lang,
            law=law_context(root, config),
            files=provider,
        )
        from pwib_dsl.sema.rules import after_syntax_errors

        diags.extend(config.apply(after_syntax_errors(sema_diags, diags)))
    return CompileResult(
        {s.path: s for s in sources}, parsed, workspace, _sorted(diags), root, config, aux, resolution, names
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


def _parse_all(sources: list[SourceFile], cache: ParseCache, progress, jobs: int = 1) -> list:
    """The parse of every source, in order.

    With ``jobs`` > 1 and enough text (:func:`pwib_dsl.parallel.worth_spreading`), the
    files the cache does not hold are parsed in forked workers, the largest first. Sending
    an AST back costs about a third of parsing it (pickling many small frozen objects), so
    this pays only on large workspaces; the ASTs are equal to those parsed here.
    """
    from pwib_dsl import parallel

    spread: set[str] = set()
    if jobs > 1 and parallel.can_fork() and parallel.worth_spreading(sources):
        from pwib_dsl.syntax import parser

        fresh = [s for s in sources if not cache.holds(s)]
        if fresh:
            parser.runtime()  # the tables: loaded once here, inherited by the workers
            order = sorted(range(len(fresh)), key=lambda i: (-len(fresh[i].text), i))
            global _worker_cache
            _worker_cache = cache  # what the forked workers parse with (and keep parses in)
            try:
                done = parallel.ordered_map(_parse_one, fresh, jobs, progress, order)
            finally:
                _worker_cache = None
            for src, (file, diagnostics, partial) in zip(fresh, done):
                cache.store(parser.ParseResult(src, file, diagnostics, partial))
        spread = {s.path for s in fresh}
    out = []
    for src in sources:
        out.append(cache.parse(src))
        if progress is not None and src.path not in spread:
            progress(1)
    return out


#: the parse cache of the :func:`_parse_all` in progress, inherited by its forked workers
_worker_cache = None


def _parse_one(src: SourceFile) -> tuple:
    """A parse as a worker sends it back (the source stays with the parent).

    The worker parses through the compile's cache, so a :class:`StoredParses` writes the
    entry for later processes here, in parallel, rather than the parent pickling every tree a
    second time.
    """
    result = _worker_cache.parse(src)
    return result.file, result.diagnostics, result.partial


#: a ``journey NAME`` line naming a blueprint by its bare name (found in any workspace file)
_BARE_JOURNEY = re.compile(r"(?<![\w-])journey\s+[^\W\d][\w-]*(?![\w.-])")


def _outside_root(path: Path) -> Diagnostic:
    shown = display_path(path)
    return Diagnostic(
        "PB103",
        Severity.ERROR,
        msg("PB103.link-outside-root", path=shown),
        Label(shown, NO_SPAN),
        help="copy the file into the workspace, or move the workspace root (pwib.toml) up",
    )


def _stored_parses():
    from pwib_dsl.workspace.parses import StoredParses

    return StoredParses()


def _file_and_diagnostics(result):
    return result.file, result.diagnostics


def _guess_real(display: str) -> Path | None:
    from pwib_dsl.workspace.roots import exists

    p = Path(display)
    return p if exists(p) else None


def _sorted(diags) -> tuple[Diagnostic, ...]:
    """Sorted by file and position, exact duplicates removed."""
    return tuple(sorted(set(diags), key=lambda d: (d.sort_key(), repr(d))))
