"""The one owner of the shown chat: which chat it is, its own settings, and where the next prompt goes.

A new chat has no row yet: its settings (system prompt, compaction, workspace, approvals) wait here
until its first message, when the runner creates the chat with them in one transaction and the
window *adopts* the new id. A comparison is a chat too (kind ``compare``): its setup is every
column's. Every part of the window reads the chat from here; none keeps its own copy.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from parley.core.chat_setup import ChatSetup
from parley.core.history.rows import ChatRow
from parley.core.history.store import Store


class ShownChat(QObject):
    """Signals: ``switched(object)`` with the ChatRow (None: a new chat) when another chat is shown;
    ``setup_changed(object, object)`` with the new and the old ChatSetup of the shown chat;
    ``adopted(str)`` when a new chat got its id (its first message created it)."""

    switched = Signal(object)
    setup_changed = Signal(object, object)
    adopted = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.chat: ChatRow | None = None
        self._pending = ChatSetup()
        self.edit_parent: int | None = -1  # the message the next prompt follows: -1 is the current leaf

    @property
    def id(self) -> str | None:
        return self.chat.id if self.chat is not None else None

    @property
    def setup(self) -> ChatSetup:
        return self.chat.setup if self.chat is not None else self._pending

    @property
    def is_new(self) -> bool:
        return self.chat is None

    def show(self, chat_id: str | None) -> ChatRow | None:
        """Show *chat_id* (None: a new chat, with default settings). Returns the row (None when the
        id is unknown: a new chat is shown instead)."""
        self.chat = self._store.find_chat(chat_id) if chat_id else None
        self._pending = ChatSetup()
        self.edit_parent = -1
        self.switched.emit(self.chat)
        return self.chat

    def change(self, **changes: Any) -> None:
        """Change settings of the shown chat: saved at once, or kept for a new chat's first message."""
        old = self.setup
        new = old.changed(**changes)
        if new == old:
            return
        if self.chat is not None:
            self._store.update_chat(self.chat.id, setup=new)
            self.chat = self._store.find_chat(self.chat.id)
        else:
            self._pending = new
        self.setup_changed.emit(new, old)

    def adopt(self, chat_id: str) -> None:
        """A turn created the new chat (with the pending settings): show it as that chat from now on."""
        if self.chat is not None and self.chat.id == chat_id:
            self.refresh()
            return
        self.chat = self._store.find_chat(chat_id)
        self._pending = ChatSetup()
        self.adopted.emit(chat_id)

    def forget(self, chat_id: str) -> None:
        """The turn that created *chat_id* took it back (nothing arrived): a new chat again, with
        the settings it had."""
        if self.chat is not None and self.chat.id == chat_id and self._store.find_chat(chat_id) is None:
            self._pending = self.chat.setup
            self.chat = None

    def refresh(self) -> None:
        """Read the chat again (a turn changed its model or effort)."""
        if self.chat is not None:
            self.chat = self._store.find_chat(self.chat.id)

    # ------------------------------------------------------------ editing an earlier prompt

    @property
    def editing(self) -> bool:
        return self.edit_parent != -1

    def begin_edit(self, parent_id: int | None) -> None:
        """The next prompt starts a new branch after *parent_id* (None: a new first message)."""
        self.edit_parent = parent_id

    def end_edit(self) -> None:
        self.edit_parent = -1
