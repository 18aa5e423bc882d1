"""Web search and fetch: what requests send, what replies show, and what comes back in follow-ups
(issue 25), against the fake API, which checks the echo rules of the real one."""

from __future__ import annotations

import copy
import json
import re

import pytest

from parley.core.catalog import load_shipped
from parley.core.chat import MAX_CONTINUATIONS, ChatRunner
from parley.core.chat_setup import ChatSetup
from parley.core.conversation import history_of
from parley.core.errors import InvalidOptions
from parley.core.history.store import Store
from parley.core.options import ModelChoice, options_for
from parley.core.presentation.citations import citations_of, cited_markdown
from parley.core.presentation.notices import footer_text
from parley.core.presentation.web_steps import web_calls
from parley.core.pricing import cost_usd
from parley.core.request import ChatOptions, Message, build_request
from parley.core.settings import Settings
from parley.core.turn import LiveTurn
from parley.core.web.options import WebChoice, WebDefaults, WebOptions, domain_problem, parse_domains
from tests.conftest import CLOCK, run
from tests.fakeapi import DEFAULT_KEY
from tests.fakeapi.rules import validate
from tests.fakeapi.web import ERROR_CODES

SONNET = "claude-sonnet-4-6"
WEB = WebOptions(search=True, fetch=True)
CATALOG = load_shipped()


def options(web: WebOptions | None = WEB, **kw) -> ChatOptions:
    return ChatOptions(SONNET, thinking=False, web=web, **kw)


async def turn(make_client, store: Store, prompt: str, opts: ChatOptions, chat_id: str | None = None, **kw):
    async with make_client(retries=0) as client:
        runner = ChatRunner(store, client, CATALOG, clock=CLOCK)
        return await runner.ask(prompt, opts, chat_id=chat_id, **kw)


# ---------------------------------------------------------------- what requests send


def test_web_tools_are_on_at_anthropic_and_off_on_a_proxy_until_turned_on() -> None:
    settings = Settings()
    at_anthropic = options_for(settings, ModelChoice(SONNET)).web
    assert at_anthropic is not None
    assert at_anthropic.search
    assert at_anthropic.fetch
    settings.active_endpoint = "https://aihubmix.com"
    assert not options_for(settings, ModelChoice(SONNET)).web.on  # a proxy may not pass server tools through
    chosen = options_for(settings, ModelChoice(SONNET), ChatSetup(web=WebChoice(search=True))).web
    assert chosen.search
    assert not chosen.fetch
    settings.web = WebDefaults(search=True, max_searches=3, blocked_domains=["pinterest.com"])
    assert options_for(settings, ModelChoice(SONNET)).web.definitions()[0] == {
        "type": "web_search_20250305",
        "name": "web_search",
        "max_uses": 3,
        "blocked_domains": ["pinterest.com"],
    }


def test_definitions_are_what_the_api_accepts_with_filters_and_location() -> None:
    web = WebDefaults(
        allowed_domains=["python.org/docs", "lwn.net"],
        blocked_domains=["spam.example"],
        location={"city": "Shanghai", "country": "CN", "timezone": "Asia/Shanghai"},
    ).resolve(WebChoice(search=True, fetch=True), at_anthropic=False)
    search, fetch = web.definitions()
    assert search["allowed_domains"] == ["python.org/docs", "lwn.net"]
    assert "blocked_domains" not in search
    assert search["user_location"] == {
        "type": "approximate",
        "city": "Shanghai",
        "country": "CN",
        "timezone": "Asia/Shanghai",
    }
    assert fetch["allowed_domains"] == ["python.org", "lwn.net"]  # fetch matches domains only
    assert fetch["citations"] == {"enabled": True}
    body = build_request(CATALOG.resolve(SONNET), [Message("user", "hi")], options(web)).body
    assert validate({"x-api-key": DEFAULT_KEY, "anthropic-version": "2023-06-01"}, body, keys={DEFAULT_KEY}) is None


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("example.com", None),
        ("docs.example.com/api/*/v2", None),
        ("https://example.com", "without http"),
        ("*.example.com", "only in the path"),
        ("exämple.com", "ASCII"),
        ("not a domain", "is not a domain"),
    ],
)
def test_domains_are_checked_before_any_request(entry: str, problem: str | None) -> None:
    found = domain_problem(entry)
    assert (found is None) if problem is None else (problem in found)


