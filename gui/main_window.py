"""The main window: history on the left, the conversation in the middle, the composer below.

The window builds its parts and connects them; each part gets what it needs in its constructor
(the shown chat, the store, a callable), never the window. The shown chat (:mod:`.shown_chat`)
is the one owner of which chat is open and of its settings. Only ``app.py`` imports this module
(an import-linter contract in pyproject.toml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from parley.core.i18n import tr
from parley.core.presentation.colors import Theme

from .composer import Composer
from .empty_state import empty_hint
from .history_sidebar import HistorySidebar
from .pickers import EffortChoice
from .services import Services
from .shown_chat import ShownChat
from .window_actions import WindowActions

if TYPE_CHECKING:  # the conversation half loads after the first paint (see complete())
    from parley.core.attachments import Attachment
    from parley.core.presentation.markdown import MarkdownRenderer
    from parley.core.presentation.notices import Notice
    from parley.core.request import ChatOptions

    from .answer_actions import AnswerActions
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
        self.shown = ShownChat(services.store, self)
        self.sidebar = HistorySidebar(services.store, services.clock.today, services.model_name, self)
        self.composer = Composer(self)
        self.settings_dialog: SettingsDialog | None = None
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

        self.actions_by_name = WindowActions(
            self,
            {
                "new_chat": self.new_chat,
                "compare": self.new_comparison,
                "workspace": lambda: self.workspace.choose_folder(),
                "search": self.focus_search,
                "settings": self.open_settings,
                "export_chat": self._export_current,
                "export_all": lambda: self.export_chats(None),
                "import": self._import,
                "stop": self.stop_answer,
                "quit": self.close,
            },
        )
        self._reset_pickers(
            services.new_chat_model(), EffortChoice(services.settings.default_effort), services.settings.thinking
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
        from parley.core.tools.session import edit_views

        from .answer_actions import AnswerActions
        from .attachment_views import DropToTray
        from .chat_panel import ChatPanel
        from .chat_view import ChatView
        from .compare_mode import CompareMode
        from .controller import ChatController
        from .message_widgets import BannerSlot
        from .workspace import WorkspaceBar, WorkspaceBinding

        s, store = self.services, self.services.store
        self.renderer: MarkdownRenderer = MarkdownRenderer(self._theme)
        self.view: ChatView = ChatView(
            self.renderer,
            s.model_name,
            self,
            blob_lookup=store.blob,
            edit_lookup=lambda chat_id, ids: edit_views(store, chat_id, ids),
        )
        self._drop = DropToTray(self.view.viewport(), self.composer.tray)  # drop files on the conversation too
        self.pages = QStackedWidget(self)  # the conversation, or compare mode
        self.pages.addWidget(self.view)
        self.right_layout.replaceWidget(self._placeholder, self.pages)
        self._placeholder.deleteLater()
        self.controller: ChatController = ChatController(
            s.runner,
            self.view,
            self.shown,
            s.model_name,
            lambda coro, name: s.tasks.spawn(coro, name=name),
            collapse_thinking=s.settings.collapse_thinking,
        )
        self._banners: BannerSlot = BannerSlot(self._notice_layout, self, self._on_action_requested)
        self.compare_mode: CompareMode = CompareMode(
            s,
            self.renderer,
            self.shown,
            self.pages,
            self.view,
            self.composer,
            chat_saved=self.sidebar.refresh,
            open_chat=self.open_chat,
            show_notice=self.show_notice,
        )
        bar = WorkspaceBar(self)
        self.right_layout.insertWidget(self.right_layout.indexOf(self.composer), bar)
        self.workspace: WorkspaceBinding = WorkspaceBinding(self.shown, store, bar, self)
        self.chat_panel: ChatPanel = ChatPanel(s, self.shown, self.composer, self, self)
        self.right_layout.insertWidget(self.right_layout.indexOf(bar), self.chat_panel.footer)
        actions = self.actions_by_name
        actions.add("chat_settings", self.chat_panel.settings_action, before="search", toolbar=True)
        actions.add_menu(self.chat_panel.presets_menu, before="compare", button=self.chat_panel.presets_button)
        self.answers: AnswerActions = AnswerActions(self, lambda: s.catalog, s.visible_models, self)
        self._connect()
        self.completed = True

    def _connect(self) -> None:
        self.composer.input.textChanged.connect(self._on_first_edit)
        self.composer.send_requested.connect(self._on_composer_send_requested)
        self.composer.stop_requested.connect(self.stop_answer)
        self.composer.model_picker.model_changed.connect(self._on_model_picker_changed)
        self.controller.busy_changed.connect(self.composer.set_busy)
        self.controller.chat_saved.connect(self._on_controller_chat_saved)
        self.controller.notice_posted.connect(self.show_notice)
        self.controller.draft_restored.connect(self._on_draft_restored)
        self.controller.approve_all_requested.connect(lambda: self.workspace.set_approve_all(True))
        self.workspace.notice_posted.connect(self.show_notice)
        self.workspace.undone.connect(self._on_workspace_undone)
        self.shown.adopted.connect(self.sidebar.select)
        self.sidebar.chat_selected.connect(self.open_chat)
        self.sidebar.hit_activated.connect(self.open_chat)
        self.sidebar.chat_deleted.connect(self._on_sidebar_chat_deleted)
        self.sidebar.export_requested.connect(self.export_chats)
        self.sidebar.new_chat_requested.connect(self.new_chat)
        self.view.edit_requested.connect(self._on_view_edit_requested)
        self.view.retry_requested.connect(self.retry)
        self.view.action_requested.connect(self._on_action_requested)
        self.view.undo_requested.connect(self.workspace.undo)

    def _reset_pickers(self, model_id: str, effort: EffortChoice, thinking: bool) -> None:
        s = self.services
        self.composer.model_picker.set_models(s.visible_models(), model_id, s.standing)
        self.composer.effort_picker.configure(s.catalog.resolve(self.composer.model_picker.current_model()), effort)
        self.composer.thinking.setChecked(thinking)

    def _on_first_edit(self) -> None:
        """The user started a prompt: load what sending needs while they type (once)."""
        self.composer.input.textChanged.disconnect(self._on_first_edit)
        self.services.tasks.spawn(self.services.prepare_network(), name="prepare the network")
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

    # ------------------------------------------------------------ what the parts ask of the window

    def options(self) -> ChatOptions:
        """The next request's options: the settings, the composer's model choice, the chat's setup."""
        from parley.core.options import ModelChoice, options_for

        choice = self.composer.effort_picker.choice()
        model = ModelChoice(
            self.composer.model_picker.current_model(),
            choice.effort,
            self.composer.thinking.isChecked(),
            choice.budget_tokens,
        )
        return options_for(self.services.settings, model, self.shown.setup)

    def tools(self) -> ToolsFor | None:
        """The chat's tool session for the next turn (None without a workspace folder)."""
        return self.workspace.session if self.workspace.folder else None

    def choose_model(self, model_id: str, effort: str | None, budget_tokens: int | None) -> None:
        self.composer.model_picker.select(model_id)
        self.composer.effort_picker.configure(
            self.services.catalog.resolve(model_id), EffortChoice(effort, budget_tokens)
        )

    def has_draft(self) -> bool:
        return bool(self.composer.text().strip() or self.composer.tray.attachments())

    def send_draft(self) -> None:
        """Send what is in the composer, as the Send button does."""
        self._on_composer_send_requested(self.composer.text())

    def send_continuation(self, prompt: str, shown: str) -> None:
        self.controller.send(prompt, self.options(), tools=self.tools(), shown=shown)

    def retry(self, message_id: int, options: ChatOptions | None = None) -> None:
        """Answer again (as a new branch), in the chat's workspace."""
        self.controller.retry(message_id, options or self.options(), tools=self.tools())

    def last_answer(self) -> tuple[int | None, str]:
        from .message_widgets import AssistantMessageWidget

        answers = [w for w in self.view.message_widgets() if isinstance(w, AssistantMessageWidget)]
        return (answers[-1].message_id, answers[-1].markdown) if answers else (None, "")

    def pick_model(self) -> None:
        self.composer.model_picker.showPopup()

    def busy(self) -> bool:
        return self.controller.busy

    def comparing(self) -> bool:
        return self.compare_mode.active

    # ------------------------------------------------------------ chats

    def new_chat(self) -> None:
        self._after_stop(None)

    def new_comparison(self) -> None:
        self.show_notice(None)
        self.compare_mode.start_new()
        self.workspace.enable(False)  # comparisons use no workspace
        self.sidebar.select(None)

    def open_chat(self, chat_id: str, message_id: int = 0) -> None:
        """Show a chat; with *message_id* (a search hit), scrolled to that message."""
        same = chat_id == self.shown.id and not self.controller.busy and not self.compare_mode.active
        if same and message_id and self.view.scroll_to_message(message_id):
            return
        if chat_id != self.shown.id or not self.controller.busy:
            self._after_stop(chat_id, message_id)

    def stop_answer(self) -> None:
        if self.compare_mode.active:
            self.compare_mode.stop()
        else:
            self.controller.stop()

    def _on_sidebar_chat_deleted(self, chat_id: str) -> None:
        if chat_id == self.shown.id:
            self.new_chat()

    def _after_stop(self, chat_id: str | None, message_id: int = 0) -> None:
        """Switching chats stops the running answer first (it is saved), then shows the other chat."""
        if self.controller.busy:
            self.services.tasks.spawn(self._switch_after_stop(chat_id, message_id), name="switch chat")
            return
        self._show_chat(chat_id, message_id)

    async def _switch_after_stop(self, chat_id: str | None, message_id: int) -> None:
        await self.controller.stop_and_wait()
        self._show_chat(chat_id, message_id)

    def _show_chat(self, chat_id: str | None, message_id: int = 0) -> None:
        self.show_notice(None)
        self.composer.show_note(None)
        chat = self.shown.show(chat_id)
        if chat is not None and chat.kind == "compare":
            self.workspace.enable(False)
            self.compare_mode.open(chat.id, message_id)
            self.sidebar.select(chat.id)
            return
        if self.compare_mode.active:
            self.compare_mode.leave()
        self.workspace.enable(True)
        s = self.services
        if chat is None:
            self.view.clear()
            self.sidebar.select(None)
            self._reset_pickers(s.new_chat_model(), EffortChoice(s.settings.default_effort), s.settings.thinking)
        else:
            ids = s.store.branch_ids(chat.id, through=message_id or None)
            self.view.show_branch(ids, s.store.messages_by_id, focus_id=message_id or None)
            self.sidebar.select(chat.id)
            self._reset_pickers(chat.model or s.settings.default_model, EffortChoice(chat.effort), chat.thinking)
        self.composer.input.setFocus()

    # ------------------------------------------------------------ export and import

    def export_chats(self, chat_id: str | None) -> None:
        from .transfer_dialogs import export_chats

        export_chats(self, self.services.store, chat_id)

    def _export_current(self) -> None:
        chat_id = self.compare_mode.comparison_id or (None if self.compare_mode.active else self.shown.id)
        if chat_id is None:
            self.statusBar().showMessage(tr("Open a chat to export it (or export all chats)."), 6000)
            return
        self.export_chats(chat_id)

    def _import(self) -> None:
        from .transfer_dialogs import import_chats

        import_chats(self, self.services.store.path, self.refresh_sidebar, tasks=self.services.tasks)

    def focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def refresh_sidebar(self, _chat_id: str | None = None) -> None:
        self.sidebar.refresh(self.shown.id)

    # ------------------------------------------------------------ notices and settings

    @property
    def banner(self) -> Banner | None:
        return self._banners.banner

    def show_notice(self, notice: Notice | None) -> None:
        self._banners.show(notice)

    def open_settings(self, first_run: bool = False) -> None:
        from .settings_dialog import SettingsDialog

        s = self.services
        dialog = SettingsDialog(s.settings, s.ctx.keys, s.catalog, self, tasks=s.tasks, first_run=first_run)
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

    def _on_composer_send_requested(self, text: str) -> None:
        if self.compare_mode.active:
            if self.compare_mode.send(text):
                self.composer.set_text("")
            return
        files = self.composer.tray.attachments()
        if self.controller.send(text, self.options(), tools=self.tools(), attachments=files):
            self.chat_panel.sent()
            self.composer.set_text("")
            self.composer.tray.clear()
            self.composer.show_note(None)

    def _on_draft_restored(self, text: str, files: list[object]) -> None:
        self.composer.set_text(text)
        self.composer.tray.set_attachments(files)  # type: ignore[arg-type]

    def _on_controller_chat_saved(self, chat_id: str) -> None:
        from .chat_titles import maybe_name_chat

        self.sidebar.refresh(chat_id)
        self.chat_panel.chat_saved()
        maybe_name_chat(self.services, chat_id, lambda _: self.sidebar.refresh(self.shown.id))
        s = self.services.settings
        model = self.composer.model_picker.current_model()
        if s.default_model != model:
            s.default_model = model
            self.services.save_settings()

    def _on_model_picker_changed(self, model_id: str) -> None:
        model = self.services.catalog.resolve(model_id)
        note = self.composer.effort_picker.configure(model, self.composer.effort_picker.choice())
        self.composer.show_note(note, timeout_ms=8000)

    def _on_view_edit_requested(self, message_id: int) -> None:
        from parley.core.conversation import visible_text

        row = self.services.store.message(message_id)
        if row is None or self.controller.busy:
            return
        self.shown.begin_edit(row.parent_id)
        self.composer.set_text(visible_text(row.content))
        self.composer.tray.set_attachments(self._attachments_of(row.content))  # the files go along
        self.composer.show_note(
            tr(
                "Editing an earlier message: sending starts a new branch from there; "
                "the old branch stays in your history."
            )
        )
        self.composer.input.setFocus()

    def _attachments_of(self, content: list[dict[str, object]]) -> list[Attachment]:
        """A sent prompt's files, from the history (those whose bytes are gone are left out)."""
        from parley.core.attachments import Attachment, attachments_in

        files: list[Attachment] = []
        for block in attachments_in(content):
            data = self.services.store.blob(block["sha256"])
            if data is not None:
                files.append(Attachment(block, data))
        return files

    def _on_workspace_undone(self, edit_id: int, done: str) -> None:
        for step in self.view.steps():
            if step.edit_id == edit_id:
                step.set_status("undone")
        self.composer.show_note(
            tr("{done}. Claude will be told with your next message.").format(done=done), timeout_ms=8000
        )

    def _on_action_requested(self, wire: str) -> None:
        self.answers.run(wire)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.completed:
            self.controller.stop()
            self.compare_mode.stop()
            self.chat_panel.stop()
        super().closeEvent(event)
