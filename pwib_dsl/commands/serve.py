"""``pwib serve PATH``: a live preview of the site while the blueprints are edited.

The site is built in memory and served on 127.0.0.1 (``--port 0`` picks a free port). A
watcher looks at the workspace files (``.blueprint`` and ``pwib.toml``) a few times a second;
when one changes the workspace is compiled again and the pages rendered; only pages whose
bytes changed get a new version, and only those reload in the browser. A file with errors
leaves the last good pages in place: its diagnostics are printed in the terminal and shown
in a banner at the top of every page (or on an error page when nothing has built yet).

The served pages are the built pages plus one small script that asks the server for the
page's version every second and reloads when it changes; the page's Content-Security-Policy
is widened for exactly that script (by hash) and for requests to the server itself
(``connect-src 'self'``). Nothing else is served: no file of the disk, only the pages in
memory. Ctrl-C (or SIGTERM) stops the watcher and the server and returns 0.
"""

from __future__ import annotations

import sys

HELP = "serve the site on 127.0.0.1, rebuilding and reloading the page on every save"

POLL_SECONDS = 0.3


def configure(parser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                        help="a workspace folder or .blueprint files (default: the current folder)")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free port; default 8000)")
    parser.add_argument("--lang", choices=("nl", "en"), default=None, help="language of the site's labels")


def run(args) -> int:
    import signal
    import threading

    from pwib_dsl.preview import Preview, make_server

    preview = Preview(args.paths, lang=args.lang, log=sys.stderr)
    preview.rebuild(first=True)
    try:
        server = make_server(preview, args.port)
    except OSError as exc:
        print(f"pwib serve: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    port = server.server_address[1]
    print(f"pwib serve: http://127.0.0.1:{port}/ (Ctrl-C stops)", flush=True)
    stop = threading.Event()

    def on_term(signum, frame):  # SIGTERM: stop like Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    # Ctrl-C stops the server even when the shell started it with SIGINT ignored (a background job)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        while not stop.wait(POLL_SECONDS):
            if preview.changed_files():
                preview.rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    print("pwib serve: stopped", file=sys.stderr, flush=True)
    return 0
