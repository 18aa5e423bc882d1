"""A scripted tool-using model for the fake API: each step of a turn is a list of blocks.

The step is chosen by how many tool rounds the request's current turn already holds (tool-result
messages after the last prompt the user wrote), so a retry or a stop replays from the right place.
With thinking on, every step starts with a signed thinking block (interleaved thinking), which the
strict rules then verify when the next request echoes it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .replies import Reply, message_events
from .server import Recorded

Step = list[dict[str, Any]]
EDITOR = "str_replace_based_edit_tool"


def call(call_id: str, **tool_input: Any) -> dict[str, Any]:
    """A text editor tool call block."""
    return {"type": "tool_use", "id": call_id, "name": EDITOR, "input": tool_input}


def tool_use(call_id: str, name: str, **tool_input: Any) -> dict[str, Any]:
    """A call of any client tool by name (an MCP server's ``mcp__server__tool``, ``memory``)."""
    return {"type": "tool_use", "id": call_id, "name": name, "input": tool_input}


def say(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text}


def tool_round(body: dict[str, Any]) -> int:
    """How many tool-result messages follow the last message the user typed."""
    rounds = 0
    for message in reversed(body.get("messages") or []):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, list) and content and content[0].get("type") == "tool_result":
            rounds += 1
            if any(b.get("type") == "text" and not b["text"].startswith("[Parley note]") for b in content):
                break  # results of a stopped turn, then the user's new prompt
        else:
            break
    return rounds


def results_in(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The tool_result blocks of the request's last message."""
    last = (body.get("messages") or [{}])[-1].get("content")
    return [b for b in last if b.get("type") == "tool_result"] if isinstance(last, list) else []


def agent(steps: list[Step], *, delay: float = 0.0) -> Callable[[Recorded], Reply | None]:
    """A handler (for ``FakeAPI.handler``) that plays *steps*, one per request of a turn."""

    def handler(req: Recorded) -> Reply | None:
        body = req.body or {}
        if not isinstance(body, dict) or "messages" not in body:
            return None
        step = steps[min(tool_round(body), len(steps) - 1)]
        thinking = (body.get("thinking") or {}).get("type") in ("adaptive", "enabled")
        blocks = (
            [{"type": "thinking", "thinking": f"Step {tool_round(body) + 1}: deciding what to do next."}]
            if thinking
            else []
        ) + step
        stop = "tool_use" if any(b["type"] == "tool_use" for b in step) else "end_turn"
        tokens = max(1, len(json.dumps(body.get("messages"))) // 4)
        return Reply(events=message_events(body["model"], blocks, stop_reason=stop, input_tokens=tokens), delay=delay)

    return handler
