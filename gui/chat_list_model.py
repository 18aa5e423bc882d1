"""The sidebar's chat list: pinned first, then grouped by date (Today, Yesterday, Previous 7 days,
Previous 30 days, then by month), loaded a page at a time so 10k chats open instantly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QDate, QLocale, QModelIndex, QPersistentModelIndex, Qt

from parley.core.history.store import ChatRow, Store
from parley.core.i18n import tr

PAGE = 200
ChatIdRole = Qt.ItemDataRole.UserRole + 1
HeaderRole = Qt.ItemDataRole.UserRole + 2
PinnedRole = Qt.ItemDataRole.UserRole + 3
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


class ChatListModel(QAbstractListModel):
    """Rows are chats and the group headers between them (``HeaderRole`` true, not selectable)."""

    def __init__(self, store: Store, parent: Any = None, *, today: Callable[[], date]) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self._rows: list[ChatRow | str] = []  # a str is a group header
        self._loaded = 0
        self._last_group: str | None = None
        self._exhausted = False

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self._header(index) is not None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if isinstance(row, str):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return row
            return True if role == HeaderRole else None
        if role == Qt.ItemDataRole.DisplayRole and row.kind == "compare":
            return f"⇆ {row.title} — {row.model}"  # a comparison shows its models
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole:
            when = datetime.fromtimestamp(row.updated_at).strftime("%Y-%m-%d %H:%M")
            return f"{row.title}\n{row.model or ''}  ·  {when}"
        if role == ChatIdRole:
            return row.id
        if role == PinnedRole:
            return row.pinned
        if role == HeaderRole:
            return False
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Inline rename."""
        chat = self.chat_at(index.row())
        title = " ".join(str(value).split())
        if role != Qt.ItemDataRole.EditRole or chat is None or not title or title == chat.title:
            return False
        self._store.update_chat(chat.id, title=title)
        self._rows[index.row()] = _renamed(chat, title)
        self.dataChanged.emit(index, index)
        return True

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt override)
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 (Qt override)
        if parent.isValid() or self._exhausted:
            return
        page = self._store.list_chats(limit=PAGE, offset=self._loaded)
        self._loaded += len(page)
        if len(page) < PAGE:
            self._exhausted = True
        rows: list[ChatRow | str] = []
        today = self._today()
        for chat in page:
            group = group_of(chat, today)
            if group != self._last_group:
                rows.append(group)
                self._last_group = group
            rows.append(chat)
        if rows:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    # ------------------------------------------------------------ helpers

    def reload(self) -> None:
        self.beginResetModel()
        self._rows, self._loaded, self._last_group, self._exhausted = [], 0, None, False
        self.endResetModel()
        self.fetchMore()

    def _header(self, index: Index) -> str | None:
        row = self._rows[index.row()] if index.isValid() and 0 <= index.row() < len(self._rows) else None
        return row if isinstance(row, str) else None

    def chat_at(self, row: int) -> ChatRow | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, ChatRow) else None

    def chat_count(self) -> int:
        return sum(1 for r in self._rows if isinstance(r, ChatRow))

    def headers(self) -> list[str]:
        return [r for r in self._rows if isinstance(r, str)]

    def row_of(self, chat_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if isinstance(r, ChatRow) and r.id == chat_id), -1)


def _renamed(chat: ChatRow, title: str) -> ChatRow:
    from dataclasses import replace

    return replace(chat, title=title)
