"""Which branch of the shown chat the conversation shows. After Edit or Retry a message has versions;
the view's ‹ 2/3 › switcher asks for one, and the store remembers it (``chats.leaf_id``): the branch
shown is the one the next prompt continues, and the one the chat reopens on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parley.core.history.store import Store

    from .chat_view import ChatView
    from .composer import Composer
    from .shown_chat import ShownChat


class Branches:
    def __init__(
        self, store: Store, shown: ShownChat, view: ChatView, composer: Composer, busy: Callable[[], bool]
    ) -> None:
        self._store = store
        self._shown = shown
        self._view = view
        self._composer = composer
        self._busy = busy
        view.branch_requested.connect(self.switch)

    def show(self, chat_id: str, message_id: int = 0) -> None:
        """Show the chat's branch; with *message_id* (a search hit, perhaps in another branch) the
        branch through it, which the next prompt then continues."""
        store = self._store
        ids = (store.choose_branch(chat_id, message_id) if message_id else []) or store.branch_ids(chat_id)
        versions = store.siblings(chat_id, ids)
        self._view.show_branch(ids, store.messages_by_id, focus_id=message_id or None, versions=versions)

    def switch(self, message_id: int) -> None:
        """Another version of a message (from its switcher): its branch, scrolled to it."""
        chat_id, store = self._shown.id, self._store
        if chat_id is None or self._busy():
            return  # (the switchers are disabled while an answer streams)
        if self._shown.editing:  # the prompt being edited now continues the version chosen
            self._shown.end_edit()
            self._composer.show_note(None)
        ids = store.choose_branch(chat_id, message_id)
        if ids:
            versions = store.siblings(chat_id, ids)
            self._view.show_branch(ids, store.messages_by_id, focus_id=message_id, versions=versions, highlight=False)

    def refresh(self, chat_id: str) -> None:
        """A turn was saved (perhaps an edit or a retry): the switchers learn the new versions."""
        self._view.set_versions(self._store.siblings(chat_id, self._store.branch_ids(chat_id)))
