"""Repaint only what a streaming append changed.

Qt's text layout asks for a repaint from the top of the block (or frame) that changed to the
bottom: a few words added to a paragraph repainted the whole paragraph, and four lines added to an
open code block repainted all of the block that was on screen (and, as the view is transparent, the
chat behind it), on every frame. Text appended at the end cannot move anything above the line it
starts on, so while an append is laid out the repaint starts at that line.

This takes over the one connection Qt makes from the document's layout to the view (its text
control's repaint request), and does what that did: repaint the visible part of the rectangle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QTextEdit


class PartialRepaint:
    def __init__(self, view: QTextEdit) -> None:
        self._view = view
        self._from: float | None = None  # while an append is laid out: the top of its first line
        self._width = 0.0
        layout = view.document().documentLayout()
        layout.update.disconnect()  # (its only receiver: the text control, which repaints the viewport)
        layout.update.connect(self._on_update)

    @contextmanager
    def appending_at(self, position: int) -> Iterator[None]:
        """Edits in this block only append text at *position*: repaint from its line down."""
        document = self._view.document()
        block = document.findBlock(position)
        layout = document.documentLayout()
        line = block.layout().lineForTextPosition(position - block.position()) if block.isValid() else None
        if line is None or not line.isValid():
            yield
            return
        self._from = layout.blockBoundingRect(block).top() + line.y()
        self._width = layout.documentSize().width()
        try:
            yield
        finally:
            self._from = None

    def _on_update(self, rect: QRectF) -> None:
        view = self._view
        viewport = view.viewport()
        if not rect.isValid():
            viewport.update()
            return
        if self._from is not None and view.document().documentLayout().documentSize().width() == self._width:
            rect = QRectF(rect)
            rect.setTop(max(rect.top(), self._from))
        bar = view.horizontalScrollBar()
        x = bar.maximum() - bar.value() if view.isRightToLeft() else bar.value()
        y = view.verticalScrollBar().value()
        visible = QRectF(x, y, viewport.width(), viewport.height())
        shown = rect.intersected(visible).toAlignedRect()
        if not shown.isEmpty():
            viewport.update(shown.translated(-x, -y))
