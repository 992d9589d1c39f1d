"""``pwib cache path|clear``: where the per-user cache is, and emptying it.

The cache (:mod:`pwib_dsl.cache`) keeps parser tables, parses and check results between runs;
deleting it is always safe, it only makes the next runs slower. ``PWIB_CACHE_DIR`` moves it
(empty: off). Exit status 0; 2 when the cache is off (``path``) and there is nothing to show.
"""

from __future__ import annotations

import sys

HELP = "show where the per-user cache is (`path`) or empty it (`clear`)"


def configure(parser) -> None:
    parser.add_argument("action", choices=("path", "clear"), help="path: print the folder; clear: remove every entry")


def run(args) -> int:
    from pwib_dsl import cache

    folder = cache.directory()
    if folder is None:
        sys.stderr.write("pwib cache: the cache is off (PWIB_CACHE_DIR is empty)\n")
        return 2 if args.action == "path" else 0
    if args.action == "path":
        sys.stdout.write(f"{folder}\n")
        return 0
    removed = cache.clear()
    sys.stderr.write(f"removed {removed} {'entry' if removed == 1 else 'entries'} from {folder}\n")
    return 0
