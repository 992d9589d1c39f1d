"""``pwib variant lock [PATH]`` and ``pwib variant status [PATH]``: municipal variants and their base.

``lock`` writes the ``lock "sha256:..."`` line of every variant under PATH (the content hash of
its base blueprint now) and a snapshot of the base's file beside the workspace
(``.pwib/variants/<variant>.base.blueprint``), both atomically; a file with errors (other than
about its lock) is left untouched. ``status`` reports per change clean / conflict / orphan /
redundant and the base changes the variant inherits (see :mod:`pwib_dsl.variants.status`);
given the root folder of a workspace, also for every municipality built on it (as ``pwib build``
builds them, :mod:`pwib_dsl.municipalities`).

Exit codes: ``lock`` 0, or 1 when a file was left alone because of its errors; ``status`` 0,
or 1 when any change is a conflict or an orphan (or a variant's base is missing); 2 for a path
that does not exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "lock municipal variants to their base, or show how they drifted from it (status)"

#: Diagnostics about the lock itself do not keep `lock` from writing it anew.
_LOCK_CODES = frozenset({"PB806", "PB807"})


def configure(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    lock = sub.add_parser("lock", help="write the lock line and the base snapshot of every variant under PATH")
    lock.add_argument("path", nargs="?", default=".", metavar="PATH", help="a variant file or a folder (default: .)")
    status = sub.add_parser("status", help="per change: clean, conflict, orphan or redundant against the base now")
    status.add_argument("path", nargs="?", default=".", metavar="PATH", help="a variant file or a folder (default: .)")
    status.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="output format")


def run(args) -> int:
    if not Path(args.path).exists():
        print(f"pwib variant: no such file or folder: `{args.path}`", file=sys.stderr)
        return 2
    if args.action == "lock":
        return _lock(args.path)
    return _status(args)


def _status(args) -> int:
    from pwib_dsl.fmt.session import print_diagnostics
    from pwib_dsl.variants import status, surface

    parses = surface.Parses()  # the base and its snapshots are the same texts in every municipality
    ws = surface.load([args.path], parses)
    if ws is None:
        print(f"pwib variant: nothing to read at `{args.path}`", file=sys.stderr)
        return 2
    print_diagnostics([d for d in ws.diagnostics if d.severity.value == "error"])
    results = status.status(ws)
    national = {p.source.text for p in ws.modules.values()}
    for folder in _municipalities(args.path, ws):
        local = surface.load([str(folder)], parses)
        if local is None:
            continue
        print_diagnostics([d for d in local.diagnostics if d.severity.value == "error"])
        results += status.status(local)
        for p in local.modules.values():
            if p.source.text not in national:  # its own files: no other municipality reads them
                parses.forget(p.source.text)
    sys.stdout.write(status.render(results, args.format))
    return 1 if any(r.failing for r in results) else 0


def _municipalities(path: str, ws) -> list[Path]:
    """The folders of the municipalities built on ``ws`` when its root folder is given, as
    ``pwib build`` finds them (:func:`pwib_dsl.municipalities.discover`), shown below ``path``."""
    from pwib_dsl import municipalities

    given = Path(path)
    if not given.is_dir() or given.resolve() != Path(ws.root).resolve():
        return []
    root = given.resolve()
    return [given / found.folder.relative_to(root) for found in municipalities.discover(root)]


def _lock(path: str) -> int:
    from pwib_dsl import api
    from pwib_dsl.atomic import write_atomic
    from pwib_dsl.fmt.session import print_diagnostics
    from pwib_dsl.variants import surface
    from pwib_dsl.variants.lock import blueprint_hash, snapshot_path

    result = api.compile_workspace([path])
    errors = [d for d in result.diagnostics if d.severity.value == "error" and d.code not in _LOCK_CODES]
    blocked = {d.primary.file for d in errors if d.primary is not None}
    if errors:
        print_diagnostics(errors)
    refused = set()
    # a variant of a variant is locked after its base: repeat while a lock line changes
    for _round in range(8):
        ws = surface.load([path])
        if ws is None:
            print(f"pwib variant: nothing to read at `{path}`", file=sys.stderr)
            return 2
        edits: dict[str, list] = {}
        for p, var in ws.variants():
            if p.source.path in blocked or p.errors:
                refused.add(p.source.path)
                continue
            found = ws.base_of(p, var)
            if found is None:
                refused.add(p.source.path)
                continue
            value = blueprint_hash(found.parsed.source.text, found.decl)
            edits.setdefault(p.source.path, []).append((p, var, value, found))
        changed = False
        for file, items in edits.items():
            p = items[0][0]
            text = p.source.text
            for _p, var, value, found in sorted(items, key=lambda x: -x[1].span.start):
                text = _with_lock(text, var, value)
                snap = snapshot_path(ws.root, var.name.text)
                snap.parent.mkdir(parents=True, exist_ok=True)
                data = found.parsed.source.text.encode("utf-8")
                if not snap.is_file() or snap.read_bytes() != data:
                    write_atomic(snap, data)
            if text != p.source.text:
                write_atomic(p.path, _encode(p.path, text))
                changed = True
                for _p, var, value, _f in items:
                    print(f"{file}: locked variant `{var.name.text}` at {value}")
        if not changed:
            break
    for file in sorted(refused):
        print(f"{file}: not locked: the file has errors (see `pwib check`)", file=sys.stderr)
    return 1 if refused else 0


def _with_lock(text: str, var, value: str) -> str:
    """``text`` with the variant's lock line saying ``value`` (replaced, or added first in its body)."""
    literal = f'"{value}"'
    lock = var.lock
    if lock is not None:
        span = lock.hash.span
        return text[: span.start] + literal + text[span.end :]
    brace = text.index("{", var.base.span.end)
    eol = "\r\n" if "\r\n" in text else "\n"
    return text[: brace + 1] + f"{eol}  lock {literal}" + text[brace + 1 :]


def _encode(path: Path, text: str) -> bytes:
    """The new text in the file's own encoding form (a byte order mark is kept)."""
    try:
        bom = path.read_bytes().startswith(b"\xef\xbb\xbf")
    except OSError:
        bom = False
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
