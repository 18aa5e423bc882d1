"""Typed Messages-API stream events, parsed from SSE events.

Only the six documented event names become events; ``ping`` and unknown names are dropped
(the API may add event types at any time); an ``error`` event raises the typed API error.
Unknown delta types become :class:`UnknownDelta`, which the accumulator ignores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .errors import MalformedResponse, ParleyError, api_error
from .sse import ServerSentEvent

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class MessageStart:
    message: JSON


@dataclass(frozen=True, slots=True)
class BlockStart:
    index: int
    block: JSON


@dataclass(frozen=True, slots=True)
class TextDelta:
    index: int
    text: str


@dataclass(frozen=True, slots=True)
class ThinkingDelta:
    index: int
    thinking: str


@dataclass(frozen=True, slots=True)
class SignatureDelta:
    index: int
    signature: str


@dataclass(frozen=True, slots=True)
class InputJsonDelta:
    index: int
    partial_json: str


@dataclass(frozen=True, slots=True)
class CitationDelta:
    index: int
    citation: JSON


@dataclass(frozen=True, slots=True)
class CompactionDelta:
    index: int
    content: str | None
    encrypted_content: str | None


@dataclass(frozen=True, slots=True)
class UnknownDelta:
    index: int
    delta: JSON


@dataclass(frozen=True, slots=True)
class BlockStop:
    index: int


@dataclass(frozen=True, slots=True)
class MessageDelta:
    delta: JSON
    usage: JSON | None
    context_management: JSON | None


@dataclass(frozen=True, slots=True)
class MessageStop:
    pass


StreamEvent = (
    MessageStart
    | BlockStart
    | TextDelta
    | ThinkingDelta
    | SignatureDelta
    | InputJsonDelta
    | CitationDelta
    | CompactionDelta
    | UnknownDelta
    | BlockStop
    | MessageDelta
    | MessageStop
)

_MESSAGE_STOP = MessageStop()


GARBLED = "What arrived is kept; try again. If it keeps happening, a proxy may be altering the stream"


def _json(sse: ServerSentEvent) -> JSON:
    try:
        data = json.loads(sse.data)
    except ValueError as exc:
        raise MalformedResponse(f"The stream sent unreadable data in a {sse.event!r} event", hint=GARBLED) from exc
    if not isinstance(data, dict):
        raise MalformedResponse(f"The stream sent a {sse.event!r} event that is not a JSON object", hint=GARBLED)
    return data


def _delta(index: int, delta: JSON) -> StreamEvent:
    kind = delta.get("type")
    if kind == "text_delta":
        return TextDelta(index, delta.get("text") or "")
    if kind == "thinking_delta":
        return ThinkingDelta(index, delta.get("thinking") or "")
    if kind == "signature_delta":
        return SignatureDelta(index, delta.get("signature") or "")
    if kind == "input_json_delta":
        return InputJsonDelta(index, delta.get("partial_json") or "")
    if kind == "citations_delta":
        return CitationDelta(index, delta.get("citation") or {})
    if kind == "compaction_delta":
        return CompactionDelta(index, delta.get("content"), delta.get("encrypted_content"))
    return UnknownDelta(index, delta)


def parse_event(
    sse: ServerSentEvent,
    *,
    headers: dict[str, str] | None = None,
    endpoint: str = "the API",
    secret: str | None = None,
) -> StreamEvent | None:
    """The typed event for *sse*, None for events to skip; raises on ``error`` and broken data."""
    name = sse.event
    if name == "content_block_delta":
        data = _json(sse)
        delta = data.get("delta")
        return _delta(_index(data), delta if isinstance(delta, dict) else {})
    if name == "content_block_start":
        data = _json(sse)
        block = data.get("content_block")
        if not isinstance(block, dict):
            raise MalformedResponse("The stream started a content block without a block")
        return BlockStart(_index(data), block)
    if name == "content_block_stop":
        return BlockStop(_index(_json(sse)))
    if name == "message_delta":
        data = _json(sse)
        delta = data.get("delta")
        usage = data.get("usage")
        ctx = data.get("context_management")
        return MessageDelta(
            delta if isinstance(delta, dict) else {},
            usage if isinstance(usage, dict) else None,
            ctx if isinstance(ctx, dict) else None,
        )
    if name == "message_start":
        data = _json(sse)
        message = data.get("message")
        if not isinstance(message, dict):
            raise MalformedResponse("The stream's message_start carried no message")
        return MessageStart(message)
    if name == "message_stop":
        return _MESSAGE_STOP
    if name == "error":
        raise stream_error(sse.data, headers=headers, endpoint=endpoint, secret=secret)
    return None


def stream_error(
    data: str, *, headers: dict[str, str] | None = None, endpoint: str = "the API", secret: str | None = None
) -> ParleyError:
    """The typed error for an ``error`` event received after HTTP 200."""
    return api_error(None, data.encode("utf-8"), headers=headers, endpoint=endpoint, secret=secret)


def _index(data: JSON) -> int:
    index = data.get("index")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise MalformedResponse("The stream sent a content-block event without a valid index")
    return index
