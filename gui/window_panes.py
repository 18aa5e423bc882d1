"""The window's two panes: the chat list, and the conversation's column (the conversation itself,
a hint until it is built; under it the notices, bars and footer, centred in the reading column;
then the composer)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from parley.core.presentation.design import SPACE

from .empty_state import empty_hint
from .sidebar_fold import SIDEBAR_WIDTH
from .widgets import add_centred


class WindowPanes(QSplitter):
    """``notices`` takes the banners; ``add_to_column`` a bar or footer under them."""

    def __init__(self, sidebar: QWidget, composer: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)  # folding the chat list is the fold's job (Ctrl+B)
        right = QWidget(self)
        right.setObjectName("conversation")
        self._column = QVBoxLayout(right)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._placeholder = empty_hint(right)
        self._column.addWidget(self._placeholder, 1)
        banners = QWidget(right)
        self.notices = QVBoxLayout(banners)
        self.notices.setContentsMargins(0, 0, 0, 0)
        self._reading = QVBoxLayout()
        self._reading.setContentsMargins(SPACE[4], 0, SPACE[4], 0)
        add_centred(self._reading, banners)
        self._column.addLayout(self._reading)
        self._column.addWidget(composer)
        self.addWidget(sidebar)
        self.addWidget(right)
        self.setStretchFactor(1, 1)
        self.setSizes([SIDEBAR_WIDTH, 920])

    def show_conversation(self, pages: QWidget) -> None:
        """The conversation is built: it takes the hint's place."""
        self._column.replaceWidget(self._placeholder, pages)
        self._placeholder.deleteLater()

    def add_to_column(self, widget: QWidget) -> None:
        add_centred(self._reading, widget)
