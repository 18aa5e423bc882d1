"""What the real API checks about web search and fetch (reference tools-and-mcp.md §A-C): the tool
definitions, and the server tool blocks a request echoes back.

Search results and citations carry opaque values the fake signs (``encrypted_content``,
``encrypted_index``), so a client that changes or drops them is refused as the real API refuses it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

_KEY = b"fake-api-web-key"
SEARCH_TYPES = {"web_search_20250305", "web_search_20260209", "web_search_20260318"}
FETCH_TYPES = {"web_fetch_20250910", "web_fetch_20260209", "web_fetch_20260309", "web_fetch_20260318"}
_COMMON = {
    "type",
    "name",
    "max_uses",
    "allowed_domains",
    "blocked_domains",
    "cache_control",
    "allowed_callers",
    "defer_loading",
    "strict",
}
_SEARCH_FIELDS = _COMMON | {"user_location"}
_FETCH_FIELDS = _COMMON | {"citations", "max_content_tokens"}
_RESULT_TOOL = {"web_search_tool_result": "web_search", "web_fetch_tool_result": "web_fetch"}
_DOMAIN = re.compile(r"^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(/\S*)?$")
COUNTRIES = {"US", "GB", "CN", "DE", "FR", "JP", "CA", "AU", "IN", "SG", "NL", "SE", "CH", "ES", "IT", "BR", "KR"}


def seal(kind: str, *parts: str) -> str:
    """An opaque value binding *parts*, as the API's encrypted fields do."""
    mac = hmac.new(_KEY, "\0".join((kind, *parts)).encode(), hashlib.sha256).hexdigest()[:40]
    return f"Eq{kind[:3]}{mac}"


def web_tool_problem(i: int, tool: dict[str, Any]) -> str | None:
    """Why the API refuses this web search or fetch definition (None: it accepts it)."""
    kind = str(tool.get("type"))
    search = kind in SEARCH_TYPES
    name = "web_search" if search else "web_fetch"
    if tool.get("name") != name:
        return f"tools.{i}.{kind}.name: Input should be '{name}'"
    extra = set(tool) - (_SEARCH_FIELDS if search else _FETCH_FIELDS)
    if extra:
        return f"tools.{i}.{kind}.{sorted(extra)[0]}: Extra inputs are not permitted"
    uses = tool.get("max_uses")
    if uses is not None and (not isinstance(uses, int) or isinstance(uses, bool) or uses < 1):
        return f"tools.{i}.{kind}.max_uses: Input should be greater than 0"
    if "allowed_domains" in tool and "blocked_domains" in tool:
        return f"tools.{i}.{kind}: Cannot specify both allowed_domains and blocked_domains"
    for key in ("allowed_domains", "blocked_domains"):
        for domain in tool.get(key) or []:
            host = str(domain).split("/", 1)[0]
            if "://" in str(domain) or "*" in host or not _DOMAIN.match(str(domain)):
                return f"tools.{i}.{kind}.{key}: Invalid domain format: {domain!r}"
    location = tool.get("user_location")
    if location is not None:
        fields = {"city", "region", "country", "timezone"}
        if location.get("type") != "approximate" or not (set(location) - {"type"}) or set(location) - fields - {"type"}:
            return f"tools.{i}.{kind}.user_location: Input should be an approximate location"
        if "country" in location and location["country"] not in COUNTRIES:
            return f"tools.{i}.{kind}.user_location.country: Unsupported country code {location['country']!r}"
    return None


def web_blocks_problem(messages: list[Any], tools: Any) -> str | None:
    """Server tool blocks as the API checks them when they come back."""
    defined = {
        str(t.get("name")) for t in tools or [] if isinstance(t, dict) and t.get("type") in SEARCH_TYPES | FETCH_TYPES
    }
    last = len(messages) - 1
    for i, message in enumerate(messages):
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, list):
            continue
        blocks = [b for b in content if isinstance(b, dict)]
        calls = {str(b.get("id")): str(b.get("name")) for b in blocks if b.get("type") == "server_tool_use"}
        results = {str(b.get("tool_use_id")) for b in blocks if b.get("type") in _RESULT_TOOL}
        for j, block in enumerate(blocks):
            kind = block.get("type")
            where = f"messages.{i}.content.{j}"
            if kind in ("server_tool_use", *_RESULT_TOOL) and message.get("role") != "assistant":
                return f"{where}: {kind} blocks may only appear in assistant messages"
            if kind == "server_tool_use":
                name = str(block.get("name"))
                if name not in defined:
                    call = f"`{name}` tool use with id `{block.get('id')}`"
                    return f"{where}: {call} was found, but no `{name}` tool was provided"
                mixed = any(b.get("type") == "tool_use" for b in blocks)  # its result follows the tool results
                if str(block.get("id")) not in results and not mixed and i != last:
                    return (
                        f"`{name}` tool use with id `{block.get('id')}` was found without a corresponding "
                        f"`{name}_tool_result` block"
                    )
            elif kind in _RESULT_TOOL:
                if str(block.get("tool_use_id")) not in calls and i != last:
                    problem = _continued_result(messages, i, block)
                    if problem:
                        return f"{where}: {problem}"
                problem = _result_problem(block)
                if problem:
                    return f"{where}.{problem}"
            elif kind == "text":
                for k, cite in enumerate(block.get("citations") or []):
                    if isinstance(cite, dict) and cite.get("type") == "web_search_result_location":
                        want = seal("index", str(cite.get("url")), str(cite.get("cited_text")))
                        if cite.get("encrypted_index") != want:
                            return f"{where}.citations.{k}.encrypted_index: Invalid `encrypted_index`"
    return None


def _continued_result(messages: list[Any], i: int, block: dict[str, Any]) -> str | None:
    """A result that answers a call of the assistant message before the tool results (mixed turns)."""
    wanted = str(block.get("tool_use_id"))
    for earlier in messages[:i]:
        content = earlier.get("content") if isinstance(earlier, dict) else None
        if isinstance(content, list) and any(
            isinstance(b, dict) and b.get("type") == "server_tool_use" and str(b.get("id")) == wanted for b in content
        ):
            return None
    return f"unexpected `tool_use_id` {wanted} in a web tool result: no such server tool use"


def _result_problem(block: dict[str, Any]) -> str | None:
    content = block.get("content")
    if block.get("type") == "web_search_tool_result" and isinstance(content, list):
        for k, result in enumerate(content):
            if not isinstance(result, dict) or result.get("type") != "web_search_result":
                return f"content.{k}: Input should be a web_search_result"
            if result.get("encrypted_content") != seal("content", str(result.get("url"))):
                return f"content.{k}.encrypted_content: Invalid `encrypted_content`: send search results back unchanged"
            if "page_age" not in result:
                return f"content.{k}.page_age: Field required"
    return None
