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
