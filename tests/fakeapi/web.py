"""Web search and fetch answers for the fake API, as the real API streams them (reference
tools-and-mcp.md §A-C): a ``server_tool_use`` whose input streams, its result whole in one
``content_block_start``, then text blocks whose citations arrive spread over their deltas, and
``usage.server_tool_use`` in the final ``message_delta``.

Directives in the prompt (see ``directives``): ``::web`` searches and answers with citations;
``::weberror CODE`` gets that error inside the result block; ``::fetch`` reads the first URL of
the prompt; ``::pause`` pauses the turn (``pause_turn``) while its second search runs, and the
continuation request gets the rest; ``::cites N`` answers with N citations over N/2 sources.
"""

from __future__ import annotations

import re
from typing import Any

from .directives import directives
from .replies import Reply, message_events
from .web_rules import seal

SOURCES = [
    ("https://docs.python.org/3/library/asyncio.html", "asyncio — Asynchronous I/O", "2 weeks ago"),
    ("https://peps.python.org/pep-3156/", "PEP 3156 – Asynchronous IO Support Rebooted", "March 12, 2013"),
    ("https://en.wikipedia.org/wiki/Event_loop", "Event loop - Wikipedia", None),
    ("https://realpython.com/async-io-python/", "Async IO in Python: A Complete Walkthrough", "July 21, 2025"),
    ("https://www.python.org/downloads/release/python-3130/", "Python Release Python 3.13.0", "October 7, 2024"),
    ("https://github.com/python/cpython/issues/91150", "asyncio.TaskGroup cancels on first failure", None),
    ("https://lwn.net/Articles/915347/", "Structured concurrency in Python [LWN.net]", "November 30, 2022"),
    ("https://stackoverflow.com/questions/49005651", "How does asyncio actually work? - Stack Overflow", "1 year ago"),
]
ERROR_CODES = {
    "web_search": (
        "too_many_requests",
        "invalid_tool_input",
        "max_uses_exceeded",
        "query_too_long",
        "request_too_large",
        "unavailable",
    ),
    "web_fetch": (
        "invalid_tool_input",
        "url_too_long",
        "url_not_allowed",
        "url_not_in_prior_context",
        "url_not_accessible",
        "too_many_requests",
        "unsupported_content_type",
        "max_uses_exceeded",
        "unavailable",
        "content_too_large",
    ),
}


def search_result(url: str, title: str, page_age: str | None) -> dict[str, Any]:
    return {
        "type": "web_search_result",
        "url": url,
        "title": title,
        "encrypted_content": seal("content", url),
        "page_age": page_age,
    }


def citation(url: str, title: str, cited_text: str) -> dict[str, Any]:
    return {
        "type": "web_search_result_location",
        "url": url,
        "title": title,
        "encrypted_index": seal("index", url, cited_text),
        "cited_text": cited_text,
    }


def searched(call_id: str, query: str, sources: list[tuple[str, str, str | None]]) -> list[dict[str, Any]]:
    """A search call and its result block."""
    return [
        {"type": "server_tool_use", "id": call_id, "name": "web_search", "input": {"query": query}},
        {"type": "web_search_tool_result", "tool_use_id": call_id, "content": [search_result(*s) for s in sources]},
    ]


def cited(text: str, *sources: tuple[str, str, str | None]) -> dict[str, Any]:
    """A text block citing *sources* (its cited text: the block's first 150 characters)."""
    return {"type": "text", "text": text, "citations": [citation(u, t, text[:150]) for u, t, _ in sources]}


