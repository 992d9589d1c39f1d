"""``pwib fmt PATH...``: rewrite ``.blueprint`` files in the one canonical form.

Modes: rewrite in place (atomic, only files that change); ``--check`` lists the files that
would change; ``--diff`` prints a unified diff; ``-`` formats standard input to standard
output; ``--textconv FILE`` prints the formatted file for git's diff driver and never fails
(a file that cannot be formatted is printed as it is, so ``git diff`` still works).

Exit codes, the same as ``pwib check`` for the same input: 0 nothing to do (or everything
rewritten), 1 a file would change (``--check``, ``--diff``) or could not be formatted (syntax
errors, not UTF-8, a NUL byte, over the input limits), 2 a path could not be read, or a file
could not or must not be rewritten (PB702; PB705 for a read-only file or one with hard links).
"""

from __future__ import annotations

import sys

HELP = "format .blueprint files in the one canonical form (no options)"


def configure(parser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="files or folders (searched recursively); `-` formats standard input to standard output",
    )
    parser.add_argument("--check", action="store_true", help="change nothing; list the files that would change (exit 1)")
    parser.add_argument("--diff", action="store_true", help="change nothing; print a unified diff of the changes (exit 1)")
    parser.add_argument(
        "--textconv", action="store_true",
        help="print each file formatted to standard output, or unchanged when it cannot be formatted"
        " (for git: diff.blueprint.textconv)",
    )


def run(args) -> int:
    from pwib_dsl.fmt.session import Session

    paths = list(args.paths)
    if "-" in paths and len(paths) > 1:
        print("pwib fmt: `-` (standard input) cannot be combined with other paths", file=sys.stderr)
        return 2
    if args.textconv and (args.check or args.diff):
        print("pwib fmt: --textconv cannot be combined with --check or --diff", file=sys.stderr)
        return 2
    session = Session(check=args.check, diff=args.diff)
    if args.textconv:
        return session.textconv(paths)
    if paths == ["-"]:
        return session.stdin()
    return session.files(paths)
