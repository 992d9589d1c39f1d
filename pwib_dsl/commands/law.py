"""``pwib law import FILE...``: read dated law versions into the workspace's snapshot folder.

The folder is ``[law] snapshots`` of the workspace's ``pwib.toml`` (default ``law/`` beside
it; the current folder is the workspace when there is none), or ``--into DIR``. Exit status:
0 written, 1 a file could not be read (nothing written), 2 usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "import dated law texts (regelrecht YAML) as snapshots the checks and `pwib impact` read"


def configure(parser) -> None:
    sub = parser.add_subparsers(dest="law_command", metavar="ACTION")
    imp = sub.add_parser("import", help="read law version files into the snapshot folder")
    imp.add_argument("files", nargs="+", metavar="FILE", help="law version files (regelrecht .yaml)")
    imp.add_argument("--into", metavar="DIR", help="the snapshot folder (default: from pwib.toml, else ./law)")
    imp.add_argument("--partial", action="store_true",
                     help="the files are excerpts: articles they lack are unknown, not repealed")


def run(args) -> int:
    if args.law_command != "import":
        print("pwib law: give an action: import", file=sys.stderr)
        return 2
    from pwib_dsl.fmt.session import print_diagnostics
    from pwib_dsl.law.importer import import_files
    from pwib_dsl.law.workspace import snapshot_folder

    folder = Path(args.into) if args.into else snapshot_folder(Path.cwd())
    paths = [Path(f) for f in args.files]
    result = import_files(paths, list(args.files), folder, args.partial)
    if result.diagnostics:
        print_diagnostics(result.diagnostics)
        print("pwib law import: nothing written", file=sys.stderr)
        return 1
    for snap, path in zip(result.snapshots, result.written):
        print(f"{snap.bwb} {snap.valid_from}: {len(snap.articles)} articles -> {path}")
    return 0
