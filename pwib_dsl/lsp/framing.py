"""Reading LSP frames from a byte stream, and finding the next frame again after a bad one.

A frame is headers (``Content-Length: N``), an empty line, then N bytes of JSON. A client
that gets N wrong by a few bytes would otherwise lose the server for good: with N too large
the read waits for bytes that never come (the client is waiting for the answer), with N too
small the rest of the body is read as the next headers. The body is one JSON value, so it
says itself where it ends: :class:`FrameReader` takes the first complete JSON value after the
headers as the body, whatever N says, and logs the disagreement; bytes that are no JSON at
all are skipped up to the next ``Content-Length`` header, with a log line. The server then
answers the next request again.

The reads block (pygls runs them in its thread pool): only what the stream holds is read, so
a body that is complete before N bytes have arrived is handled at once.
"""

from __future__ import annotations

import json
import logging
import os
import re
import select

_HEADER = re.compile(rb"Content-Length:[ \t]*(\d+)[ \t]*\r?$", re.I)
_DECODER = json.JSONDecoder()
_WS = b" \t\r\n"

log = logging.getLogger("pwib_dsl.lsp")


class FrameReader:
    """Frames from a binary stream (a pipe or file) — see the module docstring."""

    def __init__(self, stream, chunk: int = 65536):
        self.stream = stream
        self.chunk = chunk
        self.buffer = bytearray()
        self.eof = False
        try:
            self._fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self._fd = None

    def _fill(self) -> bool:
        """Read what the stream has (waiting only when it has nothing); False at its end."""
        if self.eof:
            return False
        if self._fd is not None:
            data = os.read(self._fd, self.chunk)
        else:
            read1 = getattr(self.stream, "read1", None)
            data = read1(self.chunk) if read1 else self.stream.read(1)
        if not data:
            self.eof = True
            return False
        self.buffer += data
        return True

    def _line(self) -> bytes | None:
        while True:
            end = self.buffer.find(b"\n")
            if end != -1:
                line = bytes(self.buffer[: end + 1])
                del self.buffer[: end + 1]
                return line
            if not self._fill():
                if self.buffer:
                    line = bytes(self.buffer)
                    self.buffer.clear()
                    return line
                return None

    def read(self) -> bytes | None:
        """The next message body (JSON bytes), or None at the end of the stream."""
        while True:
            length = None
            while True:  # headers, up to the empty line
                line = self._line()
                if line is None:
                    return None
                if not line.strip():
                    if length is not None:
                        break
                    continue
                m = _HEADER.search(line.rstrip(b"\n"))
                if m is not None:
                    if m.start() > 0 and line[: m.start()].strip():
                        log.warning("skipped %d bytes before a Content-Length header", m.start())
                    length = int(m.group(1))
                elif length is None and not line.lower().startswith(b"content-type:"):
                    log.warning("skipped a line that is not an LSP header (%d bytes)", len(line))
            body = self._body(length)
            if body is not None:
                return body

    def _body(self, length: int) -> bytes | None:
        """The JSON value after the headers; None when the bytes hold none (skipped)."""
        while True:
            if len(self.buffer) >= length:
                head = bytes(self.buffer[:length])
                try:
                    json.loads(head)
                except ValueError:
                    pass
                else:
                    del self.buffer[:length]
                    return head
            if len(self.buffer) < length and self._ready():
                self._fill()  # the normal case: the rest of the body is on its way
                continue
            end = self._json_end()
            if end is not None:
                body = bytes(self.buffer[:end])
                del self.buffer[:end]
                log.warning(
                    "a frame said Content-Length %d but its JSON body is %d bytes; read it and went on",
                    length, end,
                )
                return body
            header = self._next_header()
            if header is not None:
                log.warning("skipped %d bytes that are no JSON message, up to the next header", header)
                del self.buffer[:header]
                return None
            if not self._fill():
                if self.buffer:
                    log.warning("the stream ended inside a message (%d bytes dropped)", len(self.buffer))
                    self.buffer.clear()
                return None

    def _ready(self) -> bool:
        """Whether the stream has bytes that can be read without waiting."""
        if self.eof:
            return False
        if self._fd is None:
            return True
        try:
            readable, _, _ = select.select([self._fd], [], [], 0)
        except (OSError, ValueError):
            return False
        return bool(readable)

    def _json_end(self) -> int | None:
        """Where the first complete JSON value in the buffer ends, if it is complete."""
        data = bytes(self.buffer)
        stripped = data.lstrip(_WS)
        if not stripped or stripped[:1] not in (b"{", b"["):
            return None
        # a value can only be complete once a closing bracket has arrived: do not parse before
        closing = max(data.rfind(b"}"), data.rfind(b"]"))
        if closing == -1:
            return None
        start = len(data) - len(stripped)
        try:
            text = data[: closing + 1].decode("utf-8")
        except UnicodeDecodeError:
            text = data[: closing + 1].decode("utf-8", "ignore")
        try:
            _value, end = _DECODER.raw_decode(text, start)
        except ValueError:
            return None
        return len(text[:end].encode("utf-8"))

    def _next_header(self) -> int | None:
        """Offset of a ``Content-Length`` header after the start of the buffer, if any."""
        m = re.search(rb"Content-Length:", self.buffer[1:], re.I)
        return m.start() + 1 if m else None


async def run(stop_event, reader: FrameReader, protocol, executor=None, error_handler=None) -> None:
    """The message loop: frames from ``reader`` to the pygls ``protocol`` until the end."""
    import asyncio

    from pygls.exceptions import JsonRpcException

    loop = asyncio.get_running_loop()
    while not stop_event.is_set():
        body = await loop.run_in_executor(executor, reader.read)
        if body is None:
            log.info("the client closed the stream")
            break
        try:
            message = json.loads(body, object_hook=protocol.structure_message)
            protocol.handle_message(message)
        except Exception as exc:  # noqa: BLE001 - one bad message must not end the session
            log.exception("could not handle a message")
            if error_handler is not None:
                error_handler(exc, JsonRpcException)
