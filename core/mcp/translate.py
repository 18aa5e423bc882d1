"""MCP tools and results, as the Messages API takes them (reference §D, §F.4).

Tool names: MCP allows ``[A-Za-z0-9._-]{1,128}``, the API ``[a-zA-Z0-9_-]{1,64}`` and unique across
every tool in a request. Each tool gets ``mcp__<server>__<tool>`` with other characters as ``_``;
one that is too long, or that would clash, ends in a hash of its server and name. A table maps each
API name back to exactly one (server, tool).

Schemas pass through, except a top-level ``oneOf``/``anyOf``/``allOf``, which the API rejects (and
one bad tool would fail every request): such a schema keeps its properties, with the alternatives
described in its description instead.

Results keep their kinds: text, images (jpeg, png, gif, webp) as image blocks, PDF resources as
documents, text resources as text with their URI; anything else is named, not dropped silently.
Text past ``MAX_RESULT_CHARS`` and images past ``MAX_IMAGE_BYTES`` are cut with a note, so a 50 MB
result never reaches the request (or the history).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]
NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
MAX_RESULT_CHARS = 100_000  # about 25k tokens: more would crowd out the conversation
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # the API's limit for one image
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
COMBINATORS = ("oneOf", "anyOf", "allOf")
CUT_FLAG = "parley/cut"  # in a result's _meta: Parley cut the message on its way in (stdio_lines)


@dataclass(frozen=True, slots=True)
class McpTool:
    """One tool of one server, as listed, and the name Claude calls it by."""

    server: str
    name: str
    api_name: str
    description: str
    input_schema: JSON
    read_only: bool = False

    def definition(self) -> JSON:
        out: JSON = {"name": self.api_name, "input_schema": clean_schema(self.input_schema)}
        described = self.description.strip() or f"The {self.name} tool of the {self.server} MCP server."
        out["description"] = described
        return out


def api_names(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """An API name for each (server, tool): valid, unique, and stable for the same pairs."""
    out: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for server, tool in pairs:
        name = re.sub(r"[^a-zA-Z0-9_-]", "_", f"mcp__{server}__{tool}")
        if len(name) > 64 or name in taken:
            tag = hashlib.sha1(f"{server}\x00{tool}".encode()).hexdigest()[:8]
            name = f"{name[:55]}_{tag}"
        out[(server, tool)] = name
        taken.add(name)
    return out


def clean_schema(schema: object) -> JSON:
    """*schema* as the API takes it: an object at the root, with no top-level combinator."""
    if not isinstance(schema, dict):
        return {"type": "object", "properties": {}}
    out = dict(schema)
    alternatives = [out.pop(key) for key in COMBINATORS if key in out]
    out["type"] = "object"
    if not isinstance(out.get("properties"), dict):
        out["properties"] = {}
    if alternatives:
        for group in alternatives:  # keep what the alternatives' properties are, so Claude can use them
            for option in group if isinstance(group, list) else []:
                if isinstance(option, dict) and isinstance(option.get("properties"), dict):
                    for key, value in option["properties"].items():
                        out["properties"].setdefault(key, value)
        note = "Accepts one of these shapes: " + json.dumps(alternatives, ensure_ascii=False)[:2_000]
        out["description"] = f"{out['description']} {note}" if isinstance(out.get("description"), str) else note
        out.pop("required", None)  # (each shape has its own)
    return out


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return (
        text[:limit] + f"\n[Parley cut this result: {len(text):,} characters, of which the first {limit:,} are shown]"
    )


def result_blocks(content: list[Any], structured: object, is_error: bool) -> tuple[list[JSON], bool]:
    """An MCP ``CallToolResult``'s parts as ``tool_result`` content blocks, and its error flag.

    *content* holds the SDK's content objects (or their wire dicts): each has a ``type``."""
    blocks: list[JSON] = []
    budget = MAX_RESULT_CHARS
    for item in content:
        part = item if isinstance(item, dict) else item.model_dump(by_alias=True, mode="json")
        kind = part.get("type")
        if kind == "text":
            text = str(part.get("text") or "")
            if text:
                blocks.append({"type": "text", "text": _cut(text, max(budget, 0))})
                budget -= len(text)
        elif kind == "image":
            blocks.append(_image(str(part.get("mimeType") or ""), str(part.get("data") or "")))
        elif kind == "resource":
            blocks.append(_resource(part.get("resource") or {}, budget))
            budget -= len(str((part.get("resource") or {}).get("text") or ""))
        elif kind == "resource_link":
            blocks.append({"type": "text", "text": f"[resource link] {part.get('name', '')}: {part.get('uri', '')}"})
        else:
            blocks.append({"type": "text", "text": f"[{kind or 'unknown'} content omitted: Parley cannot send it]"})
    if not blocks and structured is not None:
        blocks.append({"type": "text", "text": _cut(json.dumps(structured, ensure_ascii=False), MAX_RESULT_CHARS)})
    return blocks, bool(is_error)


def _image(mime: str, data: str) -> JSON:
    if mime not in IMAGE_TYPES:
        return {
            "type": "text",
            "text": f"[an image of type {mime or 'unknown'} omitted: the API takes jpeg, png, gif, webp]",
        }
    size = len(data) * 3 // 4
    if size > MAX_IMAGE_BYTES:
        return {"type": "text", "text": f"[an image of {size:,} bytes omitted: over the API's 5 MB limit]"}
    try:
        base64.b64decode(data, validate=True)
    except ValueError:
        return {"type": "text", "text": "[an image omitted: its data was not valid base64]"}
    return {"type": "image", "source": {"type": "base64", "media_type": mime, "data": data}}


def _resource(resource: JSON, budget: int) -> JSON:
    uri, mime = str(resource.get("uri") or ""), str(resource.get("mimeType") or "")
    if "text" in resource:
        return {"type": "text", "text": _cut(f"[{uri}]\n{resource.get('text') or ''}", max(budget, 0))}
    blob = str(resource.get("blob") or "")
    if mime in IMAGE_TYPES:
        return _image(mime, blob)
    if mime == "application/pdf" and len(blob) * 3 // 4 <= 32 * 1024 * 1024:
        return {"type": "document", "source": {"type": "base64", "media_type": mime, "data": blob}}
    return {"type": "text", "text": f"[binary resource {uri} ({mime or 'unknown type'}) omitted]"}


FOLD_AT = 400  # characters of one string value shown before it is folded


def readable_arguments(arguments: JSON) -> str:
    """A call's arguments for the user to read before approving: pretty JSON, long strings folded
    (their length said), so nothing is hidden in a single unreadable line."""

    def fold(value: object) -> object:
        if isinstance(value, str) and len(value) > FOLD_AT:
            return f"{value[:FOLD_AT]}… ({len(value) - FOLD_AT:,} more characters)"
        if isinstance(value, dict):
            return {k: fold(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fold(v) for v in value]
        return value

    return json.dumps(fold(arguments), indent=2, ensure_ascii=False)


def split_api_name(api_name: str) -> tuple[str, str] | None:
    """(server, tool) as an API name shows them (``mcp__server__tool``), for a saved chat's steps;
    None for a tool that is not an MCP server's."""
    if not api_name.startswith("mcp__"):
        return None
    server, _, tool = api_name[5:].partition("__")
    return (server, tool) if server and tool else None


def plain_result(blocks: list[JSON]) -> str:
    """A result's text for showing in a step (images and documents named)."""
    parts = []
    for block in blocks:
        if block.get("type") == "text":
            parts.append(str(block.get("text") or ""))
        else:
            parts.append(f"[{block.get('type')}]")
    return "\n".join(parts)
