"""``pwib merge-driver BASE OURS THEIRS [PATH]``: a git merge driver for ``.blueprint`` files.

Git calls it as ``pwib merge-driver %O %A %B %P`` (configured in ``merge.blueprint.driver``).
It formats the three versions, so that a change of layout on one branch does not conflict
with a change of content on the other, merges them with ``git merge-file`` and formats the
result. The merged text is left in OURS (``%A``), as git expects. Exit 0 for a clean merge;
1 when conflicts remain (the file then holds conflict markers), when the merged text does not
parse, or when it no longer checks clean: each side was fine, but together they are not (both
add a step of the same name, one removes a step the other still points to). Such a merge is
reported as a conflict with the new errors; errors either side had already do not count,
nor do those that need the rest of the workspace. Exit 2 when a file cannot be read or git
is missing.

A version with syntax errors is merged as it is.
"""

from __future__ import annotations

import subprocess
import sys

HELP = "git merge driver: format base, ours and theirs, merge them, format the result"


def configure(parser) -> None:
    parser.add_argument("base", metavar="BASE", help="the common ancestor (%%O)")
    parser.add_argument("ours", metavar="OURS", help="our version; receives the result (%%A)")
    parser.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    parser.add_argument("path", nargs="?", default=None, metavar="PATH", help="the path in the repository (%%P), for labels")
    parser.add_argument("--marker-size", type=int, default=7, metavar="N", help="conflict marker length (%%L)")


def _format_in_place(path: str, shown: str) -> bool | None:
    """Format one file in place: True if it parsed, False if not, None if it cannot be read."""
    from pwib_dsl.atomic import write_atomic
    from pwib_dsl.fmt import format_source
    from pwib_dsl.source import DecodeError, SourceFile, decode

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        print(f"pwib merge-driver: cannot read `{path}`: {exc.strerror or exc}", file=sys.stderr)
        return None
    try:
        result = format_source(SourceFile(shown, decode(data)))
    except DecodeError:
        return False
    if not result.ok:
        return False
    out = result.text.encode("utf-8")
    if out != data:
        write_atomic(path, out)
    return True


def _errors(path: str, shown: str, root) -> dict[tuple[str, str], object]:
    """The errors of one version of the file, checked on its own (by code and message)."""
    from pathlib import Path

    from pwib_dsl.diagnostics.model import Diagnostic
    from pwib_dsl.driver import compile_sources
    from pwib_dsl.workspace.reading import read_source

    src = read_source(Path(path), shown)
    if isinstance(src, Diagnostic):
        return {(src.code, src.message): src}
    result = compile_sources([src], root=root)
    return {(d.code, d.message): d for d in result.diagnostics if d.severity.value == "error"}


def run(args) -> int:
    from pathlib import Path

    shown = args.path or args.ours
    for path, side in ((args.base, "base"), (args.ours, "ours"), (args.theirs, "theirs")):
        if _format_in_place(path, f"{shown} ({side})") is None:
            return 2
    # what each side already got wrong, before git merge-file overwrites OURS
    root = Path(args.path).resolve().parent if args.path and Path(args.path).parent.is_dir() else None
    before = {**_errors(args.ours, shown, root), **_errors(args.theirs, shown, root)}
    labels = [f"{shown} (ours)", f"{shown} (base)", f"{shown} (theirs)"]
    command = ["git", "merge-file", f"--marker-size={args.marker_size}"]
    for label in labels:
        command += ["-L", label]
    command += [args.ours, args.base, args.theirs]
    try:
        proc = subprocess.run(command, check=False)
    except FileNotFoundError:
        print("pwib merge-driver: git is not installed (or not on PATH)", file=sys.stderr)
        return 2
    if proc.returncode < 0 or proc.returncode > 127:
        print(f"pwib merge-driver: git merge-file failed (exit {proc.returncode})", file=sys.stderr)
        return 2
    if proc.returncode > 0:
        return 1  # conflicts: OURS holds the markers for the user to resolve
    if not _format_in_place(args.ours, shown):
        print(f"pwib merge-driver: the merged {shown} does not parse; resolve it by hand", file=sys.stderr)
        return 1
    new = [d for key, d in _errors(args.ours, shown, root).items() if key not in before]
    if new:
        from pwib_dsl.fmt.session import print_diagnostics

        print_diagnostics(new)
        print(f"pwib merge-driver: the merged {shown} has errors neither side had; resolve it by hand",
              file=sys.stderr)
        return 1
    return 0
