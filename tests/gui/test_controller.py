"""The chat controller on its own: a real view, the shown chat, the runner on the fake API, tasks
through the registry. It owns the turn; the core fills the live turn; the painter paints it."""

from __future__ import annotations

import pytest

from parley.core.presentation.markdown import MarkdownRenderer
from parley.gui.chat_view import ChatView
from parley.gui.controller import ChatController
from parley.gui.message_widgets import AssistantMessageWidget, UserMessageWidget
from parley.gui.shown_chat import ShownChat
from tests.fakeapi import Reply, error_reply, message_events, text_reply

MODEL = "claude-sonnet-4-6"


@pytest.fixture
def parts(qtbot, services):
    view = ChatView(MarkdownRenderer(), services.model_name)
    qtbot.addWidget(view)
    shown = ShownChat(services.store)
    controller = ChatController(
        services.runner, view, shown, services.model_name, lambda coro, name: services.tasks.spawn(coro, name=name)
    )
    return services, view, shown, controller


def options(services, **kw):
    from parley.core.options import ModelChoice, options_for

    return options_for(services.settings, ModelChoice(MODEL), **kw)


def idle(qtbot, controller):
    qtbot.waitUntil(lambda: not controller.busy, timeout=8000)


def kinds(view):
    return [type(w).__name__[0] for w in view.message_widgets()]


def test_a_new_chat_is_created_with_its_settings_and_adopted(qtbot, parts, fake_api) -> None:
    services, view, shown, controller = parts
    shown.change(system="Answer in one line.")
    saved: list[str] = []
    controller.chat_saved.connect(saved.append)
    assert controller.send("Hello", options(services, setup=shown.setup))
    idle(qtbot, controller)
    chat = services.store.find_chat(saved[0])
    assert chat.setup.system == "Answer in one line."  # written with the chat, in one transaction
    assert shown.id == chat.id
    assert fake_api.messages_requests()[0].body["system"] == "Answer in one line."
    user, answer = view.message_widgets()
    assert isinstance(user, UserMessageWidget)
    assert user.message_id
    assert isinstance(answer, AssistantMessageWidget)
    assert answer.markdown == "You said: Hello"
    row = services.store.message(answer.message_id)
    assert row.ttft_s is not None
    assert f"first token {row.ttft_s:.1f} s" in answer.footer.text()  # the footer and the history agree


def test_a_turn_that_sent_nothing_gives_the_draft_back_and_the_chat_stays_new(qtbot, parts, fake_api) -> None:
    services, view, shown, controller = parts
    shown.change(system="Keep me")
    fake_api.script(error_reply(400, "invalid_request_error", "nope"))
    restored: list[str] = []
    notices: list[object] = []
    controller.draft_restored.connect(lambda text, files: restored.append(text))
    controller.notice_posted.connect(notices.append)
    controller.send("my draft", options(services, setup=shown.setup))
    idle(qtbot, controller)
    assert restored == ["my draft"]
    assert view.message_widgets() == []
    assert shown.is_new
    assert shown.setup.system == "Keep me"
    assert services.store.list_chats() == []
    assert "back in the box" in notices[-1].text


def test_an_edit_shows_its_new_branch_not_the_old_one_with_the_edit_appended(qtbot, parts, fake_api) -> None:
    services, view, shown, controller = parts
    for prompt in ("first", "second"):
        controller.send(prompt, options(services))
        idle(qtbot, controller)
    first_reply = view.message_widgets()[1]
    second_prompt = view.message_widgets()[2]
    shown.begin_edit(services.store.message(second_prompt.message_id).parent_id)
    assert shown.edit_parent == first_reply.message_id
    controller.send("second, edited", options(services))
    idle(qtbot, controller)
    texts = [getattr(w, "text", None) or w.markdown for w in view.message_widgets()]
    assert texts == ["first", "You said: first", "second, edited", "You said: second, edited"]
    assert not shown.editing
    sent = fake_api.messages_requests()[-1].body["messages"]
    assert [m["content"][0]["text"] for m in sent if m["role"] == "user"] == ["first", "second, edited"]


def test_stop_keeps_what_arrived_and_marks_it(qtbot, parts, fake_api) -> None:
    services, view, _shown, controller = parts
    fake_api.script(Reply(events=message_events(MODEL, [{"type": "text", "text": "word " * 300}], piece=5), delay=0.01))
    controller.send("long", options(services))
    qtbot.waitUntil(lambda: "word" in view.message_widgets()[-1].markdown, timeout=5000)
    controller.stop()
    idle(qtbot, controller)
    answer = view.message_widgets()[-1]
    assert "Stopped" in answer.status.text()
    row = services.store.message(answer.message_id)
    assert row.status == "stopped"
    assert row.content[0]["text"].startswith("word")


def test_a_retried_attempt_clears_its_retry_note_when_text_arrives(qtbot, parts, fake_api) -> None:
    services, view, _shown, controller = parts
    fake_api.script(error_reply(529, "overloaded_error", "busy", retry_after=0.05), text_reply(MODEL, "finally"))
    controller.send("hi", options(services))
    idle(qtbot, controller)
    answer = view.message_widgets()[-1]
    assert answer.markdown == "finally"
    assert answer.status.isHidden()  # regression: "Retrying in 0 s (attempt 2)…" stayed under the answer
    assert answer.status.text() == ""
