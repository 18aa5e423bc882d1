"""The history sidebar: new chat, search, and the chat list grouped by date, pinned on top.

Right-click (or the keyboard: F2 rename, Delete) to rename, pin, export or delete a chat. A deleted
chat can be brought back with Undo until Parley next starts. Typing in the search field switches
the list for full-text results (see search_panel.py); Esc returns to the list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.history.store import Store
from parley.core.i18n import tr
from parley.core.presentation.design import FONT_SMALL, SPACE

from .chat_list_model import ChatIdRole, ChatListModel, HeaderRole, PinnedRole, TitleRole
from .icons import icon

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter

    from .search_panel import SearchPanel

UNDO_MS = 10_000
ROW_HEIGHT = 30  # px: a chat's row, and a group header's
MIN_WIDTH = 180


class _GroupHeaderDelegate(QStyledItemDelegate):
    """Group headers in small muted bold text; chats as usual."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not index.data(HeaderRole):
            super().paint(painter, option, index)
            return
        painter.save()
        font = option.font
        font.setBold(True)
        font.setPixelSize(FONT_SMALL)
        painter.setFont(font)
        painter.setPen(option.palette.placeholderText().color())
        rect = option.rect.adjusted(6, 0, 0, -3)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, str(index.data()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """One height for every row, headers too (their text sits low, the space above parts the groups):
        the list has uniform rows, so it never measures 50,000 of them."""
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), ROW_HEIGHT))

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        """Renaming starts from the title (a comparison's row also shows its models)."""
        super().setEditorData(editor, index)
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(TitleRole) or ""))


