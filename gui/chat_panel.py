"""The chat's own settings and figures: its system prompt and compaction switch (kept until a new
chat's first message creates it), presets to start new chats from, the footer with what the chat
cost and how much the prompt cache served, and the context meter.

The meter shows the last reply's usage against the model's window; while the user types in a chat
that already has messages it asks ``count_tokens`` (debounced) what the next request would weigh,
and quietly stops asking an endpoint that does not answer it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QProgressBar, QToolBar, QToolButton, QWidget

from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.presentation.notices import Notice, chat_totals_text, context_text
from parley.core.pricing import chat_totals, context_tokens

if TYPE_CHECKING:
    from parley.core.attachments import Attachment
    from parley.core.history.store import ChatRow

    from .main_window import MainWindow

COUNT_DELAY_MS = 900
CACHE_RESET = QT_TR_NOOP("the prompt cache starts over: the next reply pays to cache this conversation again")


class ChatFooter(QWidget):
    """One line under the conversation: the chat's cost and cache hit rate, and the context meter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.totals = QLabel(self)
        self.totals.setObjectName("muted")
        self.totals.setAccessibleName(tr("What this chat cost"))
        self.context = QLabel(self)
        self.context.setObjectName("muted")
        self.context.setAccessibleName(tr("Context used"))
        self.meter = QProgressBar(self)
        self.meter.setRange(0, 1000)
        self.meter.setTextVisible(False)
        self.meter.setFixedSize(90, 6)
        self.meter.setAccessibleName(tr("Context window used"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 2, 24, 0)
        layout.addWidget(self.totals, 1)
        layout.addWidget(self.context)
        layout.addWidget(self.meter, 0, Qt.AlignmentFlag.AlignVCenter)
        self.show_context(None, 0)

    def show_context(self, used: int | None, window: int, *, estimate: bool = False) -> None:
        shown = used is not None and window > 0
        self.context.setVisible(shown)
        self.meter.setVisible(shown)
        if used is not None and window > 0:
            self.context.setText(context_text(used, window, estimate=estimate))
            self.meter.setValue(min(1000, int(1000 * used / window)))
            self.meter.setToolTip(tr("{used} of {window} tokens").format(used=f"{used:,}", window=f"{window:,}"))


class ChatPanel(QObject):
    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self._w = w
        self._store = w.services.store
        self.chat: ChatRow | None = None
        self._pending_system = ""  # a new chat's choices, saved when its first message creates it
        self._pending_compaction = False
        self.count_task: asyncio.Task[None] | None = None
        self._count_supported = True
        self._last_used: int | None = None
        self._replies = 0  # the shown chat's replies, counted by refresh(): the cache notices need it
        w.view.blob_lookup = self._store.blob  # attachments show from the history, offline
        from .attachment_views import DropToTray

        self._drop = DropToTray(w.view.viewport(), w.composer.tray)  # drop files on the conversation too
        self.footer = ChatFooter(w)
        w.right_layout.insertWidget(w.right_layout.indexOf(w.composer), self.footer)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._start_count)
        w.composer.input.textChanged.connect(self._count_timer.start)
        w.composer.model_picker.model_changed.connect(self._on_model_changed)
        w.composer.effort_picker.choice_changed.connect(lambda: self._warn_cache_reset("effort"))
        w.composer.thinking.toggled.connect(lambda _on: self._warn_cache_reset("thinking"))
        self._install_actions()

    # ------------------------------------------------------------ what the next request uses

    @property
    def system(self) -> str | None:
        text = self.chat.system if self.chat is not None else self._pending_system
        return text or None

    @property
    def compaction(self) -> bool:
        return self.chat.compaction if self.chat is not None else self._pending_compaction

    # ------------------------------------------------------------ the window's events

    def show_chat(self, chat: ChatRow | None) -> None:
        self.chat = chat
        if chat is not None:
            self._pending_system, self._pending_compaction = "", False
        self.refresh()

    def chat_saved(self, chat_id: str) -> None:
        """A turn ended: a new chat takes its pending settings, and the figures are read again."""
        if self.chat is None or self.chat.id != chat_id:
            self._store.update_chat(chat_id, system=self._pending_system or None, compaction=self._pending_compaction)
            self._pending_system, self._pending_compaction = "", False
        self.chat = self._store.find_chat(chat_id)
        self.refresh()

    def attachments_of(self, content: list[dict[str, object]]) -> list[Attachment]:
        """A sent prompt's files, from the history (those whose bytes are gone are left out)."""
        from parley.core.attachments import Attachment, attachments_in

        files = []
        for block in attachments_in(content):
            data = self._store.blob(block["sha256"])
            if data is not None:
                files.append(Attachment(block, data))
        return files

    def sent(self) -> None:
        self._count_timer.stop()  # the draft is gone: nothing to count

    def stop(self) -> None:
        """The window is closing: count nothing more."""
        self._count_timer.stop()
        if self.count_task is not None and not self.count_task.done():
            self.count_task.cancel()

    def refresh(self) -> None:
        chat = self.chat
        if chat is None:
            self.footer.totals.setText("")
            self._last_used = None
            self._replies = 0
            self._show_last_context()
            return
        totals = chat_totals(self._store.reply_usage(chat.id))
        self._replies = totals.replies
        self.footer.totals.setText(chat_totals_text(totals))
        self._last_used = self._last_reply_context(chat.id)
        self._show_last_context()

    def _last_reply_context(self, chat_id: str) -> int | None:
        ids = self._store.branch_ids(chat_id)
        for row in reversed(self._store.messages_by_id(ids[-3:])):
            if row.role == "assistant" and row.usage:
                return context_tokens(row.usage)
        return None

    def _window(self) -> int:
        return self._w.services.catalog.resolve(self._w.composer.model_picker.current_model()).context_window

    def _show_last_context(self) -> None:
        self.footer.show_context(self._last_used, self._window())

    # ------------------------------------------------------------ cache notices

    def _on_model_changed(self, _model_id: str) -> None:
        self._warn_cache_reset("model")
        self._show_last_context()

    def _warn_cache_reset(self, what: str) -> None:
        """The model, effort or thinking switch changed in a chat that has replies: say what it costs."""
        chat = self.chat
        if chat is None or not self._replies or self._w.compare_mode.active:
            return
        options = self._w.options()
        changed = {
            "model": options.model != chat.model,
            "effort": (options.effort or None) != (chat.effort or None),
            "thinking": options.thinking != chat.thinking,
        }
        if changed.get(what):
            label = {"model": tr("the model"), "effort": tr("the effort"), "thinking": tr("thinking")}[what]
            text = tr("Changing {what} in this chat: {consequence}.").format(what=label, consequence=tr(CACHE_RESET))
            self._w.show_notice(Notice(text, "info"))

    # ------------------------------------------------------------ settings and presets

    def _install_actions(self) -> None:
        w = self._w
        settings = QAction(tr("Chat settings…"), w)
        settings.setShortcut("Ctrl+Shift+,")
        settings.setToolTip(tr("System prompt, compaction and presets for this chat (Ctrl+Shift+,)"))
        settings.triggered.connect(self.open_dialog)
        self.presets_menu = QMenu(tr("New chat from preset"), w)
        self.presets_menu.aboutToShow.connect(self._fill_presets_menu)
        menu = w.menuBar().actions()[0].menu()
        if isinstance(menu, QMenu):
            menu.insertAction(w.actions_by_name["search"], settings)
            menu.insertMenu(w.actions_by_name["compare"], self.presets_menu)
        w.actions_by_name["chat_settings"] = settings
        toolbar = w.findChild(QToolBar, "mainToolbar")
        if toolbar is not None:
            toolbar.addAction(settings)
            button = QToolButton(toolbar)
            button.setText(tr("From preset"))
            button.setToolTip(tr("Start a new chat from a preset (its system prompt, model and effort)"))
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setMenu(self.presets_menu)
            toolbar.addWidget(button)

    def _fill_presets_menu(self) -> None:
        self.presets_menu.clear()
        presets = self._w.services.settings.presets
        if not presets:
            empty = self.presets_menu.addAction(tr("No presets yet: save one in Chat settings"))
            empty.setEnabled(False)
        for preset in presets:
            action = self.presets_menu.addAction(preset["name"])
            action.triggered.connect(lambda _=False, name=preset["name"]: self.new_from_preset(name))

    def new_from_preset(self, name: str) -> None:
        from parley.core.settings import find_preset

        preset = find_preset(self._w.services.settings, name)
        if preset is None:
            return
        self._w.new_chat()
        QTimer.singleShot(0, self, lambda: self._apply_preset(preset))

    def _apply_preset(self, preset: dict[str, object]) -> None:
        from .pickers import EffortChoice

        w = self._w
        if w.controller.chat_id is not None:
            return  # switching was refused (a running answer is stopping): leave the chat alone
        model = str(preset.get("model") or w.composer.model_picker.current_model())
        w.composer.model_picker.select(model)
        w.composer.effort_picker.configure(w.services.catalog.resolve(model), EffortChoice(preset.get("effort")))  # type: ignore[arg-type]
        self._pending_system = str(preset.get("system") or "")
        w.composer.show_note(tr("New chat from the preset “{name}”.").format(name=preset.get("name")), timeout_ms=6000)
        w.composer.input.setFocus()

    def open_dialog(self) -> None:
        from .chat_settings_dialog import ChatSettingsDialog

        w = self._w
        model = w.services.catalog.resolve(w.composer.model_picker.current_model())
        has_replies = self.chat is not None and self._replies > 0
        dialog = ChatSettingsDialog(
            self.system or "", self.compaction, model, w.services.settings.presets, has_replies=has_replies, parent=w
        )
        dialog.applied.connect(self._on_applied)
        dialog.preset_saved.connect(self._on_preset_saved)
        dialog.preset_deleted.connect(self._on_preset_deleted)
        self.dialog = dialog
        dialog.open()

    def _on_applied(self, system: str, compaction: bool) -> None:
        chat = self.chat
        if chat is None:
            self._pending_system, self._pending_compaction = system, compaction
            return
        changed_system = (chat.system or "") != system
        self._store.update_chat(chat.id, system=system or None, compaction=compaction)
        self.chat = self._store.find_chat(chat.id)
        if changed_system and self._replies:
            text = tr("New system prompt for this chat: {consequence}.").format(consequence=tr(CACHE_RESET))
            self._w.show_notice(Notice(text, "info"))

    def _on_preset_saved(self, name: str, system: str) -> None:
        from parley.core.settings import save_preset

        w = self._w
        save_preset(
            w.services.settings,
            name,
            system,
            w.composer.model_picker.current_model(),
            w.composer.effort_picker.choice().effort,
        )
        w.services.save_settings()

    def _on_preset_deleted(self, name: str) -> None:
        s = self._w.services.settings
        s.presets = [p for p in s.presets if p["name"] != name]
        self._w.services.save_settings()

    # ------------------------------------------------------------ count_tokens while typing

    def _start_count(self) -> None:
        chat = self.chat
        draft = self._w.composer.text().strip()
        if chat is None or not draft or not self._count_supported or self._w.controller.busy:
            return
        if self.count_task is not None and not self.count_task.done():
            self.count_task.cancel()
        self.count_task = asyncio.ensure_future(self._count(chat.id, draft))

    async def _count(self, chat_id: str, draft: str) -> None:
        from parley.core.conversation import history_of
        from parley.core.errors import APIError, MalformedResponse, ParleyError
        from parley.core.request import Turn

        try:
            runner = self._w.services.runner()
            options = self._w.options()
            model = runner.catalog.resolve(options.model)
            history = [*history_of(self._store.branch(chat_id)), Turn("user", draft)]
            prepared = runner.prepare(model, history, options, None)
            tokens = await runner.client.count_tokens(prepared.body, prepared.betas)
        except asyncio.CancelledError:
            raise
        except (APIError, MalformedResponse) as error:
            if isinstance(error, MalformedResponse) or error.status in (400, 404, 405, 501):
                self._count_supported = False  # not offered here (AIHubMix, a proxy): stop asking
            return
        except ParleyError:  # offline, no key, an option the model refuses: sending will say so
            return
        if self.chat is not None and self.chat.id == chat_id:
            self.footer.show_context(tokens, model.context_window, estimate=True)
