"""The main window: history on the left, the conversation in the middle, the composer below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from parley.core.i18n import tr
from parley.core.presentation.colors import Theme

from .composer import Composer
from .empty_state import empty_hint
from .history_sidebar import HistorySidebar
from .pickers import EffortChoice
from .services import Services
from .window_actions import install_actions

if TYPE_CHECKING:  # the conversation half loads after the first paint (see complete())
    import asyncio

    from parley.core.presentation.markdown import MarkdownRenderer
    from parley.core.presentation.notices import Notice
    from parley.core.request import ChatOptions

    from .chat_panel import ChatPanel
    from .chat_view import ChatView
    from .compare_mode import CompareMode
    from .controller import ChatController, ToolsFor
    from .message_widgets import Banner, BannerSlot
    from .settings_dialog import SettingsDialog
    from .workspace import WorkspaceBinding


class MainWindow(QMainWindow):
    """The frame (sidebar, composer, menus) is built at once; the conversation half in ``complete()``.

    With ``deferred=True`` the app paints the frame first and calls ``complete()`` right after, so the
    window appears before the renderer, the controller and asyncio are imported (P2 in tests/perf).
    """

    def __init__(self, services: Services, theme: Theme | None = None, *, deferred: bool = False) -> None:
        super().__init__()
        self.services = services
        self._theme = theme or Theme()
        self.setWindowTitle(tr("Parley"))
        self.resize(1180, 780)
        self.sidebar = HistorySidebar(services.store, services.clock.today, services.model_name, self)
        self.composer = Composer(self)
        self._edit_parent: int | None = -1
        self._switch_task: asyncio.Task[None] | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._network_task: asyncio.Task[None] | None = None
        self._title_task: asyncio.Task[None] | None = None
        self.completed = False

        right = QWidget(self)
        self.right_layout = QVBoxLayout(right)
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        self.right_layout.setSpacing(0)
        self._placeholder = empty_hint(right)
        self.right_layout.addWidget(self._placeholder, 1)
        self._notice_layout = QVBoxLayout()
        self._notice_layout.setContentsMargins(24, 0, 24, 0)
        self.right_layout.addLayout(self._notice_layout)
        self.right_layout.addWidget(self.composer)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 920])
        self.setCentralWidget(self.splitter)

        self.actions_by_name: dict[str, QAction] = install_actions(self)
        self._reset_pickers(
            services.new_chat_model(),
            EffortChoice(services.settings.default_effort),
            services.settings.thinking,
        )
        self.composer.input.setFocus()
        if not deferred:
            self.complete()

    def complete(self) -> None:
        """Build the conversation view, its controller and banners, and connect everything (~100 ms of
        imports: markdown, asyncio, the chat runner). User input waits until this has run."""
        if self.completed:
            return
        from parley.core.presentation.markdown import MarkdownRenderer

        from .chat_panel import ChatPanel
        from .chat_view import ChatView
        from .compare_mode import CompareMode
        from .controller import ChatController
        from .message_widgets import BannerSlot
        from .workspace import install_workspace

        self.renderer: MarkdownRenderer = MarkdownRenderer(self._theme)
        self.view: ChatView = ChatView(self.renderer, self.services.model_name, self)
        self.pages = QStackedWidget(self)  # the conversation, or compare mode
        self.pages.addWidget(self.view)
        self.right_layout.replaceWidget(self._placeholder, self.pages)
        self._placeholder.deleteLater()
        self.controller: ChatController = ChatController(
            self.services.runner,
            self.view,
            self.services.model_name,
            collapse_thinking=self.services.settings.collapse_thinking,
        )
        self._banners: BannerSlot = BannerSlot(self._notice_layout, self, self._on_action_requested)
        self.compare_mode: CompareMode = CompareMode(self)
        self.workspace: WorkspaceBinding = install_workspace(self)
        self.chat_panel: ChatPanel = ChatPanel(self)
        self._connect()
        self.completed = True

    # ------------------------------------------------------------ setup

    def background_tasks(self) -> list[asyncio.Task[None]]:
        tasks = (self._network_task, self._switch_task, self._title_task, self.chat_panel.count_task)
        return [t for t in tasks if t is not None]

    def stop_answer(self) -> None:
        if self.compare_mode.active:
            self.compare_mode.stop()
        else:
            self.controller.stop()

    def _connect(self) -> None:
        self.composer.input.textChanged.connect(self._on_first_edit)
        self.composer.send_requested.connect(self._on_composer_send_requested)
        self.composer.stop_requested.connect(self.stop_answer)
        self.composer.model_picker.model_changed.connect(self._on_model_picker_changed)
        self.controller.busy_changed.connect(self._on_controller_busy_changed)
        self.controller.chat_saved.connect(self._on_controller_chat_saved)
        self.controller.notice_posted.connect(self.show_notice)
        self.controller.draft_restored.connect(self._on_draft_restored)
        self.sidebar.chat_selected.connect(self.open_chat)
        self.sidebar.hit_activated.connect(self.open_chat)
        self.sidebar.chat_deleted.connect(self._on_sidebar_chat_deleted)
        self.sidebar.export_requested.connect(self.export_chats)
        self.sidebar.new_chat_requested.connect(self.new_chat)
        self.view.edit_requested.connect(self._on_view_edit_requested)
        self.view.retry_requested.connect(self._on_view_retry_requested)
        self.view.action_requested.connect(self._on_action_requested)

    def _reset_pickers(self, model_id: str, effort: EffortChoice, thinking: bool) -> None:
        self.composer.model_picker.set_models(self.services.visible_models(), model_id, self.services.standing)
        model = self.services.catalog.resolve(self.composer.model_picker.current_model())
        self.composer.effort_picker.configure(model, effort)
        self.composer.thinking.setChecked(thinking)

    def _on_first_edit(self) -> None:
        """The user started a prompt: load what sending needs while they type (once)."""
        self.composer.input.textChanged.disconnect(self._on_first_edit)
        import asyncio

        self._network_task = asyncio.ensure_future(self.services.prepare_network())
        QTimer.singleShot(0, self, self.warm_up)

    def warm_up(self) -> None:
        """Pay first-use costs (text layout, fonts, the code highlighter) while the user is still typing.

        Without it the first answer's first frame took ~60 ms more than the rest.
        """
        from .message_widgets import AssistantMessageWidget

        widget = AssistantMessageWidget(self.renderer, self.view)
        widget.hide()
        widget.thinking.append("warming up")
        widget.body.stream_update(
            "## Warm-up\n\n- item\n\n```python\nprint('x')\n```\n\n| a |\n|---|\n| 1 |", final=True
        )
        widget.deleteLater()

    # ------------------------------------------------------------ options

    def options(self) -> ChatOptions:
        from parley.core.request import ChatOptions

        s = self.services.settings
        choice = self.composer.effort_picker.choice()
        model = self.services.catalog.resolve(self.composer.model_picker.current_model())
        return ChatOptions(
            model=model.id,
            thinking=self.composer.thinking.isChecked(),
            effort=choice.effort,
            budget_tokens=choice.budget_tokens,
            max_tokens=min(s.max_tokens, model.max_output) if s.max_tokens else None,  # each model's own cap
            system=self.chat_panel.system,
            display="omitted" if s.thinking_display == "omitted" else "summarized",
            cache=s.cache,
            cache_ttl="1h" if s.cache_ttl == "1h" else "5m",
            compaction=self.chat_panel.compaction,
        )

    # ------------------------------------------------------------ chats

    def new_chat(self) -> None:
        self._after_stop(None)

    def new_comparison(self) -> None:
        self.workspace.show_chat(None)  # comparisons do not use a workspace
        self.compare_mode.start_new()

    def open_chat(self, chat_id: str, message_id: int = 0) -> None:
        """Show a chat; with *message_id* (a search hit), scrolled to that message."""
        same = chat_id == self.controller.chat_id and not self.controller.busy
        if same and message_id and self.view.scroll_to_message(message_id):
            return
        if chat_id != self.controller.chat_id or not self.controller.busy:
            self._after_stop(chat_id, message_id)

    def _on_sidebar_chat_deleted(self, chat_id: str) -> None:
        if chat_id == self.controller.chat_id:
            self.new_chat()

    def _after_stop(self, chat_id: str | None, message_id: int = 0) -> None:
        """Switching chats stops the running answer first (it is saved), then shows the other chat."""
        if self.controller.busy:
            if self._switch_task is None or self._switch_task.done():
                import asyncio

                self._switch_task = asyncio.ensure_future(self._switch_after_stop(chat_id, message_id))
            return
        self._show_chat(chat_id, message_id)

    async def _switch_after_stop(self, chat_id: str | None, message_id: int) -> None:
        await self.controller.stop_and_wait()
        self._show_chat(chat_id, message_id)

    def _show_chat(self, chat_id: str | None, message_id: int = 0) -> None:
        self.show_notice(None)
        self._cancel_edit()
        chat = self.services.store.find_chat(chat_id) if chat_id else None
        if chat is not None and chat.kind == "compare":
            self.workspace.show_chat(None)
            self.compare_mode.open(chat.id, message_id)
            self.sidebar.select(chat.id)
            return None
        if self.compare_mode.active:
            self.compare_mode.leave()
        self.controller.chat_id = chat_id
        self.workspace.show_chat(chat)
        self.chat_panel.show_chat(chat)
        if chat_id is None:
            self.view.clear()
            self.sidebar.select(None)
            s = self.services.settings
            self._reset_pickers(self.services.new_chat_model(), EffortChoice(s.default_effort), s.thinking)
        else:
            if chat is None:
                return self._show_chat(None)
            store = self.services.store
            ids = store.branch_ids(chat_id, through=message_id or None)
            self.view.show_branch(ids, store.messages_by_id, focus_id=message_id or None)
            self.sidebar.select(chat_id)
            self._reset_pickers(
                chat.model or self.services.settings.default_model, EffortChoice(chat.effort), chat.thinking
            )
        self.composer.input.setFocus()
        return None

    # ------------------------------------------------------------ export and import

    def export_chats(self, chat_id: str | None) -> None:
        from .transfer_dialogs import export_chats

        export_chats(self, self.services.store, chat_id)

    def focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    # ------------------------------------------------------------ notices and settings

    @property
    def banner(self) -> Banner | None:
        return self._banners.banner

    def show_notice(self, notice: Notice | None) -> None:
        self._banners.show(notice)

    def open_settings(self, first_run: bool = False) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.services.settings, self.services.ctx.keys, self.services.catalog, self, first_run=first_run
        )
        dialog.saved.connect(self._on_settings_saved)
        self.settings_dialog = dialog
        dialog.open()

    def _on_settings_saved(self) -> None:
        dialog = self.settings_dialog
        if dialog is not None and dialog.listing:
            self.services.ctx.save_listing(dialog.listing)
        self.services.save_settings()
        self.controller.collapse_thinking = self.services.settings.collapse_thinking
        self._reset_pickers(
            self.composer.model_picker.current_model(),
            self.composer.effort_picker.choice(),
            self.composer.thinking.isChecked(),
        )
        self.show_notice(None)

    # ------------------------------------------------------------ slots

    def send_draft(self) -> None:
        """Send what is in the composer, as the Send button does."""
        self._on_composer_send_requested(self.composer.text())

    def _on_composer_send_requested(self, text: str) -> None:
        if self.compare_mode.active:
            if self.compare_mode.send(text):
                self.composer.set_text("")
            return
        files = self.composer.tray.attachments()
        if self.controller.send(
            text, self.options(), parent_id=self._edit_parent, tools=self.tools(), attachments=files
        ):
            self.chat_panel.sent()
            self.composer.set_text("")
            self.composer.tray.clear()
            self._cancel_edit()

    def _on_draft_restored(self, text: str, files: list[object]) -> None:
        self.composer.set_text(text)
        self.composer.tray.set_attachments(files)  # type: ignore[arg-type]

    def _on_controller_busy_changed(self, busy: bool) -> None:
        self.composer.set_busy(busy)

    def _on_controller_chat_saved(self, chat_id: str) -> None:
        from .chat_titles import maybe_name_chat

        self.sidebar.refresh(chat_id)
        self.workspace.chat_saved(chat_id)
        self.chat_panel.chat_saved(chat_id)
        self._title_task = maybe_name_chat(
            self.services, chat_id, lambda _: self.sidebar.refresh(self.controller.chat_id)
        )
        s = self.services.settings
        model = self.composer.model_picker.current_model()
        if s.default_model != model:
            s.default_model = model
            self.services.save_settings()

    def refresh_sidebar(self, _chat_id: str | None = None) -> None:
        self.sidebar.refresh(self.controller.chat_id)

    def _on_model_picker_changed(self, model_id: str) -> None:
        model = self.services.catalog.resolve(model_id)
        note = self.composer.effort_picker.configure(model, self.composer.effort_picker.choice())
        self.composer.show_note(note, timeout_ms=8000)

    def _on_view_edit_requested(self, message_id: int) -> None:
        from parley.core.conversation import visible_text

        row = self.services.store.message(message_id)
        if row is None or self.controller.busy:
            return
        self._edit_parent = row.parent_id
        self.composer.set_text(visible_text(row.content))
        self.composer.tray.set_attachments(self.chat_panel.attachments_of(row.content))  # the files go along
        self.composer.show_note(
            tr(
                "Editing an earlier message: sending starts a new branch from there; "
                "the old branch stays in your history."
            )
        )
        self.composer.input.setFocus()

    def _cancel_edit(self) -> None:
        if self._edit_parent != -1:
            self._edit_parent = -1
            self.composer.show_note(None)

    def _on_view_retry_requested(self, message_id: int) -> None:
        self.retry(message_id)

    def retry(self, message_id: int, model_id: str | None = None) -> None:
        """Answer again (as a new branch), optionally with another model; in the chat's workspace."""
        from dataclasses import replace

        options = self.options() if model_id is None else replace(self.options(), model=model_id)
        self.controller.retry(message_id, options, tools=self.tools())

    def tools(self) -> ToolsFor | None:
        """The chat's tool session for the next turn (None without a workspace folder)."""
        return self.workspace.session if self.workspace.folder else None

    def _on_action_requested(self, action: str) -> None:
        from .answer_actions import run_action

        run_action(self, action)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.completed:
            self.controller.stop()
            self.compare_mode.stop()
            self.chat_panel.stop()
        super().closeEvent(event)
