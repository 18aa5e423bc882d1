"""A read-only text view as tall as its document, that grows in steps while its text streams.

Each change of a view's height lays out the chat again, scrolls it and repaints all it shows,
which cost more than the new text itself when it happened on every frame. So while text streams
(``growing``), the view grows GROW_LINES lines at a time (or ``room_step`` px), leaving blank room
below the text; the container may keep that room out of sight (see ``room``). Once the text is
complete it fits exactly.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QSizePolicy, QTextBrowser, QWidget

GROW_LINES = 8  # a streaming text's height grows this many lines at a time


class GrowingTextView(QTextBrowser):
    """Signal: ``room_changed(bool)`` when the blank room below a streaming text changed (see
    ``room``); True when the height did too."""

    room_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._growing = False  # streaming: the height grows in steps, and only at the end fits exactly
        self._room_step = 0  # px of room added per step, when the container keeps the room out of sight
        self._room = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)

    def _fit_height(self, size: Any = None) -> None:
        """As tall as the document; while the text grows, in steps, with room below the text (the
        step is GROW_LINES lines, or ``room_step`` px when the container scrolls so that the room
        stays out of sight: the chat follows the text, not its own end)."""
        height = int(self.document().size().height()) + 4
        bar = self.horizontalScrollBar()
        if bar is not None and bar.isVisible():
            height += bar.sizeHint().height()
        room = 0
        if self._growing:
            step = max(GROW_LINES * self.fontMetrics().lineSpacing(), self._room_step)
            fits = self.height() - 2 * step <= height <= self.height()  # (a tail laid out again may shrink)
            room = self.height() - height if fits else step
        resized = height + room != self.height()
        if resized:
            self.setFixedHeight(height + room)
        if room != self._room or resized:
            self._room = room
            self.room_changed.emit(resized)

    def room(self) -> int:
        """The blank px below a streaming text that the container keeps out of sight (0 once the
        text is complete, or when the room is shown: ``room_step`` 0)."""
        return self._room if self._room_step else 0

    @property
    def room_step(self) -> int:
        return self._room_step

    @room_step.setter
    def room_step(self, px: int) -> None:
        """Grow *px* at a time while streaming, the container keeping that room out of sight; 0:
        GROW_LINES lines at a time, in sight (something shows below the text)."""
        if px != self._room_step:
            self._room_step = px
            self._fit_height()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self.document().textWidth():
            # Qt lays out the whole document again on any page-size change, even to the same width:
            # only do it when the width really changed (height changes come every frame while streaming).
            self.document().setTextWidth(width)
        self._fit_height()

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())
