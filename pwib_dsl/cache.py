"""The per-user cache: work kept between processes, named by a hash of what it was made from.

What lives here, by kind (a sub-folder each):

* ``parser`` — the parser tables built from the grammar (:mod:`pwib_dsl.syntax.grammar`);
* ``patterns`` — the lexer's compiled patterns (:mod:`pwib_dsl.lexer_patterns`);
* ``classes`` — the methods attrs writes for the package's classes (:mod:`pwib_dsl.classcode`);
* ``parse`` — the parse (AST and syntax diagnostics) of every file a command compiled,
  standard library and workspace alike (:mod:`pwib_dsl.workspace.parses`);
* ``check`` — the diagnostics of a whole ``pwib check``, with the facts about the
  filesystem they were made from (:mod:`pwib_dsl.check_cache`).

Every entry is named by a hash of everything it was made from (the input's content, the Lark
and Python versions, the source of the code that made it), so an edit to the grammar, a file
or the compiler makes a new entry and the old one is simply never read again.

**Bounded.** An entry read back is marked used (its modification time, at most once a day);
at most once a day a process that writes an entry removes the entries not used for
:data:`MAX_AGE_DAYS` days and, past :data:`MAX_BYTES` in all, the least recently used ones.
``pwib cache path`` prints the folder, ``pwib cache clear`` empties it; deleting it by hand is
always safe too.

The folder is ``$PWIB_CACHE_DIR`` when set (``PWIB_CACHE_DIR=`` — empty — turns the cache
off), else the platform's per-user cache folder (``$XDG_CACHE_HOME/pwib-dsl``,
``~/.cache/pwib-dsl``, ``~/Library/Caches/pwib-dsl`` or ``%LOCALAPPDATA%\\pwib-dsl\\Cache``);
never the shared temporary folder. It is created private to the user, and a folder or entry
owned by someone else is not read. Entries are written atomically. The cache is an
optimisation only: an entry that is missing, stale, truncated, corrupt or unreadable, and a
folder that cannot be created or written, are ignored silently and the work is done again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

#: Bumped when the layout of an entry changes.
FORMAT = 1

#: Entries not read or written for this many days are removed.
MAX_AGE_DAYS = 30

#: Past this many bytes in all, the least recently used entries are removed.
MAX_BYTES = 256 * 1024 * 1024

#: The file whose modification time says when the cache was last pruned.
_PRUNED = "pruned"

_DAY = 24 * 3600


def directory() -> Path | None:
    """The cache folder (not necessarily existing), or None when the cache is off."""
    env = os.environ.get("PWIB_CACHE_DIR")
    if env is not None:
        return Path(env) if env.strip() else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "pwib-dsl" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "pwib-dsl"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "pwib-dsl"
    try:
        return Path.home() / ".cache" / "pwib-dsl"
    except RuntimeError:  # no home folder known
        return None


def key(*parts: str | bytes) -> str:
    """A hash of ``parts`` (and the Python version and entry format) naming one entry."""
    h = hashlib.sha256(f"{FORMAT}\0{sys.version_info[:2]}\0{sys.implementation.name}".encode())
    for part in parts:
        h.update(b"\0")
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
    return h.hexdigest()[:32]


def code_digest(*parts: str) -> str:
    """A hash of the package's own source files under ``parts`` (folders or ``.py`` files).

    Part of the key of anything the compiler's code made (an AST), so that changed code —
    a checkout between releases — never reads what older code wrote.
    """
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for part in parts:
        target = package / part
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in files:
            h.update(path.relative_to(package).as_posix().encode())
            try:
                h.update(path.read_bytes())
            except OSError:
                h.update(b"\0unreadable")
    return h.hexdigest()


def _owned(path: Path) -> bool:
    """Whether ``path`` belongs to the user running this process (always true off POSIX)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        return path.stat().st_uid == os.getuid()
    except OSError:
        return False


def _unobserved():
    """What the cache does with its own files is no input of a compile being recorded
    (:mod:`pwib_dsl.workspace.observe`, loaded only by the check that records)."""
    observe = sys.modules.get("pwib_dsl.workspace.observe")
    if observe is None:
        import contextlib

        return contextlib.nullcontext()
    return observe.paused()


def load(kind: str, name: str):
    """The object stored as ``kind``/``name``, or None when there is no usable entry."""
    with _unobserved():
        return _load(kind, name)


def _load(kind: str, name: str):
    folder = directory()
    if folder is None:
        return None
    path = folder / kind / f"{name}.pickle"
    try:
        if not _owned(folder):
            return None
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if hasattr(os, "getuid") and st.st_uid != os.getuid():
                return None
            data = fh.read()
    except OSError:
        return None
    try:
        value = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a truncated or corrupt entry is a miss, whatever it raises
        return None
    if st.st_mtime < _now() - _DAY:  # mark it used, for pruning (once a day is precise enough)
        try:
            os.utime(path)
        except OSError:
            pass
    return value


def store(kind: str, name: str, value) -> None:
    """Keep ``value`` as ``kind``/``name``; any failure leaves the cache as it was."""
    with _unobserved():
        _store(kind, name, value)


def _store(kind: str, name: str, value) -> None:
    folder = directory()
    if folder is None:
        return
    from pwib_dsl.atomic import write_atomic

    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _owned(folder):
            return
        (folder / kind).mkdir(mode=0o700, exist_ok=True)
        write_atomic(folder / kind / f"{name}.pickle", data, durable=False)
    except Exception:  # noqa: BLE001 - read-only home, full disk, unpicklable value: no cache
        return
    _prune_now_and_then(folder)


def _now() -> float:
    import time

    return time.time()


def _prune_now_and_then(folder: Path) -> None:
    """Prune the cache when it was last pruned more than a day ago (one ``stat`` otherwise)."""
    stamp = folder / _PRUNED
    try:
        if stamp.stat().st_mtime > _now() - _DAY:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        stamp.touch()
    except OSError:
        return
    prune(folder)


def prune(folder: Path, max_age_days: float = MAX_AGE_DAYS, max_bytes: int = MAX_BYTES) -> int:
    """Remove the entries of ``folder`` not used for ``max_age_days`` and, past ``max_bytes``
    in all, the least recently used ones; the number removed. Errors leave an entry be."""
    entries = []
    try:
        kinds = [e for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return 0
    for kind in kinds:
        try:
            for entry in os.scandir(kind.path):
                if entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    entries.append((st.st_mtime, st.st_size, entry.path))
        except OSError:
            continue
    entries.sort()
    oldest = _now() - max_age_days * _DAY
    total = sum(size for _, size, _ in entries)
    removed = 0
    for mtime, size, path in entries:
        if mtime >= oldest and total <= max_bytes:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
        removed += 1
    return removed


def clear() -> int:
    """Remove every entry of the cache (the folder itself stays); the number removed."""
    folder = directory()
    if folder is None or not folder.is_dir():
        return 0
    return prune(folder, max_age_days=-1, max_bytes=-1)
