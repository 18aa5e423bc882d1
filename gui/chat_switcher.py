"""Which chat the window shows, and the way from one to another.

Switching chats stops the running answer first (what arrived is saved), then shows the other chat:
a saved chat with its branch and draft, a comparison in compare mode, or a new, empty chat. A
search hit opens its chat scrolled to the message. The switcher owns these steps; the window's
menus, the sidebar and the banners call it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .pickers import EffortChoice

if TYPE_CHECKING:
    from parley.core.presentation.notices import Notice

    from .branches import Branches
    from .chat_view import ChatView
    from .compare_mode import CompareMode
    from .composer import Composer
    from .composer_binding import ComposerBinding
    from .controller import ChatController
    from .history_sidebar import HistorySidebar
    from .services import Services
    from .shown_chat import ShownChat
    from .workspace import WorkspaceBinding


class ChatSwitcher:
    def __init__(
        self,
        services: Services,
        shown: ShownChat,
        controller: ChatController,
        compare_mode: CompareMode,
        view: ChatView,
        sidebar: HistorySidebar,
        composer: Composer,
        parts: tuple[WorkspaceBinding, Branches, ComposerBinding],
        show_notice: Callable[[Notice | None], None],
    ) -> None:
        self._services = services
        self._shown = shown
        self._controller = controller
        self._compare = compare_mode
        self._view = view
        self._sidebar = sidebar
        self._composer = composer
        self._workspace, self._branches, self._drafts = parts
        self._show_notice = show_notice

    def new_chat(self) -> None:
        self._after_stop(None)

    def new_comparison(self) -> None:
        self._show_notice(None)
        self._compare.start_new()  # (comparisons use no workspace: the window's _on_compare_entered)
        self._sidebar.select(None)

    def open_chat(self, chat_id: str, message_id: int = 0) -> None:
        """Show a chat; with *message_id* (a search hit), scrolled to that message."""
        same = chat_id == self._shown.id and not self._controller.busy and not self._compare.active
        if same and message_id and self._view.scroll_to_message(message_id):
            return
        if chat_id != self._shown.id or not self._controller.busy:
            self._after_stop(chat_id, message_id)

    def stop_answer(self) -> None:
        """Esc: stops what is running, and dismisses a search hit's highlight."""
        self._view.clear_highlight()
        if self._compare.active:
            self._compare.stop()
        else:
            self._controller.stop()

    def chat_deleted(self, chat_id: str) -> None:
        if chat_id == self._shown.id:
            self.new_chat()

    def show_again(self) -> None:
        """Render what is shown again (the theme changed), unless an answer is streaming."""
        if self._controller.busy or self._compare.busy:
            return
        if self._compare.comparison_id is not None:
            self._compare.open(self._compare.comparison_id)
        elif not self._compare.active and self._shown.id is not None:
            self._show_chat(self._shown.id)

    def _after_stop(self, chat_id: str | None, message_id: int = 0) -> None:
        if self._controller.busy:
            self._services.tasks.spawn(self._switch_after_stop(chat_id, message_id), name="switch chat")
            return
        self._show_chat(chat_id, message_id)

    async def _switch_after_stop(self, chat_id: str | None, message_id: int) -> None:
        await self._controller.stop_and_wait()
        self._show_chat(chat_id, message_id)

    def _show_chat(self, chat_id: str | None, message_id: int = 0) -> None:
        self._show_notice(None)
        self._composer.show_note(None)
        chat = self._shown.show(chat_id)
        if chat is not None and chat.kind == "compare":
            self._compare.open(chat.id, message_id)
            self._sidebar.select(chat.id)
            return
        if self._compare.active:
            self._compare.leave()
        self._workspace.enable(True)
        self._view.thinking_open = self._shown.setup.thinking_open is True
        if chat is None:
            self._view.clear()
            self._sidebar.select(None)
            self._drafts.reset_for_new_chat()
        else:
            self._branches.show(chat.id, message_id)
            self._sidebar.select(chat.id)
            default = self._services.settings.default_model
            self._drafts.reset(chat.model or default, EffortChoice(chat.effort), chat.thinking)
        self._composer.input.setFocus()
