"""The history sidebar: a lazily loaded list of chats with a title filter (Ctrl+K).

``ChatListModel`` fetches pages of rows as the view scrolls (``canFetchMore``/``fetchMore``), so
a history of 10,000 chats opens as fast as one of ten.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from parley.core.store import ChatRow, Store

PAGE = 200
ChatIdRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class ChatListModel(QAbstractListModel):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows: list[ChatRow] = []
        self._filter = ""
        self._exhausted = False

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return ("📌 " if row.pinned else "") + row.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{row.model or ''}"
        if role == ChatIdRole:
            return row.id
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt override)
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 (Qt override)
        if parent.isValid() or self._exhausted:
            return
        page = self._store.list_chats(limit=PAGE, offset=len(self._rows), title_filter=self._filter)
        if len(page) < PAGE:
            self._exhausted = True
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def reload(self, title_filter: str | None = None) -> None:
        self.beginResetModel()
        if title_filter is not None:
            self._filter = title_filter
        self._rows = []
        self._exhausted = False
        self.endResetModel()
        self.fetchMore()

    def row_of(self, chat_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == chat_id), -1)


class HistorySidebar(QWidget):
    """Signals: ``chat_selected(str)`` with a chat id; ``new_chat_requested()``."""

    chat_selected = Signal(str)
    new_chat_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChatListModel(store, self)
        self.new_button = QPushButton("New chat", self)
        self.new_button.setAccessibleName("New chat")
        self.new_button.setToolTip("New chat (Ctrl+N)")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search chats (Ctrl+K)")
        self.search.setAccessibleName("Search chats")
        self.search.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName("Chats")
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        self.new_button.clicked.connect(self.new_chat_requested)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.list.clicked.connect(self._on_list_clicked)
        self.list.activated.connect(self._on_list_clicked)
        self.model.reload()

    def select(self, chat_id: str | None) -> None:
        row = self.model.row_of(chat_id) if chat_id else -1
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        else:
            self.list.clearSelection()

    def refresh(self, current: str | None) -> None:
        self.model.reload()
        self.select(current)

    def _on_search_text_changed(self, text: str) -> None:
        self.model.reload(text.strip())

    def _on_list_clicked(self, index: QModelIndex) -> None:
        chat_id = index.data(ChatIdRole)
        if chat_id:
            self.chat_selected.emit(str(chat_id))