class HistorySidebar(QWidget):
    """Signals: ``chat_selected(str)``, ``hit_activated(str, int)`` (chat, message id or 0),
    ``new_chat_requested()``, ``chat_deleted(str)``, ``export_requested(str)``, ``search_cleared()``
    (Esc, or the field emptied: a hit's highlight in the conversation goes too)."""

    chat_selected = Signal(str)
    hit_activated = Signal(str, int)
    new_chat_requested = Signal()
    chat_deleted = Signal(str)
    export_requested = Signal(str)
    search_cleared = Signal()

    def __init__(
        self,
        store: Store,
        today: Callable[[], date],
        model_name: Callable[[str], str] = str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today  # the date groups and search's date filter count from it
        self._model_name = model_name
        self._current: str | None = None
        self._trashed: list[str] = []
        self.model = ChatListModel(store, self, today=today)
        self.setObjectName("sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(MIN_WIDTH)
        self.new_button = QPushButton(icon("square-pen"), tr("New chat"), self)
        self.new_button.setObjectName("sidebarButton")
        self.new_button.setAccessibleName(tr("New chat"))
        self.new_button.setToolTip(tr("New chat (Ctrl+N)"))
        self.search = QLineEdit(self)
        looking_glass = self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        looking_glass.setText(tr("Search all chats"))
        looking_glass.triggered.connect(lambda: self.search.setFocus())
        for button in self.search.findChildren(QToolButton):  # the icon's button in the field
            button.setAccessibleName(tr("Search all chats"))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.search.setPlaceholderText(tr("Search all chats (Ctrl+K)"))
        self.search.setAccessibleName(tr("Search all chats"))
        self.search.setClearButtonEnabled(True)
        clear = self.search.findChild(QAction, "_q_qlineeditclearaction")  # Qt's own: named for screen readers
        if clear is not None:
            clear.setText(tr("Clear the search"))
        self.search.installEventFilter(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(_GroupHeaderDelegate(self.list))
        self.list.setUniformItemSizes(True)  # see the delegate's sizeHint
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long titles are elided
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setAccessibleName(tr("Chats"))
        self.list.setEditTriggers(QListView.EditTrigger.EditKeyPressed)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.installEventFilter(self)
        self.empty = QLabel(tr("No chats yet.\nYour conversations appear here, kept on this computer."), self)
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(SPACE[3], SPACE[5], SPACE[3], 0)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty)
        self._panel: SearchPanel | None = None
        self.undo_bar = QWidget(self)
        self.undo_label = QLabel(self.undo_bar)
        self.undo_button = QPushButton(tr("Undo"), self.undo_bar)
        self.undo_button.setAccessibleName(tr("Undo delete"))
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(4, 2, 4, 2)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self._on_undo_timeout)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE[2], SPACE[2], SPACE[2], SPACE[2])
        layout.setSpacing(SPACE[2])
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.undo_bar)
        self.new_button.clicked.connect(self.new_chat_requested)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.list.clicked.connect(self._on_list_clicked)
        self.list.activated.connect(self._on_list_clicked)
        self.list.customContextMenuRequested.connect(self._on_context_menu)
        self.undo_button.clicked.connect(self.undo_delete)
        self.model.modelReset.connect(self._show_list_or_empty)
        self.model.rowsInserted.connect(self._show_list_or_empty)
        self.model.reload()
        self._show_list_or_empty()

    # ------------------------------------------------------------ list

    def select(self, chat_id: str | None) -> None:
        self._current = chat_id
        row = self.model.row_of(chat_id) if chat_id else -1
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))
        else:
            self.list.clearSelection()

    def focus_search(self) -> None:
        """Ctrl+K: into the search field, its text selected to type over."""
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self, current: str | None) -> None:
        self.model.reload()
        self.select(current)
        if self._panel is not None:
            self._panel.refresh_models()

    def _show_list_or_empty(self) -> None:
        """No chats (a first start, or all deleted): say where they will appear instead of a blank."""
        if self.stack.currentWidget() in (self.list, self.empty):
            self.stack.setCurrentWidget(self.list if self.model.rowCount() else self.empty)

    def _on_list_clicked(self, index: QModelIndex) -> None:
        chat_id = index.data(ChatIdRole)
        if chat_id:
            self.chat_selected.emit(str(chat_id))

    def _selected_chat(self) -> str | None:
        chat_id = self.list.currentIndex().data(ChatIdRole)
        return str(chat_id) if chat_id else None

    def _on_context_menu(self, pos: Any) -> None:
        index = self.list.indexAt(pos)
        chat_id = index.data(ChatIdRole)
        if not chat_id:
            return
        menu = QMenu(self)
        menu.addAction(tr("Rename"), lambda: self.list.edit(index))
        menu.addAction(tr("Unpin") if index.data(PinnedRole) else tr("Pin to top"), lambda: self.toggle_pin(chat_id))
        menu.addAction(tr("Export…"), lambda: self.export_requested.emit(chat_id))
        menu.addSeparator()
        menu.addAction(tr("Delete"), lambda: self.delete_chat(chat_id))
        menu.popup(self.list.viewport().mapToGlobal(pos))

    def toggle_pin(self, chat_id: str) -> None:
        chat = self._store.find_chat(chat_id)
        if chat is not None:
            self._store.update_chat(chat_id, pinned=not chat.pinned)
            self.refresh(self._current)

    def delete_chat(self, chat_id: str) -> None:
        chat = self._store.find_chat(chat_id)
        if chat is None:
            return
        self._store.trash_chat(chat_id)
        self._trashed.append(chat_id)
        self.undo_label.setText(tr("Deleted “{title}”").format(title=chat.title[:40]))
        self.undo_bar.show()
        self._undo_timer.start(UNDO_MS)
        self.refresh(None if chat_id == self._current else self._current)
        self.chat_deleted.emit(chat_id)

    def undo_delete(self) -> None:
        if self._trashed:
            chat_id = self._trashed.pop()
            self._store.restore_chat(chat_id)
            self.refresh(self._current)
            self.select(chat_id)
            self.chat_selected.emit(chat_id)
        if not self._trashed:
            self._on_undo_timeout()

    def _on_undo_timeout(self) -> None:
        self.undo_bar.hide()

    # ------------------------------------------------------------ search

    @property
    def panel(self) -> SearchPanel:
        """Built on first use: the sidebar paints before any search code is loaded."""
        if self._panel is None:
            from .search_panel import SearchPanel

            self._panel = SearchPanel(self._store, self._model_name, self._today, self)
            self._panel.hit_activated.connect(self.hit_activated)
            self.stack.addWidget(self._panel)
        return self._panel

    def _on_search_text_changed(self, text: str) -> None:
        if text.strip():
            self.panel.set_query(text)
            self.stack.setCurrentWidget(self.panel)
        else:
            self.stack.setCurrentWidget(self.list)
            self._show_list_or_empty()
            self.search_cleared.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and watched is self.search and self.search.text():
            override: Any = event
            if override.key() == Qt.Key.Key_Escape:  # Esc clears the search here; it is not "stop the answer"
                event.accept()
                return True
        if event.type() == QEvent.Type.KeyPress:
            key: Any = event
            assert isinstance(key, QKeyEvent)
            if watched is self.search and self._handle_search_key(key.key()):
                return True
            if watched is self.list and key.key() == Qt.Key.Key_Delete:
                chat_id = self._selected_chat()
                if chat_id:
                    self.delete_chat(chat_id)
                return True
        return super().eventFilter(watched, event)

    def _handle_search_key(self, key: int) -> bool:
        searching = self.stack.currentWidget() is not self.list
        if key == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return True
        if searching and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.panel.flush()
            self.panel.activate_current()
            return True
        if searching and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.panel.move_selection(1 if key == Qt.Key.Key_Down else -1)
            return True
        return False
