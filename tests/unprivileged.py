"""Running a command without the power to bypass file permissions, also when the suite runs as root.

Root reads and writes any file whatever its mode (capabilities ``CAP_DAC_OVERRIDE``,
``CAP_DAC_READ_SEARCH`` and ``CAP_FOWNER``), so a test of "permission denied" as root tests
nothing. Switching to another user is no way out here: the interpreter may live below a
folder only root can enter. Instead the child drops those three capabilities from its
bounding set before it starts (``prctl(PR_CAPBSET_DROP)``), so it and everything it runs stay
uid 0 but are held to the permission bits like any user. :func:`run` probes that this worked
on a file of mode 000 and skips the test, saying why, when the system does not allow it.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import tempfile

import pytest

_PR_CAPBSET_DROP = 24
_CAPS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _drop() -> None:  # runs in the child between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _CAPS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            os._exit(97)


def _preexec():
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    if os.geteuid() != 0:
        return None
    with tempfile.TemporaryDirectory() as folder:
        probe = os.path.join(folder, "probe")
        with open(probe, "w") as fh:
            fh.write("x")
        os.chmod(probe, 0)
        proc = subprocess.run(["cat", probe], preexec_fn=_drop, capture_output=True)
        if proc.returncode == 0:
            pytest.skip("running as root, and this system does not let root drop CAP_DAC_OVERRIDE")
    return _drop


def run(args, **kwargs) -> subprocess.CompletedProcess:
    """``subprocess.run`` held to the permission bits (see the module docstring)."""
    return subprocess.run(args, preexec_fn=_preexec(), **kwargs)
