"""Server tool blocks sent back in later requests (reference tools-and-mcp.md §A.7, §C).

The API checks what comes back: a search result's ``encrypted_content`` and each citation's
``encrypted_index`` unchanged, every call with its result in the same message (except in a paused
reply being continued), and no block of a tool the request does not define.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

JSON = dict[str, Any]

SERVER_RESULT_TOOL = {"web_search_tool_result": "web_search", "web_fetch_tool_result": "web_fetch"}
_WEB_CITATIONS = ("web_search_result_location", "char_location", "page_location")


def server_blocks(
    blocks: list[JSON], defined: Collection[str], *, paused: bool, earlier: Collection[str] = ()
) -> list[JSON]:
    """One assistant message's server tool blocks as the API accepts them back.

    While a tool is defined its blocks go back untouched (``encrypted_content`` and each
    citation's ``encrypted_index`` are checked by the API). A call without its result (a stop
    while the search ran) is left out, unless this is the paused reply being continued: the API
    runs it then. Once a tool is no longer defined its blocks are told as text, and citations of
    its results are left off (the API would refuse both)."""
    calls = {str(b.get("id")): str(b.get("name")) for b in blocks if b.get("type") == "server_tool_use"}
    answered = {str(b.get("tool_use_id")) for b in blocks if b.get("type") in SERVER_RESULT_TOOL}
    # A server call beside client tool calls waits for their results: its own result starts the
    # next reply (reference §C, mixed calls). *earlier* are the server calls kept before this message.
    paused = paused or any(b.get("type") == "tool_use" for b in blocks)
    if not calls and not answered:
        return blocks
    out: list[JSON] = []
    told = False
    for block in blocks:
        kind = block.get("type")
        if kind == "server_tool_use":
            name = str(block.get("name"))
            if name in defined and (str(block.get("id")) in answered or paused):
                out.append(block)
            elif name not in defined:
                out.append(_server_as_text(block))
                told = True
        elif kind in SERVER_RESULT_TOOL:
            call_id = str(block.get("tool_use_id"))
            if SERVER_RESULT_TOOL[str(kind)] in defined and (call_id in calls or call_id in earlier):
                out.append(block)
            else:
                out.append(_server_as_text(block))
                told = True
        else:
            out.append(block)
    if told:
        out = [_without_web_citations(b) for b in out]
    return out


def _without_web_citations(block: JSON) -> JSON:
    cites = block.get("citations")
    if block.get("type") != "text" or not isinstance(cites, list):
        return block
    if not any(isinstance(c, dict) and c.get("type") in _WEB_CITATIONS for c in cites):
        return block
    return {k: v for k, v in block.items() if k != "citations"}


def _server_as_text(block: JSON) -> JSON:
    kind = block.get("type")
    if kind == "server_tool_use":
        tool_input = block.get("input") or {}
        what = tool_input.get("query") or tool_input.get("url") or ""
        verb = "searched the web for" if block.get("name") == "web_search" else "fetched"
        return {"type": "text", "text": f"[I {verb}: {what}]"}
    content = block.get("content")
    if isinstance(content, list):  # search results
        found = "; ".join(f"{r.get('title') or ''} ({r.get('url')})" for r in content[:10] if isinstance(r, dict))
        return {"type": "text", "text": f"[Search results: {found or 'none'}]"}
    if isinstance(content, dict) and content.get("type") == "web_fetch_result":
        return {"type": "text", "text": f"[Fetched page: {content.get('url')}]"}
    code = content.get("error_code") if isinstance(content, dict) else None
    return {"type": "text", "text": f"[The web tool failed: {code or 'unknown error'}]"}
