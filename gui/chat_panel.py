"""The chat's own settings and figures: its system prompt and compaction switch (the shown chat
keeps them), presets to start new chats from, the footer with what the chat cost and how much the
prompt cache served, and the context meter.

The meter shows the last reply's usage against the model's window; while the user types in a chat
that already has messages it asks ``count_tokens`` (debounced) what the next request would weigh,
and quietly stops asking an endpoint that does not answer it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QProgressBar, QToolButton, QWidget

from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.presentation.notices import Notice, chat_totals_text, context_text
from parley.core.pricing import chat_totals, context_tokens

from .icons import icon
from .widgets import ElidedLabel

if TYPE_CHECKING:
    from parley.core.chat_setup import ChatSetup
    from parley.core.request import ChatOptions

    from .composer import Composer
    from .services import Services
    from .shown_chat import ShownChat

COUNT_DELAY_MS = 900
CACHE_RESET = QT_TR_NOOP("the prompt cache starts over: the next reply pays to cache this conversation again")


class ChatFooter(QWidget):
    """One line under the conversation: the chat's cost and cache hit rate, and the context meter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.totals = ElidedLabel("", self)
        self.totals.setObjectName("muted")
        self.totals.setAccessibleName(tr("What this chat cost"))
        self.context = ElidedLabel("", self)
        self.context.setObjectName("muted")
        self.context.setAccessibleName(tr("Context used"))
        self.meter = QProgressBar(self)
        self.meter.setRange(0, 1000)
        self.meter.setTextVisible(False)
        self.meter.setFixedSize(90, 6)
        self.meter.setAccessibleName(tr("Context window used"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
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


class PanelHost(Protocol):
    """What the chat panel asks of the window."""

    def options(self) -> ChatOptions: ...
    def new_chat(self) -> None: ...
    def choose_model(self, model_id: str, effort: str | None, budget_tokens: int | None) -> None: ...
    def show_notice(self, notice: Notice | None) -> None: ...
    def busy(self) -> bool: ...
    def comparing(self) -> bool: ...


class ChatPanel(QObject):
    """The shown chat's own settings (through the dialog and presets), the footer's figures and
    the context meter; its actions (``settings_action``, ``presets_menu``/``presets_button``) are
    placed by the window."""

    def __init__(
        self, services: Services, shown: ShownChat, composer: Composer, host: PanelHost, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._store = services.store
        self._shown = shown
        self._composer = composer
        self._host = host
        self._parent = parent
        self.count_task: asyncio.Task[None] | None = None
        self._count_supported = True
        self._last_used: int | None = None
        self._replies = 0  # the shown chat's replies, counted by refresh(): the cache notices need it
        self.footer = ChatFooter(parent)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._start_count)
        composer.input.textChanged.connect(self._count_timer.start)
        composer.model_picker.model_changed.connect(self._on_model_changed)
        composer.effort_picker.choice_changed.connect(lambda: self._warn_cache_reset("effort"))
        composer.thinking.toggled.connect(lambda _on: self._warn_cache_reset("thinking"))
        shown.switched.connect(lambda _chat: self.refresh())
        shown.adopted.connect(lambda _chat_id: self.refresh())
        shown.setup_changed.connect(self._on_setup_changed)
        self._make_actions()

    # ------------------------------------------------------------ the window's events

    def chat_saved(self) -> None:
        """A turn ended: the figures are read again."""
        self.refresh()

    def sent(self) -> None:
        self._count_timer.stop()  # the draft is gone: nothing to count

    def stop(self) -> None:
        """The window is closing: count nothing more."""
        self._count_timer.stop()
        if self.count_task is not None and not self.count_task.done():
            self.count_task.cancel()

    def refresh(self) -> None:
        chat = self._shown.chat
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
        return self._services.catalog.resolve(self._composer.model_picker.current_model()).context_window

    def _show_last_context(self) -> None:
        self.footer.show_context(self._last_used, self._window())

    # ------------------------------------------------------------ cache notices

    def _on_model_changed(self, _model_id: str) -> None:
        self._warn_cache_reset("model")
        self._show_last_context()

    def _warn_cache_reset(self, what: str) -> None:
        """The model, effort or thinking switch changed in a chat that has replies: say what it costs."""
        chat = self._shown.chat
        if chat is None or not self._replies or self._host.comparing():
            return
        options = self._host.options()
        changed = {
            "model": options.model != chat.model,
            "effort": (options.effort or None) != (chat.effort or None),
            "thinking": options.thinking != chat.thinking,
        }
        if changed.get(what):
            label = {"model": tr("the model"), "effort": tr("the effort"), "thinking": tr("thinking")}[what]
            text = tr("Changing {what} in this chat: {consequence}.").format(what=label, consequence=tr(CACHE_RESET))
            self._host.show_notice(Notice(text, "info"))

    def _on_setup_changed(self, new: ChatSetup, old: ChatSetup) -> None:
        if self._shown.chat is not None and (new.system or "") != (old.system or "") and self._replies:
            text = tr("New system prompt for this chat: {consequence}.").format(consequence=tr(CACHE_RESET))
            self._host.show_notice(Notice(text, "info"))

    # ------------------------------------------------------------ settings and presets

    def _make_actions(self) -> None:
        self.settings_action = QAction(tr("Chat settings…"), self._parent)
        self.settings_action.setShortcut("Ctrl+Shift+,")
        self.settings_action.setToolTip(tr("System prompt, compaction and presets for this chat (Ctrl+Shift+,)"))
        self.settings_action.setIcon(icon("sliders-horizontal"))
        self.settings_action.triggered.connect(self.open_dialog)
        self.presets_menu = QMenu(tr("New chat from preset"), self._parent)
        self.presets_menu.aboutToShow.connect(self._fill_presets_menu)
        self.presets_button = QToolButton(self._parent)
        self.presets_button.setText(tr("From preset"))
        self.presets_button.setIcon(icon("layout-template"))
        self.presets_button.setAccessibleName(tr("New chat from preset"))
        self.presets_button.setToolTip(tr("Start a new chat from a preset (its system prompt, model and effort)"))
        self.presets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.presets_button.setMenu(self.presets_menu)

    def _fill_presets_menu(self) -> None:
        self.presets_menu.clear()
        presets = self._services.settings.presets
        if not presets:
            empty = self.presets_menu.addAction(tr("No presets yet: save one in Chat settings"))
            empty.setEnabled(False)
        for preset in presets:
            action = self.presets_menu.addAction(preset["name"])
            action.triggered.connect(lambda _=False, name=preset["name"]: self.new_from_preset(name))

    def new_from_preset(self, name: str) -> None:
        from parley.core.settings import find_preset

        preset = find_preset(self._services.settings, name)
        if preset is None:
            return
        self._host.new_chat()
        QTimer.singleShot(0, self, lambda: self._apply_preset(preset))

    def _apply_preset(self, preset: dict[str, object]) -> None:
        if not self._shown.is_new:
            return  # switching was refused (a running answer is stopping): leave the chat alone
        model = str(preset.get("model") or self._composer.model_picker.current_model())
        effort = preset.get("effort")
        self._host.choose_model(model, effort if isinstance(effort, str) else None, None)
        self._shown.change(system=str(preset.get("system") or "") or None)
        self._composer.show_note(
            tr("New chat from the preset “{name}”.").format(name=preset.get("name")), timeout_ms=6000
        )
        self._composer.input.setFocus()

    def open_dialog(self) -> None:
        from .chat_settings_dialog import ChatSettingsDialog

        model = self._services.catalog.resolve(self._composer.model_picker.current_model())
        setup = self._shown.setup
        has_replies = self._shown.chat is not None and self._replies > 0
        dialog = ChatSettingsDialog(
            setup.system or "",
            setup.compaction,
            model,
            self._services.settings.presets,
            has_replies=has_replies,
            parent=self._parent,
        )
        dialog.applied.connect(self._on_applied)
        dialog.preset_saved.connect(self._on_preset_saved)
        dialog.preset_deleted.connect(self._on_preset_deleted)
        self.dialog = dialog
        dialog.open()

    def _on_applied(self, system: str, compaction: bool) -> None:
        self._shown.change(system=system or None, compaction=compaction)

    def _on_preset_saved(self, name: str, system: str) -> None:
        from parley.core.settings import save_preset

        save_preset(
            self._services.settings,
            name,
            system,
            self._composer.model_picker.current_model(),
            self._composer.effort_picker.choice().effort,
        )
        self._services.save_settings()

    def _on_preset_deleted(self, name: str) -> None:
        s = self._services.settings
        s.presets = [p for p in s.presets if p["name"] != name]
        self._services.save_settings()

    # ------------------------------------------------------------ count_tokens while typing

    def _start_count(self) -> None:
        chat = self._shown.chat
        draft = self._composer.text().strip()
        if chat is None or not draft or not self._count_supported or self._host.busy() or self._host.comparing():
            return
        if self.count_task is not None and not self.count_task.done():
            self.count_task.cancel()
        self.count_task = self._services.tasks.spawn(self._count(chat.id, draft), name="count tokens")

    async def _count(self, chat_id: str, draft: str) -> None:
        from parley.core.conversation import history_of
        from parley.core.errors import APIError, MalformedResponse, ParleyError
        from parley.core.request import Message

        try:
            runner = self._services.runner()
            options = self._host.options()
            model = runner.catalog.resolve(options.model)
            history = [*history_of(self._store.branch(chat_id)), Message("user", draft)]
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
        if self._shown.id == chat_id:
            self.footer.show_context(tokens, model.context_window, estimate=True)
