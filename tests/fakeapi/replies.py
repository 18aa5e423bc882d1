"""Scripted replies for the fake API: streams, errors, faults (cut, stall, malformed, HTML)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .directives import LONG_ANSWER, THINKING, directives
from .rules import MODELS, sign_thinking

Event = tuple[str, dict[str, Any] | str]


@dataclass
class Reply:
    """One response. ``events`` are SSE events; ``body`` a plain body; ``raw`` raw SSE bytes."""

    status: int = 200
    events: list[Event] | None = None
    body: bytes | None = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    delay: float = 0.0  # seconds between events
    first_delay: float = 0.0  # seconds before the first event
    cut_after: int | None = None  # drop the connection after this many events
    stall_after: int | None = None  # go silent after this many events...
    stall_for: float = 0.0  # ...for this long
    chunk: int | None = None  # write the stream in chunks of this many bytes
    skip_validation: bool = False  # answer even a request the real API would reject


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def message_events(
    model: str,
    blocks: list[dict[str, Any]],
    *,
    stop_reason: str = "end_turn",
    stop_details: dict[str, Any] | None = None,
    input_tokens: int = 25,
    usage_extra: dict[str, Any] | None = None,
    final_usage_extra: dict[str, Any] | None = None,
    piece: int = 12,
    message_id: str = "msg_fake01",
) -> list[Event]:
    """The event sequence for a message made of *blocks*.

    Blocks: ``{"type":"text","text":…}``, ``{"type":"thinking","thinking":…,"omitted":bool}``,
    ``{"type":"redacted_thinking","data":…}``, ``{"type":"tool_use","id","name","input"}``.
    Text and thinking are split into deltas of *piece* characters.
    """
    usage = {
        "input_tokens": input_tokens,
        "output_tokens": 1,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
    }
    if usage_extra:
        usage.update(usage_extra)
    events: list[Event] = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": message_id,
                    "type": "message",
                    "role": "assistant",
                    "content": [],
                    "model": model,
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": dict(usage),
                },
            },
        )
    ]
    output = 0
    for index, block in enumerate(blocks):
        kind = block["type"]
        if kind == "text":
            events.append(_start(index, {"type": "text", "text": ""}))
            cites = list(block.get("citations") or [])
            for i in range(0, len(block["text"]), piece):
                events.append(_delta(index, {"type": "text_delta", "text": block["text"][i : i + piece]}))
                if cites:  # citations spread over the block's text deltas
                    events.append(_delta(index, {"type": "citations_delta", "citation": cites.pop(0)}))
            events += [_delta(index, {"type": "citations_delta", "citation": c}) for c in cites]
            output += _tokens(block["text"])
        elif kind == "thinking":
            omitted = bool(block.get("omitted"))
            events.append(_start(index, {"type": "thinking", "thinking": "", "signature": ""}))
            if not omitted:
                for i in range(0, len(block["thinking"]), piece):
                    events.append(
                        _delta(index, {"type": "thinking_delta", "thinking": block["thinking"][i : i + piece]})
                    )
            sig = block.get("signature") or sign_thinking(model, block["thinking"], omitted)
            events.append(_delta(index, {"type": "signature_delta", "signature": sig}))
            output += _tokens(block["thinking"])
        elif kind == "redacted_thinking":
            events.append(_start(index, {"type": "redacted_thinking", "data": block["data"]}))
        elif kind == "compaction":
            events.append(_start(index, {"type": "compaction", "content": None}))
            events.append(_delta(index, {"type": "compaction_delta", "content": block["content"]}))
        elif kind in ("tool_use", "server_tool_use"):
            events.append(_start(index, {"type": kind, "id": block["id"], "name": block["name"], "input": {}}))
            raw = json.dumps(block["input"])
            events.append(_delta(index, {"type": "input_json_delta", "partial_json": ""}))
            for i in range(0, len(raw), piece):
                events.append(_delta(index, {"type": "input_json_delta", "partial_json": raw[i : i + piece]}))
            output += _tokens(raw)
        else:
            events.append(_start(index, dict(block)))
        events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
    delta: dict[str, Any] = {"stop_reason": stop_reason, "stop_sequence": None}
    if stop_details is not None:
        delta["stop_details"] = stop_details
    final_usage: dict[str, Any] = {"output_tokens": max(output, 1), **(final_usage_extra or {})}
    events.append(("message_delta", {"type": "message_delta", "delta": delta, "usage": final_usage}))
    events.append(("message_stop", {"type": "message_stop"}))
    return events


def _start(index: int, block: dict[str, Any]) -> Event:
    return ("content_block_start", {"type": "content_block_start", "index": index, "content_block": block})


def _delta(index: int, delta: dict[str, Any]) -> Event:
    return ("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})


def text_reply(
    model: str,
    text: str,
    *,
    thinking: str | None = None,
    omitted: bool = False,
    stop_reason: str = "end_turn",
    **kw: Any,
) -> Reply:
    blocks: list[dict[str, Any]] = []
    if thinking is not None:
        blocks.append({"type": "thinking", "thinking": thinking, "omitted": omitted})
    blocks.append({"type": "text", "text": text})
    return Reply(events=message_events(model, blocks, stop_reason=stop_reason, **kw))


def cut_tool_call_reply(model: str, text: str, partial_json: str, call_id: str = "toolu_cut") -> Reply:
    """A reply that ``max_tokens`` stopped while it wrote a text editor call's input: the call's
    block never stops, and its JSON is cut where *partial_json* ends."""
    events = message_events(model, [{"type": "text", "text": text}], stop_reason="max_tokens")
    call = {"type": "tool_use", "id": call_id, "name": "str_replace_based_edit_tool", "input": {}}
    cut: list[Event] = [
        _start(1, call),
        _delta(1, {"type": "input_json_delta", "partial_json": partial_json}),
    ]
    return Reply(events=events[:-2] + cut + events[-2:])


def refusal_reply(
    model: str,
    partial: str = "Hello..",
    category: str | None = "cyber",
    explanation: str | None = "This request was declined because it could enable cyber harm.",
) -> Reply:
    return Reply(
        events=message_events(
            model,
            [{"type": "text", "text": partial}],
            stop_reason="refusal",
            stop_details={"type": "refusal", "category": category, "explanation": explanation},
        )
    )


def error_reply(
    status: int,
    error_type: str,
    message: str,
    *,
    retry_after: float | None = None,
    shape: str = "anthropic",
    error_code: str | None = None,
    request_id: str = "req_fake_err",
) -> Reply:
    if shape == "openai":
        body: dict[str, Any] = {
            "error": {"code": None, "type": error_type, "param": "", "message": f"{message} (tid: 2026112400000000001)"}
        }
    else:
        err: dict[str, Any] = {"type": error_type, "message": message}
        if error_code:
            err["details"] = {"error_code": error_code}
        body = {"type": "error", "error": err, "request_id": request_id}
    headers = {"request-id": request_id}
    if retry_after is not None:
        headers["retry-after"] = f"{retry_after:g}"
    return Reply(status=status, body=json.dumps(body).encode(), headers=headers, content_type="application/json")


def html_reply(status: int = 502) -> Reply:
    page = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
    return Reply(status=status, body=page, content_type="text/html")


def error_event_reply(
    model: str, partial: str = "Hello", error_type: str = "overloaded_error", message: str = "Overloaded"
) -> Reply:
    events = message_events(model, [{"type": "text", "text": partial}])[:3]  # start, block start, one delta
    events.append(("error", {"type": "error", "error": {"type": error_type, "message": message}}))
    return Reply(events=events)


def sse_file_reply(path: Path, **kw: Any) -> Reply:
    return Reply(raw=path.read_bytes(), **kw)


def default_reply(
    body: dict[str, Any], usage: dict[str, Any] | None = None, compaction: tuple[str | None, int] = (None, 0)
) -> Reply:
    """What the fake answers when nothing is scripted: an echo, with thinking when asked for.

    *usage* is the prompt's accounting (accounting.PromptCache); *compaction* a summary to open the
    reply with, and the input tokens it compacted."""
    model = body.get("model", "claude-sonnet-4-6")
    wanted = directives(body)
    if "error" in wanted:
        status = int(wanted["error"] or 529)
        kind = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error"}.get(
            status, "rate_limit_error" if status == 429 else "overloaded_error" if status == 529 else "api_error"
        )
        return error_reply(status, kind, f"The fake API was asked for a {status}", retry_after=None)
    if "refuse" in wanted:
        return refusal_reply(model, partial="I can't help with that part.")
    from .web import wants_web, web_reply

    if wants_web(body):
        return web_reply(body, delay=0.05 if "slow" in wanted else 0.0)
    last = body["messages"][-1]["content"]
    prompt = (
        last
        if isinstance(last, str)
        else " ".join(b.get("text", "") for b in last if isinstance(b, dict) and b.get("type") == "text")
    )
    text = LONG_ANSWER if "long" in wanted else f"You said: {prompt.strip()[:200]}"
    thinking = body.get("thinking") or {}
    blocks: list[dict[str, Any]] = []
    if thinking.get("type") in ("adaptive", "enabled"):
        fake = MODELS.get(model)
        display = thinking.get("display") or (fake.display_default if fake else "summarized")
        thought = THINKING if "think" in wanted else f"The user wrote {len(prompt)} characters; answer plainly."
        blocks.append({"type": "thinking", "thinking": thought, "omitted": display == "omitted"})
    blocks.append({"type": "text", "text": text})
    usage = usage or {"input_tokens": _tokens(json.dumps(body.get("messages")))}
    summary, compacted = compaction
    final_extra: dict[str, Any] = {}
    if summary is not None:
        blocks.insert(0, {"type": "compaction", "content": summary})
        final_extra["iterations"] = [
            {"type": "compaction", "input_tokens": compacted, "output_tokens": _tokens(summary)},
            {"type": "message", **usage, "output_tokens": _tokens(text)},
        ]
    extra = {k: v for k, v in usage.items() if k != "input_tokens"}
    return Reply(
        events=message_events(
            model,
            blocks,
            input_tokens=usage["input_tokens"],
            usage_extra=extra,
            final_usage_extra=final_extra,
            stop_reason="max_tokens" if "cut" in wanted else "end_turn",
        ),
        delay=0.05 if "slow" in wanted else 0.0,
    )


def encode_events(events: list[Event]) -> list[bytes]:
    out = []
    for name, data in events:
        payload = data if isinstance(data, str) else json.dumps(data)
        out.append(f"event: {name}\ndata: {payload}\n\n".encode())
    return out
