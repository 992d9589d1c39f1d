"""``pwib lsp`` on the wire: stdout carries framed JSON-RPC and nothing else.

These tests speak the protocol by hand (no client library), so they also check the framing,
the ``--stdio`` flag some clients append, the exit code, and that a stray ``print`` inside
the server cannot corrupt the stream.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SERVER = [sys.executable, "-m", "pwib_dsl", "lsp", "--stdio"]


def frame(obj: dict) -> bytes:
    body = json.dumps(obj).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_frames(data: bytes) -> list[dict]:
    """Every message in ``data``; fails on any byte that is not part of a frame."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        assert sep, f"unframed bytes on stdout: {data[:80]!r}"
        headers = dict(line.split(": ", 1) for line in head.decode("ascii").split("\r\n"))
        length = int(headers["Content-Length"])
        out.append(json.loads(rest[:length]))
        data = rest[length:]
    return out


def test_initialize_shutdown_exit_over_raw_stdio(tmp_path):
    doc = tmp_path / "x.blueprint"
    text = 'blueprint x "X" {\n  step a "A" {\n    next nergens\n  }\n}\n'
    doc.write_text(text, encoding="utf-8")
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": doc.as_uri(), "languageId": "pwib_blueprint", "version": 1,
                                     "text": text}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
         "params": {"textDocument": {"uri": doc.as_uri()}, "position": {"line": 1, "character": 8}}},
        {"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": None},
        {"jsonrpc": "2.0", "method": "exit", "params": None},
    ]
    proc = subprocess.run(SERVER, input=b"".join(frame(m) for m in messages), capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    received = read_frames(proc.stdout)
    by_id = {m["id"]: m for m in received if "id" in m}
    init = by_id[1]["result"]
    assert init["serverInfo"]["name"] == "pwib"
    assert init["capabilities"]["positionEncoding"] == "utf-16"
    assert "hoverProvider" in init["capabilities"]
    assert "A" in json.dumps(by_id[2]["result"])
    assert by_id[3]["result"] is None
    published = [m for m in received if m.get("method") == "textDocument/publishDiagnostics"]
    assert published, "diagnostics were published before shutdown"
    codes = [d["code"] for d in published[-1]["params"]["diagnostics"]]
    assert "PB501" in codes


def test_stray_print_goes_to_stderr():
    code = textwrap.dedent(
        """
        import sys
        from pwib_dsl.lsp import server

        def start_io(self, stdin, stdout):
            print("stray output from somewhere")
            stdout.write(b"protocol")
            stdout.flush()

        server.PwibLanguageServer.start_io = start_io
        raise SystemExit(server.serve())
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout == b"protocol"
    assert b"stray output from somewhere" in proc.stderr


def test_check_does_not_load_editor_dependencies(tmp_path):
    doc = tmp_path / "x.blueprint"
    doc.write_text('blueprint x "X" {\n  end e "E"\n}\n', encoding="utf-8")
    code = (
        "import sys\nfrom pwib_dsl.cli import main\nrc = main(['check', sys.argv[1]])\n"
        "bad = sorted(m for m in ('pygls', 'lsprotocol', 'pygments') if m in sys.modules)\n"
        "print('LOADED', bad)\nraise SystemExit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(doc)], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr


def test_help_lists_the_stdio_flag():
    proc = subprocess.run([sys.executable, "-m", "pwib_dsl", "lsp", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "--stdio" in proc.stdout


def _reader(stream):
    """Frames from the server's stdout, put on a queue as they arrive (None at the end)."""
    import queue
    import threading

    frames: queue.Queue = queue.Queue()

    def pump():
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    frames.put(None)
                    return
                if line == b"\r\n":
                    break
                key, _, value = line.decode("ascii").partition(": ")
                headers[key] = value.strip()
            frames.put(json.loads(stream.read(int(headers["Content-Length"]))))

    threading.Thread(target=pump, daemon=True).start()
    return frames


def _answer(frames, request_id, timeout=30):
    while True:
        message = frames.get(timeout=timeout)  # queue.Empty: the server stopped answering
        assert message is not None, "the server closed its output"
        if message.get("id") == request_id:
            return message


def test_a_wrong_content_length_is_logged_and_the_next_requests_are_answered(tmp_path):
    """A frame a few bytes off either way: the server reads the JSON body it holds, logs the
    mismatch and goes on answering; bytes that are no message at all are skipped."""
    doc = tmp_path / "x.blueprint"
    text = 'blueprint x "X" {\n  step a "A" {\n    next e\n  }\n  end e "E"\n}\n'
    proc = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        frames = _reader(proc.stdout)

        def send(obj, delta=0, junk=b""):
            body = json.dumps(obj).encode("utf-8")
            proc.stdin.write(junk + b"Content-Length: %d\r\n\r\n" % (len(body) + delta) + body)
            proc.stdin.flush()

        send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}})
        assert "result" in _answer(frames, 1)
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
              "params": {"textDocument": {"uri": doc.as_uri(), "languageId": "pwib_blueprint", "version": 1,
                                          "text": text}}}, delta=+3)
        symbols = {"textDocument": {"uri": doc.as_uri()}}
        send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol", "params": symbols}, delta=+4)
        assert _answer(frames, 2)["result"], "symbols after a frame that claimed too many bytes"
        send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/documentSymbol", "params": symbols}, delta=-3)
        assert _answer(frames, 3)["result"], "symbols after a frame that claimed too few bytes"
        send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/documentSymbol", "params": symbols},
             junk=b"garbage that is no frame\r\n")
        assert _answer(frames, 4)["result"]
        send({"jsonrpc": "2.0", "id": 5, "method": "shutdown", "params": None})
        _answer(frames, 5)
        send({"jsonrpc": "2.0", "method": "exit", "params": None})
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    log = proc.stderr.read().decode()
    assert "Content-Length 1" in log and "JSON body is" in log, log
    assert "Traceback" not in log, log
