"""The sidebar's chat list: pinned first, then grouped by date (Today, Yesterday, Previous 7 days,
Previous 30 days, then by month), loaded a page at a time so 10k chats open instantly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from parley.core.history.store import ChatRow, Store
from parley.core.i18n import tr

PAGE = 200
ChatIdRole = Qt.ItemDataRole.UserRole + 1
HeaderRole = Qt.ItemDataRole.UserRole + 2
PinnedRole = Qt.ItemDataRole.UserRole + 3
TitleRole = Qt.ItemDataRole.UserRole + 4
Index = QModelIndex | QPersistentModelIndex


def group_of(chat: ChatRow, today: date) -> str:
    if chat.pinned:
        return tr("Pinned")
    day = datetime.fromtimestamp(chat.updated_at).date()
    age = (today - day).days
    if age <= 0:
        return tr("Today")
    if age == 1:
        return tr("Yesterday")
    if age < 7:
        return tr("Previous 7 days")
    if age < 30:
        return tr("Previous 30 days")
    month = QDate(day.year, day.month, 1)
    return QLocale().toString(month, "MMMM" if day.year == today.year else tr("MMMM yyyy"))


class ChatListModel(QStandardItemModel):
    """Rows are chats and the group headers between them (``HeaderRole`` true, not selectable).

    The rows live in Qt's own item model, not behind Python ``rowCount``/``data`` overrides: a list
    view lays out every row on each page it adds, and asks the model for each row's index as it
    goes. With Python answering, 20,000 chats meant two million Python calls per scroll to the end,
    and each page cost 10x the first. Only renaming (``setData``) and paging come to Python.
    """

    def __init__(self, store: Store, parent: Any = None, *, today: Callable[[], date]) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self._rows: list[ChatRow | str] = []  # a str is a group header
        self._last_group: str | None = None
        self._exhausted = False

    # ------------------------------------------------------------ Qt model

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Inline rename."""
        chat = self.chat_at(index.row())
        title = " ".join(str(value).split())
        if role != Qt.ItemDataRole.EditRole or chat is None or not title or title == chat.title:
            return False
        self._store.update_chat(chat.id, title=title)
        renamed = self._rows[index.row()] = _renamed(chat, title)
        item = self.item(index.row())
        if item is not None:
            _fill(item, renamed)
        return True

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt override)
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 (Qt override)
        if parent.isValid() or self._exhausted:
            return
        last = next((r for r in reversed(self._rows) if isinstance(r, ChatRow)), None)
        page = self._store.list_chats(limit=PAGE, after=last)
        if len(page) < PAGE:
            self._exhausted = True
        rows: list[ChatRow | str] = []
        items: list[QStandardItem] = []
        today = self._today()
        for chat in page:
            group = group_of(chat, today)
            if group != self._last_group:
                rows.append(group)
                items.append(_header_item(group))
                self._last_group = group
            rows.append(chat)
            items.append(_fill(QStandardItem(), chat))
        if items:
            self._rows.extend(rows)
            self.invisibleRootItem().appendRows(items)

    # ------------------------------------------------------------ helpers

    def reload(self) -> None:
        self._rows, self._last_group, self._exhausted = [], None, False
        self.clear()  # one reset
        self.fetchMore()

    def chat_at(self, row: int) -> ChatRow | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, ChatRow) else None

    def chat_count(self) -> int:
        return sum(1 for r in self._rows if isinstance(r, ChatRow))

    def headers(self) -> list[str]:
        return [r for r in self._rows if isinstance(r, str)]

    def row_of(self, chat_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if isinstance(r, ChatRow) and r.id == chat_id), -1)


def _header_item(group: str) -> QStandardItem:
    item = QStandardItem(group)
    item.setData(True, HeaderRole)
    item.setData(group, Qt.ItemDataRole.AccessibleTextRole)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    return item


def _fill(item: QStandardItem, chat: ChatRow) -> QStandardItem:
    """*item* showing *chat*: its title (a comparison shows its models too), what a tooltip says."""
    shown = f"⇆ {chat.title} — {chat.model}" if chat.kind == "compare" else chat.title
    when = datetime.fromtimestamp(chat.updated_at).strftime("%Y-%m-%d %H:%M")
    item.setData(shown, Qt.ItemDataRole.DisplayRole)
    item.setData(chat.title, TitleRole)  # what renaming starts from
    item.setData(f"{chat.title}\n{chat.model or ''}  ·  {when}", Qt.ItemDataRole.ToolTipRole)
    item.setData(chat.id, ChatIdRole)
    item.setData(chat.pinned, PinnedRole)
    item.setData(False, HeaderRole)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable)
    return item


def _renamed(chat: ChatRow, title: str) -> ChatRow:
    from dataclasses import replace

    return replace(chat, title=title)
