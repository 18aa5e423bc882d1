"""The window's compare mode: swaps the conversation for the compare view and routes the shared
composer (send, stop, busy) to it. The compare view is built the first time it is needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parley.core.i18n import tr

if TYPE_CHECKING:
    from .compare_view import CompareView
    from .main_window import MainWindow


class CompareMode:
    def __init__(self, window: MainWindow) -> None:
        self._w = window
        self.view: CompareView | None = None

    @property
    def active(self) -> bool:
        return self.view is not None and self._w.pages.currentWidget() is self.view

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

            w = self._w
            self.view = CompareView(w.services, w.renderer, w)
            self.view.busy_changed.connect(w.composer.set_busy)
            self.view.chat_saved.connect(lambda chat_id: w.sidebar.refresh(chat_id))
            self.view.notice_posted.connect(w.show_notice)
            self.view.continue_requested.connect(self._continue_as_chat)
            w.pages.addWidget(self.view)
        return self.view

    def start_new(self) -> None:
        self.stop()
        self._ensure().new()
        self._enter()
        self._w.sidebar.select(None)

    def open(self, compare_id: str, message_id: int = 0) -> None:
        self.stop()
        self._ensure().open(compare_id, message_id or None)
        self._enter()

    def _enter(self) -> None:
        assert self.view is not None
        self._w.pages.setCurrentWidget(self.view)
        self._w.composer.show_pickers(False)
        self._w.composer.input.setPlaceholderText(tr("Message every column…"))

    def leave(self) -> None:
        self.stop()
        self._w.pages.setCurrentWidget(self._w.view)
        self._w.composer.show_pickers(True)
        self._w.composer.input.setPlaceholderText(tr("Message Claude…"))

    def send(self, text: str) -> bool:
        return self.view.send(text) if self.view is not None else False

    def stop(self) -> None:
        if self.view is not None:
            self.view.stop()

    def _continue_as_chat(self, column_id: str) -> None:
        """ "Continue with this one": the column's thread becomes a normal chat, opened at once."""
        store = self._w.services.store
        column = store.find_chat(column_id)
        title = column.title if column else None
        chat_id = store.fork_chat(column_id, title)
        self._w.sidebar.refresh(chat_id)
        self._w.open_chat(chat_id)
