"""Atomic file writes: a temporary file in the target's folder, then ``os.replace``.

Readers (editors, git, a build watching the folder) see either the old bytes or the new bytes,
never half a file. An existing file keeps its permission bits; a new file gets the mode an
ordinary ``open(path, "w")`` would give it (0o666 minus the umask), not the 0o600 of a
temporary file. A symbolic link is followed, so the link stays a link and its target changes.
The new file keeps the owner and group of the old one where the caller may set them (root
may; another user may keep a group it belongs to). If anything fails before the rename, the
temporary file is removed and the original is intact.

A rename cannot write through a hard link (the other names would keep the old text) and does
not honour a read-only mode (only the folder's permissions count), so :func:`why_not_replace`
names those cases for callers that rewrite a user's file in place (``pwib fmt``) to refuse.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes, *, durable: bool = True) -> None:
    """Replace the contents of ``path`` with ``data`` in one step (see the module docstring).

    ``durable`` flushes the bytes to the disk before the rename, so a crash cannot leave an
    empty file under the old name. The per-user cache passes False: an entry lost or torn by a
    crash is only a miss, and the flush costs more than the rest of a small check's writes.
    """
    target = Path(os.path.realpath(path))
    try:
        old = os.stat(target)
        mode = stat.S_IMODE(old.st_mode)
    except FileNotFoundError:
        old = None
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
            if old is not None:
                _keep_owner(fh.fileno(), old)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        # Also on KeyboardInterrupt: never leave a stray temporary file next to the user's file.
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def why_not_replace(path: str | os.PathLike) -> str | None:
    """Why replacing ``path`` by a new file would not do what its owner asked, or None:
    it is read-only (no write bit set), or it has other names (hard links)."""
    try:
        st = os.stat(os.path.realpath(path))
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    if not st.st_mode & 0o222:
        return f"it is read-only (mode {stat.S_IMODE(st.st_mode):04o})"
    if st.st_nlink > 1:
        return f"it has {st.st_nlink} hard links, and a rewrite would leave the other names with the old text"
    return None


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this process may."""
    st = os.fstat(fd)
    if (st.st_uid, st.st_gid) == (old.st_uid, old.st_gid):
        return
    for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except (PermissionError, AttributeError):  # not allowed (or not POSIX): try less
            continue


def _umask() -> int:
    """The process umask. Read from /proc where possible: setting it to probe is not thread-safe."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old
