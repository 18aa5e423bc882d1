"""What the real Messages API rejects about tools (reference §4, §7): each check returns the message
the API would answer with (a 400 invalid_request_error), or None."""

from __future__ import annotations

import re
from typing import Any

from .web_rules import FETCH_TYPES, SEARCH_TYPES, web_tool_problem

_EDITOR = "str_replace_based_edit_tool"
_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
TEXT_EDITORS = {"text_editor_20250728": _EDITOR, "text_editor_20250429": _EDITOR}


def tools_problem(tools: Any) -> str | None:
    if tools is None:
        return None
    if not isinstance(tools, list):
        return "tools: Input should be a valid list"
    names = [t.get("name") for t in tools if isinstance(t, dict)]
    if len(names) != len(set(map(str, names))):
        return "tools: Tool names must be unique."
    for i, tool in enumerate(tools):
        if not isinstance(tool, dict):
            return f"tools.{i}: Input should be an object"
        kind = tool.get("type")
        if kind in TEXT_EDITORS:
            if tool.get("name") != TEXT_EDITORS[kind]:
                return f"tools.{i}.{kind}.name: Input should be '{TEXT_EDITORS[kind]}'"
            extra = set(tool) - {"type", "name", "max_characters", "cache_control", "strict"}
            if extra:
                return f"tools.{i}.{kind}.{sorted(extra)[0]}: Extra inputs are not permitted"
        elif kind == "memory_20250818":
            if tool.get("name") != "memory":
                return f"tools.{i}.memory_20250818.name: Input should be 'memory'"
            extra = set(tool) - {"type", "name", "cache_control", "strict", "defer_loading", "allowed_callers"}
            if extra:
                return f"tools.{i}.memory_20250818.{sorted(extra)[0]}: Extra inputs are not permitted"
        elif kind in SEARCH_TYPES | FETCH_TYPES:
            problem = web_tool_problem(i, tool)
            if problem:
                return problem
        elif kind in (None, "custom"):
            if not isinstance(tool.get("name"), str) or not isinstance(tool.get("input_schema"), dict):
                return f"tools.{i}.custom.input_schema: Field required"
            if not _NAME.match(tool["name"]):
                return f"tools.{i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{{1,64}}$'"
            schema = tool["input_schema"]
            if schema.get("type") != "object":
                return f"tools.{i}.custom.input_schema.type: Input should be 'object'"
            if any(key in schema for key in ("oneOf", "allOf", "anyOf")):
                why = "input_schema does not support oneOf, allOf, or anyOf at the top level"
                return f"tools.{i}.custom.input_schema: {why}"
        else:
            return f"tools.{i}: Input tag '{kind}' found using 'type' does not match any of the expected tags"
    return None


def _blocks(message: Any) -> list[dict[str, Any]]:
    content = message.get("content") if isinstance(message, dict) else None
    return [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []


def tool_pairs_problem(messages: list[Any], has_tools: bool, manual: bool) -> str | None:
    """Tool blocks need tool definitions; every result answers a call of the message just before it,
    and every call is answered in the next message;
    in manual thinking mode the assistant message a tool loop continues must start with thinking."""
    previous_calls: set[str] = set()
    for i, message in enumerate(messages):
        blocks = _blocks(message)
        if {b.get("type") for b in blocks} & {"tool_use", "tool_result"} and not has_tools:
            return "Requests which include `tool_use` or `tool_result` blocks must define tools."
        stray = [
            str(b.get("tool_use_id"))
            for b in blocks
            if b.get("type") == "tool_result" and str(b.get("tool_use_id")) not in previous_calls
        ]
        if stray:
            return (
                f"messages.{i}.content.0: unexpected `tool_use_id` found in `tool_result` blocks: {stray[0]}. "
                "Each `tool_result` block must have a corresponding `tool_use` block in the previous message."
            )
        previous_calls = {str(b.get("id")) for b in blocks if b.get("type") == "tool_use"}
        if previous_calls and i + 1 < len(messages):
            answered = {str(b.get("tool_use_id")) for b in _blocks(messages[i + 1]) if b.get("type") == "tool_result"}
            unanswered = sorted(previous_calls - answered)
            if unanswered:
                return (
                    f"messages.{i}: `tool_use` ids were found without `tool_result` blocks immediately after: "
                    f"{unanswered[0]}. Each `tool_use` block must have a corresponding `tool_result` block in the "
                    "next message."
                )
    continues_tools = any(b.get("type") == "tool_result" for b in _blocks(messages[-1]))
    if manual and continues_tools and len(messages) >= 2:
        turn = _blocks(messages[-2])
        first = turn[0].get("type") if turn else None
        if first not in ("thinking", "redacted_thinking"):
            return (
                f"messages.{len(messages) - 2}.content.0.type: Expected `thinking` or `redacted_thinking`, but found "
                f"`{first}`. When `thinking` is enabled, a final `assistant` message must start with a thinking block."
            )
    return None