def test_domain_lists_parse_from_commas_spaces_and_lines() -> None:
    assert parse_domains("Python.org, lwn.net\nlwn.net  example.com/docs") == (
        "python.org",
        "lwn.net",
        "example.com/docs",
    )


# ---------------------------------------------------------------- a search, its steps and citations


def test_a_search_answer_shows_its_steps_citations_and_cost(make_client, tmp_path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        live: list[LiveTurn] = []
        outcome = run(
            turn(make_client, store, "::web\nHow does asyncio work?", options(), on_begin=lambda *a: live.append(a[3]))
        )
        assert outcome.error is None
        assert outcome.stop_reason == "end_turn"
        content = outcome.message["content"]
        [call] = web_calls(content)
        assert call.title() == "Searched: How does asyncio work? · 5 results"
        assert call.detail_lines()[0] == "asyncio — Asynchronous I/O · docs.python.org · 2 weeks ago"
        text, sources = cited_markdown(content)
        assert [s.domain for s in sources] == [
            "docs.python.org",
            "peps.python.org",
            "en.wikipedia.org",
            "realpython.com",
        ]
        assert "async/await syntax.\u2009[\\[1\\]](https://docs.python.org/3/library/asyncio.html)" in text
        assert "[\\[3\\]](https://en.wikipedia.org/wiki/Event_loop)[\\[4\\]]" in text  # one block, two sources
        assert live[0].text() == text  # streamed exactly as the saved reply renders: the answer never jumps
        assert len(citations_of(content)) == 4
        model = CATALOG.resolve(SONNET)
        tokens_only = cost_usd({**outcome.usage, "server_tool_use": {}}, model.prices)
        assert outcome.cost_usd == pytest.approx(tokens_only + 0.01)  # $10 per 1,000 searches
        assert "1 web search" in footer_text("Claude Sonnet 4.6", None, outcome.usage, outcome.cost_usd, None)
        saved = store.branch(outcome.chat_id)[-1]
        assert saved.content == content  # kept whole: encrypted fields and citations as they came
        assert store.search("PEP 3156")  # cited text is in the history's search


def test_follow_ups_echo_search_blocks_exactly_and_the_api_checks_them(make_client, tmp_path, fake_api) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        first = run(turn(make_client, store, "::web\nasyncio?", options()))
        second = run(turn(make_client, store, "Thanks, and tasks?", options(), chat_id=first.chat_id))
        assert second.error is None
        sent = fake_api.messages_requests()[-1].body["messages"][1]["content"]
        assert sent == first.message["content"]  # exactly as received
        tampered = copy.deepcopy(fake_api.messages_requests()[-1].body)
        tampered["messages"][1]["content"][2]["content"][0]["encrypted_content"] = "Eqedited"
        headers = {"x-api-key": DEFAULT_KEY, "anthropic-version": "2023-06-01"}
        assert "encrypted_content" in validate(headers, tampered, keys={DEFAULT_KEY})[2]
        tampered = copy.deepcopy(fake_api.messages_requests()[-1].body)
        tampered["messages"][1]["content"][4]["citations"][0]["encrypted_index"] = "Eqedited"
        assert "encrypted_index" in validate(headers, tampered, keys={DEFAULT_KEY})[2]
        off = run(turn(make_client, store, "And without the web?", options(None), chat_id=first.chat_id))
        assert off.error is None  # the tools are gone: their blocks go back as text, their citations left off
        body = fake_api.messages_requests()[-1].body
        assert "tools" not in body
        assert "[I searched the web for: asyncio?]" in json.dumps(body)


@pytest.mark.parametrize("code", sorted(set(ERROR_CODES["web_search"]) | set(ERROR_CODES["web_fetch"])))
def test_an_error_inside_a_result_block_is_a_failed_step_not_a_failed_turn(make_client, tmp_path, code) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        outcome = run(turn(make_client, store, f"::weberror {code}\nanything", options()))
        assert outcome.error is None
        assert outcome.text
        [call] = web_calls(outcome.message["content"])
        assert call.error == code
        assert call.failure()
        assert "_" not in call.failure()
        assert call.as_json()["error"].startswith(f"{code}: ")


def test_a_fetch_is_a_read_step_and_its_citations_find_the_page(make_client, tmp_path) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        outcome = run(turn(make_client, store, "::fetch\nRead https://example.com/ please", options()))
        [call] = web_calls(outcome.message["content"])
        assert call.title() == "Read: Example Domain"
        content = outcome.message["content"] + [
            {
                "type": "text",
                "text": "Illustrative.",
                "citations": [
                    {
                        "type": "char_location",
                        "document_index": 0,
                        "document_title": "Example Domain",
                        "start_char_index": 0,
                        "end_char_index": 14,
                        "cited_text": "Example Domain",
                    }
                ],
            }
        ]
        _, sources = cited_markdown(content)
        assert [(s.url, s.title) for s in sources] == [("https://example.com/", "Example Domain")]


def test_untrusted_urls_never_become_links() -> None:
    block = {
        "type": "text",
        "text": "Claim.",
        "citations": [
            {"type": "web_search_result_location", "url": "javascript:alert(1)", "title": "x", "cited_text": "c"},
            {"type": "web_search_result_location", "url": "https://e.org/a (b)<c>", "title": "y", "cited_text": "c"},
        ],
    }
    text, sources = cited_markdown([block])
    assert "javascript" not in text
    assert "\\[1\\]" in text
    assert "(https://e.org/a%20%28b%29%3Cc%3E)" in text
    assert not sources[0].openable
    assert sources[1].openable


# ---------------------------------------------------------------- pause_turn


def test_a_paused_turn_goes_on_by_itself_with_no_new_message(make_client, tmp_path, fake_api) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        done: list[int] = []

        async def reply_done(outcome):
            done.append(outcome.reply_id)

        outcome = run(turn(make_client, store, "::pause\nevent loops", options(), on_reply_done=reply_done))
        assert outcome.error is None
        assert outcome.stop_reason == "end_turn"
        continuation = fake_api.messages_requests()[-1].body["messages"]
        assert [m["role"] for m in continuation] == ["user", "assistant"]  # sent back as-is, nothing added
        assert continuation[-1]["content"][-1]["type"] == "server_tool_use"  # the search still running
        rows = store.branch(outcome.chat_id)
        assert [r.role for r in rows] == ["user", "assistant", "assistant"]
        assert done == [rows[1].id]
        calls = web_calls(outcome.turn_content)
        assert [c.done for c in calls] == [True, True]  # the paused search's result came in the next reply
        assert outcome.turn_cost_usd == pytest.approx(outcome.cost_usd + outcome.earlier_cost_usd)
        follow = run(turn(make_client, store, "more?", options(), chat_id=outcome.chat_id))
        assert follow.error is None  # the two replies go back as one assistant message, every call paired
        merged = fake_api.messages_requests()[-1].body["messages"][1]["content"]
        kept = [b for b in rows[1].content + rows[2].content if b["type"] != "text" or b["text"].strip()]
        assert merged == kept  # (a blank text block between citations is left out: the API refuses it)


def test_pauses_stop_at_the_limit_and_the_turn_can_be_resumed(make_client, tmp_path, fake_api) -> None:
    with Store(tmp_path / "h.sqlite3") as store:
        from tests.fakeapi.web import AlwaysPause

        pausing = fake_api.handler = AlwaysPause(SONNET)
        outcome = run(turn(make_client, store, "search forever", options()))
        assert outcome.stop_reason == "pause_turn"
        assert pausing.requests == 1 + MAX_CONTINUATIONS
        assert any("Continue" in notice for notice in outcome.notices)
        fake_api.handler = None

        async def resume():
            async with make_client(retries=0) as client:
                runner = ChatRunner(store, client, CATALOG, clock=CLOCK)
                return await runner.resume(outcome.chat_id, outcome.reply_id, options())

        resumed = run(resume())
        assert resumed.error is None
        assert store.branch(outcome.chat_id)[-2].id == outcome.reply_id
        later = run(turn(make_client, store, "and now?", options(), chat_id=outcome.chat_id))
        assert later.error is None  # every paused reply before it goes back, each call with its result
        roles = [m.role for m in history_of(store.branch(outcome.chat_id))]
        assert roles[:2] == ["user", "assistant"]
        assert roles.count("user") == 2
        with pytest.raises(InvalidOptions, match="paused"):
            run(resume())  # that reply is no longer the end of its branch: nothing to continue


def test_a_proxy_that_refuses_the_web_tools_says_what_to_do(make_client, tmp_path, fake_api) -> None:
    from tests.fakeapi.replies import error_reply

    fake_api.script(
        error_reply(400, "invalid_request_error", "tools.0: Input tag 'web_search_20250305' is not supported")
    )
    with Store(tmp_path / "h.sqlite3") as store:
        outcome = run(turn(make_client, store, "hi", options()))  # (the fake API's URL is not Anthropic's)
        assert outcome.rolled_back
        assert "turn Web off for this chat" in outcome.error.user_message


def test_exports_carry_the_citations_and_search_finds_the_sources(make_client, tmp_path) -> None:
    from parley.core.transfer.export import export

    with Store(tmp_path / "h.sqlite3") as store:
        outcome = run(turn(make_client, store, "::web\nasyncio?", options()))
        md = export(store, [outcome.chat_id], "md")
        assert "async/await syntax.\u2009[^1] It grew out of" in md
        assert (
            "[^1]: [asyncio — Asynchronous I/O](https://docs.python.org/3/library/asyncio.html) — docs.python.org" in md
        )
        assert "[^3]: [Event loop - Wikipedia](https://en.wikipedia.org/wiki/Event_loop)" in md
        page = export(store, [outcome.chat_id], "html")
        assert re.search(r'<a href="https://docs.python.org/3/library/asyncio.html"[^>]*>\[1\]</a>', page)
        assert re.search(r'<a href="https://peps.python.org/pep-3156/"[^>]*>PEP 3156 – Asynchronous IO Support', page)
        data = json.loads(export(store, [outcome.chat_id], "json"))
        sent = json.dumps(data)
        for block in outcome.message["content"]:
            for cite in block.get("citations") or []:
                assert cite["encrypted_index"] in sent  # as the API sent them
        assert [hit.chat_id for hit in store.search("Walkthrough")] == [outcome.chat_id]  # a cited page's title


def test_a_server_call_beside_a_client_call_gets_its_result_after_the_tool_results(make_client, tmp_path, fake_api):
    """Mixed calls (reference §C): the reply stops for the client tool; the fetch's result opens the
    next reply; every request on the way, and the follow-up, passes the API's pairing checks."""
    from parley.core.tools.session import ToolSession
    from tests.fakeapi.agent import agent, call, say

    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "notes.txt").write_text("see https://example.com/\n")
    fetch = {
        "type": "server_tool_use",
        "id": "srvtoolu_mx",
        "name": "web_fetch",
        "input": {"url": "https://example.com/"},
    }
    result = {
        "type": "web_fetch_tool_result",
        "tool_use_id": "srvtoolu_mx",
        "content": {
            "type": "web_fetch_result",
            "url": "https://example.com/",
            "content": {
                "type": "document",
                "source": {"type": "text", "media_type": "text/plain", "data": "Example"},
                "title": "Example Domain",
            },
        },
    }
    fake_api.handler = agent(
        [
            [say("Reading both."), fetch, call("toolu_v", command="view", path="notes.txt")],
            [result, say("Both say the same.")],
        ]
    )
    with Store(tmp_path / "h.sqlite3") as store:
        session = ToolSession.open(store, folder)
        outcome = run(turn(make_client, store, "Compare the note and the page", options(), tools=session))
        assert outcome.error is None
        assert outcome.text == "Both say the same."
        [step] = web_calls(outcome.turn_content)
        assert step.done
        assert step.title() == "Read: Example Domain"
        fake_api.handler = None
        again = run(turn(make_client, store, "thanks", options(), chat_id=outcome.chat_id, tools=session))
        assert again.error is None  # the deferred result still answers its call in the history
        sent = fake_api.messages_requests()[-1].body["messages"]
        assert [b["type"] for b in sent[1]["content"]][1:3] == ["server_tool_use", "tool_use"]
        assert sent[3]["content"][0]["type"] == "web_fetch_tool_result"
