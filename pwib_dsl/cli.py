"""The ``pwib`` command line: argument parsing, dispatch, and the exit-code contract.

Exit codes: 0 no errors, 1 errors found in the input, 2 usage or I/O error, 3 internal error
(a bug: a short message asks the user to report it; never a bare traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from pwib_dsl import __version__
from pwib_dsl.commands import COMMANDS

EXIT_OK, EXIT_USAGE, EXIT_INTERNAL = 0, 2, 3


def _columns() -> int:
    """The terminal's width as :func:`shutil.get_terminal_size` gives it to argparse
    (``$COLUMNS``, else standard output's terminal, else 80)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, its width found without :mod:`shutil`: argparse makes a
    formatter for every argument added (to check its metavar), and the default one imports
    shutil and its compression modules for the width, on every run, for help rarely shown."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; keep its message short and ours."""

    def __init__(self, *args, formatter_class=_Formatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"pwib: error: {message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that subcommand's module is imported.

    Every command module is imported to list the commands with their help (``pwib --help``);
    a run of one command needs only its own, so ``pwib check`` does not import the others
    (nor what they import at module level).
    """
    parser = _Parser(
        prog="pwib",
        description="Check and compile .blueprint service blueprints to HTML, BPMN 2.0 and JSON.",
    )
    parser.add_argument("--version", action="version", version=f"pwib {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # a command not shipped in this build
            raise
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(p)
        p.set_defaults(_run=module.run)
    return parser


def _command_in(argv: list[str]) -> str | None:
    """The subcommand ``argv`` runs, when it names one before any option; else None."""
    for arg in argv:
        if arg.startswith("-"):
            return None
        return arg if arg in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(_command_in(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        print("pwib: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence for internal errors
        print(
            f"pwib: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in pwib. Please report it with the command and the input that caused it;"
            " run with PWIB_TRACEBACK=1 to see the traceback.",
            file=sys.stderr,
        )
        import os

        if os.environ.get("PWIB_TRACEBACK"):
            import traceback

            traceback.print_exc()
        return EXIT_INTERNAL


def entry() -> None:
    """The ``pwib`` program: :func:`main`, then an exit that skips freeing the heap.

    A build of a large workspace ends holding a million small objects (ASTs, the model, the
    outputs); the interpreter's teardown frees them one by one, about 0.3 s for a 100k-line
    workspace, and nothing needs it. So once :func:`main` returned, the exit handlers run
    (log flushing, temporary folders, worker pools), the standard streams are flushed, and the
    process ends. With another thread still running, the ordinary exit waits for it instead.
    """
    code = main()
    import threading

    if threading.active_count() > 1:
        raise SystemExit(code)
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # another interpreter: leave the ordinary way
        raise SystemExit(code)
    run_exit_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a closed pipe or stream: nothing left to say
        pass
    os._exit(code)


if __name__ == "__main__":
    entry()
