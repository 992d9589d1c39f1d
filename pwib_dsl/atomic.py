"""Atomic file writes: a temporary file in the target's folder, then ``os.replace``.

Readers (editors, git, a build watching the folder) see either the old bytes or the new bytes,
never half a file. An existing file keeps its permission bits; a new file gets the mode an
ordinary ``open(path, "w")`` would give it (0o666 minus the umask), not the 0o600 of a
temporary file. A symbolic link is followed, so the link stays a link and its target changes.
If anything fails before the rename, the temporary file is removed and the original is intact.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Replace the contents of ``path`` with ``data`` in one step (see the module docstring)."""
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        # Also on KeyboardInterrupt: never leave a stray temporary file next to the user's file.
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


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
