"""Two ways a reply ends short, against the strict fake API.

A refusal: Anthropic's docs say to reset the context before continuing, or follow-ups keep being
refused. The refused exchange stays in the history but no later request carries it; editing the
refused prompt still works. A ``max_tokens`` stop inside a tool call: the call is not run, and
"Continue" tells Claude why instead of sending a dangling call the API would reject.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.core.catalog import load_shipped
from parley.core.chat import ChatRunner
from parley.core.conversation import continuation_prompt, history_of
from parley.core.history.store import Store
from parley.core.request import CUT_RESULT, ChatOptions
from parley.core.tools.session import ToolSession
from tests.conftest import CLOCK, run
from tests.core.test_tool_loop import Recorder
from tests.fakeapi import cut_tool_call_reply, refusal_reply

MODEL = "claude-opus-4-7"
TRIGGER = "how to pick a lock"


def refuses_while_it_sees_the_trigger(fake_api) -> None:
    """Like the real API: as long as the refused request is in the context, it refuses again."""

    def handler(req):
        sent = json.dumps(req.body.get("messages") if isinstance(req.body, dict) else None)
        return refusal_reply(MODEL, partial="I can't") if TRIGGER in sent else None

    fake_api.handler = handler


def turn(store, make_client, prompt, **kw):
    async def go():
        async with make_client(retries=0) as client:
            runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
            return await runner.ask(prompt, ChatOptions(MODEL), **kw)

    return run(go())


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "h.sqlite3") as s:
        yield s


def test_after_a_refusal_follow_ups_leave_the_refused_exchange_out(fake_api, make_client, store):
    refuses_while_it_sees_the_trigger(fake_api)
    first = turn(store, make_client, "Hello")
    refused = turn(store, make_client, TRIGGER, chat_id=first.chat_id)
    assert refused.stop_reason == "refusal"
    after = turn(store, make_client, "What is the capital of France?", chat_id=first.chat_id)
    assert after.stop_reason == "end_turn"  # without the reset, the fake (like the API) would refuse again
    sent = fake_api.messages_requests()[-1].body["messages"]
    assert TRIGGER not in json.dumps(sent)
    assert "I can't" not in json.dumps(sent)
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    # The history keeps all of it, and says which messages are left out.
    rows = store.branch(first.chat_id)
    assert [r.role for r in rows] == ["user", "assistant", "user", "assistant", "user", "assistant"]
    assert len(history_of(rows)) == 4


def test_editing_the_refused_prompt_still_works(fake_api, make_client, store):
    refuses_while_it_sees_the_trigger(fake_api)
    first = turn(store, make_client, "Hello")
    refused = turn(store, make_client, TRIGGER, chat_id=first.chat_id)
    prompt = store.message(refused.user_id)
    edited = turn(store, make_client, "How do locks work?", chat_id=first.chat_id, parent_id=prompt.parent_id)
    assert edited.stop_reason == "end_turn"
    sent = fake_api.messages_requests()[-1].body["messages"]
    assert sent[-1]["content"][0]["text"] == "How do locks work?"
    assert TRIGGER not in json.dumps(sent)


def test_a_refusal_inside_a_tool_loop_leaves_out_the_whole_exchange(tmp_path, store):
    chat = store.create_chat("tools", model=MODEL)
    text = [{"type": "text", "text": "earlier"}]
    store.add_message(chat, "user", text)
    store.add_message(chat, "assistant", text, model=MODEL, stop_reason="end_turn")
    store.add_message(chat, "user", [{"type": "text", "text": TRIGGER}])
    call = {"type": "tool_use", "id": "t1", "name": "str_replace_based_edit_tool", "input": {"command": "view"}}
    store.add_message(chat, "assistant", [call], model=MODEL, stop_reason="tool_use")
    result = [{"type": "tool_result", "tool_use_id": "t1", "content": "a listing"}]
    store.add_message(chat, "user", result)
    store.add_message(chat, "assistant", [{"type": "text", "text": "I won't"}], model=MODEL, stop_reason="refusal")
    rows = store.branch(chat)
    assert [t.content for t in history_of(rows)] == [text, text]


CUT_CALL = '{"command": "create", "path": "notes.md", "file_text": "# Notes\\n\\nThe first'


def test_max_tokens_inside_a_tool_call_runs_nothing_and_continue_says_why(fake_api, make_client, tmp_path):
    workspace = tmp_path / "proj"
    workspace.mkdir()
    fake_api.script(cut_tool_call_reply(MODEL, "I'll write the notes.", CUT_CALL))
    observer = Recorder()

    async def go(store: Store, prompt: str, chat_id: str | None = None):
        async with make_client(retries=0) as client:
            runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
            tools = ToolSession.open(store, workspace, observer)
            return await runner.ask(prompt, ChatOptions(MODEL), chat_id=chat_id, tools=tools)

    with Store(tmp_path / "h.sqlite3") as store:
        cut = run(go(store, "Write notes.md"))
        assert cut.stop_reason == "max_tokens"
        assert cut.message["content"][1]["input"] == {"command": "create", "path": "notes.md"}
        assert not (workspace / "notes.md").exists()
        assert observer.plans == []  # nothing was even proposed
        assert [r.role for r in store.branch(cut.chat_id)] == ["user", "assistant"]
        after = run(go(store, continuation_prompt(cut.text), cut.chat_id))
    assert after.stop_reason == "end_turn"
    request = fake_api.messages_requests()[-1]
    assert request.status == 200  # the strict fake rejects a tool_use left without its result
    last = request.body["messages"][-1]["content"]
    assert last[0] == {"type": "tool_result", "tool_use_id": "toolu_cut", "content": CUT_RESULT, "is_error": True}
    assert last[1]["text"].startswith("Your previous response was interrupted")
