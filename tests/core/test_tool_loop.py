"""The text editor tool loop against the strict fake API: every follow-up request is accepted
(thinking blocks echoed intact, tool_result first, tools defined), writes wait for approval,
declined writes change nothing, undo restores the original bytes, a stop leaves files whole."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest

from parley.core.catalog import load_shipped
from parley.core.chat import ChatRunner
from parley.core.chat_setup import ChatSetup
from parley.core.history.store import Store
from parley.core.request import STOPPED_RESULT, ChatOptions
from parley.core.tools.editor import EditPlan
from parley.core.tools.sandbox import Refused
from parley.core.tools.session import DECLINED, ToolCall, ToolObserver, ToolSession, UndoConflict, edit_views, undo_edit
from tests.conftest import CLOCK, run
from tests.fakeapi.agent import agent, call, results_in, say

OPUS, SONNET_45 = "claude-opus-4-7", "claude-sonnet-4-5"
ORIGINAL = b"def greet():\n    return 'hi'\n"


class Recorder(ToolObserver):
    """Approves writes as told and remembers everything it heard."""

    def __init__(self, approve: bool = True) -> None:
        self.approves = approve
        self.plans: list[EditPlan] = []
        self.events: list[str] = []

    async def reply_finished(self, outcome) -> None:
        self.events.append(f"reply {outcome.stop_reason}")

    def call_started(self, call: ToolCall) -> None:
        self.events.append(f"start {call.command} {call.path}")

    async def approve(self, call: ToolCall, plan: EditPlan) -> bool:
        self.plans.append(plan)
        return self.approves

    def call_finished(self, call, result, edit_id) -> None:
        self.events.append(f"done {call.command} {'error' if result.is_error else 'ok'}")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "greet.py").write_bytes(ORIGINAL)
    return root


SCRIPT = [
    [say("Let me look around."), call("t1", command="view", path=".")],
    [call("t2", command="view", path="greet.py", view_range=[1, 2])],
    [say("Changing it."), call("t3", command="str_replace", path="greet.py", old_str="'hi'", new_str="'hello'")],
    [
        call("t4", command="create", path="docs/README.md", file_text="# Greeter\n"),
        call("t5", command="view", path="../x"),
    ],
    [call("t6", command="insert", path="greet.py", insert_line=0, insert_text="# greeting\n")],
    [say("Done: greet() now says hello.")],
]


def ask(tmp_path, make_client, prompt, observer, workspace, *, model=OPUS, chat_id=None, store=None, effort=None):
    setup = ChatSetup(workspace=str(Path(workspace).resolve()))

    async def go():
        own = store or Store(tmp_path / "h.sqlite3")
        try:
            async with make_client(retries=0) as client:
                runner = ChatRunner(own, client, load_shipped(), clock=CLOCK)
                tools = ToolSession.open(own, workspace, observer)
                return await runner.ask(
                    prompt, ChatOptions(model, effort=effort), chat_id=chat_id, setup=setup, tools=tools
                )
        finally:
            if store is None:
                own.close()

    return run(go())


def test_a_full_loop_runs_every_command_and_every_follow_up_is_accepted(fake_api, make_client, tmp_path, workspace):
    fake_api.handler = agent(SCRIPT)
    observer = Recorder()
    outcome = ask(tmp_path, make_client, "Make greet say hello", observer, workspace)
    assert outcome.text == "Done: greet() now says hello."
    assert outcome.stop_reason == "end_turn"
    assert (workspace / "greet.py").read_text() == "# greeting\ndef greet():\n    return 'hello'\n"
    assert (workspace / "docs" / "README.md").read_text() == "# Greeter\n"
    reqs = fake_api.messages_requests()
    assert [r.status for r in reqs] == [200] * 6  # the strict fake would answer 400 to a protocol mistake
    for req in reqs:
        assert req.body["tools"] == [
            {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool", "max_characters": 40000}
        ]
        assert "workspace folder" in req.body["system"]
    # Each follow-up echoes the previous reply exactly, thinking and signature included.
    for before, after in itertools.pairwise(reqs):
        echoed = after.body["messages"][-2]
        assert echoed["role"] == "assistant"
        assert echoed["content"][0]["type"] == "thinking"
        assert echoed["content"][0]["signature"]
        assert after.body["messages"][:-2] == before.body["messages"]
    listing = results_in(reqs[1].body)[0]
    assert "greet.py" in listing["content"]
    assert results_in(reqs[2].body)[0]["content"] == "1: def greet():\n2:     return 'hi'"
    escape = results_in(reqs[4].body)[1]
    assert escape["is_error"]
    assert "'..' is not allowed" in escape["content"]
    assert [p.command for p in observer.plans] == ["str_replace", "create", "insert"]
    assert observer.events[:3] == ["reply tool_use", "start view .", "done view ok"]
    with Store(tmp_path / "h.sqlite3") as store:
        chat = store.list_chats()[0]
        assert chat.setup.workspace == str(workspace.resolve())
        rows = store.branch(chat.id)
        assert [r.role for r in rows] == ["user"] + ["assistant", "user"] * 5 + ["assistant"]
        edits = store.edits_for_calls(chat.id, ["t3", "t4", "t6"])
        assert {e.status for e in edits.values()} == {"applied"}
        assert store.blob(edits["t3"].before_hash) == ORIGINAL
        views = edit_views(store, chat.id, ["t1", "t3", "t4"])
        assert set(views) == {"t3", "t4"}
        assert "-    return 'hi'\n+    return 'hello'" in views["t3"].diff
        assert views["t4"].diff.startswith("--- /dev/null\n+++ b/docs/README.md")


def test_without_approval_every_write_is_declined_and_nothing_changes(fake_api, make_client, tmp_path, workspace):
    fake_api.handler = agent(SCRIPT)
    ask(tmp_path, make_client, "Make greet say hello", ToolObserver(), workspace)
    assert (workspace / "greet.py").read_bytes() == ORIGINAL
    assert not (workspace / "docs").exists()
    reqs = fake_api.messages_requests()
    declined = results_in(reqs[3].body)[0]
    assert declined == {
        "type": "tool_result",
        "tool_use_id": "t3",
        "content": DECLINED.format(path="greet.py"),
        "is_error": True,
    }
    with Store(tmp_path / "h.sqlite3") as store:
        chat = store.list_chats()[0]
        assert store.edits_for_calls(chat.id, ["t3"])["t3"].status == "declined"


def test_undo_restores_the_original_bytes_and_claude_hears_of_it(fake_api, make_client, tmp_path, workspace):
    fake_api.handler = agent(SCRIPT)
    ask(tmp_path, make_client, "Make greet say hello", Recorder(), workspace)
    with Store(tmp_path / "h.sqlite3") as store:
        chat = store.list_chats()[0]
        edits = store.edits_for_calls(chat.id, ["t3", "t4", "t6"])
        with pytest.raises(UndoConflict):  # t6 changed the file after t3
            undo_edit(store, edits["t3"].id)
        assert "Restored greet.py" in undo_edit(store, edits["t6"].id)
        assert "Restored greet.py" in undo_edit(store, edits["t3"].id)
        assert (workspace / "greet.py").read_bytes() == ORIGINAL
        assert "Removed docs/README.md" in undo_edit(store, edits["t4"].id)
        assert not (workspace / "docs" / "README.md").exists()
        with pytest.raises(Refused, match="not applied"):
            undo_edit(store, edits["t3"].id)
        fake_api.reset()
        fake_api.handler = agent([[say("Noted.")]])
        ask(tmp_path, make_client, "ok", Recorder(), workspace, chat_id=chat.id, store=store)
        prompt = fake_api.messages_requests()[0].body["messages"][-1]["content"]
        assert prompt[0]["text"].startswith("[Parley note] Since your last reply the user undid your edits to:")
        assert "docs/README.md, greet.py" in prompt[0]["text"]
        assert prompt[1] == {"type": "text", "text": "ok"}
        assert store.unreported_undos(chat.id) == []


def test_undo_after_the_user_edited_the_file_needs_force(fake_api, make_client, tmp_path, workspace):
    fake_api.handler = agent([SCRIPT[2], SCRIPT[-1]])
    ask(tmp_path, make_client, "edit", Recorder(), workspace)
    (workspace / "greet.py").write_text("the user's own work\n")
    with Store(tmp_path / "h.sqlite3") as store:
        edit = store.edits_for_calls(store.list_chats()[0].id, ["t3"])["t3"]
        with pytest.raises(UndoConflict, match="changed after this edit"):
            undo_edit(store, edit.id)
        assert (workspace / "greet.py").read_text() == "the user's own work\n"
        undo_edit(store, edit.id, force=True)
        assert (workspace / "greet.py").read_bytes() == ORIGINAL


class Stalls(Recorder):
    """Never answers the approval: the user presses Stop instead."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = asyncio.Event()

    async def approve(self, call, plan):
        self.waiting.set()
        await asyncio.Event().wait()
        return True


