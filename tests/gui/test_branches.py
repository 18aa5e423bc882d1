"""Branches in the window: after Edit or Retry a ‹ 2/3 › switcher steps between a message's versions,
each with its own continuation; the branch shown is the one the next prompt continues (and what is
sent is exactly that path); a search hit in another branch opens that branch."""

from __future__ import annotations

from PySide6.QtCore import Qt

from parley.gui.message_widgets import AssistantMessageWidget, UserMessageWidget
from tests.fakeapi import text_reply

from .conftest import send, wait_idle


def shown_texts(window) -> list[str]:
    texts = []
    for widget in window.view.message_widgets():
        if isinstance(widget, UserMessageWidget):
            texts.append(widget.text)
        elif isinstance(widget, AssistantMessageWidget):
            texts.append(widget.markdown)
    return texts


def switcher(widget):
    switcher = widget.versions
    return switcher.position.text() if switcher is not None and not switcher.isHidden() else None


def answers(window) -> list[AssistantMessageWidget]:
    return [w for w in window.view.message_widgets() if isinstance(w, AssistantMessageWidget)]


def prompts(window) -> list[UserMessageWidget]:
    return [w for w in window.view.message_widgets() if isinstance(w, UserMessageWidget)]


def test_versions_switch_with_their_own_continuations_and_the_shown_one_is_continued(qtbot, window, fake_api):
    sonnet = "claude-sonnet-4-6"
    fake_api.script(
        text_reply(sonnet, "one", thinking="thought one"),
        text_reply(sonnet, "two", thinking="thought two"),
        text_reply(sonnet, "after one", thinking="thought three"),
        text_reply(sonnet, "edited answer", thinking="thought four"),
    )
    send(qtbot, window, "q")
    wait_idle(qtbot, window)
    assert switcher(answers(window)[0]) is None  # one version: no switcher
    answers(window)[0].retry_button.click()
    wait_idle(qtbot, window)
    assert shown_texts(window) == ["q", "two"]
    assert switcher(answers(window)[0]) == "2/2"
    assert not answers(window)[0].versions.forward.isEnabled()

    answers(window)[0].versions.back.click()  # back to the first answer
    assert shown_texts(window) == ["q", "one"]
    assert switcher(answers(window)[0]) == "1/2"
    send(qtbot, window, "more")  # continues the branch shown
    wait_idle(qtbot, window)
    sent = fake_api.messages_requests()[-1].body["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1]["content"][0] == {
        "type": "thinking",
        "thinking": "thought one",
        "signature": sent[1]["content"][0]["signature"],
    }
    assert sent[1]["content"][1]["text"] == "one"  # the fake API checked the signature: accepted
    assert shown_texts(window) == ["q", "one", "more", "after one"]

    first_prompt = prompts(window)[0]
    first_prompt.edit_requested.emit(first_prompt.message_id)
    window.composer.set_text("q, edited")
    window.composer.send_button.click()
    wait_idle(qtbot, window)
    assert shown_texts(window) == ["q, edited", "edited answer"]  # the edit replaces the view from there
    assert switcher(prompts(window)[0]) == "2/2"
    prompts(window)[0].versions.back.click()
    assert shown_texts(window) == ["q", "one", "more", "after one"]  # with its own continuation

    chat = window.shown.id
    window.new_chat()
    window.open_chat(chat)  # the branch chosen is kept
    assert shown_texts(window) == ["q", "one", "more", "after one"]

    second = window.services.store.branch(chat, None)
    two = next(
        m.id
        for m in window.services.store.messages(chat)
        if m.role == "assistant" and m.content[-1].get("text") == "two"
    )
    window.new_chat()
    window.open_chat(chat, two)  # a search hit in another branch opens that branch
    assert shown_texts(window) == ["q", "two"]
    assert [m.id for m in window.services.store.branch(chat)][-1] == two
    assert second[-1].id != two


def test_the_switcher_is_named_for_screen_readers_and_works_from_the_keyboard(qtbot, window, fake_api):
    fake_api.script(text_reply("claude-sonnet-4-6", "one"), text_reply("claude-sonnet-4-6", "two"))
    send(qtbot, window, "q")
    wait_idle(qtbot, window)
    answers(window)[0].retry_button.click()
    wait_idle(qtbot, window)
    versions = answers(window)[0].versions
    assert versions.accessibleName() == "Version 2 of 2"
    assert versions.back.accessibleName() == "Previous version"
    versions.setFocus()
    qtbot.keyClick(versions.focusProxy(), Qt.Key.Key_Space)
    assert shown_texts(window) == ["q", "one"]
    assert answers(window)[0].versions.accessibleName() == "Version 1 of 2"


def test_switching_waits_while_an_answer_streams(qtbot, window, fake_api):
    from tests.fakeapi import Reply, message_events

    fake_api.script(text_reply("claude-sonnet-4-6", "one"), text_reply("claude-sonnet-4-6", "two"))
    send(qtbot, window, "q")
    wait_idle(qtbot, window)
    answers(window)[0].retry_button.click()
    wait_idle(qtbot, window)
    fake_api.script(
        Reply(events=message_events("claude-sonnet-4-6", [{"type": "text", "text": "x " * 300}], piece=4), delay=0.01)
    )
    send(qtbot, window, "slow one")
    qtbot.waitUntil(lambda: window.controller.busy, timeout=3000)
    assert not answers(window)[0].versions.isEnabled()
    wait_idle(qtbot, window)
    assert answers(window)[0].versions.isEnabled()
