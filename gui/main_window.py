"""The main window: history on the left, the conversation in the middle, the composer below.

The window builds its parts and connects them; each part gets what it needs in its constructor
(the shown chat, the store, a callable), never the window. The shown chat (:mod:`.shown_chat`)
is the one owner of which chat is open and of its settings. Only ``app.py`` imports this module
(an import-linter contract in pyproject.toml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from parley.core.i18n import tr
from parley.core.presentation.design import SPACE, Theme

from .composer import Composer
from .composer_binding import ComposerBinding
from .empty_state import empty_hint
from .history_sidebar import HistorySidebar
from .pickers import EffortChoice
from .services import Services
from .settings_flow import SettingsFlow
from .shown_chat import ShownChat
from .sidebar_fold import SIDEBAR_WIDTH, SidebarFold
from .widgets import add_centred
from .window_actions import WindowActions

MINIMUM_SIZE = QSize(640, 480)

if TYPE_CHECKING:  # the conversation half loads after the first paint (see complete())
    from parley.core.presentation.markdown import MarkdownRenderer
    from parley.core.presentation.notices import Notice
    from parley.core.request import ChatOptions

    from .answer_actions import AnswerActions
    from .banner import Banner, BannerSlot
    from .chat_panel import ChatPanel
    from .chat_view import ChatView
    from .compare_mode import CompareMode
    from .controller import ChatController, ToolsFor
    from .settings_dialog import SettingsDialog
    from .setup_wizard import SetupWizard
    from .workspace import WorkspaceBinding


class MainWindow(QMainWindow):
    """The frame (sidebar, composer, menus) is built at once; the conversation half in ``complete()``.

    With ``deferred=True`` the app paints the frame first and calls ``complete()`` right after, so the
    window appears before the renderer, the controller and asyncio are imported (P2 in tests/perf).

    Settings go through ``settings_flow`` (gui/settings_flow.py); its ``language_changed`` is the
    composition root's to act on.
    """

    def __init__(self, services: Services, theme: Theme | None = None, *, deferred: bool = False) -> None:
        super().__init__()
        self.services = services
        self._theme = theme or Theme()
        self.setWindowTitle(tr("Parley"))
        self.setMinimumSize(MINIMUM_SIZE)  # fixed: what the window shows never raises it
        self.resize(1180, 780)
        self.shown = ShownChat(services.store, self)
        self.sidebar = HistorySidebar(services.store, services.clock.today, services.model_name, self)
        self.composer = Composer(self)
        self.settings_flow = SettingsFlow(services, self)
        self.completed = False

        right = QWidget(self)
        right.setObjectName("conversation")
        self.right_layout = QVBoxLayout(right)
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        self.right_layout.setSpacing(0)
        self._placeholder = empty_hint(right)
        self.right_layout.addWidget(self._placeholder, 1)
        notices = QWidget(right)
        self._notice_layout = QVBoxLayout(notices)
        self._notice_layout.setContentsMargins(0, 0, 0, 0)
        self._reading = QVBoxLayout()  # notices and figures, in the conversation's reading column
        self._reading.setContentsMargins(SPACE[4], 0, SPACE[4], 0)
        add_centred(self._reading, notices)
        self.right_layout.addLayout(self._reading)
        self.right_layout.addWidget(self.composer)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)  # folding the chat list is the fold's job (Ctrl+B)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([SIDEBAR_WIDTH, 920])
        self.setCentralWidget(self.splitter)

        self.actions_by_name = WindowActions(
            self,
            {
                "sidebar": lambda: self.fold.toggle(),
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
        self.fold = SidebarFold(self, self.splitter, self.sidebar, self.actions_by_name["sidebar"])
        self.drafts = ComposerBinding(services, self.composer, self.shown)
        self.drafts.reset_for_new_chat()
        self.composer.input.setFocus()
        if not deferred:
            self.complete()

    def complete(self) -> None:
        """Build the conversation view, its controller and banners, and connect everything (~100 ms of
        imports: markdown, asyncio, the chat runner). User input waits until this has run."""
        if self.completed:
            return
        from parley.core.tools.session import edit_views

        from .answer_actions import AnswerActions
        from .attachment_views import DropToTray
        from .banner import BannerSlot
        from .branches import Branches
        from .chat_panel import ChatPanel
        from .chat_tools import ChatTools
        from .chat_view import ChatView
        from .compare_mode import CompareMode
        from .controller import ChatController
        from .focus_order import order_window
        from .math_images import window_renderer

        s, store = self.services, self.services.store
        self.renderer: MarkdownRenderer = window_renderer(self._theme)
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
            entered=self._on_compare_entered,
        )
        self.chat_tools = ChatTools(s, self.shown, self.composer, self._reading, self, self.open_tools_settings)
        self.workspace: WorkspaceBinding = self.chat_tools.workspace
        self.tools_menu, self.mcp_extras = self.chat_tools.menu, self.chat_tools.extras
        self.chat_panel: ChatPanel = ChatPanel(s, self.shown, self.composer, self, self)
        add_centred(self._reading, self.chat_panel.footer)
        actions = self.actions_by_name
        actions.add("chat_settings", self.chat_panel.settings_action, before="search", toolbar=True)
        actions.add_menu(self.chat_panel.presets_menu, before="compare", button=self.chat_panel.presets_button)
        self.answers: AnswerActions = AnswerActions(self, lambda: s.catalog, s.visible_models, self)
        self.branches = Branches(store, self.shown, self.view, self.composer, lambda: self.controller.busy)
        self._connect()
        # Tab goes the way the window reads; messages take their place in the view (chat_view.py).
        order_window(self.actions_by_name.toolbar, [self.sidebar, self.view, self.composer])
        self.completed = True

    def _connect(self) -> None:
        self.settings_flow.saved.connect(self._on_settings_saved)
        self.settings_flow.theme_changed.connect(self._on_theme_changed)
        self.composer.input.textChanged.connect(self._on_first_edit)
        self.composer.send_requested.connect(self._on_composer_send_requested)
        self.composer.stop_requested.connect(self.stop_answer)
        self.controller.busy_changed.connect(self.composer.set_busy)
        self.controller.busy_changed.connect(lambda busy: self.view.set_versions_enabled(not busy))
        self.controller.chat_saved.connect(self._on_controller_chat_saved)
        self.controller.notice_posted.connect(self.show_notice)
        self.controller.draft_restored.connect(self.drafts.restore)
        self.controller.approve_all_requested.connect(lambda: self.workspace.set_approve_all(True))
        self.workspace.notice_posted.connect(self.show_notice)
        self.workspace.undone.connect(self._on_workspace_undone)
        self.shown.adopted.connect(self.refresh_sidebar)  # a new chat is listed as soon as it exists
        self.sidebar.chat_selected.connect(self.open_chat)
        self.sidebar.hit_activated.connect(self.open_chat)
        self.sidebar.chat_deleted.connect(self._on_sidebar_chat_deleted)
        self.sidebar.export_requested.connect(self.export_chats)
        self.sidebar.new_chat_requested.connect(self.new_chat)
        self.sidebar.search_cleared.connect(self.view.clear_highlight)
        self.view.edit_requested.connect(self._on_view_edit_requested)  # (not while an answer streams)
        self.view.retry_requested.connect(self.retry)
        self.view.action_requested.connect(self._on_action_requested)
        self.view.undo_requested.connect(self.workspace.undo)
        self.view.thinking_toggled.connect(lambda expanded: self.shown.change(thinking_open=expanded))

    def _on_first_edit(self) -> None:
        """The user started a prompt: load what sending needs while they type (once)."""
        self.composer.input.textChanged.disconnect(self._on_first_edit)
        self.services.tasks.spawn(self.services.prepare_network(), name="prepare the network")
        QTimer.singleShot(0, self, self.warm_up)

    def warm_up(self) -> None:
        from .message_widgets import warm_up

        warm_up(self.renderer, self.view)

    # ------------------------------------------------------------ what the parts ask of the window

    def options(self) -> ChatOptions:
        return self.drafts.options()

    def tools(self) -> ToolsFor | None:
        """The chat's tool session for the next turn (None when the chat uses no tools)."""
        return self.chat_tools.session_factory()

    def choose_model(self, model_id: str, effort: str | None, budget_tokens: int | None) -> None:
        self.drafts.choose(model_id, effort, budget_tokens)

    def has_draft(self) -> bool:
        return self.drafts.has_draft()

    def send_draft(self) -> None:
        """Send what is in the composer, as the Send button does."""
        self._on_composer_send_requested(self.composer.text())

    def send_continuation(self, prompt: str, shown: str) -> None:
        self.controller.send(prompt, self.options(), tools=self.tools(), shown=shown)

    def retry(self, message_id: int, options: ChatOptions | None = None) -> None:
        """Answer again (as a new branch), in the chat's workspace."""
        self.controller.retry(message_id, options or self.options(), tools=self.tools())

    def resume(self, message_id: int) -> None:
        self.controller.resume(message_id, self.options(), tools=self.tools())

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
        self.compare_mode.start_new()  # (comparisons use no workspace: _on_compare_entered)
        self.sidebar.select(None)

    def open_chat(self, chat_id: str, message_id: int = 0) -> None:
        """Show a chat; with *message_id* (a search hit), scrolled to that message."""
        same = chat_id == self.shown.id and not self.controller.busy and not self.compare_mode.active
        if same and message_id and self.view.scroll_to_message(message_id):
            return
        if chat_id != self.shown.id or not self.controller.busy:
            self._after_stop(chat_id, message_id)

    def stop_answer(self) -> None:
        """Esc: stops what is running, and dismisses a search hit's highlight."""
        self.view.clear_highlight()
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
            self.compare_mode.open(chat.id, message_id)
            self.sidebar.select(chat.id)
            return
        if self.compare_mode.active:
            self.compare_mode.leave()
        self.workspace.enable(True)
        s = self.services
        self.view.thinking_open = self.shown.setup.thinking_open is True
        if chat is None:
            self.view.clear()
            self.sidebar.select(None)
            self.drafts.reset_for_new_chat()
        else:
            self.branches.show(chat.id, message_id)
            self.sidebar.select(chat.id)
            self.drafts.reset(chat.model or s.settings.default_model, EffortChoice(chat.effort), chat.thinking)
        self.composer.input.setFocus()

    # ------------------------------------------------------------ export and import

    def export_chats(self, chat_id: str | None) -> None:
        from .transfer_dialogs import export_chats

        export_chats(self, self.services.store, chat_id)

    def _export_current(self) -> None:
        chat_id = self.compare_mode.comparison_id or (None if self.compare_mode.active else self.shown.id)
        if chat_id is None:
            self.statusBar().showMessage(tr("Open a chat to export it (or export all chats)."), 6000)
        else:
            self.export_chats(chat_id)

    def _import(self) -> None:
        from .transfer_dialogs import import_chats

        import_chats(self, self.services.store.path, self.refresh_sidebar, tasks=self.services.tasks)

    def focus_search(self) -> None:
        if not self.fold.shown:
            self.fold.toggle()
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
        self.settings_flow.open(first_run)
        dialog = self.settings_flow.dialog
        if dialog is not None:  # Settings → Tools applies at once, Save or not: the Tools button follows
            dialog.finished.connect(self.tools_menu.on_settings_closed)  # (gone with the menu, not dangling)
            dialog.finished.connect(self.chat_tools.web.refresh)

    def open_tools_settings(self) -> None:
        """Settings → Tools (from the composer's Tools menu)."""
        from .settings_dialog import SettingsDialog

        self.open_settings()
        dialog = self.settings_flow.dialog
        if isinstance(dialog, SettingsDialog) and dialog.tools is not None:
            dialog.show_page(dialog.nav.count() - 1)

    @property
    def settings_dialog(self) -> SettingsDialog | SetupWizard | None:
        return self.settings_flow.dialog

    def _on_settings_saved(self) -> None:
        self.tools_menu.refresh()  # (servers may have been added or switched off)
        self.controller.collapse_thinking = self.services.settings.collapse_thinking
        self.drafts.refresh()
        self.show_notice(None)

    def _on_theme_changed(self, theme: Theme) -> None:
        """The answers on screen are rendered again in the new colours (a streaming one keeps its
        colours until it is shown again)."""
        self._theme = theme
        if not self.completed:
            return
        self.renderer.set_theme(theme)
        if self.busy() or self.compare_mode.busy:
            return
        if self.compare_mode.comparison_id is not None:
            self.compare_mode.open(self.compare_mode.comparison_id)
        elif not self.compare_mode.active and self.shown.id is not None:
            self._show_chat(self.shown.id)

    # ------------------------------------------------------------ slots

    def _on_composer_send_requested(self, text: str) -> None:
        if self.compare_mode.active:
            if self.compare_mode.send(text):
                self.composer.set_text("")
            return
        files = self.composer.tray.attachments()
        if self.controller.send(text, self.options(), tools=self.tools(), attachments=files):
            self.chat_panel.sent()
            self.drafts.sent()

    def _on_controller_chat_saved(self, chat_id: str) -> None:
        from .chat_titles import maybe_name_chat

        self.branches.refresh(chat_id)
        self.sidebar.refresh(chat_id)
        self.chat_panel.chat_saved()
        maybe_name_chat(self.services, chat_id, lambda _: self.sidebar.refresh(self.shown.id))
        s = self.services.settings
        model = self.composer.model_picker.current_model()
        if s.default_model != model:
            s.default_model = model
            self.services.save_settings()

    def _on_view_edit_requested(self, message_id: int) -> None:
        if not self.controller.busy:
            self.drafts.begin_edit(message_id)

    def _on_workspace_undone(self, edit_id: int, done: str) -> None:
        for step in self.view.steps():
            if step.edit_id == edit_id:
                step.set_status("undone")
        self.composer.show_note(
            tr("{done}. Claude will be told with your next message.").format(done=done), timeout_ms=8000
        )

    def _on_compare_entered(self, comparing: bool) -> None:
        """The chat's footer (its cost, its context) and workspace bar are not the comparison's."""
        self.chat_panel.footer.setVisible(not comparing)
        self.workspace.enable(not comparing)

    def _on_action_requested(self, wire: str) -> None:
        self.answers.run(wire)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.completed:
            self.controller.stop()
            self.compare_mode.stop()
            self.chat_panel.stop()
        super().closeEvent(event)
