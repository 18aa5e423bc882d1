"""What an empty conversation shows; shared by the chat view and the frame painted before it exists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from parley.core.i18n import QT_TR_NOOP, tr

EMPTY_HINT = QT_TR_NOOP("Ask Claude anything. Enter sends, Shift+Enter starts a new line.")
MARGINS = (24, 16, 24, 16)


def hint_label(parent: QWidget) -> QLabel:
    label = QLabel(tr(EMPTY_HINT), parent)
    label.setObjectName("emptyHint")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def empty_hint(parent: QWidget) -> QWidget:
    """A stand-in for the chat view, laid out like it, shown until the view is built."""
    page = QWidget(parent)
    column = QVBoxLayout(page)
    column.setContentsMargins(*MARGINS)
    column.addStretch(2)
    column.addWidget(hint_label(page))
    column.addStretch(3)
    return page