def cited_answer(n: int, query: str = "event loops") -> list[dict[str, Any]]:
    """A search, then an answer with *n* citations over n/2 sources, each claim in prose between."""
    pool = [
        (f"https://source{k}.example.org/article/{k}", f"Article {k} on event loops", "May 1, 2026")
        for k in range(max(1, n // 2))
    ]
    blocks = [*searched("srvtoolu_c1", query, pool[:20])]
    for k in range(n):
        if k % 10 == 0:
            blocks.append({"type": "text", "text": f"## Part {k // 10 + 1}\n\n"})
        blocks.append(cited(f"Claim {k} about how the loop schedules callbacks and tasks fairly.", pool[k % len(pool)]))
        blocks.append(
            {
                "type": "text",
                "text": f" Some context for claim {k} that needs no source; " + "the loop "
                "runs one callback at a time and each await hands control back to it.\n\n",
            }
        )
    return blocks


def _prompt(body: dict[str, Any]) -> tuple[str, bool]:
    """The prompt the user wrote, and whether this request continues a paused reply."""
    messages = body.get("messages") or []
    continuing = bool(messages) and messages[-1].get("role") == "assistant"
    for message in reversed(messages):
        content = message.get("content")
        if message.get("role") == "user":
            if isinstance(content, str):
                return content, continuing
            texts = [b.get("text", "") for b in content if isinstance(b, dict) and b.get("type") == "text"]
            if texts:
                return " ".join(texts), continuing
    return "", continuing


def wants_web(body: dict[str, Any]) -> bool:
    prompt, _ = _prompt(body)
    return bool(
        {"web", "weberror", "fetch", "pause", "cites"}
        & set(directives({"messages": [{"role": "user", "content": prompt}]}))
    )


def web_reply(body: dict[str, Any], *, delay: float = 0.0) -> Reply:
    """The answer to a prompt with a web directive, with the tools the request defines."""
    prompt, continuing = _prompt(body)
    wanted = directives({"messages": [{"role": "user", "content": prompt}]})
    defined = {t.get("name") for t in body.get("tools") or [] if isinstance(t, dict)}
    model = body.get("model", "claude-sonnet-4-6")
    question = re.sub(r"^::.*$", "", prompt, flags=re.M).strip()[:120] or "asyncio event loop"
    searches = fetches = 0
    stop = "end_turn"
    blocks: list[dict[str, Any]]
    if "web_search" not in defined and "web_fetch" not in defined:
        blocks = [{"type": "text", "text": "I can't search the web in this chat, so this answer is from memory."}]
    elif "fetch" in wanted:
        url = next(iter(re.findall(r"https?://\S+", prompt)), "https://example.com/")
        fetches = 1
        blocks = [
            {"type": "server_tool_use", "id": "srvtoolu_fetch01", "name": "web_fetch", "input": {"url": url}},
            {
                "type": "web_fetch_tool_result",
                "tool_use_id": "srvtoolu_fetch01",
                "content": {
                    "type": "web_fetch_result",
                    "url": url,
                    "retrieved_at": "2026-12-01T10:30:00Z",
                    "content": {
                        "type": "document",
                        "source": {
                            "type": "text",
                            "media_type": "text/plain",
                            "data": "Example Domain. This domain is for use in illustrative examples.",
                        },
                        "title": "Example Domain",
                        "citations": {"enabled": True},
                    },
                },
            },
            {"type": "text", "text": "The page says it is for use in illustrative examples."},
        ]
    elif "weberror" in wanted:
        tool = (
            "web_fetch"
            if wanted["weberror"] in ERROR_CODES["web_fetch"] and wanted["weberror"] not in ERROR_CODES["web_search"]
            else "web_search"
        )
        call = {
            "type": "server_tool_use",
            "id": "srvtoolu_err01",
            "name": tool,
            "input": {"query": question} if tool == "web_search" else {"url": "https://example.com/"},
        }
        blocks = [
            call,
            {
                "type": f"{tool}_tool_result",
                "tool_use_id": "srvtoolu_err01",
                "content": {"type": f"{tool}_tool_result_error", "error_code": wanted["weberror"] or "unavailable"},
            },
            {"type": "text", "text": "The search did not work just now, so here is what I know without it."},
        ]
    elif "pause" in wanted and not continuing:
        searches = 1
        blocks = [
            {"type": "text", "text": "Let me look that up."},
            *searched("srvtoolu_p1", question, SOURCES[:3]),
            {
                "type": "server_tool_use",
                "id": "srvtoolu_p2",
                "name": "web_search",
                "input": {"query": question + " details"},
            },
        ]
        stop = "pause_turn"
    elif "pause" in wanted:
        searches = 1
        blocks = [
            {
                "type": "web_search_tool_result",
                "tool_use_id": "srvtoolu_p2",
                "content": [search_result(*s) for s in SOURCES[3:6]],
            },
            cited("An event loop runs tasks one at a time and switches at each await.", SOURCES[0]),
            {"type": "text", "text": " "},
            cited("TaskGroup cancels the other tasks when one fails.", SOURCES[5], SOURCES[6]),
        ]
    elif "cites" in wanted:
        n = int(wanted["cites"] or 10)
        pool = [
            (f"https://source{k}.example.org/article/{k}", f"Article {k} on event loops", "May 1, 2026")
            for k in range(max(1, n // 2))
        ]
        searches = 1
        blocks = [*searched("srvtoolu_c1", question, pool[:20])]
        for k in range(n):
            blocks.append(
                cited(f"Claim {k} about how the loop schedules callbacks and tasks fairly. ", pool[k % len(pool)])
            )
            blocks.append({"type": "text", "text": f"Some context for claim {k} that needs no source.\n\n"})
    else:
        searches = 1
        blocks = [
            {"type": "text", "text": "I'll search for that."},
            *searched("srvtoolu_01", question, SOURCES[:5]),
            {"type": "text", "text": "Here is what the sources say.\n\n"},
            cited("asyncio is a library to write concurrent code using the async/await syntax.", SOURCES[0]),
            {"type": "text", "text": " It grew out of "},
            cited("PEP 3156, which proposed a pluggable event loop for Python 3.3.", SOURCES[1]),
            {"type": "text", "text": "\n\nAn event loop "},
            cited("waits for and dispatches events or messages in a program.", SOURCES[2], SOURCES[3]),
        ]
    usage = {"server_tool_use": {"web_search_requests": searches, "web_fetch_requests": fetches}}
    return Reply(events=message_events(model, blocks, stop_reason=stop, final_usage_extra=usage), delay=delay)


class AlwaysPause:
    """A handler (``FakeAPI.handler``) whose every reply searches and pauses (``pause_turn``): a turn
    that would go on for ever. ``requests`` counts them."""

    def __init__(self, model: str = "claude-sonnet-4-6") -> None:
        self.model = model
        self.requests = 0

    def __call__(self, req: Any) -> Reply:
        self.requests += 1
        n = self.requests
        blocks = searched(f"srvtoolu_{n}", f"q{n}", [("https://a.org/", "A", None)])
        return Reply(events=message_events(self.model, blocks, stop_reason="pause_turn"))
