"""The store and the turn runner: multi-turn with thinking through the strict fake, saving while streaming."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from parley.core.catalog import load_shipped
from parley.core.chat import ChatRunner
from parley.core.conversation import title_from_prompt
from parley.core.errors import InvalidOptions, InvalidRequest, StreamCut
from parley.core.history.store import SCHEMA_VERSION, Store, StoreError
from parley.core.request import ChatOptions
from tests.conftest import CLOCK, run
from tests.fakeapi import Reply, error_reply, message_events, text_reply

CATALOG = load_shipped()


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "h.sqlite3") as s:
        yield s


def runner_for(store, client, **kw):
    return ChatRunner(store, client, CATALOG, **kw, clock=CLOCK)


def test_schema_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "h.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(StoreError, match="newer Parley"):
        Store(path)


def test_garbage_file_is_refused_untouched(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        Store(path)
    assert path.read_bytes() == b"not a database at all" * 100


def test_streaming_reply_left_behind_is_marked_interrupted(tmp_path):
    path = tmp_path / "h.sqlite3"
    with Store(path) as s:
        chat = s.create_chat("t")
        s.add_message(chat, "user", [{"type": "text", "text": "q"}])
        reply = s.begin_reply(chat, model="m", effort=None)
        s.save_progress(reply, [["start", 0, {"type": "text", "text": ""}], ["add", 0, "text", "ha"]])
        s.save_progress(reply, [["add", 0, "text", "lf"]])
        assert s.message(reply).content == [{"type": "text", "text": "half"}]  # read while it streams
    with Store(path) as s:
        assert s.interrupted_on_open == 1
        row = s.message(reply)
        assert row.status == "interrupted"
        assert row.content == [{"type": "text", "text": "half"}]


def test_chat_prefix_lookup(store):
    a = store.create_chat("a")
    assert store.find_chat(a[:6]).id == a
    assert store.find_chat("zzzz") is None


def test_titles():
    assert title_from_prompt("\n  Fix my regex please \nmore") == "Fix my regex please"
    long = title_from_prompt("word " * 40)
    assert long.endswith("…")
    assert len(long) <= 61


def test_multi_turn_with_thinking_echoed_through_strict_fake(fake_api, make_client, store):
    async def go():
        async with make_client() as client:
            r = runner_for(store, client)
            first = await r.ask("What is 2+2?", ChatOptions("claude-opus-4-7", effort="xhigh"))
            second = await r.ask("And 3+3?", ChatOptions("claude-opus-4-7", effort="xhigh"), chat_id=first.chat_id)
            return first, second

    first, second = run(go())
    assert first.thinking
    assert first.text == "You said: What is 2+2?"
    assert first.cost_usd is not None
    assert first.cost_usd > 0
    assert first.ttft_s is not None
    sent = fake_api.messages_requests()[1].body
    assert [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]
    assert sent["messages"][1]["content"] == first.message["content"]  # thinking echoed exactly
    assert second.chat_id == first.chat_id
    rows = store.messages(first.chat_id)
    assert [r.role for r in rows] == ["user", "assistant", "user", "assistant"]
    assert rows[1].status == "complete"
    assert rows[1].usage
    assert rows[1].effort == "xhigh"
    chat = store.find_chat(first.chat_id)
    assert chat.title == "What is 2+2?"
    assert chat.model == "claude-opus-4-7"


def test_switching_model_mid_chat_strips_other_models_thinking(fake_api, make_client, store):
    async def go():
        async with make_client() as client:
            r = runner_for(store, client)
            first = await r.ask("q1", ChatOptions("claude-sonnet-4-6"))
            await r.ask("q2", ChatOptions("claude-haiku-4-5"), chat_id=first.chat_id)

    run(go())
    sent = fake_api.messages_requests()[1].body
    assert sent["model"] == "claude-haiku-4-5"
    assert [b["type"] for b in sent["messages"][1]["content"]] == ["text"]


def test_reply_is_saved_while_streaming(fake_api, make_client, store):
    fake_api.script(
        Reply(events=message_events("claude-sonnet-4-6", [{"type": "text", "text": "y" * 200}], piece=2), delay=0.01)
    )
    seen_in_db: list[str] = []

    async def go():
        async with make_client() as client:
            r = runner_for(store, client, save_interval=0.2)

            def peek(event, acc):
                chat_id = store.list_chats()[0].id
                rows = store.messages(chat_id)
                if rows[-1].content:
                    seen_in_db.append(rows[-1].content[0].get("text", ""))
                assert store.reply_usage(chat_id) == []  # a reply still streaming has no figures yet

            await r.ask("stream slowly", ChatOptions("claude-sonnet-4-6"), on_event=peek)

    run(go())
    partials = sorted({len(t) for t in seen_in_db if 0 < len(t) < 200})
    assert len(partials) >= 2  # at least two intermediate saves, about 0.2 s apart
    [(usage, cost)] = store.reply_usage(store.list_chats()[0].id)
    assert usage
    assert cost


def test_failed_stream_keeps_partial_marked_error(fake_api, make_client, store):
    fake_api.script(
        Reply(events=message_events("claude-sonnet-4-6", [{"type": "text", "text": "abcdef"}], piece=2), cut_after=4)
    )

    async def go():
        async with make_client() as client:
            return await runner_for(store, client).ask("q", ChatOptions("claude-sonnet-4-6", thinking=False))

    outcome = run(go())  # a failure comes back as the outcome, with what arrived
    assert isinstance(outcome.error, StreamCut)
    assert outcome.text == "abcd"
    assert not outcome.rolled_back
    row = store.messages(store.list_chats()[0].id)[-1]
    assert row.status == "error"
    assert row.content[0]["text"] == "abcd"
    assert "closed before" in row.error


def test_cancel_keeps_partial_marked_stopped_and_next_turn_is_valid(fake_api, make_client, store):
    fake_api.script(
        Reply(
            events=message_events(
                "claude-opus-4-7",
                [{"type": "thinking", "thinking": "considering"}, {"type": "text", "text": "z" * 300}],
                piece=3,
            ),
            delay=0.01,
        )
    )

    async def go():
        async with make_client() as client:
            r = runner_for(store, client)
            got_text = asyncio.Event()
            task = asyncio.create_task(
                r.ask("q", ChatOptions("claude-opus-4-7"), on_event=lambda e, acc: acc.text() and got_text.set())
            )
            await got_text.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            chat = store.list_chats()[0].id
            return await r.ask("after stop", ChatOptions("claude-opus-4-7"), chat_id=chat)

    outcome = run(go())
    rows = store.messages(outcome.chat_id)
    assert rows[1].status == "stopped"
    assert rows[1].content[-1]["text"].startswith("zzz")
    assert outcome.text == "You said: after stop"  # the strict fake accepted the history with the stopped reply


def test_invalid_options_refused_before_anything_is_saved(fake_api, make_client, store):
    async def go():
        async with make_client() as client:
            await runner_for(store, client).ask("q", ChatOptions("claude-haiku-4-5", effort="low"))

    with pytest.raises(InvalidOptions):
        run(go())
    assert store.list_chats() == []
    assert fake_api.messages_requests() == []


def test_outcome_fields(fake_api, make_client, store):
    begun: list[tuple[str, int, int]] = []
    fake_api.script(text_reply("claude-haiku-4-5", "short", stop_reason="max_tokens"))

    async def go():
        async with make_client() as client:
            return await runner_for(store, client).ask(
                "q", ChatOptions("claude-haiku-4-5", thinking=False), on_begin=lambda *ids: begun.append(ids[:3])
            )

    out = run(go())
    assert begun == [(out.chat_id, out.user_id, out.reply_id)]
    assert out.stop_reason == "max_tokens"
    assert out.usage["output_tokens"] >= 1
    assert out.effort is None


def test_failure_before_anything_arrived_rolls_the_turn_back(fake_api, make_client, store):
    fake_api.script(error_reply(400, "invalid_request_error", "nope"))

    async def go():
        async with make_client() as client:
            return await runner_for(store, client).ask("q", ChatOptions("claude-sonnet-4-6"))

    outcome = run(go())
    assert isinstance(outcome.error, InvalidRequest)
    assert outcome.rolled_back
    assert outcome.reply_id is None
    assert store.list_chats() == []  # the new chat held nothing else: gone too


def test_retry_and_edit_make_branches(fake_api, make_client, store):
    fake_api.script(
        text_reply("claude-sonnet-4-6", "one"),
        text_reply("claude-sonnet-4-6", "two"),
        text_reply("claude-sonnet-4-6", "three"),
    )

    async def go():
        async with make_client() as client:
            r = runner_for(store, client)
            first = await r.ask("q", ChatOptions("claude-sonnet-4-6", thinking=False))
            again = await r.retry(first.chat_id, first.user_id, ChatOptions("claude-sonnet-4-6", thinking=False))
            edited = await r.ask(
                "q edited", ChatOptions("claude-sonnet-4-6", thinking=False), chat_id=first.chat_id, parent_id=None
            )
            return first, again, edited

    first, again, edited = run(go())
    assert again.text == "two"
    assert edited.text == "three"
    assert len(store.messages(first.chat_id)) == 5
    assert [r.content[0]["text"] for r in store.branch(first.chat_id)] == ["q edited", "three"]
    assert [r.content[0]["text"] for r in store.branch(first.chat_id, again.reply_id)] == ["q", "two"]
    assert [r.content[0]["text"] for r in store.branch(first.chat_id, first.reply_id)] == ["q", "one"]
    assert fake_api.messages_requests()[2].body["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "q edited"}]}
    ]


def test_thinking_time_is_saved(fake_api, make_client, store):
    fake_api.script(
        Reply(
            events=message_events(
                "claude-opus-4-7", [{"type": "thinking", "thinking": "a" * 60}, {"type": "text", "text": "b"}], piece=6
            ),
            delay=0.02,
        )
    )

    async def go():
        async with make_client() as client:
            return await runner_for(store, client).ask("q", ChatOptions("claude-opus-4-7"))

    out = run(go())
    assert out.thinking_s is not None
    assert out.thinking_s >= 0.15
    assert store.message(out.reply_id).thinking_s == out.thinking_s


def test_the_branch_chosen_is_the_one_the_next_prompt_continues(fake_api, make_client, store, tmp_path):
    fake_api.script(
        text_reply("claude-sonnet-4-6", "one", thinking="first thoughts"),
        text_reply("claude-sonnet-4-6", "two", thinking="second thoughts"),
        text_reply("claude-sonnet-4-6", "three", thinking="third thoughts"),
    )
    options = ChatOptions("claude-sonnet-4-6")

    async def go():
        async with make_client() as client:
            r = runner_for(store, client)
            first = await r.ask("q", options)
            again = await r.retry(first.chat_id, first.user_id, options)
            chat = first.chat_id
            assert store.siblings(chat, store.branch_ids(chat)) == {again.reply_id: [first.reply_id, again.reply_id]}
            assert store.choose_branch(chat, first.reply_id) == [first.user_id, first.reply_id]
            assert store.leaf(chat) == first.reply_id
            follow = await r.ask("and then?", options, chat_id=chat)
            return first, again, follow

    first, again, follow = run(go())
    chat = first.chat_id
    sent = fake_api.messages_requests()[2].body["messages"]  # accepted: signatures and order intact
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert [b["type"] for b in sent[1]["content"]] == ["thinking", "text"]
    assert sent[1]["content"][0]["thinking"] == "first thoughts"
    assert sent[1]["content"][1]["text"] == "one"
    assert [m.id for m in store.branch(chat)] == [first.user_id, first.reply_id, follow.user_id, follow.reply_id]
    # The other version's branch, chosen again, is kept as the chat's branch after a restart.
    assert store.choose_branch(chat, again.reply_id) == [first.user_id, again.reply_id]
    store.close()
    with Store(tmp_path / "h.sqlite3") as reopened:
        assert reopened.branch_ids(chat) == [first.user_id, again.reply_id]
        assert reopened.siblings(chat, [first.user_id, again.reply_id]) == {
            again.reply_id: [first.reply_id, again.reply_id]
        }
        # Choosing a message in the middle shows its branch to the newest reply under it.
        assert reopened.choose_branch(chat, first.reply_id)[-1] == follow.reply_id
        assert reopened.leaf(chat) == follow.reply_id
        assert reopened.choose_branch(chat, 10_000) == []  # not in the chat: nothing changes
        assert reopened.leaf(chat) == follow.reply_id


def test_a_retried_attempt_starts_the_saved_reply_over(tmp_path):
    with Store(tmp_path / "h.sqlite3") as s:
        chat = s.create_chat("t")
        reply = s.begin_reply(chat, model="m", effort=None)
        s.save_progress(reply, [["start", 0, {"type": "text", "text": "first attempt"}]])
        s.restart_progress(reply)
        s.save_progress(reply, [["start", 0, {"type": "text", "text": "second"}]])
        assert s.message(reply).content == [{"type": "text", "text": "second"}]
        s.finish_reply(reply, [{"type": "text", "text": "second attempt"}], status="complete")
        assert s._db.execute("SELECT count(*) FROM reply_progress").fetchone()[0] == 0  # written whole now
        assert [h.message_id for h in s.search("attempt")] == [reply]
