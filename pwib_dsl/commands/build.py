"""``pwib build PATH... --out DIR``: compile and write the outputs (JSON, BPMN, HTML site).

Nothing is written when the input has errors. Each output file is written atomically and
only when its bytes changed, so a rebuild leaves unchanged files (and their mtimes) alone.
``-j N`` parses, renders and writes in up to N processes once the workspace is large enough
(:func:`pwib_dsl.api.parallel_build`): the targets in parts (runs of blueprints, the site-wide
pages; :mod:`pwib_dsl.backends.parts`), each worker writing the files it rendered; the output is
byte-identical for every N. Given a workspace's root folder, it also
builds the municipalities whose base that workspace is, each in ``gemeenten/<folder>/`` of the
output, with the deviation matrix (:mod:`pwib_dsl.municipalities`). A build that runs over a
second shows a progress bar on a terminal (:mod:`pwib_dsl.progress`); ``--quiet`` hides it and the summary line.
"""

from __future__ import annotations

import sys

from pwib_dsl.diagnostics.messages import msg

HELP = "compile blueprints to JSON, BPMN 2.0 and an HTML site"


def configure(parser) -> None:
    from pwib_dsl.backends import TARGETS
    from pwib_dsl.parallel import MIN_CHARS

    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder")
    parser.add_argument(
        "--target",
        default=None,
        metavar="LIST",
        help=f"comma-separated targets out of {', '.join(TARGETS)} (default: all)",
    )
    parser.add_argument("--lang", choices=("nl", "en"), default=None, help="language of the labels (default nl)")
    parser.add_argument("--bpmn-dialect", default=None, metavar="NAME",
                        help="engine the BPMN is written for: spiff (default), operaton (also Camunda 7)"
                             " or flowable; pwib.toml: [bpmn] dialect")
    parser.add_argument("--format", choices=("human", "short", "json"), default="human", help="diagnostics format")
    parser.add_argument("--strict", action="store_true", help="warnings count as errors")
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help=f"processes to use (default: one per processor); a workspace under {MIN_CHARS:,} characters is"
             " parsed and rendered in one; the output is the same for any N",
    )
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar and no summary line (diagnostics still print)"
    )