def test_stop_while_a_write_waits_leaves_the_file_whole_and_the_chat_valid(fake_api, make_client, tmp_path, workspace):
    fake_api.handler = agent(SCRIPT)
    observer = Stalls()

    async def go():
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client(retries=0) as client:
                runner = ChatRunner(store, client, load_shipped(), clock=CLOCK)
                tools = ToolSession.open(store, workspace, observer)
                task = asyncio.ensure_future(runner.ask("edit", ChatOptions(OPUS), tools=tools))
                await observer.waiting.wait()
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                chat_id = store.list_chats()[0].id
                last = store.branch(chat_id)[-1]
                fake_api.handler = agent([[say("Fine, stopping.")]])
                await runner.ask("never mind", ChatOptions(OPUS), chat_id=chat_id, tools=tools)
                return last

    last = run(go())
    assert (workspace / "greet.py").read_bytes() == ORIGINAL
    assert last.role == "user"
    assert last.content == [{"type": "tool_result", "tool_use_id": "t3", "content": STOPPED_RESULT, "is_error": True}]
    assert fake_api.messages_requests()[-1].status == 200


def test_manual_thinking_model_loops_with_the_interleaved_beta(fake_api, make_client, tmp_path, workspace):
    fake_api.handler = agent([SCRIPT[1], SCRIPT[2], SCRIPT[-1]])
    outcome = ask(tmp_path, make_client, "edit", Recorder(), workspace, model=SONNET_45)
    assert outcome.text.startswith("Done")
    reqs = fake_api.messages_requests()
    assert [r.status for r in reqs] == [200, 200, 200]
    assert all(r.headers.get("anthropic-beta") == "interleaved-thinking-2025-05-14" for r in reqs)
    assert all(r.body["messages"][-2]["content"][0]["type"] == "thinking" for r in reqs[1:])


def test_detaching_the_workspace_tells_earlier_tool_use_as_text(fake_api, make_client, tmp_path, workspace):
    fake_api.handler = agent([SCRIPT[1], SCRIPT[-1]])
    ask(tmp_path, make_client, "look", Recorder(), workspace)

    async def go():
        with Store(tmp_path / "h.sqlite3") as store:
            async with make_client(retries=0) as client:
                fake_api.handler = None
                chat_id = store.list_chats()[0].id
                return await ChatRunner(store, client, load_shipped(), clock=CLOCK).ask(
                    "thanks", ChatOptions(OPUS), chat_id=chat_id
                )

    assert run(go()).text.startswith("You said: thanks")
    body = fake_api.messages_requests()[-1].body
    assert "tools" not in body
    assert any("[I used the tool" in b.get("text", "") for m in body["messages"] for b in m["content"])
