"""The ``pwib`` program's exit: status, every byte written, exit handlers run, no heap teardown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    # buffered streams, as a pipe gives them by default: what is not flushed would be lost
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=cwd, timeout=120, env=env
    )


def test_statuses_and_output_are_those_of_main(tmp_path):
    bad = tmp_path / "kapot.blueprint"
    bad.write_text('blueprint kapot "Kapot" {\n  step a "A" ->\n}\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pwib_dsl", "check", "--format", "json", str(bad)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)  # the whole document arrived, parseable
    usage = subprocess.run([sys.executable, "-m", "pwib_dsl", "nonsense"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert usage.returncode == 2 and "usage" in usage.stderr


def test_buffered_output_to_a_pipe_is_complete():
    """What a command wrote but did not flush still arrives (``os._exit`` alone would drop it)."""
    proc = _run(
        """
        import sys
        from pwib_dsl import cli
        cli.main = lambda: (sys.stdout.write("x" * 100), sys.stderr.write("e" * 10), 3)[-1]
        cli.entry()
        """
    )
    assert proc.returncode == 3
    assert proc.stdout == "x" * 100 and proc.stderr == "e" * 10


def test_exit_handlers_run_and_the_status_is_kept():
    proc = _run(
        """
        import atexit, sys
        atexit.register(lambda: print("handler ran"))
        sys.argv = ["pwib", "nonsense"]
        from pwib_dsl.cli import entry
        entry()
        """
    )
    assert proc.returncode == 2
    assert proc.stdout.strip().endswith("handler ran")


def test_with_another_thread_running_the_ordinary_exit_waits_for_it():
    proc = _run(
        """
        import sys, threading, time
        def late():
            time.sleep(0.3)
            print("thread finished", flush=True)
        threading.Thread(target=late).start()
        sys.argv = ["pwib", "--version"]
        from pwib_dsl.cli import entry
        entry()
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert "thread finished" in proc.stdout
