"""``parley ask`` with web search and fetch: flags, what a chat remembers, and the JSON it prints."""

from __future__ import annotations

import json


def _tools(fake_api) -> list[str]:
    return [t["name"] for t in fake_api.messages_requests()[-1].body.get("tools") or []]


def test_web_flags_citations_and_server_tool_calls_in_json(cli, fake_api) -> None:
    out = cli(
        "ask", "--web-search", "--max-searches", "3", "--domains", "python.org,lwn.net", "--json", "::web\nasyncio?"
    )
    assert out.returncode == 0, out.stderr
    body = fake_api.messages_requests()[-1].body
    assert body["tools"] == [
        {
            "type": "web_search_20250305",
            "name": "web_search",
            "max_uses": 3,
            "allowed_domains": ["python.org", "lwn.net"],
        }
    ]  # --web-search alone: no fetch
    data = json.loads(out.stdout)
    assert data["citations"][0] == {
        "url": "https://docs.python.org/3/library/asyncio.html",
        "title": "asyncio — Asynchronous I/O",
        "cited_text": "asyncio is a library to write concurrent code using the async/await syntax.",
    }
    [call] = data["server_tool_calls"]
    assert call["tool"] == "web_search"
    assert call["input"] == {"query": "asyncio?"}
    assert call["error"] is None
    assert len(call["results"]) == 5
    assert call["results"][0]["title"] == "asyncio — Asynchronous I/O"
    assert data["usage"]["server_tool_use"]["web_search_requests"] == 1

    later = cli("ask", "--chat", data["chat_id"], "--json", "and then?")
    assert later.returncode == 0, later.stderr
    assert _tools(fake_api) == ["web_search"]  # the chat remembers its web settings
    off = cli("ask", "--chat", data["chat_id"], "--no-web", "--json", "no web now")
    assert off.returncode == 0, off.stderr
    assert _tools(fake_api) == []
    cli("ask", "--chat", data["chat_id"], "--web-fetch", "only fetch")
    assert _tools(fake_api) == ["web_fetch"]


def test_the_answer_prints_markers_sources_and_steps(cli) -> None:
    out = cli("ask", "--web-search", "--web-fetch", "::web\nasyncio?")
    assert out.returncode == 0, out.stderr
    assert "async/await syntax. [1]" in out.stdout
    assert "in a program. [3][4]" in out.stdout
    assert "Sources:\n[1] asyncio — Asynchronous I/O — https://docs.python.org/3/library/asyncio.html" in out.stdout
    assert "[Searching: asyncio?…]" in out.stderr
    assert "[Searched: asyncio? · 5 results]" in out.stderr


def test_errors_inside_results_are_named_in_plain_words(cli) -> None:
    out = cli("ask", "--web-search", "--json", "::weberror max_uses_exceeded\nq")
    assert out.returncode == 0, out.stderr
    [call] = json.loads(out.stdout)["server_tool_calls"]
    assert call["error"] == "max_uses_exceeded: the limit of searches for this answer was reached"


def test_a_paused_answer_goes_on_without_a_new_message(cli, fake_api) -> None:
    out = cli("ask", "--web-search", "--json", "::pause\nevent loops")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["stop_reason"] == "end_turn"
    assert [c["input"].get("query") for c in data["server_tool_calls"]] == ["event loops", "event loops details"]
    assert [m["role"] for m in fake_api.messages_requests()[-1].body["messages"]] == ["user", "assistant"]


def test_bad_web_flags_are_refused_before_any_request(cli, fake_api) -> None:
    out = cli("ask", "--web-search", "--domains", "https://python.org", "hi")
    assert out.returncode == 2
    assert "without http" in out.stderr
    out = cli("ask", "--max-searches", "0", "hi")
    assert out.returncode == 2
    assert "--max-searches" in out.stderr
    assert not fake_api.messages_requests()


def test_at_the_pause_limit_continue_lets_the_answer_go_on(cli, fake_api) -> None:
    from tests.fakeapi.web import AlwaysPause

    fake_api.handler = AlwaysPause()
    out = cli("ask", "--web-search", "--json", "search forever")
    assert out.returncode == 0, out.stderr
    assert "--continue" in out.stderr
    chat_id = json.loads(out.stdout)["chat_id"]
    fake_api.handler = None
    went_on = cli("ask", "--chat", chat_id, "--continue", "--json", "")
    assert went_on.returncode == 0, went_on.stderr
    assert fake_api.messages_requests()[-1].body["messages"][-1]["role"] == "assistant"  # nothing new sent
