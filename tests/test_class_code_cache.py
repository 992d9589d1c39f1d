"""attrs' generated methods are kept compiled between processes (:mod:`pwib_dsl.classcode`).

A later process takes the code objects instead of compiling, the classes behave exactly as
freshly made ones (the whole ``pwib check`` output is the same with and without the cache),
and a damaged entry is ignored without a word.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: How many generated methods of the package's classes this process compiled.
PROBE = """
    from pwib_dsl import classcode
    import pwib_dsl.surface.nodes as n, pwib_dsl.sema.model
    from pwib_dsl.source import Span
    a, b = n.Ident("x", span=Span(0, 1, 1, 1, 1, 2)), n.Ident("x", span=Span(5, 6, 2, 1, 2, 2))
    assert a == b and hash(a) == hash(b) and repr(a).startswith("Ident(")
    print(len(classcode._state["compiled"]))
"""


def _run(cache_dir, args: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PWIB_CACHE_DIR": str(cache_dir)}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def _entry(cache_dir: Path) -> Path:
    (entry,) = (cache_dir / "classes").glob("*.pickle")
    return entry


def test_a_second_process_compiles_no_generated_method(tmp_path):
    first = _run(tmp_path, ["-c", textwrap.dedent(PROBE)])
    assert first.returncode == 0, first.stderr
    assert int(first.stdout) > 50, "the first process compiles them (and keeps them)"
    stored = pickle.loads(_entry(tmp_path).read_bytes())
    assert len(stored) >= int(first.stdout)
    again = _run(tmp_path, ["-c", textwrap.dedent(PROBE)])
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "0"


def test_check_output_is_the_same_with_and_without_the_cache(tmp_path):
    args = ["-m", "pwib_dsl", "check", "--format", "json", "examples"]
    plain = _run("", args)
    writes = _run(tmp_path, args)
    reads = _run(tmp_path, args)
    assert plain.stdout and plain.returncode in (0, 1)
    assert writes.stdout == plain.stdout and writes.returncode == plain.returncode
    assert reads.stdout == plain.stdout and reads.returncode == plain.returncode and reads.stderr == ""


@pytest.mark.parametrize("damage", [b"", b"not a pickle", "not code", "other file", "truncate"])
def test_a_damaged_entry_is_ignored(tmp_path, damage):
    assert _run(tmp_path, ["-c", textwrap.dedent(PROBE)]).returncode == 0
    entry = _entry(tmp_path)
    if damage == "truncate":
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    elif damage == "not code":
        stored = pickle.loads(entry.read_bytes())
        entry.write_bytes(pickle.dumps({k: b"\x00garbage" for k in stored}))
    elif damage == "other file":  # well-formed code objects, each under another class's key
        import marshal

        stored = pickle.loads(entry.read_bytes())
        keys = list(stored)
        swapped = {k: stored[o] for k, o in zip(keys, keys[1:] + keys[:1])}
        assert all(marshal.loads(v).co_filename != marshal.loads(stored[k]).co_filename for k, v in swapped.items())
        entry.write_bytes(pickle.dumps(swapped))
    else:
        entry.write_bytes(damage)
    again = _run(tmp_path, ["-c", textwrap.dedent(PROBE)])
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert int(again.stdout) > 50, "compiled again"
