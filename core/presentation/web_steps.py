"""Web search and fetch calls in a reply, as steps the reader can follow.

Each ``server_tool_use`` is paired with its result block by ``tool_use_id`` (not by position):
"Searched: *query* · 8 results" with the results' titles, domains and dates, or "Read: *page
title*". An error inside a result block is a step that failed, in plain words; it never fails the
turn. Everything here comes from the web and is untrusted: it is shown as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..i18n import QT_TR_NOOP, tr

JSON = dict[str, Any]
ERROR_WORDS = {
    "too_many_requests": QT_TR_NOOP("too many requests just now (rate limited)"),
    "invalid_tool_input": QT_TR_NOOP("the query or address was not valid"),
    "max_uses_exceeded": QT_TR_NOOP("the limit of searches for this answer was reached"),
    "query_too_long": QT_TR_NOOP("the query was too long"),
    "request_too_large": QT_TR_NOOP("the request was too large (often a long domain list)"),
    "unavailable": QT_TR_NOOP("the service was unavailable"),
    "url_too_long": QT_TR_NOOP("the address was too long"),
    "url_not_allowed": QT_TR_NOOP("the address is not allowed (domain filters, robots.txt or a private address)"),
    "url_not_in_prior_context": QT_TR_NOOP("the address had not appeared in the conversation"),
    "url_not_accessible": QT_TR_NOOP("the page could not be reached"),
    "unsupported_content_type": QT_TR_NOOP("the page is not text, HTML or PDF"),
    "content_too_large": QT_TR_NOOP("the page was too large"),
}
_RESULTS = {"web_search_tool_result": "web_search", "web_fetch_tool_result": "web_fetch"}


def error_words(code: str) -> str:
    """The API's error code in plain words (an unknown code is shown as it is)."""
    return tr(ERROR_WORDS[code]) if code in ERROR_WORDS else code.replace("_", " ")


@dataclass
class WebCall:
    """One web search or fetch of a reply, and what came of it."""

    id: str
    tool: str  # web_search | web_fetch
    input: JSON
    results: list[JSON] = field(default_factory=list)  # {url, title, page_age} per search result
    page: JSON | None = None  # a fetch's {url, title, retrieved_at}
    error: str | None = None  # the API's error code
    done: bool = False

    @property
    def query(self) -> str:
        return str(self.input.get("query") or self.input.get("url") or "")

    def title(self) -> str:
        """``Searched: asyncio · 5 results``, ``Read: Example Domain``, or what is under way."""
        if self.tool == "web_search":
            if not self.done:
                return tr("Searching: {query}…").format(query=self.query)
            if self.error is None:
                count = len(self.results)
                found = tr("1 result") if count == 1 else tr("{n} results").format(n=count)
                return tr("Searched: {query} · {found}").format(query=self.query, found=found)
            return tr("Searched: {query}").format(query=self.query)
        if not self.done:
            return tr("Reading: {url}…").format(url=self.query)
        name = (self.page or {}).get("title") or self.query
        return tr("Read: {page}").format(page=name)

    def failure(self) -> str | None:
        """What went wrong, in plain words (None: it worked)."""
        return None if self.error is None else error_words(self.error)

    def detail_lines(self) -> list[str]:
        """The results, one line each: title · domain · date."""
        if self.tool == "web_fetch":
            page = self.page or {}
            when = page.get("retrieved_at")
            return (
                [
                    f"{page.get('title') or page.get('url')} · {domain(str(page.get('url') or ''))}"
                    + (f" · {when}" if when else "")
                ]
                if page
                else []
            )
        return [
            " · ".join(
                str(x)
                for x in (r.get("title") or r.get("url"), domain(str(r.get("url") or "")), r.get("page_age"))
                if x
            )
            for r in self.results
        ]

    def as_json(self) -> JSON:
        """``{tool, input, results, error}`` for ``parley ask --json``: error is the code, then plain words."""
        return {
            "tool": self.tool,
            "input": self.input,
            "results": self.results if self.tool == "web_search" else ([self.page] if self.page else []),
            "error": f"{self.error}: {error_words(self.error)}" if self.error else None,
        }


def domain(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def web_calls(content: list[JSON]) -> list[WebCall]:
    """The reply's web calls in order, each with its result when it came."""
    calls: dict[str, WebCall] = {}
    for block in content:
        kind = block.get("type")
        if kind == "server_tool_use" and block.get("name") in ("web_search", "web_fetch"):
            raw = block.get("input")
            tool_input: JSON = raw if isinstance(raw, dict) else {}
            calls[str(block.get("id"))] = WebCall(str(block.get("id")), str(block["name"]), tool_input)
        elif kind in _RESULTS:
            call = calls.get(str(block.get("tool_use_id")))
            if call is not None:  # (else its call was in the paused reply before: see result_blocks)
                apply_result(call, block)
    return list(calls.values())


def result_blocks(content: list[JSON]) -> dict[str, JSON]:
    """Web result blocks by the id of the call they answer (a paused call's result comes in the next reply)."""
    return {str(b.get("tool_use_id")): b for b in content if b.get("type") in _RESULTS}


def apply_result(call: WebCall, block: JSON) -> None:
    """Fill *call* from its result block."""
    call.done = True
    content = block.get("content")
    if isinstance(content, list):
        call.results = [
            {"url": r.get("url"), "title": r.get("title"), "page_age": r.get("page_age")}
            for r in content
            if isinstance(r, dict)
        ]
    elif isinstance(content, dict) and content.get("type") == "web_fetch_result":
        document = content.get("content")
        document = document if isinstance(document, dict) else {}
        call.page = {
            "url": content.get("url"),
            "title": document.get("title"),
            "retrieved_at": content.get("retrieved_at"),
        }
        if not call.input.get("url"):
            call.input = {"url": content.get("url")}
    elif isinstance(content, dict):
        call.error = str(content.get("error_code") or "unavailable")
