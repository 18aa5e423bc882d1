"""Prompt caching, cost, the context meter's figures, compaction and Continue, through the strict
fake API (which does cache accounting as documented: breakpoints, 20-block lookback, per-model
minimums, 5-minute and 1-hour lifetimes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.core.catalog import load_shipped
from parley.core.chat import ChatRunner
from parley.core.conversation import CONTINUE_PREFIX, CONTINUE_SHOWN, continuation_prompt, visible_text
from parley.core.history.store import Store
from parley.core.pricing import billed_tokens, chat_totals, context_tokens, cost_usd
from parley.core.request import COMPACTION_BETA, SUMMARY_HEADING, ChatOptions, Message, build_request
from tests.conftest import CLOCK, run

SONNET = "claude-sonnet-4-6"
SYSTEM = "You are a careful assistant for a team of engineers. " * 120  # ~1,600 tokens: above the 1,024 minimum
PROMPTS = [f"Question {n}: explain step {n} of the build in a few sentences, with its pitfalls." for n in range(20)]


def converse(tmp_path: Path, make_client, options: ChatOptions, prompts: list[str], db: str) -> tuple[Store, str]:
    store = Store(tmp_path / db)

    async def go() -> str:
        chat_id = None
        async with make_client(retries=0) as client:
            runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
            for prompt in prompts:
                chat_id = (await runner.ask(prompt, options, chat_id=chat_id)).chat_id
        assert chat_id is not None
        return chat_id

    return store, run(go())


def input_cost(usage: dict, prices, ttl: str = "5m") -> float:
    return cost_usd({**usage, "output_tokens": 0}, prices, cache_ttl=ttl) or 0.0


def test_a_20_turn_chat_costs_at_most_035_of_its_uncached_input(fake_api, make_client, tmp_path: Path, capsys):
    prices = load_shipped().resolve(SONNET).prices
    cached_opts = ChatOptions(SONNET, system=SYSTEM, thinking=False)
    store, chat = converse(tmp_path, make_client, cached_opts, PROMPTS, "cached.sqlite3")
    cached = [u for u, _ in store.reply_usage(chat)]
    fake_api.prompt_cache.entries.clear()
    plain_store, plain_chat = converse(
        tmp_path, make_client, ChatOptions(SONNET, system=SYSTEM, thinking=False, cache=False), PROMPTS, "plain.sqlite3"
    )
    plain = [u for u, _ in plain_store.reply_usage(plain_chat)]
    assert all(r.body.get("cache_control") == {"type": "ephemeral"} for r in fake_api.messages_requests()[:20])
    assert all("cache_control" not in r.body for r in fake_api.messages_requests()[20:])
    # The same prompts: the same total input either way.
    assert [sum(billed_tokens(u)[k] for k in ("input", "cache_write_5m", "cache_read")) for u in cached] == [
        billed_tokens(u)["input"] for u in plain
    ]
    assert cached[0]["cache_read_input_tokens"] == 0
    assert cached[0]["cache_creation_input_tokens"] > 1024
    assert all(u["cache_read_input_tokens"] > 0 for u in cached[1:])  # every later turn reads the prefix
    ratio = sum(input_cost(u, prices) for u in cached) / sum(input_cost(u, prices) for u in plain)
    with capsys.disabled():
        print(f"\n20-turn input cost with caching / without: {ratio:.3f}")  # noqa: T201 - the figure for the note
    assert ratio <= 0.35
    totals = chat_totals(store.reply_usage(chat))
    assert totals.replies == 20
    assert totals.cache_hit_rate is not None
    assert totals.cache_hit_rate > 0.8
    assert totals.cost_usd == pytest.approx(sum(c for _, c in store.reply_usage(chat)))
    store.close()
    plain_store.close()


def test_the_cache_expires_after_5_minutes_unless_the_ttl_is_1_hour(fake_api, make_client, tmp_path: Path):
    now = [1000.0]
    fake_api.clock = lambda: now[0]
    for ttl, expect_read in (("5m", False), ("1h", True)):
        fake_api.prompt_cache.entries.clear()
        options = ChatOptions(SONNET, system=SYSTEM, thinking=False, cache_ttl=ttl)  # type: ignore[arg-type]
        store = Store(tmp_path / f"{ttl}.sqlite3")

        async def go(store: Store = store, options: ChatOptions = options) -> None:
            async with make_client(retries=0) as client:
                runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
                first = await runner.ask("Hello there, a first question.", options)
                now[0] += 600  # ten minutes to reply
                await runner.ask("And a second one.", options, chat_id=first.chat_id)

        run(go())
        body = fake_api.messages_requests()[-1].body
        assert body["cache_control"] == ({"type": "ephemeral", "ttl": "1h"} if ttl == "1h" else {"type": "ephemeral"})
        last = store.reply_usage(store.list_chats()[0].id)[-1]
        assert (last[0]["cache_read_input_tokens"] > 0) is expect_read
        if ttl == "1h":  # 1-hour writes are priced at 2x input
            first_usage, first_cost = store.reply_usage(store.list_chats()[0].id)[0]
            assert first_usage["cache_creation"]["ephemeral_1h_input_tokens"] > 0
            prices = load_shipped().resolve(SONNET).prices
            assert first_cost == pytest.approx(
                (
                    first_usage["input_tokens"] * 3
                    + first_usage["cache_creation_input_tokens"] * 6
                    + 15 * first_usage["output_tokens"]
                )
                / 1e6
            )
            assert prices is not None
            assert prices.cache_write_1h == 6
        store.close()


def test_chat_totals_and_context_on_the_documented_usage() -> None:
    from tests.core.test_pricing import DOCUMENTED_USAGE

    prices = load_shipped().resolve("claude-opus-4-7").prices
    assert context_tokens(DOCUMENTED_USAGE) == 50 + 248 + 100000 + 503
    totals = chat_totals([(DOCUMENTED_USAGE, cost_usd(DOCUMENTED_USAGE, prices)), (None, None)])
    assert totals.replies == 2
    assert totals.cache_hit_rate == pytest.approx(100000 / 100298)
    assert totals.cost_usd == pytest.approx(cost_usd(DOCUMENTED_USAGE, prices))


def test_compaction_is_sent_stored_echoed_and_summed(fake_api, make_client, tmp_path: Path) -> None:
    catalog = load_shipped()
    options = ChatOptions(SONNET, thinking=False, compaction=True)
    store = Store(tmp_path / "c.sqlite3")
    long_prompt = "Tell me about these notes. " + "lorem ipsum dolor sit amet " * 24_000  # ~160k tokens

    async def go() -> str:
        async with make_client(retries=0) as client:
            runner = ChatRunner(store, client, catalog, clock=CLOCK)
            first = await runner.ask(long_prompt, options)
            await runner.ask("And now?", options, chat_id=first.chat_id)
            return first.chat_id

    chat = run(go())
    first_req, second_req = fake_api.messages_requests()[-2:]
    assert first_req.body["context_management"] == {"edits": [{"type": "compact_20260112"}]}
    assert COMPACTION_BETA in first_req.headers["anthropic-beta"]
    assert first_req.status == second_req.status == 200
    reply = store.branch(chat)[1]
    assert reply.content[0]["type"] == "compaction"
    assert reply.content[0]["content"].startswith("Summary")
    assert second_req.body["messages"][1]["content"][0]["type"] == "compaction"  # echoed back as it came
    # Usage: the compaction pass is billed too.
    iterations = reply.usage["iterations"]
    billed = billed_tokens(reply.usage)
    assert billed["input"] == sum(it["input_tokens"] for it in iterations) > reply.usage["input_tokens"]
    assert reply.cost_usd == cost_usd(reply.usage, catalog.resolve(SONNET).prices)
    store.close()


def test_without_compaction_a_stored_summary_is_sent_as_text() -> None:
    model = load_shipped().resolve("claude-sonnet-4-5")
    history = [
        Message("user", "A very long start"),
        Message("assistant", [{"type": "compaction", "content": "We discussed X."}, {"type": "text", "text": "Ok."}]),
        Message("user", "Next?"),
    ]
    body = build_request(model, history, ChatOptions(model.id, thinking=False, compaction=True))
    assert "context_management" not in body.body
    assert COMPACTION_BETA not in body.betas
    assert body.notices
    assert "cannot summarise" in body.notices[0]
    assert body.body["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": f"{SUMMARY_HEADING}\n\nWe discussed X."}]},
        {"role": "assistant", "content": [{"type": "text", "text": "Ok."}]},
        {"role": "user", "content": [{"type": "text", "text": "Next?"}]},
    ]


def test_continue_sends_the_documented_prompt_after_max_tokens(fake_api, make_client, tmp_path: Path) -> None:
    from tests.fakeapi.replies import text_reply

    fake_api.script(text_reply("claude-opus-4-7", "The first half of a long", stop_reason="max_tokens"))
    store = Store(tmp_path / "m.sqlite3")

    async def go() -> None:
        async with make_client(retries=0) as client:
            runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
            cut = await runner.ask("Write a lot", ChatOptions("claude-opus-4-7", max_tokens=128_000))
            assert cut.stop_reason == "max_tokens"
            await runner.ask(continuation_prompt(cut.text), ChatOptions("claude-opus-4-7"), chat_id=cut.chat_id)

    run(go())
    first, second = fake_api.messages_requests()[-2:]
    assert first.body["max_tokens"] == 128_000  # up to the model's maximum
    last = second.body["messages"][-1]
    assert second.status == 200
    assert last["role"] == "user"
    text = last["content"][0]["text"]
    assert text.startswith(CONTINUE_PREFIX)
    assert "The first half of a long" in text
    assert text.endswith("Continue from where you left off.")
    assert visible_text(last["content"]) == CONTINUE_SHOWN
    store.close()
