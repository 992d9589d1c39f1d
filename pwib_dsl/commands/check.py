"""``pwib check PATH...``: compile files and folders and report every problem; write nothing.

Exit status (the contract of :mod:`pwib_dsl.cli`): 0 when there are no errors (and, with
``--strict``, no warnings); 1 when the input has errors — including a file that is not
UTF-8 or holds NUL bytes, because its *content* is wrong; 2 for usage and I/O errors — a
path that does not exist, a folder without blueprints, a file that cannot be read
(permission denied) or is not a regular file — because then the input was not checked at
all. Diagnostics go to standard output; the human format adds a summary line on standard
error.

``check`` imports only the front end and semantic analysis: no backend, Jinja2, lxml, pygls
or Pygments; and when nothing it reads has changed since the last check of the same paths,
not even those: the diagnostics come from the result cache (:mod:`pwib_dsl.check_cache`) and
are rendered as a fresh run's (``tests/test_cli_check.py`` holds it to both).
"""

from __future__ import annotations

import sys

HELP = "check .blueprint files or folders and report problems"


def configure(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    parser.add_argument(
        "--format", choices=("human", "short", "json"), default="human", help="how to print diagnostics"
    )
    parser.add_argument("--strict", action="store_true", help="warnings count as errors")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the human format (auto: on a terminal, unless NO_COLOR is set)",
    )


def exit_status(diagnostics, strict: bool) -> int:
    """0, 1 or 2 for a set of diagnostics (see the module docstring)."""
    from pwib_dsl.workspace.reading import IO_CODES

    if any(d.code in IO_CODES for d in diagnostics):
        return 2
    failing = ("error", "warning") if strict else ("error",)
    return 1 if any(d.severity.value in failing for d in diagnostics) else 0


def report(result, fmt: str = "human", strict: bool = False, color: str = "auto", out=None, err=None) -> int:
    """Print the diagnostics of a :class:`~pwib_dsl.driver.CompileResult` (or of a
    :class:`~pwib_dsl.check_cache.Report`); return the exit status."""
    from pwib_dsl.check_cache import Report
    from pwib_dsl.diagnostics.render import Sources, render, summary, use_color
    from pwib_dsl.workspace.reading import quoted

    if not isinstance(result, Report):
        result = Report.of(result)
    out = out or sys.stdout
    err = err or sys.stderr
    diagnostics = result.diagnostics
    paint = color == "always" or (color == "auto" and use_color(out))
    sources = Sources(result.sources, read=quoted)
    out.write(render(diagnostics, fmt, sources, paint))
    out.flush()
    if fmt == "human":
        unread = {d.file for d in diagnostics if d.code in ("PB012", "PB013")}
        err.write(summary(diagnostics, result.checked + len(unread)) + "\n")
        if diagnostics:
            err.write(f"run `pwib explain {diagnostics[0].code}` to read more about a code\n")
    return exit_status(diagnostics, strict)


def run(args) -> int:
    from pwib_dsl.check_cache import Check, Report

    entry = Check(args.paths)
    found = entry.hit()
    if found is None:
        import gc

        from pwib_dsl.api import compile_workspace

        # One short-lived process: the collector would only walk the growing AST again and again.
        gc.disable()
        try:
            with entry.recording() as recorded:
                result = compile_workspace(args.paths)
        finally:
            gc.enable()
        found = Report.of(result)
        entry.keep(recorded, found)
    return report(found, args.format, args.strict, args.color)
