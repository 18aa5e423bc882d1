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
    from .chat_switcher import ChatSwitcher
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
        from .chat_switcher import ChatSwitcher
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
        self._banners: BannerSlot = BannerSlot(self._notice_layout, self, lambda wire: self.answers.run(wire))
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
        self.switcher: ChatSwitcher = ChatSwitcher(
            s,
            self.shown,
            self.controller,
            self.compare_mode,
            self.view,
            self.sidebar,
            self.composer,
            (self.workspace, self.branches, self.drafts),
            self.show_notice,
        )
        self._connect()
        # Tab goes the way the window reads; messages take their place in the view (chat_view.py).
        order_window(self.actions_by_name.toolbar, [self.sidebar, self.view, self.composer])
        self.completed = True

    def _connect(self) -> None:
        self.settings_flow.saved.connect(self._on_settings_saved)
        self.settings_flow.closed.connect(self.tools_menu.refresh)  # (Tools and Web apply at once, Save or not)
        self.settings_flow.closed.connect(self.chat_tools.web.refresh)
        self.settings_flow.theme_changed.connect(self._on_theme_changed)
        self.composer.input.textChanged.connect(self._on_first_edit)
        self.composer.send_requested.connect(self._on_composer_send_requested)
        self.composer.stop_requested.connect(self.stop_answer)
        self.controller.busy_changed.connect(self.composer.set_busy)
        self.controller.busy_changed.connect(lambda busy: self.view.set_versions_enabled(not busy))
        self.controller.chat_saved.connect(self._on_controller_chat_saved)
        self.controller.reply_saved.connect(self.chat_panel.chat_saved)
        self.controller.notice_posted.connect(self.show_notice)
        self.controller.draft_restored.connect(self.drafts.restore)
        self.controller.approve_all_requested.connect(lambda: self.workspace.set_approve_all(True))
        self.workspace.notice_posted.connect(self.show_notice)
        self.workspace.undone.connect(self._on_workspace_undone)
        self.shown.adopted.connect(self.refresh_sidebar)  # a new chat is listed as soon as it exists
        self.sidebar.chat_selected.connect(self.open_chat)
        self.sidebar.hit_activated.connect(self.open_chat)
        self.sidebar.chat_deleted.connect(self.switcher.chat_deleted)
        self.sidebar.export_requested.connect(self.export_chats)
        self.sidebar.new_chat_requested.connect(self.new_chat)
        self.sidebar.search_cleared.connect(self.view.clear_highlight)
        self.view.edit_requested.connect(self._on_view_edit_requested)  # (not while an answer streams)
        self.view.retry_requested.connect(self.retry)
        self.view.action_requested.connect(self.answers.run)
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
        from .message_widgets import last_answer_of

        return last_answer_of(self.view.message_widgets())

    def pick_model(self) -> None:
        self.composer.model_picker.showPopup()

    def busy(self) -> bool:
        return self.controller.busy

    def comparing(self) -> bool:
        return self.compare_mode.active

    # ------------------------------------------------------------ chats (gui/chat_switcher.py)

    def new_chat(self) -> None:
        self.switcher.new_chat()

    def new_comparison(self) -> None:
        self.switcher.new_comparison()

    def open_chat(self, chat_id: str, message_id: int = 0) -> None:
        self.switcher.open_chat(chat_id, message_id)

    def stop_answer(self) -> None:
        self.switcher.stop_answer()

    # ------------------------------------------------------------ export and import

    def export_chats(self, chat_id: str | None) -> None:
        from .transfer_dialogs import export_chats

        export_chats(self, self.services.store, chat_id)

    def _export_current(self) -> None:
        from .transfer_dialogs import export_shown

        chat_id = self.compare_mode.comparison_id or (None if self.compare_mode.active else self.shown.id)
        export_shown(self, self.services.store, chat_id, self.statusBar().showMessage)

    def _import(self) -> None:
        from .transfer_dialogs import import_chats

        import_chats(self, self.services.store.path, self.refresh_sidebar, tasks=self.services.tasks)

    def focus_search(self) -> None:
        self.fold.reveal()
        self.sidebar.focus_search()

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

    def open_tools_settings(self) -> None:
        self.settings_flow.open_tools()

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
        self.switcher.show_again()

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
        self.drafts.remember_model()

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

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.completed:
            self.controller.stop()
            self.compare_mode.stop()
            self.chat_panel.stop()
        super().closeEvent(event)
