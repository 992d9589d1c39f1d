"""The per-user cache: work that depends only on shipped inputs, kept between processes.

What lives here: the parser tables built from the grammar (:mod:`pwib_dsl.syntax.grammar`),
the lexer's compiled patterns (:mod:`pwib_dsl.lexer_patterns`), the methods attrs writes for
the package's classes (:mod:`pwib_dsl.classcode`) and the parsed standard library
(:mod:`pwib_dsl.sema.modules`). Every entry is named by a hash
of everything it was made from (the input's content, the Lark and Python versions, the source
of the code that made it), so an edit to the grammar, a stdlib file or the compiler makes a new
entry and the old one is simply never read again.

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


def load(kind: str, name: str):
    """The object stored as ``kind``/``name``, or None when there is no usable entry."""
    folder = directory()
    if folder is None:
        return None
    path = folder / kind / f"{name}.pickle"
    try:
        if not (_owned(folder) and _owned(path)):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - a truncated or corrupt entry is a miss, whatever it raises
        return None


def store(kind: str, name: str, value) -> None:
    """Keep ``value`` as ``kind``/``name``; any failure leaves the cache as it was."""
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
        write_atomic(folder / kind / f"{name}.pickle", data)
    except Exception:  # noqa: BLE001 - read-only home, full disk, unpicklable value: no cache
        return
