"""The live preview behind ``pwib serve``: the site in memory, its rebuilds, and the server.

:class:`Preview` owns the state: the watched files' fingerprints, the pages of the last good
build with a version per page (bumped only when the page's bytes change), and the
diagnostics of the last failed build. :func:`make_server` serves it on 127.0.0.1 from memory;
pages are served with a reload script and, while the workspace has errors, a banner with the
diagnostics (see ``commands/serve.py`` for the policy).
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

WATCHED_SUFFIXES = (".blueprint", ".toml")
_SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".hypothesis", ".pytest_cache"}

#: Asks the server for this page's version every second and reloads when it changes.
RELOAD_JS = (
    '(function(){"use strict";var v=document.documentElement.getAttribute("data-pwib-version");'
    'function tick(){fetch("/__pwib/version?page="+encodeURIComponent(location.pathname),{cache:"no-store"})'
    '.then(function(r){return r.ok?r.text():v}).then(function(t){if(t!==v){location.reload();}else{setTimeout(tick,1000);}})'
    '.catch(function(){setTimeout(tick,1000);});}setTimeout(tick,1000);})();'
)
BANNER_CSS = (
    ".pwib-problems{margin:0;padding:1rem 1.5rem;background:#fff4f4;border-bottom:4px solid #b00020;color:#1b1b1b}"
    ".pwib-problems h2{margin:0 0 .5rem;font-size:1.2rem;color:#8a0018}"
    ".pwib-problems pre{margin:0;white-space:pre-wrap;font-size:.85rem;max-height:50vh;overflow:auto}"
)


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


class Preview:
    """The site of ``paths``, rebuilt on demand."""

    def __init__(self, paths, lang: str | None = None, log=None) -> None:
        self.paths = [str(p) for p in paths] or ["."]
        self.lang = lang
        self.log = log
        self._lock = threading.Lock()
        self.pages: dict[str, bytes] = {}
        self.versions: dict[str, int] = {}
        self.problems: str | None = None  # rendered diagnostics of the last failed build
        self.builds = 0
        self._fingerprints = self._scan()

    # -- watching -------------------------------------------------------------------------
    def _scan(self) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for given in self.paths:
            path = Path(given)
            if path.is_file():
                candidates = [path]
            else:
                candidates = []
                for folder, dirs, files in os.walk(path):
                    dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                    candidates += [Path(folder) / f for f in files if f.endswith(WATCHED_SUFFIXES)]
            for file in candidates:
                try:
                    st = file.stat()
                except OSError:
                    continue
                found[str(file)] = (st.st_mtime_ns, st.st_size)
        return found

    def changed_files(self) -> list[str]:
        """Files added, removed or written since the last call."""
        now = self._scan()
        changed = sorted(k for k in now.keys() | self._fingerprints.keys() if now.get(k) != self._fingerprints.get(k))
        self._fingerprints = now
        return changed

    # -- building -------------------------------------------------------------------------
    def rebuild(self, first: bool = False) -> None:
        import io

        from pwib_dsl.backends import BuildOptions
        from pwib_dsl.backends.html import render
        from pwib_dsl.commands.check import report
        from pwib_dsl.diagnostics.render import Sources
        from pwib_dsl.diagnostics.render import render as render_diagnostics
        from pwib_dsl.driver import compile_paths
        from pwib_dsl.theme import with_logo
        from pwib_dsl.workspace.reading import quoted

        started = time.perf_counter()
        result = compile_paths(self.paths)
        if self.log is not None:
            report(result, "human", out=self.log, err=self.log)
        problems = None
        pages = None
        if result.has_errors or result.workspace is None:
            sources = Sources({**result.aux_sources, **result.sources}, read=quoted)
            problems = render_diagnostics(
                [d for d in result.diagnostics if d.severity.value == "error"], "human", sources, False
            )
        else:
            theme = result.config.theme
            if theme is not None:
                theme = with_logo(theme, Path(result.root) if result.root else Path("."))
            if isinstance(theme, str):
                problems = f"pwib.toml: {theme}\n"
            else:
                lang = self.lang or result.workspace.lang
                pages = render(result.workspace, BuildOptions(lang=lang, targets=("html",), theme=theme))
        with self._lock:
            self.builds += 1
            changed = 0
            if pages is not None:
                for rel in list(self.pages):
                    if rel not in pages:
                        del self.pages[rel]
                        self.versions.pop(rel, None)
                        changed += 1
                for rel, data in pages.items():
                    if self.pages.get(rel) != data:
                        self.pages[rel] = data
                        self.versions[rel] = self.builds
                        changed += 1
            self.problems = problems
        if self.log is not None:
            ms = (time.perf_counter() - started) * 1000
            if problems is not None:
                what = "errors; the last good pages stay, with the diagnostics on top" if self.pages else "errors"
                self.log.write(f"pwib serve: build {self.builds} has {what} ({ms:.0f} ms)\n")
            elif not first:
                self.log.write(f"pwib serve: rebuilt in {ms:.0f} ms, {changed} page(s) changed\n")
            self.log.flush()

    # -- serving --------------------------------------------------------------------------
    @staticmethod
    def page_key(url_path: str) -> str:
        rel = unquote(url_path).lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return rel

    def version(self, rel: str) -> str:
        with self._lock:
            problems = self.problems
            page = self.versions.get(rel, 0)
        mark = hashlib.sha256(problems.encode("utf-8")).hexdigest()[:12] if problems else "ok"
        return f"{page}-{mark}"

    def page(self, rel: str) -> bytes | None:
        """The page as served: built bytes plus the reload script (and the problems banner)."""
        with self._lock:
            data = self.pages.get(rel)
            problems = self.problems
        version = self.version(rel)
        if data is None:
            if problems is None or not rel.endswith(".html"):
                return None
            return self._error_page(problems, version)
        text = data.decode("utf-8")
        return self._inject(text, version, problems).encode("utf-8")

    def _inject(self, text: str, version: str, problems: str | None) -> str:
        styles = [BANNER_CSS] if problems else []

        def policy(m: re.Match) -> str:
            csp = m.group(1)
            csp = csp.replace("script-src ", f"script-src {_sha(RELOAD_JS)} ", 1)
            if styles:
                csp = csp.replace("style-src ", f"style-src {_sha(BANNER_CSS)} ", 1)
            return f'content="{csp}; connect-src \'self\'"'

        text = re.sub(r'content="(default-src [^"]*)"', policy, text, count=1)
        text = text.replace("<html ", f'<html data-pwib-version="{version}" ', 1)
        if problems:
            banner = (f"<style>{BANNER_CSS}</style><div class=\"pwib-problems\" role=\"alert\"><h2>"
                      "The workspace has errors: this is the last good build</h2>"
                      f"<pre>{html.escape(problems)}</pre></div>")
            text = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, text, count=1)
        return text.replace("</body>", f"<script>{RELOAD_JS}</script>\n</body>", 1)

    def _error_page(self, problems: str, version: str) -> bytes:
        csp = (f"default-src 'none'; style-src {_sha(BANNER_CSS)}; script-src {_sha(RELOAD_JS)}; "
               "connect-src 'self'; base-uri 'none'; form-action 'none'")
        return (
            f'<!DOCTYPE html>\n<html lang="en" data-pwib-version="{version}">\n<head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}"><title>pwib serve: errors</title>'
            f"<style>{BANNER_CSS}</style></head>\n<body><main><div class=\"pwib-problems\" role=\"alert\">"
            f"<h1>The workspace has errors; nothing has been built yet</h1><pre>{html.escape(problems)}</pre>"
            f"</div></main><script>{RELOAD_JS}</script>\n</body>\n</html>\n"
        ).encode("utf-8")


def make_server(preview: Preview, port: int) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 that serves ``preview`` (not yet started)."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "pwib-serve"

        def log_message(self, format, *args):  # the terminal is for diagnostics, not requests
            pass

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self):  # noqa: N802 - the http.server API
            url = urlsplit(self.path)
            if url.path == "/__pwib/version":
                page = parse_qs(url.query).get("page", ["/"])[0]
                self._send(200, preview.version(preview.page_key(page)).encode("ascii"), "text/plain; charset=utf-8")
                return
            body = preview.page(preview.page_key(url.path))
            if body is None:
                self._send(404, b"not found\n", "text/plain; charset=utf-8")
            else:
                self._send(200, body, "text/html; charset=utf-8")

        do_HEAD = do_GET

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    return server
