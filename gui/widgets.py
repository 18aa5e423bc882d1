"""Small widgets every screen uses: labels and combo boxes that elide instead of clipping, and icon
buttons with their tooltip and accessible name. (superqt has an eliding label, but importing it
loads qtpy, ~280 ms measured here, before the first paint: these are a few lines each.)
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyleOptionComboBox,
    QToolButton,
    QWidget,
)

from parley.core.presentation.design import READING_WIDTH

from .icons import icon

FIELD_RESERVE = 42  # a combo box's border, padding and drop-down arrow in the theme's style sheet


def add_centred(layout: QBoxLayout, widget: QWidget, stretch: int = 0, width: int = READING_WIDTH) -> None:
    """Add *widget* to *layout* as wide as the room, but at most *width* (the conversation's reading
    column), centred. Side margins computed from the width would raise the window's minimum size,
    and an alignment flag would shrink the widget to its size hint: a row of two stretches around a
    much stronger one does neither."""
    widget.setMaximumWidth(width)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(0)
    row.addStretch(1)
    row.addWidget(widget, 1000)
    row.addStretch(1)
    layout.addLayout(row, stretch)


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when it does not fit; ``text()`` stays the whole text (also
    its tooltip when cut). It never asks for more width than it is given."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def paintEvent(self, event: QPaintEvent) -> None:
        # A plain QPainter: QStylePainter would load QStyle (~9 ms of enums) before the first paint.
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter = QPainter(self)
        painter.setPen(self.palette().color(group, self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), shown)
        painter.end()
        self.setToolTip(self.text() if shown != self.text() else "")


class ElidingComboBox(QComboBox):
    """A combo box that shrinks with the window: its shown text ends in "…" rather than being cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(4)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # Its items changed: the layout must learn its new natural width (Qt re-asks on its own only
        # under the AdjustToContents policy).
        items = self.model()
        items.rowsInserted.connect(self._items_changed)
        items.rowsRemoved.connect(self._items_changed)

    def _items_changed(self, *_: object) -> None:
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        """Wide enough for its longest item (the layout shrinks it, down to a few letters, when short of room)."""
        hint = super().sizeHint()
        widest = max((self.fontMetrics().horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        return QSize(max(hint.width(), widest + 44), hint.height())

    def initStyleOption(self, option: QStyleOptionComboBox) -> None:
        """The shown text, elided to the edit field (the widget less its padding and arrow): Qt calls
        this before painting; computing the field with QStyle would load it before the first paint."""
        super().initStyleOption(option)
        room = self.width() - FIELD_RESERVE
        if not option.currentIcon.isNull():
            room -= option.iconSize.width() + 4
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, max(0, room)
        )


class WordOptionalButton(QToolButton):
    """A tool button whose word may go when its row is narrow (its owner switches it to icon only):
    its minimum is the icon's, so the word never raises the window's minimum width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # (a tool button's is Fixed)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.iconSize().width() + 16), hint.height())


def icon_button(
    name: str, label: str, parent: QWidget | None = None, *, text: bool = False, word_optional: bool = False
) -> QToolButton:
    """A flat button showing the icon *name*; *label* is its tooltip and accessible name (and its
    text beside the icon, with *text*; with *word_optional*, a word its owner drops when narrow)."""
    button = WordOptionalButton(parent) if word_optional else QToolButton(parent)
    button.setIcon(icon(name))
    button.setIconSize(QSize(18, 18))
    button.setToolTip(label)
    button.setAccessibleName(label)
    if text:
        button.setText(label)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    else:
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button
