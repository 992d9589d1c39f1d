"""The public Python API: compile a workspace, build its targets, format a text.

These are the functions the ``pwib`` commands themselves call (``check`` and ``build``
compile with :func:`compile_workspace`, ``build`` renders with :func:`build_targets`, ``fmt``
formats with :func:`format_text`), so a script using them gets exactly what the command line
gives::

    from pwib_dsl import api

    result = api.compile_workspace(["examples"])
    if not result.has_errors:
        files = api.build_targets(result, ("json",))   # {"<path in the output folder>": bytes}
    api.format_text('blueprint b "B" {\\n end e "E"\\n}\\n').text

Everything else in the package is internal and may change between versions.
"""

from __future__ import annotations

from pathlib import Path

from pwib_dsl.driver import DISK, CompileResult, DiskSources, ParseCache, compile_paths

__all__ = [
    "BuildError", "CompileResult", "ParseCache", "build_options", "build_targets", "compile_workspace", "format_text",
    "parallel_build", "render_targets",
]


class BuildError(Exception):
    """The build options cannot be met (e.g. the theme's logo cannot be read)."""


def compile_workspace(paths, *, provider: DiskSources = DISK, cache=None, progress=None, jobs: int = 1) -> CompileResult:
    """Compile every ``.blueprint`` under ``paths`` (files or folders) with its workspace.

    The workspace root is the nearest folder with a ``pwib.toml``; the other files of the
    workspace are read for their names. ``provider`` says where texts come from (the disk by
    default; the language server lays its open buffers over it) and ``cache`` (a
    :class:`ParseCache`) keeps parses between calls; by default each file's parse is read
    back from the per-user cache when an earlier run parsed the same text, and kept there
    otherwise. ``jobs`` above 1 parses a large workspace's files in forked workers (the
    result is the same). The result holds the resolved model (``workspace``, None without
    resolution), every diagnostic sorted, and the resolution of every reference.
    """
    return compile_paths(paths, provider=provider, cache=cache, progress=progress, jobs=jobs)


def build_targets(
    result: CompileResult,
    targets=None,
    *,
    lang: str | None = None,
    bpmn_dialect: str | None = None,
    jobs: int = 1,
    progress=None,
    municipalities: tuple = (),
    national=None,
) -> dict[str, bytes]:
    """The output files of a compiled workspace, by path in the output folder.

    ``targets`` are names of :data:`pwib_dsl.backends.TARGETS` (all by default), rendered in
    that canonical order; ``lang`` and ``bpmn_dialect`` override the workspace's
    configuration. ``jobs`` above 1 renders the targets in parts (runs of blueprints, the
    site-wide pages) over forked workers when the workspace is large enough to gain from it
    (:func:`parallel_build`); the files are the same for any ``jobs``. ``progress(1)`` is
    called per target, or per part when the parts are spread. ``municipalities`` (the
    national site's deviation matrix) and ``national`` (a municipality's site inside the
    national one) are filled in by :mod:`pwib_dsl.municipalities`. Nothing is written: see
    ``pwib build`` for that.
    """
    options = build_options(result, targets, lang=lang, bpmn_dialect=bpmn_dialect,
                            municipalities=municipalities, national=national)
    return render_targets(result, options, jobs=jobs, progress=progress)


def render_targets(result: CompileResult, options, *, jobs: int = 1, progress=None) -> dict[str, bytes]:
    """The output files of ``result`` for :func:`build_options` (see :func:`build_targets`)."""
    from pwib_dsl import parallel
    from pwib_dsl.backends import parts

    if not parallel_build(result, jobs):
        from pwib_dsl.backends import BACKENDS

        outputs: dict[str, bytes] = {}
        for target in options.targets:
            outputs.update(BACKENDS[target].render(result.workspace, options))
            if progress is not None:
                progress(1)
        return outputs
    workspace = result.workspace
    plan = parts.plan(workspace, options, jobs)
    parts.prepare(workspace, options)  # once, inherited by the workers
    rendered = parallel.ordered_map(
        lambda part: parts.render(workspace, options, part), plan, jobs, progress, parts.dispatch_order(plan)
    )
    return parts.merged(plan, rendered)


def parallel_build(result: CompileResult, jobs: int) -> bool:
    """Whether a build of ``result`` over ``jobs`` processes spreads its work over forked
    workers: more than one job, a platform that forks, and at least
    :data:`pwib_dsl.parallel.MIN_CHARS` of source text (below, starting the workers costs
    more than they save)."""
    from pwib_dsl import parallel

    return jobs > 1 and parallel.can_fork() and parallel.worth_spreading(result.sources.values())


def build_options(
    result: CompileResult,
    targets=None,
    *,
    lang: str | None = None,
    bpmn_dialect: str | None = None,
    municipalities: tuple = (),
    national=None,
):
    """The :class:`pwib_dsl.backends.BuildOptions` of a build of ``result`` (see
    :func:`build_targets`); :class:`BuildError` when they cannot be met."""
    from pwib_dsl.backends import TARGETS, BuildOptions, needed
    from pwib_dsl.workspace.config import BPMN_DIALECTS

    if result.workspace is None:
        raise BuildError("the workspace did not compile")
    targets = tuple(TARGETS) if targets is None else tuple(t for t in TARGETS if t in targets)
    theme = result.config.theme if needed(targets, "theme") else None
    if theme is not None:
        from pwib_dsl.theme import with_logo

        theme = with_logo(theme, Path(result.root) if result.root else Path("."))
        if isinstance(theme, str):
            raise BuildError(theme)
    return BuildOptions(
        lang=lang or result.workspace.lang,
        targets=targets,
        law_changes=_law_changes(result, targets),
        bpmn_dialect=bpmn_dialect or result.config.bpmn_dialect or BPMN_DIALECTS[0],
        candidate_groups=result.config.candidate_groups,
        theme=theme,
        municipalities=municipalities,
        national=national,
    )


def format_text(text: str, path: str = "<input>"):
    """The canonical form of a ``.blueprint`` text, as a :class:`pwib_dsl.fmt.Formatted`.

    ``.text`` is None when the text was refused (syntax errors, in ``.diagnostics``); the
    formatter proves the output means the same before handing it back.
    """
    from pwib_dsl.fmt import format_source
    from pwib_dsl.source import SourceFile

    return format_source(SourceFile(path, text))


def _law_changes(result: CompileResult, targets) -> tuple:
    """The site's pages per date of change (only for the HTML target, and only with measures
    or law snapshots to read)."""
    from pwib_dsl.backends import needed

    if not needed(targets, "law-changes") or not result.workspace.catalogue.measures and result.root is None:
        return ()
    from pwib_dsl.driver import law_context
    from pwib_dsl.law.impact import pins_of, reports_by_date

    ctx = law_context(result.root, result.config)
    return reports_by_date(result.workspace, pins_of(result.files.values()), ctx.store if ctx else None)
