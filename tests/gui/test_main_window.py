"""The main window against the fake API: streaming, stopping, banners, drafts, branches, reload."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTextBrowser,
)

from parley.gui.message_widgets import AssistantMessageWidget, UserMessageWidget
from parley.gui.settings_dialog import SettingsDialog
from tests.fakeapi import Reply, error_reply, message_events, refusal_reply, text_reply

from .conftest import send, wait_idle

MD = "# Plan\n\n| step | why |\n|---|---|\n| 1 | test |\n\n```python\nprint('hi')\n```\n\n- done"


def assistants(win) -> list[AssistantMessageWidget]:
    return [w for w in win.view.message_widgets() if isinstance(w, AssistantMessageWidget)]


def users(win) -> list[UserMessageWidget]:
    return [w for w in win.view.message_widgets() if isinstance(w, UserMessageWidget)]


def test_title_layout_and_first_answer(qtbot, window, fake_api):
    assert "Parley" in window.windowTitle()
    fake_api.script(text_reply("claude-sonnet-4-6", MD, thinking="Plan the table first.", piece=5))
    send(qtbot, window, "Make a plan")
    wait_idle(qtbot, window)
    answer = assistants(window)[-1]
    assert "print('hi')" in answer.body.toPlainText()
    assert "step" in answer.body.toPlainText()
    assert answer.markdown == MD
    assert not answer.thinking.isHidden()
    assert answer.thinking.header.text().startswith("Thought for")
    assert not answer.thinking.is_expanded()  # collapsed once the answer started
    assert answer.thinking.text == "Plan the table first."
    footer = answer.footer.text()
    assert "Claude Sonnet 4.6" in footer
    assert "high" in footer
    assert " in / " in footer
    assert "$" in footer
    assert "first token" in footer
    assert window.sidebar.model.chat_count() == 1
    assert window.composer.text() == ""
    body = fake_api.messages_requests()[0].body
    assert body["thinking"] == {"type": "adaptive", "display": "summarized"}
    assert body["output_config"] == {"effort": "high"}


def test_omitted_thinking_is_explained(qtbot, window, fake_api):
    window.composer.model_picker.select("claude-opus-4-7")
    fake_api.script(text_reply("claude-opus-4-7", "Answer.", thinking="hidden", omitted=True))
    send(qtbot, window, "q")
    wait_idle(qtbot, window)
    assert "(hidden by the model)" in assistants(window)[-1].thinking.header.text()


def test_stop_keeps_partial_and_marks_it(qtbot, window, fake_api):
    fake_api.script(
        Reply(
            events=message_events("claude-sonnet-4-6", [{"type": "text", "text": "word " * 400}], piece=5), delay=0.01
        )
    )
    send(qtbot, window, "long please")
    qtbot.waitUntil(lambda: "word" in assistants(window)[-1].body.toPlainText(), timeout=5000)
    assert window.composer.send_button.text() == "Stop"
    window.actions_by_name["stop"].trigger()
    wait_idle(qtbot, window)
    answer = assistants(window)[-1]
    assert "Stopped" in answer.status.text()
    assert 0 < len(answer.markdown) < 2000
    store = window.services.store
    rows = store.branch(window.shown.id)
    assert rows[-1].status == "stopped"
    assert rows[-1].content[0]["text"] == answer.markdown
    assert window.composer.send_button.text() == "Send"
    assert answer.message_id == rows[-1].id  # Retry works on a stopped answer
    assert users(window)[-1].message_id == rows[-2].id


def test_auth_error_banner_opens_settings(qtbot, window, fake_api):
    fake_api.script(error_reply(401, "authentication_error", "invalid x-api-key"))
    send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    banner = window.banner
    assert banner is not None
    assert "rejected the API key" in banner.label.text()
    assert "req_fake_err" in banner.label.text()
    assert window.composer.text() == "hello"  # nothing was sent: the draft is back
    banner.buttons["settings"].click()
    qtbot.waitUntil(lambda: isinstance(window.settings_dialog, SettingsDialog) and window.settings_dialog.isVisible())
    window.settings_dialog.reject()


def test_refusal_offers_retry_with_another_model(qtbot, window, fake_api):
    fake_api.script(refusal_reply("claude-sonnet-4-6", category="cyber"))
    send(qtbot, window, "something risky")
    wait_idle(qtbot, window)
    answer = assistants(window)[-1]
    assert answer.banner is not None
    assert "declined" in answer.banner.label.text()
    assert "cyber" in answer.banner.label.text()
    assert "retry_other_model" in answer.banner.buttons
    window.answers.retry_with(answer.message_id, "claude-opus-4-6")
    wait_idle(qtbot, window)
    assert fake_api.messages_requests()[-1].body["model"] == "claude-opus-4-6"
    rows = window.services.store.messages(window.shown.id)
    assert [r.role for r in rows] == ["user", "assistant", "assistant"]  # the refused reply stays in history


def test_max_tokens_offers_continue(qtbot, window, fake_api):
    fake_api.script(text_reply("claude-sonnet-4-6", "part one", stop_reason="max_tokens"))
    send(qtbot, window, "write a lot")
    wait_idle(qtbot, window)
    answer = assistants(window)[-1]
    assert "length limit" in answer.banner.label.text()
    answer.banner.buttons["continue"].click()
    wait_idle(qtbot, window)
    last = fake_api.messages_requests()[-1].body["messages"]
    text = last[-1]["content"][0]["text"]
    assert text.startswith("Your previous response was interrupted and ended with")  # the documented prompt
    assert "part one" in text
    assert len(last) == 3
    bubbles = [w for w in window.view.message_widgets() if isinstance(w, UserMessageWidget)]
    assert bubbles[-1].text == "Continue"  # not the whole prompt


def test_no_key_gives_a_clear_message_and_keeps_the_draft(qtbot, window, fake_api):
    window.services.ctx.keys.delete(window.services.ctx.endpoint)
    window.services.save_settings()
    send(qtbot, window, "my draft")
    assert window.banner is not None
    assert "No API key" in window.banner.label.text()
    assert "settings" in window.banner.buttons
    assert window.composer.text() == "my draft"
    assert fake_api.messages_requests() == []
    assert window.sidebar.model.chat_count() == 0


def test_offline_send_keeps_the_draft_and_history_stays_readable(qtbot, window, fake_api):
    send(qtbot, window, "first")
    wait_idle(qtbot, window)
    chat = window.shown.id
    window.services.settings.active_endpoint = "http://127.0.0.1:9"
    window.services.ctx.keys.set(window.services.ctx.endpoint, "sk-any")
    window.services.save_settings()
    send(qtbot, window, "second, while offline")
    wait_idle(qtbot, window, timeout=15000)
    assert "Could not reach 127.0.0.1:9" in window.banner.label.text()
    assert window.composer.text() == "second, while offline"
    assert [r.role for r in window.services.store.branch(chat)] == ["user", "assistant"]
    window.open_chat(chat)
    assert len(assistants(window)) == 1
    assert "You said: first" in assistants(window)[0].body.toPlainText()


def test_edit_and_resend_starts_a_branch_and_keeps_the_old_one(qtbot, window, fake_api):
    send(qtbot, window, "original question")
    wait_idle(qtbot, window)
    first_user = users(window)[0]
    first_user.edit_requested.emit(first_user.message_id)
    assert window.composer.text() == "original question"
    assert "new branch" in window.composer.note.text()
    window.composer.set_text("edited question")
    window.composer.send_button.click()
    wait_idle(qtbot, window)
    store = window.services.store
    chat = window.shown.id
    assert len(store.messages(chat)) == 4
    assert store.branch(chat)[0].content[0]["text"] == "edited question"
    sent = fake_api.messages_requests()[-1].body["messages"]
    assert len(sent) == 1
    assert sent[0]["content"][0]["text"] == "edited question"


def test_retry_adds_a_new_reply(qtbot, window, fake_api):
    fake_api.script(text_reply("claude-sonnet-4-6", "first try"), text_reply("claude-sonnet-4-6", "second try"))
    send(qtbot, window, "q")
    wait_idle(qtbot, window)
    assistants(window)[-1].retry_button.click()
    wait_idle(qtbot, window)
    assert len(assistants(window)) == 1
    assert assistants(window)[0].markdown == "second try"
    assert len(window.services.store.messages(window.shown.id)) == 3


def test_reopening_a_chat_shows_thinking_and_footer(qtbot, window, fake_api):
    fake_api.script(text_reply("claude-sonnet-4-6", "kept", thinking="kept thoughts"))
    send(qtbot, window, "q")
    wait_idle(qtbot, window)
    chat = window.shown.id
    window.new_chat()
    assert window.view.message_widgets() == []
    window.open_chat(chat)
    answer = assistants(window)[0]
    assert not answer.thinking.isHidden()
    assert answer.thinking.text == "kept thoughts"
    assert answer.thinking.header.text().startswith("Thought")
    assert "Claude Sonnet 4.6" in answer.footer.text()


def test_a_chat_keeps_its_thinking_panels_as_the_user_left_them(qtbot, window, fake_api):
    fake_api.script(text_reply("claude-sonnet-4-6", "first", thinking="first thoughts"))
    send(qtbot, window, "q")
    wait_idle(qtbot, window)
    chat = window.shown.id
    panel = assistants(window)[0].thinking
    assert not panel.is_expanded()  # folded once the answer started (the app's setting)
    panel.header.click()  # the user opens it
    assert window.services.store.find_chat(chat).setup.thinking_open is True
    fake_api.script(text_reply("claude-sonnet-4-6", "second", thinking="second thoughts"))
    send(qtbot, window, "again")
    wait_idle(qtbot, window)
    assert assistants(window)[-1].thinking.is_expanded()  # this chat's answers stay open now
    window.new_chat()
    fake_api.script(text_reply("claude-sonnet-4-6", "other", thinking="other thoughts"))
    send(qtbot, window, "another chat")
    wait_idle(qtbot, window)
    assert not assistants(window)[-1].thinking.is_expanded()  # another chat: the app's setting
    window.open_chat(chat)
    assert [a.thinking.is_expanded() for a in assistants(window)] == [True, True]
    assistants(window)[0].thinking.header.click()  # folded again
    window.new_chat()
    window.open_chat(chat)
    assert [a.thinking.is_expanded() for a in assistants(window)] == [False, False]


def test_hidden_thinking_says_so_while_it_runs(qtbot, window, fake_api):
    window.services.settings.thinking_display = "omitted"
    window.composer.model_picker.select("claude-opus-4-7")
    fake_api.script(
        Reply(
            events=message_events(
                "claude-opus-4-7",
                [{"type": "thinking", "thinking": "", "omitted": True}, {"type": "text", "text": "Done."}],
            ),
            delay=0.4,
        )
    )
    send(qtbot, window, "think quietly")
    qtbot.waitUntil(lambda: assistants(window) and assistants(window)[-1].has_thinking, timeout=5000)
    panel = assistants(window)[-1].thinking
    qtbot.waitUntil(lambda: panel.header.text().startswith("Thinking (hidden by the model)…"), timeout=5000)
    assert panel.live
    wait_idle(qtbot, window)
    assert panel.header.text().endswith("(hidden by the model)")
    assert panel.header.text().startswith("Thought for")
    assert not panel.live
    assert fake_api.messages_requests()[-1].body["thinking"]["display"] == "omitted"


def _send_a_long_answer(qtbot, window, fake_api, delay: float) -> None:
    """300 short paragraphs, 30 characters every *delay* seconds, into a 900×500 window."""
    window.resize(900, 500)
    events = message_events("claude-sonnet-4-6", [{"type": "text", "text": "line\n\n" * 300}], piece=30)
    fake_api.script(Reply(events=events, delay=delay))
    send(qtbot, window, "long")


def test_scroll_position_holds_when_user_scrolled_up(qtbot, window, fake_api):
    _send_a_long_answer(qtbot, window, fake_api, 0.01)
    bar = window.view.verticalScrollBar()

    def text_height() -> int:  # (a streaming answer has room below its text: not the scroll range)
        body = assistants(window)[-1].body if assistants(window) else None
        return body.height() - body.room() if body is not None else 0

    qtbot.waitUntil(lambda: text_height() > window.view.viewport().height() + 200, timeout=8000)
    bar.setValue(0)
    maximum = bar.maximum()
    qtbot.waitUntil(lambda: bar.maximum() > maximum + 200, timeout=8000)
    assert bar.value() == 0
    wait_idle(qtbot, window)


def test_a_streaming_answer_keeps_its_end_in_sight_and_grows_rarely(qtbot, window, fake_api):
    """The answer grows a screenful at a time, and the chat scrolls to follow its text, not its
    own end: the newest line stays in sight, with at most a few blank lines below it."""
    _send_a_long_answer(qtbot, window, fake_api, 0.03)
    qtbot.waitUntil(lambda: bool(assistants(window)) and assistants(window)[-1].body.room() > 0, timeout=8000)
    body = assistants(window)[-1].body
    viewport = window.view.viewport()
    heights, checked = {body.height()}, 0
    while window.controller.task is not None and not window.controller.task.done():
        qtbot.wait(30)
        heights.add(body.height())
        for _ in range(6):  # the chat's layout settled (each level posts its parent's)
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        if body.room() and window.view.verticalScrollBar().maximum():
            text_end = body.mapTo(viewport, body.rect().bottomLeft()).y() - body.room()
            line = body.fontMetrics().lineSpacing()
            # up to 8 blank lines below it (the chat scrolls a few lines at a time; a fast stream up
            # to half the view), and the margins; a text that ends higher up is not scrolled at all
            below = max(8 * line, viewport.height() // 2)
            lowest = viewport.height() - below - 80 if window.view.verticalScrollBar().value() else 0
            assert lowest <= text_end <= viewport.height() + line, (text_end, checked)
            checked += 1
    wait_idle(qtbot, window)
    assert checked > 20
    assert len(heights) < 15  # ~9,000 px of answer: a handful of steps, not one per frame
    bar = window.view.verticalScrollBar()
    assert body.room() == 0
    assert bar.value() == bar.maximum()  # complete: the chat's own end, with no room left


def test_a_short_streaming_answer_is_not_scrolled(qtbot, window, fake_api):
    """While the answer's text ends above the bottom of the view, the chat stays where it is: the
    room below the text is not scrolled into view (under load, the first frames came to CI so)."""
    window.resize(900, 500)
    events = message_events("claude-sonnet-4-6", [{"type": "text", "text": "line\n\n" * 40}], piece=30)
    fake_api.script(Reply(events=events, delay=0.25))
    send(qtbot, window, "short")
    qtbot.waitUntil(lambda: bool(assistants(window)) and assistants(window)[-1].body.room() > 0, timeout=8000)
    body, viewport, bar = assistants(window)[-1].body, window.view.viewport(), window.view.verticalScrollBar()
    for _ in range(6):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    text_end = body.mapTo(viewport, body.rect().bottomLeft()).y() - body.room()
    assert text_end < viewport.height() - 100  # the text is short
    assert bar.maximum() > 0  # and the room below it is there
    assert bar.value() == 0
    wait_idle(qtbot, window)


def test_shortcuts(qtbot, window):
    window.actions_by_name["search"].trigger()
    assert window.sidebar.search.hasFocus() or window.focusWidget() is window.sidebar.search
    assert window.actions_by_name["new_chat"].shortcut().toString() == "Ctrl+N"
    assert window.actions_by_name["settings"].shortcut().toString() == "Ctrl+,"
    assert window.actions_by_name["stop"].shortcut().toString() == "Esc"


def test_every_control_has_an_accessible_name(qtbot, window, fake_api):
    fake_api.script(text_reply("claude-sonnet-4-6", MD, thinking="t"))
    send(qtbot, window, "q")
    wait_idle(qtbot, window)
    window.open_settings()
    dialog = window.settings_dialog
    missing = []
    for root in (window, dialog):
        for cls in (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QListView, QTextBrowser):
            for widget in root.findChildren(cls):
                label = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
                if not label and widget.isVisibleTo(root):
                    missing.append(f"{type(widget).__name__} {widget.objectName()}")
    dialog.reject()
    assert missing == []


def test_model_change_keeps_or_explains_effort(qtbot, window):
    window.composer.model_picker.select("claude-opus-4-7")
    picker = window.composer.effort_picker
    picker.setCurrentIndex(picker.findData("xhigh"))
    window.composer.model_picker.select("claude-opus-4-6")
    assert picker.choice().effort == "high"
    assert "Extra-high" in window.composer.note.text()
    picker.setCurrentIndex(picker.findData("max"))
    window.composer.model_picker.select("claude-sonnet-4-6")
    assert picker.choice().effort == "max"
    window.composer.model_picker.select("claude-haiku-4-5")
    assert picker.mode == "budget"
    window.composer.thinking.setChecked(False)
    assert window.options().thinking is False


def test_settings_dialog_tests_connection_and_stores_key(qtbot, window, fake_api):
    window.open_settings()
    dialog = window.settings_dialog
    dialog.preset.setCurrentIndex(dialog.preset.findData("custom"))
    dialog.base_url.setText(fake_api.url)
    dialog.key.setText("sk-wrong-key-0000000")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("✗"), timeout=5000)
    assert "rejected the API key" in dialog.test_result.text()
    from tests.fakeapi import DEFAULT_KEY

    dialog.key.setText(DEFAULT_KEY)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_result.text().startswith("✓"), timeout=5000)
    assert "5 models" in dialog.test_result.text()
    dialog.models.item(4).setCheckState(Qt.CheckState.Unchecked)
    dialog.version.setCurrentText("2026-10-21")
    dialog.auth.setCurrentIndex(dialog.auth.findData("bearer"))
    with qtbot.waitSignal(dialog.saved):
        dialog._on_save()
    endpoint = window.services.ctx.endpoint
    assert (endpoint.api_version, endpoint.auth) == ("2026-10-21", "bearer")
    assert window.services.ctx.keys.get(endpoint) == DEFAULT_KEY
    assert "claude-haiku-4-5" not in [
        window.composer.model_picker.itemData(i) for i in range(window.composer.model_picker.count())
    ]
    send(qtbot, window, "after setup")
    wait_idle(qtbot, window)
    req = fake_api.messages_requests()[-1]
    assert req.headers["authorization"].startswith("Bearer ")
    assert "x-api-key" not in req.headers
    assert req.headers["anthropic-version"] == "2026-10-21"


class _NoKeyring:
    """A KeyStore whose backend is missing, as on a desktop without a Secret Service."""

    def get(self, endpoint):
        from parley.core.secrets import KeyringUnavailable

        raise KeyringUnavailable("NoKeyringError")

    def set(self, endpoint, key):
        self.get(endpoint)

    def delete(self, endpoint):
        self.get(endpoint)


def test_without_a_keyring_the_dialog_says_so_and_stores_nothing(qtbot, window, tmp_path):
    window.services.ctx.keys = _NoKeyring()
    window.open_settings()
    dialog = window.settings_dialog
    assert "No system keyring" in dialog.key_note.text()
    assert "ANTHROPIC_API_KEY" in dialog.key_note.text()
    dialog.key.setText("sk-ant-should-never-touch-disk-123456")
    dialog._on_save()
    assert dialog.isVisible()  # not saved: the key has nowhere safe to go
    assert "ANTHROPIC_API_KEY" in dialog.error.text()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"sk-ant-should-never-touch-disk" not in path.read_bytes(), path
    dialog.reject()


def test_network_settings_test_through_a_proxy_and_save(qtbot, window, fake_api):
    from parley.core.network import password_slot
    from tests.proxies import HttpProxy

    window.open_settings()
    dialog = window.settings_dialog
    form = dialog.network
    assert form.mode.currentData() == "system"
    assert not form.url.isEnabled()
    form.mode.setCurrentIndex(form.mode.findData("manual"))
    form.url.setText("proxy-without-scheme:3128")
    dialog._on_save()
    assert dialog.error.isVisible()
    assert "not valid" in dialog.error.text()
    with HttpProxy("dana", "pw") as proxy:
        form.url.setText(f"http://127.0.0.1:{proxy.port}")
        form.user.setText("dana")
        form.password.setText("pw")
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.test_result.text().startswith(("✓", "✗")), timeout=5000)
        assert dialog.test_result.text().startswith("✓"), dialog.test_result.text()
        assert proxy.carried  # the test went through the proxy
        if os.environ.get("PARLEY_SHOTS"):
            dialog.grab().save(os.path.join(os.environ["PARLEY_SHOTS"], "settings-network.png"))
        with qtbot.waitSignal(dialog.saved):
            dialog._on_save()
        network = window.services.settings.network
        assert (network.proxy, network.proxy_user) == ("manual", "dana")
        assert window.services.ctx.keys.get(password_slot(network)) == "pw"
        carried = len(proxy.carried)
        send(qtbot, window, "through the proxy")
        wait_idle(qtbot, window)
        assert len(proxy.carried) > carried
    assert "pw" not in window.services.ctx.paths.settings_file.read_text()


def test_the_start_up_key_check_reads_the_keyring_index_not_the_keyring(tmp_path, monkeypatch):
    """At start the app asks "is there a key?" to decide on the first-run dialog; answering it must
    not open the keyring when the index already knows (keyring costs ~200 ms and ~24 MB)."""
    import asyncio
    import json

    import keyring

    from parley.core.context import Context
    from parley.gui.services import Services

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    asked: list[str] = []
    monkeypatch.setattr(keyring, "get_password", lambda service, user: asked.append(user))
    ctx = Context.create(str(tmp_path))
    services = Services(ctx, ctx.open_store())
    try:
        ctx.paths.keyring_index.write_text(json.dumps([ctx.endpoint.base_url]), encoding="utf-8")
        assert asyncio.run(services.check_key())
        assert asked == []
        ctx.paths.keyring_index.unlink()  # no index (first start after an upgrade): the keyring is asked
        assert not asyncio.run(services.check_key())
        assert asked == [ctx.endpoint.base_url]
    finally:
        services.store.close()
