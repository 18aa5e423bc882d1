"""Server-sent events: bytes in any chunking → (event, data) pairs, per the WHATWG rules.

Lines end in ``\\r\\n``, ``\\n`` or ``\\r``; ``:`` lines are comments; several ``data:`` lines join
with ``\\n``; a blank line dispatches. Chunks may split anywhere, including inside a line ending or
a multi-byte character, so decoding to text happens per complete line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    event: str
    data: str
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    """Incremental decoder: ``feed(chunk)`` returns the events completed by that chunk."""

    __slots__ = ("_buffer", "_data", "_event", "_id", "_pending_cr", "_retry")

    def __init__(self) -> None:
        self._buffer = b""
        self._pending_cr = False
        self._event = ""
        self._data: list[str] = []
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if not chunk:
            return []
        if self._pending_cr:
            # The previous chunk ended with "\r": a "\n" here belongs to that line ending.
            self._pending_cr = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        buffer = self._buffer + chunk if self._buffer else chunk
        lines = buffer.splitlines(keepends=True)
        events: list[ServerSentEvent] = []
        if lines:
            last = lines[-1]
            if last[-1:] == b"\r":
                # Might be the first half of "\r\n"; the line is complete either way.
                self._pending_cr = True
                self._buffer = b""
            elif last[-1:] != b"\n":
                self._buffer = lines.pop()
            else:
                self._buffer = b""
            for raw in lines:
                event = self._line(raw.rstrip(b"\r\n"))
                if event is not None:
                    events.append(event)
        return events

    def flush(self) -> list[ServerSentEvent]:
        """At the end of the body: an unterminated last line is processed, and an event still
        waiting for its blank line is dispatched. The SDK accepts a stream whose last event has no
        blank line after it; a stream cut inside an event shows as unreadable data, which the
        client treats as a cut stream."""
        events: list[ServerSentEvent] = []
        if self._buffer:
            event = self._line(self._buffer)
            self._buffer = b""
            if event is not None:
                events.append(event)
        event = self._dispatch()
        if event is not None:
            events.append(event)
        return events

    def _line(self, raw: bytes) -> ServerSentEvent | None:
        if not raw:
            return self._dispatch()
        line = raw.decode("utf-8", errors="replace")
        if line[0] == ":":
            return None
        name, sep, value = line.partition(":")
        if sep and value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        # Any other field name is ignored, per the spec.
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._data:
            self._event = ""
            return None
        event = ServerSentEvent(self._event or "message", "\n".join(self._data), self._id, self._retry)
        self._event, self._data, self._retry = "", [], None
        return event
