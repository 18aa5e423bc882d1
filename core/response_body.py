"""Reading a response body: an error body up to a size limit, and a plain JSON message (a proxy
that ignored ``stream: true``) as the event sequence a stream would have carried."""

from __future__ import annotations

import json
from typing import Any

import httpx

from .events import BlockStart, BlockStop, MessageDelta, MessageStart, MessageStop, StreamEvent

JSON = dict[str, Any]
MAX_ERROR_BODY = 1 << 20


async def read_limited(response: httpx.Response) -> bytes:
    """An error body, at most MAX_ERROR_BODY bytes of it (a proxy may send a huge page)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_ERROR_BODY:
            break
    return b"".join(chunks)[:MAX_ERROR_BODY]


def is_json_object(data: str) -> bool:
    """Whether an event's data arrived whole (a stream cut inside an event leaves it unreadable)."""
    try:
        return isinstance(json.loads(data), dict)
    except ValueError:
        return False


def events_from_message(message: JSON) -> list[StreamEvent]:
    """The event sequence a stream would have carried for a complete (non-streamed) message."""
    start = {k: v for k, v in message.items() if k not in ("content", "stop_reason", "stop_sequence", "stop_details")}
    start.update(content=[], stop_reason=None, stop_sequence=None)
    events: list[StreamEvent] = [MessageStart(start)]
    for i, block in enumerate(message.get("content") or []):
        if not isinstance(block, dict):
            continue
        events.append(BlockStart(i, block))
        events.append(BlockStop(i))
    delta: JSON = {k: message.get(k) for k in ("stop_reason", "stop_sequence", "stop_details") if k in message}
    usage = message.get("usage")
    events.append(MessageDelta(delta, usage if isinstance(usage, dict) else None, None))
    events.append(MessageStop())
    return events
