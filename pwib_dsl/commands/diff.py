"""``pwib diff OLD NEW`` / ``pwib diff --git REV[..REV2] [PATH...]``: the semantic diff.

Compares two files, two folders, or a git revision with the working tree (or two revisions),
and reports what changed in meaning: legal basis first, then per blueprint, then the
catalogue. Exit codes follow diff(1): 0 no changes, 1 changes, 2 trouble (a path that cannot be
read, a file with syntax errors, an unknown revision).
"""

from __future__ import annotations

import contextlib
import gc
import sys

HELP = "show what changed in meaning between two versions (files, folders or git revisions)"


def configure(parser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="OLD and NEW (files or folders); with --git: the files or folders to compare (default: all)",
    )
    parser.add_argument(
        "--git", metavar="REV[..REV2]",
        help="compare a git revision with the working tree, or two revisions (REV..REV2)",
    )
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="output format")


def run(args) -> int:
    if args.git is None and len(args.paths) != 2:
        print("pwib diff: give two paths (OLD NEW), or --git REV [PATH...]", file=sys.stderr)
        return 2
    with _no_cycle_collection():
        return _run(args)


def _run(args) -> int:
    from pwib_dsl.diff import compare, render
    from pwib_dsl.diff.sources import load_git, load_path
    from pwib_dsl.fmt.session import print_diagnostics

    if args.git is not None:
        old, new = load_git(args.git, args.paths)
    else:
        old, new = load_path(args.paths[0]), load_path(args.paths[1])
    print_diagnostics(old.diagnostics + new.diagnostics)
    if old.side is None or new.side is None:
        print("pwib diff: nothing compared because of the errors above", file=sys.stderr)
        return 2
    result = compare(old.side, new.side)
    sys.stdout.write(render(result, args.format))
    return 0 if result.equal else 1


@contextlib.contextmanager
def _no_cycle_collection():
    """Both sides' syntax trees stay alive together, and they hold no reference cycles: the
    cycle collector would only traverse them again and again (a third of the run time on a
    100k-line workspace). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
