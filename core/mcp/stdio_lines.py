"""Reading a stdio server's output in linear time, with a bound on one message.

The SDK's stdio reader (mcp 2.3) joins its buffer to each new chunk and splits the lot on every
read: a message of n bytes costs O(n²). A 20 MB tool result took 10.6 s of CPU on the event loop,
and 50 MB over a minute. Its reader decodes through ``TextReceiveStream``, so Parley hands it
this stream instead: it yields whole lines only (so the SDK's buffer stays empty), collects a line
in parts, and replaces a line past ``MAX_LINE_BYTES`` by a valid JSON-RPC answer to the same
request: the start of its text and a note that Parley cut it (never the whole, never an error
that would lose the call). ``tests/core/test_mcp_servers.py`` checks that this is in effect.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from typing import Any

import anyio

from .translate import CUT_FLAG, MAX_RESULT_CHARS

MAX_LINE_BYTES = 16 * 1024 * 1024  # room for a 5 MB image as base64, and the JSON around it
HEAD_BYTES = 4 * MAX_RESULT_CHARS  # what is kept of a cut message: enough for the text shown
_ID = re.compile(r'"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")')
_TEXT = re.compile(r'"text"\s*:\s*"')


STRAY_LINES: ContextVar[list[str] | None] = ContextVar("mcp_stray_lines", default=None)


class LineBoundedStream:
    """Stands in for ``anyio.streams.text.TextReceiveStream`` in the SDK's stdio reader. Lines that
    are not JSON go to the list in STRAY_LINES of the task that started the server (the first few,
    cut short): a server that prints to stdout is told apart from one that says nothing."""

    def __init__(self, transport_stream: Any, encoding: str = "utf-8", errors: str = "strict") -> None:
        self._stray = STRAY_LINES.get()
        self._stream = transport_stream
        self._encoding, self._errors = encoding, errors
        self._parts: list[bytes] = []
        self._size = 0
        self._head = b""  # the start of a line that grew past the bound (then only its size is counted)

    def __aiter__(self) -> LineBoundedStream:
        return self

    async def __anext__(self) -> str:
        while True:
            try:
                chunk: bytes = await self._stream.receive()
            except anyio.EndOfStream:
                if self._parts:  # a last line without its newline
                    rest, self._parts, self._size = b"".join(self._parts), [], 0
                    return rest.decode(self._encoding, self._errors)
                raise StopAsyncIteration from None
            lines: list[str] = []
            start = 0
            while (end := chunk.find(b"\n", start)) != -1:
                lines.append(self._line(chunk[start : end + 1]))
                start = end + 1
            if start < len(chunk):
                self._add(chunk[start:])
            if lines:
                return "".join(lines)

    def _add(self, part: bytes) -> None:
        self._size += len(part)
        if self._head:
            return
        self._parts.append(part)
        if self._size > MAX_LINE_BYTES:
            self._head = b"".join(self._parts)[:HEAD_BYTES]
            self._parts = []

    def _line(self, last: bytes) -> str:
        head, size = self._head, self._size + len(last)
        parts = self._parts
        self._parts, self._size, self._head = [], 0, b""
        if size > MAX_LINE_BYTES:
            return cut_message(head or b"".join([*parts, last])[:HEAD_BYTES], size) + "\n"
        line = b"".join([*parts, last]).decode(self._encoding, self._errors)
        if (
            self._stray is not None
            and len(self._stray) < 3
            and not line.lstrip().startswith(("{", "["))
            and line.strip()
        ):
            self._stray.append(line.strip()[:120])
        return line


def cut_message(head: bytes, size: int) -> str:
    """A JSON-RPC result for the request *head* answers: its text's start, and a note."""
    text = head.decode("utf-8", "replace")
    found = _ID.search(text)
    if found is None:
        return "{}"  # not an answer Parley can tell: the SDK reports it as unreadable
    preview = ""
    opening = _TEXT.search(text)
    if opening is not None:
        raw = text[opening.end() : opening.end() + MAX_RESULT_CHARS]
        raw = raw.split('"', 1)[0] if '"' in raw.replace('\\"', "") else raw
        try:
            preview = json.loads('"' + raw.rstrip("\\") + '"')
        except ValueError:
            preview = raw
    note = f"\n[Parley cut this result: the server sent {size / 1e6:.0f} MB; the start of its text is shown]"
    # (``resultType``: the 2026-07-28 protocol requires it, earlier versions ignore it. ``isError``
    # spares the cut text the SDK's check against the tool's output schema; ``_meta`` tells
    # ``Connection.call`` that the call itself did not fail.)
    result = {
        "content": [{"type": "text", "text": preview[: MAX_RESULT_CHARS - len(note)] + note}],
        "isError": True,
        "_meta": {CUT_FLAG: True},
        "resultType": "complete",
    }
    return json.dumps({"jsonrpc": "2.0", "id": json.loads(found.group(1)), "result": result})


def install() -> None:
    """Have the SDK's stdio reader read through LineBoundedStream (once; idempotent)."""
    import mcp.client.stdio as sdk_stdio

    sdk_stdio.TextReceiveStream = LineBoundedStream  # type: ignore[attr-defined,assignment]
