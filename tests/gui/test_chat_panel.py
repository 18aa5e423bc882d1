"""The chat panel on its own: its dialog changes the shown chat's settings, a changed system prompt
in a chat with replies says the cache starts over, and presets start new chats."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from parley.core.chat_setup import ChatSetup
from parley.core.options import ModelChoice, options_for
from parley.gui.chat_panel import ChatPanel
from parley.gui.composer import Composer
from parley.gui.pickers import EffortChoice
from parley.gui.shown_chat import ShownChat


class Host:
    """What the panel asks of the window, recorded."""

    def __init__(self, services, composer) -> None:
        self.services, self.composer = services, composer
        self.notices: list[object] = []
        self.new_chats = 0

    def options(self):
        return options_for(self.services.settings, ModelChoice(self.composer.model_picker.current_model()))

    def new_chat(self) -> None:
        self.new_chats += 1

    def choose_model(self, model_id, effort, budget_tokens) -> None:
        self.composer.model_picker.select(model_id)
        self.composer.effort_picker.configure(
            self.services.catalog.resolve(model_id), EffortChoice(effort, budget_tokens)
        )

    def show_notice(self, notice) -> None:
        self.notices.append(notice)

    def busy(self) -> bool:
        return False

    def comparing(self) -> bool:
        return False


def make(qtbot, services):
    parent = QWidget()
    qtbot.addWidget(parent)
    composer = Composer(parent)
    composer.model_picker.set_models(services.visible_models(), "claude-sonnet-4-6", services.standing)
    shown = ShownChat(services.store)
    host = Host(services, composer)
    return shown, host, ChatPanel(services, shown, composer, host, parent)


def test_the_dialog_changes_the_shown_chats_settings(qtbot, services) -> None:
    shown, _host, panel = make(qtbot, services)
    panel.open_dialog()
    panel.dialog.system.setPlainText("Be terse.")
    panel.dialog.compaction.setChecked(True)
    panel.dialog._on_accepted()
    assert shown.setup == ChatSetup(system="Be terse.", compaction=True)
    assert shown.is_new  # kept for the new chat's first message


def test_a_new_system_prompt_in_a_chat_with_replies_says_the_cache_starts_over(qtbot, services) -> None:
    shown, host, panel = make(qtbot, services)
    store = services.store
    chat = store.create_chat("x", model="claude-sonnet-4-6")
    store.add_message(chat, "user", [{"type": "text", "text": "q"}])
    reply = store.begin_reply(chat, model="claude-sonnet-4-6", effort=None, parent_id=store.leaf(chat))
    store.finish_reply(reply, [{"type": "text", "text": "a"}], status="complete", usage={"input_tokens": 9})
    shown.show(chat)
    shown.change(system="Now in French")
    assert "cache starts over" in host.notices[-1].text
    assert "This chat:" in panel.footer.totals.text()


def test_a_preset_starts_a_new_chat_with_its_prompt_and_model(qtbot, services) -> None:
    shown, host, panel = make(qtbot, services)
    services.settings.presets = [
        {"name": "Tutor", "system": "Explain step by step.", "model": "claude-opus-4-7", "effort": "max"}
    ]
    panel.new_from_preset("Tutor")
    qtbot.waitUntil(lambda: shown.setup.system == "Explain step by step.", timeout=2000)
    assert host.new_chats == 1
    assert panel._composer.model_picker.current_model() == "claude-opus-4-7"
    assert panel._composer.effort_picker.choice().effort == "max"
