"""In the window: a retired model's chats, a refused exchange, and a reply cut by max_tokens.

The window's clock is the tests' fixed day (2026-12-05), after Sonnet 4.5's retirement.
"""

from __future__ import annotations

import pytest

from parley.core.endpoint import Endpoint
from parley.gui.message_widgets import AssistantMessageWidget, UserMessageWidget
from tests.fakeapi import refusal_reply, text_reply

from .conftest import send, wait_idle

TEXT = [{"type": "text", "text": "An earlier answer from Sonnet 4.5."}]


@pytest.fixture
def at_anthropic(monkeypatch):
    """The window's endpoint counts as Anthropic's (where retirement dates are enforced); requests
    still go to the fake API."""
    monkeypatch.setattr(Endpoint, "preset", property(lambda self: "anthropic"))


def old_chat(window) -> str:
    store = window.services.store
    chat = store.create_chat("Sonnet 4.5 days", model="claude-sonnet-4-5", thinking=True)
    store.add_message(chat, "user", [{"type": "text", "text": "Hello from November"}])
    store.add_message(chat, "assistant", TEXT, model="claude-sonnet-4-5", stop_reason="end_turn")
    return chat


def assistants(win) -> list[AssistantMessageWidget]:
    return [w for w in win.view.message_widgets() if isinstance(w, AssistantMessageWidget)]


def test_at_anthropic_a_retired_chat_reads_and_moves_to_the_successor_in_one_click(
    at_anthropic, qtbot, window, fake_api
):
    picker = window.composer.model_picker
    assert "claude-sonnet-4-5" not in [picker.itemData(i) for i in range(picker.count())]  # no new chat on it
    chat = old_chat(window)
    window.open_chat(chat)
    assert assistants(window)[-1].markdown == TEXT[0]["text"]  # reads as before
    assert picker.currentText() == "Claude Sonnet 4.5 (retired)"
    effort = window.composer.effort_picker
    effort.setCurrentIndex(effort.findData(2048))  # a small thinking budget on 4.5
    send(qtbot, window, "And now?")
    assert fake_api.messages_requests() == []  # refused before sending
    banner = window.banner
    assert banner is not None
    assert "was retired on 2026-11-30" in banner.label.text()
    button = banner.buttons["use_successor"]
    assert button.text() == "Continue on Claude Sonnet 4.6"
    assert window.composer.text() == "And now?"  # the draft waits
    button.click()
    wait_idle(qtbot, window)
    body = fake_api.messages_requests()[-1].body
    assert body["model"] == "claude-sonnet-4-6"
    assert body["thinking"] == {"type": "adaptive", "display": "summarized"}
    assert body["output_config"] == {"effort": "low"}  # the 2k budget, as an effort
    assert "budget_tokens" not in str(body)
    assert assistants(window)[-1].markdown == "You said: And now?"
    assert window.services.store.find_chat(chat).model == "claude-sonnet-4-6"
    assert picker.currentText() == "Claude Sonnet 4.6"


def test_a_new_chat_never_starts_on_a_retired_model(at_anthropic, qtbot, window):
    window.services.settings.default_model = "claude-sonnet-4-5"  # what the user last used, in November
    window.new_chat()
    assert window.composer.model_picker.current_model() == "claude-sonnet-4-6"


def test_a_proxy_that_dropped_the_model_says_so_and_offers_the_successor(qtbot, window, fake_api):
    fake_api.retired = {"claude-sonnet-4-5"}
    chat = old_chat(window)
    window.open_chat(chat)
    assert window.composer.model_picker.currentText() == "Claude Sonnet 4.5 (retired at Anthropic)"
    send(qtbot, window, "Still there?")
    wait_idle(qtbot, window)
    banner = window.banner
    assert banner is not None
    assert "retired at Anthropic on 2026-11-30, and this endpoint no longer serves it" in banner.label.text()
    assert window.composer.text() == "Still there?"  # nothing arrived: the prompt is back
    banner.buttons["use_successor"].click()
    wait_idle(qtbot, window)
    assert fake_api.messages_requests()[-1].body["model"] == "claude-sonnet-4-6"
    assert assistants(window)[-1].markdown == "You said: Still there?"


def test_a_refused_exchange_is_marked_and_left_out_of_follow_ups(qtbot, window, fake_api):
    fake_api.script(text_reply("claude-sonnet-4-6", "Hi!"), refusal_reply("claude-sonnet-4-6", partial="I can't"))
    send(qtbot, window, "Hello")
    wait_idle(qtbot, window)
    send(qtbot, window, "something it declines")
    wait_idle(qtbot, window)
    refused = assistants(window)[-1]
    assert "left out of the conversation" in refused.banner.label.text()
    bubbles = [w for w in window.view.message_widgets() if isinstance(w, UserMessageWidget)]
    assert bubbles[-1].property("leftOut") is True
    assert bubbles[0].property("leftOut") is not True
    send(qtbot, window, "Something else")
    wait_idle(qtbot, window)
    sent = str(fake_api.messages_requests()[-1].body["messages"])
    assert "something it declines" not in sent
    assert "I can't" not in sent
    chat = window.shown.id
    window.new_chat()
    window.open_chat(chat)  # reopened: still visible, still marked
    bubbles = [w for w in window.view.message_widgets() if isinstance(w, UserMessageWidget)]
    assert [b.text for b in bubbles] == ["Hello", "something it declines", "Something else"]
    assert [b.property("leftOut") is True for b in bubbles] == [False, True, False]
    bubbles[1].edit_requested.emit(bubbles[1].message_id)  # Edit still works on the refused prompt
    assert window.composer.text() == "something it declines"


def test_max_tokens_offers_an_answer_with_a_higher_limit(qtbot, window, fake_api):
    window.services.settings.max_tokens = 8000
    fake_api.script(text_reply("claude-sonnet-4-6", "part one", stop_reason="max_tokens"))
    send(qtbot, window, "write a lot")
    wait_idle(qtbot, window)
    assert fake_api.messages_requests()[-1].body["max_tokens"] == 8000
    banner = assistants(window)[-1].banner
    assert set(banner.buttons) == {"continue", "raise_limit"}
    banner.buttons["raise_limit"].click()
    wait_idle(qtbot, window)
    request = fake_api.messages_requests()[-1].body
    assert request["max_tokens"] == 16000
    assert request["messages"][-1]["content"][0]["text"] == "write a lot"  # the same prompt, answered again