def _jobs(value: str) -> int:
    import argparse

    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{value}` is not a number of processes") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("the number of processes is at least 1")
    return jobs


def parse_targets(value: str | None) -> tuple[str, ...] | str:
    """The targets asked for, in canonical order, or an error message."""
    from pwib_dsl.backends import TARGETS

    if value is None:
        return tuple(TARGETS)
    asked = [t.strip() for t in value.split(",") if t.strip()]
    unknown = [t for t in asked if t not in TARGETS]
    if unknown or not asked:
        return f"unknown target `{', '.join(unknown) or value}`; choose from {', '.join(TARGETS)}"
    return tuple(t for t in TARGETS if t in asked)


class _WriteFailed(Exception):
    """An output file (or its folder) could not be written."""

    def __init__(self, path, error: OSError, written: int) -> None:
        super().__init__(str(error))
        self.path, self.error, self.written = path, error, written


def _write_one(out, rel: str, data: bytes) -> bool:
    """Write one output file atomically when its bytes changed; whether it was written."""
    from pwib_dsl.atomic import write_atomic

    path = out / rel
    try:
        if path.is_file() and path.read_bytes() == data:
            return False
        write_atomic(path, data)
    except OSError as exc:
        raise _WriteFailed(path, exc, 0) from exc
    return True


def _make_folders(out, rels) -> None:
    for folder in sorted({(out / rel).parent for rel in rels}):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _WriteFailed(folder, exc, 0) from exc


def _write_all(out, outputs: dict[str, bytes], jobs: int, advance) -> int:
    """Write the files whose bytes changed (atomically); return how many were written.

    With ``jobs`` > 1 the writes overlap in threads: each one waits mostly on the disk
    (``fsync``), and which order they land in does not change what ends up in the folder.
    The first file that cannot be written stops the build (:class:`_WriteFailed`).
    """
    rels = sorted(outputs)
    _make_folders(out, rels)
    written = 0

    def write(rel: str) -> bool:
        return _write_one(out, rel, outputs[rel])

    if jobs <= 1 or len(rels) < 2:
        for rel in rels:
            try:
                written += write(rel)
            except _WriteFailed as failed:
                failed.written = written
                raise
            advance()
        return written
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(16, 4 * jobs)) as pool:
        try:
            for changed in pool.map(write, rels):
                written += changed
                advance()
        except _WriteFailed as failed:
            failed.written = written
            raise
    return written


#: Threads writing the files of one part in a worker.
_WRITERS = 4


def _render_and_write(workspace, options, out, jobs: int, bar) -> tuple[int, int]:
    """Render the build in parts over ``jobs`` forked workers (:mod:`pwib_dsl.backends.parts`),
    each worker writing the files of its parts itself; return ``(files, written)``.

    The files are what a one-process build writes (the same bytes, atomically, only when
    changed): a worker writes what it rendered instead of sending it back, which would cost
    the parent as much as writing it. A file that cannot be written stops its part; the
    first such file in path order is reported (:class:`_WriteFailed`), as a one-process
    build reports the first file it cannot write.
    """
    from pwib_dsl import parallel
    from pwib_dsl.backends import parts

    plan = parts.plan(workspace, options, jobs)
    parts.prepare(workspace, options)  # once here, inherited by every worker
    try:  # a folder that cannot be made is the same error for every part: report it once
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _WriteFailed(out, exc, 0) from exc

    def work(part) -> tuple[dict[str, bool], tuple | None]:
        from concurrent.futures import ThreadPoolExecutor

        files = parts.render(workspace, options, part)
        changed: dict[str, bool] = {}
        rels = sorted(files)
        try:
            _make_folders(out, rels)
            # the writes wait mostly on the disk (fsync): overlapped, as _write_all does for -j N
            with ThreadPoolExecutor(max_workers=_WRITERS) as pool:
                for rel, wrote in zip(rels, pool.map(lambda rel: _write_one(out, rel, files[rel]), rels)):
                    changed[rel] = wrote
        except _WriteFailed as failed:
            return changed, (failed.path, failed.error)
        return changed, None

    bar.stage("rendering", len(plan), unit="part")
    done = parallel.ordered_map(work, plan, jobs, bar.advance, parts.dispatch_order(plan))
    written = sum(sum(changed.values()) for changed, _ in done)
    failures = sorted((failure for _, failure in done if failure is not None), key=lambda f: str(f[0]))
    if failures:
        raise _WriteFailed(failures[0][0], failures[0][1], written)
    return len(parts.merged(plan, [changed for changed, _ in done])), written


def run(args) -> int:
    import gc
    from pathlib import Path

    from pwib_dsl import api, parallel
    from pwib_dsl.commands.check import report
    from pwib_dsl.progress import Progress

    targets = parse_targets(args.target)
    if isinstance(targets, str):
        print(f"pwib build: {targets}", file=sys.stderr)
        return 2
    from pwib_dsl.workspace.config import BPMN_DIALECTS

    if args.bpmn_dialect is not None and args.bpmn_dialect not in BPMN_DIALECTS:
        print(f"pwib build: unknown BPMN dialect `{args.bpmn_dialect}`; choose from"
              f" {', '.join(BPMN_DIALECTS)}", file=sys.stderr)
        return 2
    jobs = getattr(args, "jobs", None) or parallel.default_jobs()
    quiet = getattr(args, "quiet", False)
    # One short-lived process: the collector would only walk the growing model again and again.
    collecting = gc.isenabled()
    gc.disable()
    if jobs > 1:
        from pwib_dsl.backends import parts

        # loaded while the workers parse a large workspace, ready before the render's fork
        parallel.meanwhile(lambda: parts.load(targets))
    try:
        with Progress("pwib build", quiet=quiet) as bar:
            bar.stage("parsing")
            result = api.compile_workspace(args.paths, progress=bar.advance, jobs=jobs)
            bar.close()
            dialect = args.bpmn_dialect or result.config.bpmn_dialect or BPMN_DIALECTS[0]
            if "bpmn" in targets and dialect != "spiff" and result.workspace is not None:
                result = _check_candidate_groups(result)
            status = report(result, args.format, args.strict)
            municipal = _municipalities(args, result, targets, dialect, jobs)
            for built in municipal:
                status = max(status, report(built.report, args.format, args.strict))
            if status != 0 or result.workspace is None:
                print("pwib build: nothing written because of the errors above", file=sys.stderr)
                return status or 1
            workspace = result.workspace
            records = tuple(b.record for b in municipal if b.record is not None) if "html" in targets else ()
            out = Path(args.out)
            try:
                options = api.build_options(result, targets, lang=args.lang, bpmn_dialect=dialect,
                                            municipalities=records)
            except api.BuildError as exc:
                print(f"pwib build: {exc}", file=sys.stderr)
                return 1
            try:
                if api.parallel_build(result, jobs):
                    # the workers write the files they render; the municipalities' are here
                    files, written = _render_and_write(workspace, options, out, jobs, bar)
                    outputs = {}
                else:
                    bar.stage("rendering", len(targets), unit="target")
                    outputs = api.render_targets(result, options, progress=bar.advance)
                    files, written = 0, 0
                for built in municipal:
                    outputs.update(built.outputs)
                bar.stage("writing", len(outputs))
                try:
                    written += _write_all(out, outputs, jobs, bar.advance)
                except _WriteFailed as failed:
                    failed.written += written
                    raise
                files += len(outputs)
            except _WriteFailed as failed:
                bar.close()
                return _write_failed(args, out, failed.path, failed.error, failed.written)
    finally:
        parallel.forget_meanwhile()
        if collecting:
            gc.enable()
    if not quiet:
        extra = sum(b.blueprints for b in municipal)
        print(
            f"pwib build: {len(workspace.blueprints)} blueprints"
            f"{f' and {len(municipal)} municipalities ({extra} blueprints)' if municipal else ''}"
            f" → {files} files in {out}"
            f" ({written} changed; targets: {', '.join(targets)})",
            file=sys.stderr,
        )
    return 0


def _municipalities(args, result, targets, dialect, jobs) -> list:
    """The municipalities built on this workspace, each compiled and rendered, when the whole
    workspace is built (its root folder given): see :mod:`pwib_dsl.municipalities`."""
    from pathlib import Path

    from pwib_dsl import municipalities

    if result.root is None or result.workspace is None:
        return []
    root = Path(result.root).resolve()
    if not any(Path(p).resolve() == root for p in args.paths):
        return []
    job = municipalities.Job(result.workspace.blueprints, targets, args.lang, dialect, args.strict)
    return municipalities.build_each(root, job, Path(args.out), jobs)


def _check_candidate_groups(result):
    """PB110 for each role (or actor) carrying a user task that ``[bpmn.candidate-groups]``
    leaves out: a Java engine offers a user task only to its candidate groups. Without the
    table every role is its own group (docs/bpmn.md)."""
    import attrs

    from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity

    config = result.config
    if config.candidate_groups is None or config.candidate_groups_span is None:
        return result
    from pwib_dsl.backends.bpmn import candidate_group_keys

    mapped = {role for role, _ in config.candidate_groups}
    missing = [
        Diagnostic(
            "PB110", Severity.ERROR,
            msg("PB110.no-candidate-group", process=key, blueprints=", ".join(blueprints)),
            Label(config.path, config.candidate_groups_span, ""),
            help=f'add a line `"{key}" = "<group>"`: the engine offers a user task only to its'
                 " candidate groups",
        )
        for key, blueprints in candidate_group_keys(result.workspace).items()
        if key not in mapped
    ]
    return attrs.evolve(result, diagnostics=result.diagnostics + tuple(missing)) if missing else result


def _write_failed(args, out, path, exc: OSError, written: int) -> int:
    """PB704 and exit 2: the output folder (or a file in it) cannot be written."""
    from pwib_dsl.diagnostics.model import Diagnostic, Label, Severity
    from pwib_dsl.diagnostics.render import Sources, render
    from pwib_dsl.source import NO_SPAN

    where = next((p for p in [out, *reversed(path.parents)] if p.exists() and not p.is_dir()), None)
    if where is not None:
        reason = f"`{where}` is a file, not a folder"
    else:
        reason = exc.strerror or str(exc)
    diag = Diagnostic(
        "PB704",
        Severity.ERROR,
        msg("PB704.cannot-write", path=path, reason=reason),
        Label(str(out), NO_SPAN),
        help="give --out a folder you may write to (it is created when missing)",
    )
    sys.stdout.write(render([diag], args.format, Sources({}), False))
    print(f"pwib build: stopped after writing {written} of the files to {out}", file=sys.stderr)
    return 2
