"""``pwib serve``: the live preview, run as a user runs it.

The real command starts in a subprocess on an ephemeral port of 127.0.0.1; the test edits a
blueprint and sees the served page change (and an untouched page keep its version), breaks
the file and sees the diagnostics in the page and the terminal, repairs it, and stops the
server with Ctrl-C. In Chromium the open page reloads by itself, under its CSP. Every wait
is bounded.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from checkers import Browser

from pwib_dsl.preview import Preview

ROOT = Path(__file__).resolve().parent.parent
DEADLINE = 20.0

A = 'blueprint a "Aanvraag" {{\n  step s "{title}" {{\n    customer "Vraagt aan"\n  }}\n  end klaar "Klaar"\n}}\n'
B = 'blueprint b "Bezwaar" {\n  step s "Bezwaar maken" {\n    customer "Maakt bezwaar"\n  }\n  end klaar "Klaar"\n}\n'


class Server:
    """``pwib serve`` in a subprocess; its stderr is collected line by line."""

    def __init__(self, workspace: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pwib_dsl", "serve", str(workspace), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        self.err: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(self.proc.stdout, self._lines), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, None), daemon=True).start()
        line = self._lines.get(timeout=DEADLINE)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        self.url = match.group(0)

    def _pump(self, stream, into) -> None:
        for line in stream:
            (into.put(line) if into is not None else self.err.append(line))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=5) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def wait_for(self, path: str, predicate) -> str:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            status, body = self.get(path)
            if status == 200 and predicate(body):
                return body
            time.sleep(0.2)
        raise AssertionError(f"{path} did not change in {DEADLINE} s; server said: {''.join(self.err)}")

    def version(self, path: str) -> str:
        return self.get(f"/__pwib/version?page={path}")[1]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=DEADLINE)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture
def workspace(tmp_path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.blueprint").write_text(A.format(title="Stap een"), encoding="utf-8")
    (ws / "b.blueprint").write_text(B, encoding="utf-8")
    return ws


def _edit(path: Path, text: str) -> None:
    # a later mtime even on file systems with coarse timestamps
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, max(stat.st_mtime_ns + 1_000_000_000, time.time_ns())))


def test_serve_rebuilds_on_save_shows_errors_and_stops_on_ctrl_c(workspace):
    server = Server(workspace)
    try:
        status, page = server.get("/blueprints/a.html")
        assert status == 200 and "Stap een" in page
        assert server.get("/")[0] == 200 and server.get("/../../etc/passwd")[0] == 404
        assert "connect-src 'self'" in page and "data-pwib-version=" in page
        a_version, b_version = server.version("/blueprints/a.html"), server.version("/blueprints/b.html")

        _edit(workspace / "a.blueprint", A.format(title="Stap twee"))
        server.wait_for("/blueprints/a.html", lambda body: "Stap twee" in body)
        assert server.version("/blueprints/a.html") != a_version
        # only what changed: the other blueprint's page is the same bytes, so the same version
        assert server.version("/blueprints/b.html") == b_version

        _edit(workspace / "a.blueprint", A.format(title="Stap drie").replace("step s", "stap s"))
        page = server.wait_for("/blueprints/a.html", lambda body: "pwib-problems" in body)
        assert "PB005" in page and "Stap twee" in page  # the diagnostics over the last good page
        end = time.monotonic() + DEADLINE
        while not any("error[PB005]" in line for line in server.err) and time.monotonic() < end:
            time.sleep(0.1)
        assert any("error[PB005]" in line for line in server.err)

        _edit(workspace / "a.blueprint", A.format(title="Stap vier"))
        page = server.wait_for("/blueprints/a.html", lambda body: "Stap vier" in body)
        assert "pwib-problems" not in page
    finally:
        code = server.stop()
    assert code == 0, "".join(server.err)
    assert server.err[-1].strip() == "pwib serve: stopped"


def test_a_workspace_that_never_built_serves_its_errors(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.blueprint").write_text('blueprint a "A" {\n  stap s "S"\n}\n', encoding="utf-8")
    preview = Preview([str(ws)])
    preview.rebuild(first=True)
    page = preview.page("index.html").decode("utf-8")
    assert "nothing has been built yet" in page and "PB005" in page
    assert preview.page("missing.png") is None


@pytest.mark.browser
def test_open_page_reloads_by_itself(workspace):
    server = Server(workspace)
    try:
        with Browser() as browser:
            page = browser._context.new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.goto(server.url + "blueprints/a.html")
            assert "Stap een" in page.inner_text("main")
            _edit(workspace / "a.blueprint", A.format(title="Stap vijf"))
            page.get_by_text("Stap vijf").first.wait_for(timeout=DEADLINE * 1000)
            assert errors == []  # the reload script ran under the page's policy
            assert all(url.startswith(server.url) for url in requests), requests
            page.close()
    finally:
        assert server.stop() == 0
