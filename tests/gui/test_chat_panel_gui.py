"""The chat's settings and figures in the window: system prompt and compaction per chat (a new
chat's kept until it exists), presets, the cost and cache-hit footer, the context meter with
count_tokens while typing, cache-reset notices, and Settings → Replies reaching the request."""

from __future__ import annotations

from parley.gui.summary_panel import TITLE, SummaryPanel
from tests.fakeapi.replies import Reply, message_events
from tests.gui.conftest import send, wait_idle
from tests.gui.test_attachments_gui import shot

SYSTEM = "Answer as a terse senior engineer. " * 160  # long enough to be cached (over 1,024 tokens)


def open_dialog(qtbot, window):
    window.actions_by_name["chat_settings"].trigger()
    qtbot.waitUntil(lambda: window.chat_panel.dialog.isVisible())
    return window.chat_panel.dialog


def test_a_new_chats_system_prompt_and_compaction_are_sent_and_kept(qtbot, window, fake_api):
    dialog = open_dialog(qtbot, window)
    dialog.system.setPlainText(SYSTEM)
    dialog.compaction.setChecked(True)
    shot(dialog, "chat-settings.png")
    dialog._on_accepted()
    send(qtbot, window, "first")
    wait_idle(qtbot, window)
    req = fake_api.messages_requests()[-1]
    assert req.body["system"] == SYSTEM.strip()
    assert req.body["context_management"] == {"edits": [{"type": "compact_20260112"}]}
    chat = window.services.store.find_chat(window.shown.id)
    assert chat.setup.system == SYSTEM.strip()
    assert chat.setup.compaction
    send(qtbot, window, "second")
    wait_idle(qtbot, window)
    second = fake_api.messages_requests()[-1]
    assert second.body["system"] == SYSTEM.strip()
    assert second.body["messages"][-1]["content"][0]["text"] == "second"
    # The footer: what the chat cost, and how much the cache served (the second reply read the first's prefix).
    footer = window.chat_panel.footer
    assert footer.totals.text().startswith("This chat: $")
    assert "over 2 replies" in footer.totals.text()
    rate = int(footer.totals.text().rsplit("cache hit rate ", 1)[1].rstrip("%"))
    assert rate > 30
    assert footer.context.text().startswith("Context ")
    assert footer.context.text().endswith("of 1M tokens (0%)")
    window.new_chat()  # a new chat starts without them
    assert window.options().system is None
    assert not window.options().compaction


def test_changing_the_model_in_a_chat_says_the_cache_resets(qtbot, window, fake_api):
    send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    window.composer.model_picker.select("claude-opus-4-7")
    qtbot.waitUntil(lambda: window.banner is not None)
    assert "prompt cache starts over" in window.banner.label.text()
    assert "the model" in window.banner.label.text()


def test_presets_start_new_chats_with_their_prompt_model_and_effort(qtbot, window, fake_api):
    window.composer.model_picker.select("claude-opus-4-7")
    dialog = open_dialog(qtbot, window)
    dialog.system.setPlainText("You are a patient maths tutor.")
    dialog._save_named("Tutor")
    dialog.reject()
    assert window.services.settings.presets == [
        {"name": "Tutor", "system": "You are a patient maths tutor.", "model": "claude-opus-4-7", "effort": "high"}
    ]
    window.composer.model_picker.select("claude-haiku-4-5")
    window.chat_panel._fill_presets_menu()
    action = next(a for a in window.chat_panel.presets_menu.actions() if a.text() == "Tutor")
    action.trigger()
    qtbot.waitUntil(lambda: window.composer.model_picker.current_model() == "claude-opus-4-7")
    send(qtbot, window, "What is a prime?")
    wait_idle(qtbot, window)
    req = fake_api.messages_requests()[-1]
    assert req.body["system"] == "You are a patient maths tutor."
    assert req.body["model"] == "claude-opus-4-7"
    assert req.body["output_config"] == {"effort": "high"}


def test_typing_in_a_chat_counts_the_next_request(qtbot, window, fake_api):
    send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    window.composer.set_text("a follow-up question that is being typed")
    qtbot.waitUntil(lambda: any(r.path == "/v1/messages/count_tokens" for r in fake_api.requests), timeout=5000)
    qtbot.waitUntil(lambda: "about" in window.chat_panel.footer.context.text(), timeout=5000)
    counted = next(r for r in fake_api.requests if r.path == "/v1/messages/count_tokens")
    assert counted.status == 200
    assert "max_tokens" not in counted.body
    assert counted.body["messages"][-1]["content"][0]["text"] == "a follow-up question that is being typed"


def test_an_endpoint_without_count_tokens_is_quietly_not_asked_again(qtbot, window, fake_api):
    send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    window.services.settings.max_tokens = None
    panel = window.chat_panel
    fake_api.not_an_api = True  # a proxy that answers nothing under /v1 with JSON
    try:
        window.composer.set_text("typing")
        qtbot.waitUntil(lambda: not panel._count_supported, timeout=5000)
        assert window.banner is None  # quietly
        before = len(fake_api.requests)
        window.composer.set_text("typing more")
        qtbot.wait(1200)
        assert len(fake_api.requests) == before
    finally:
        fake_api.not_an_api = False


def test_a_compaction_block_shows_as_an_expandable_summary(qtbot, window, fake_api):
    blocks = [{"type": "compaction", "content": "We planned the database migration."}, {"type": "text", "text": "Ok."}]
    usage = {"iterations": [{"type": "compaction", "input_tokens": 160000, "output_tokens": 900}]}
    fake_api.script(Reply(events=message_events("claude-sonnet-4-6", blocks, final_usage_extra=usage)))
    window.shown.change(compaction=True)
    send(qtbot, window, "go on")
    wait_idle(qtbot, window)
    panels = window.view.findChildren(SummaryPanel)
    assert len(panels) == 1
    assert panels[0].header.text() == TITLE
    assert not panels[0].body.isVisibleTo(panels[0])
    panels[0].header.click()
    assert panels[0].body.isVisibleTo(panels[0])
    assert panels[0].body.text() == "We planned the database migration."
    chat_id = window.shown.id
    window.new_chat()
    window.open_chat(chat_id)
    qtbot.waitUntil(lambda: len(window.view.findChildren(SummaryPanel)) == 1)
    shot(window, "compaction-summary.png")
    send(qtbot, window, "and then?")
    wait_idle(qtbot, window)
    echoed = fake_api.messages_requests()[-1].body["messages"][1]["content"][0]
    assert echoed == blocks[0]  # sent back as it came, with the beta on


def test_settings_replies_reach_the_request(qtbot, window, fake_api):
    window.open_settings()
    dialog = window.settings_dialog
    dialog.replies.max_tokens.setValue(100_000)
    dialog.replies.cache_ttl.setCurrentIndex(dialog.replies.cache_ttl.findData("1h"))
    shot(dialog, "settings-replies.png")
    dialog.replies.apply(window.services.settings)
    dialog.reject()
    window.composer.model_picker.select("claude-sonnet-4-5")
    send(qtbot, window, "hi")
    wait_idle(qtbot, window)
    body = fake_api.messages_requests()[-1].body
    assert body["max_tokens"] == 64_000  # capped at Sonnet 4.5's maximum
    assert body["cache_control"] == {"type": "ephemeral", "ttl": "1h"}
    window.services.settings.cache = False
    window.composer.model_picker.select("claude-opus-4-7")
    send(qtbot, window, "again")
    wait_idle(qtbot, window)
    body = fake_api.messages_requests()[-1].body
    assert body["max_tokens"] == 100_000
    assert "cache_control" not in body
