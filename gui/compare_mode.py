"""The window's compare mode: swaps the conversation for the compare view and routes the shared
composer (send, stop, busy) to it. The compare view is built the first time it is needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QWidget

from parley.core.i18n import tr
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.notices import Notice

from .composer import Composer
from .services import Services
from .shown_chat import ShownChat

if TYPE_CHECKING:
    from .compare_view import CompareView


class CompareMode:
    """*pages* holds the conversation (*conversation*) and, once built, the compare view.
    *chat_saved* is told a comparison's id after its columns answered; *open_chat* opens a chat
    (a column continued as a normal chat); *show_notice* shows a window-wide notice; *entered*
    is told when compare mode starts (True) or ends (False), so the chat's own parts step aside."""

    def __init__(
        self,
        services: Services,
        renderer: MarkdownRenderer,
        shown: ShownChat,
        pages: QStackedWidget,
        conversation: QWidget,
        composer: Composer,
        *,
        chat_saved: Callable[[str], None],
        open_chat: Callable[[str], None],
        show_notice: Callable[[Notice | None], None],
        entered: Callable[[bool], None] = lambda comparing: None,
    ) -> None:
        self._services = services
        self._renderer = renderer
        self._shown = shown
        self._pages = pages
        self._conversation = conversation
        self._composer = composer
        self._chat_saved = chat_saved
        self._open_chat = open_chat
        self._show_notice = show_notice
        self._entered = entered
        self.view: CompareView | None = None

    @property
    def active(self) -> bool:
        return self.view is not None and self._pages.currentWidget() is self.view

    @property
    def comparison_id(self) -> str | None:
        """The comparison shown, once it has been saved (its first prompt sent)."""
        shown = self.view.comparison if self.active and self.view is not None else None
        return shown.id if shown is not None else None

    @property
    def busy(self) -> bool:
        return self.view is not None and self.view.busy

    def _ensure(self) -> CompareView:
        if self.view is None:
            from .compare_view import CompareView

            self.view = CompareView(self._services, self._renderer, self._shown, self._pages)
            self.view.busy_changed.connect(self._composer.set_busy)
            self.view.chat_saved.connect(self._chat_saved)
            self.view.notice_posted.connect(self._show_notice)
            self.view.continue_requested.connect(self._continue_as_chat)
            self._pages.addWidget(self.view)
        return self.view

    def start_new(self) -> None:
        """A new comparison: the shown chat becomes a new one (no settings carried over)."""
        self.stop()
        self._shown.show(None)
        self._ensure().new()
        self._enter()

    def open(self, compare_id: str, message_id: int = 0) -> None:
        self.stop()
        self._ensure().open(compare_id, message_id or None)
        self._enter()

    def _enter(self) -> None:
        assert self.view is not None
        self._show_notice(None)  # the chat's banner was about the chat, not this comparison
        self._pages.setCurrentWidget(self.view)
        self._composer.show_pickers(False)
        self._composer.input.setPlaceholderText(tr("Message every column…"))
        self._entered(True)

    def leave(self) -> None:
        self.stop()
        self._pages.setCurrentWidget(self._conversation)
        self._composer.show_pickers(True)
        self._composer.input.setPlaceholderText(tr("Message Claude…"))
        self._entered(False)

    def send(self, text: str) -> bool:
        return self.view.send(text) if self.view is not None else False

    def stop(self) -> None:
        if self.view is not None:
            self.view.stop()

    async def stop_and_wait(self) -> None:
        if self.view is not None:
            await self.view.stop_and_wait()

    def _continue_as_chat(self, column_id: str) -> None:
        """ "Continue with this one": the column's thread becomes a normal chat, opened at once."""
        store = self._services.store
        column = store.find_chat(column_id)
        chat_id = store.fork_chat(column_id, column.title if column else None)
        self._chat_saved(chat_id)
        self._open_chat(chat_id)
