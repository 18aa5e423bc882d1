"""A row of widgets that wraps onto more rows when it is narrow, right-aligned (Qt's flow layout
example). A row of buttons in one QHBoxLayout asks for all their widths as the window's minimum
(the approval row of an MCP call asked for 721 px); wrapped, it asks only for the widest button."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6, *, left: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._left = left  # rows start at the left (a form's buttons) rather than the right (a dialog's choices)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, apply=True)

    def sizeHint(self) -> QSize:
        width = sum(i.sizeHint().width() for i in self._items) + self._gap * max(0, len(self._items) - 1)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, *, apply: bool) -> int:
        """Lay the items out in rows within *rect* (each row aligned as asked); returns the height."""
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._items:
            width = item.sizeHint().width()
            if rows[-1] and used + self._gap + width > rect.width():
                rows.append([])
                used = 0
            used += (self._gap if rows[-1] else 0) + width
            rows[-1].append(item)
        y = rect.y()
        for row in rows:
            if not row:
                continue
            row_width = sum(i.sizeHint().width() for i in row) + self._gap * (len(row) - 1)
            height = max(i.sizeHint().height() for i in row)
            x = rect.x() + (0 if self._left else max(0, rect.width() - row_width))
            for item in row:
                hint = item.sizeHint()
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(min(hint.width(), rect.width()), hint.height())))
                x += hint.width() + self._gap
            y += height + self._gap
        return y - rect.y() - self._gap if self._items else 0
