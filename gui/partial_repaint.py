"""Repaint only what a streaming edit changed.

Qt's text layout asks for a repaint from the top of the block (or frame) that changed to the
bottom: a few words added to a paragraph repainted the whole paragraph, and four lines added to an
open code block repainted all of the block that was on screen (and, as the view is transparent, the
chat behind it), on every frame.
- Text appended at the end cannot move anything above the line it starts on: while an append is
  laid out, the repaint starts at that line.
- When the open tail is rendered again, what it shows usually starts as before (the same words, in
  the same formats): the repaint starts at the line of the first character that differs.
- When rows are added to the open table, the rows above stay as they were unless a column
  changed width (Qt sizes columns by their content): the repaint starts at the last row shown
  before, unless the header's cells moved. (A table of 30 rows repainted whole for each row was
  the costliest paint of a streaming answer: 1.3 ms a row.)
Either way it ends where the text does: the room below a streaming answer is blank before and after.

This takes over the one connection Qt makes from the document's layout to the view (its text
control's repaint request), and does what that did: repaint the visible part of the rectangle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock, QTextDocument, QTextTable
from PySide6.QtWidgets import QTextEdit

_COMPARED = 4_000  # characters of the old tail compared with the new (a longer tail repaints whole)
_CELL_MARGIN = 12  # px above a cell's text that its row still paints (padding, border, spacing)


class PartialRepaint:
    def __init__(self, view: QTextEdit) -> None:
        self._view = view
        self._from: float | None = None  # while an append is laid out: the top of its first line
        self._held: list[QRectF] | None = None  # while the tail is replaced: the repaints asked for
        self._width = 0.0
        layout = view.document().documentLayout()
        layout.update.disconnect()  # (its only receiver: the text control, which repaints the viewport)
        layout.update.connect(self._on_update)

    @contextmanager
    def appending_at(self, position: int) -> Iterator[None]:
        """Edits in this block only append text at *position*: repaint from its line down."""
        top = self._line_top(position)
        if top is None:
            yield
            return
        self._from, self._width = top, self._document_width()
        try:
            yield
        finally:
            self._from = None

    @contextmanager
    def replacing(self, start: int) -> Iterator[None]:
        """Edits in this block replace everything from *start* on: repaint from the first line
        that shows something else (or everything asked for, when that cannot be told)."""
        document = self._view.document()
        before = _content(document, start)
        height, width = document.documentLayout().documentSize().height(), self._document_width()
        with self._collecting() as held:
            yield
        if not held:
            return
        rect = _united(held)
        after = _content(document, start)
        if before is not None and after is not None and self._document_width() == width:
            same = start + _common_prefix(before, after)
            top = self._line_top(max(start, same - 1))
            if top is not None:
                rect = QRectF(rect)
                rect.setTop(max(rect.top(), top))
                rect.setBottom(min(rect.bottom(), max(height, document.documentLayout().documentSize().height())))
        self._repaint(rect)

    @contextmanager
    def adding_rows(self, table: QTextTable) -> Iterator[None]:
        """Edits in this block only add rows at the end of *table*: repaint from its last row
        shown before, when no column moved (else everything asked for)."""
        columns, last_row = self._columns(table), self._last_row_top(table)
        width = self._document_width()
        with self._collecting() as held:
            yield
        if not held:
            return
        rect = _united(held)
        if self._columns(table) == columns and self._document_width() == width:
            rect = QRectF(rect)
            rect.setTop(max(rect.top(), last_row - _CELL_MARGIN))
        self._repaint(rect)

    @contextmanager
    def _collecting(self) -> Iterator[list[QRectF]]:
        """The repaints Qt asks for in this block, held (the caller repaints their union, cut)."""
        self._held = held = list[QRectF]()
        try:
            yield held
        finally:
            self._held = None

    def _columns(self, table: QTextTable) -> list[tuple[float, float]]:
        """Where the table's header cells are across (left and width of each)."""
        layout = self._view.document().documentLayout()
        out = []
        for c in range(table.columns()):
            rect = layout.blockBoundingRect(table.cellAt(0, c).firstCursorPosition().block())
            out.append((rect.left(), rect.width()))
        return out

    def _last_row_top(self, table: QTextTable) -> float:
        layout, row = self._view.document().documentLayout(), table.rows() - 1
        return min(
            layout.blockBoundingRect(table.cellAt(row, c).firstCursorPosition().block()).top()
            for c in range(table.columns())
        )

    def _line_top(self, position: int) -> float | None:
        document = self._view.document()
        block = document.findBlock(position)
        if not block.isValid() or block.layout() is None:
            return None
        line = block.layout().lineForTextPosition(position - block.position())
        if not line.isValid():
            return None
        return document.documentLayout().blockBoundingRect(block).top() + line.y()

    def _document_width(self) -> float:
        return self._view.document().documentLayout().documentSize().width()

    def _on_update(self, rect: QRectF) -> None:
        if not rect.isValid():
            self._view.viewport().update()
            return
        if self._held is not None:
            self._held.append(QRectF(rect))
            return
        size = self._view.document().documentLayout().documentSize()
        if self._from is not None and size.width() == self._width:
            rect = QRectF(rect)  # from the appended text's first line to the text's new end
            rect.setTop(max(rect.top(), self._from))
            rect.setBottom(min(rect.bottom(), size.height()))
        self._repaint(rect)

    def _repaint(self, rect: QRectF) -> None:
        """What Qt's text edit does with a repaint request: the visible part, in viewport terms."""
        view = self._view
        viewport = view.viewport()
        bar = view.horizontalScrollBar()
        x = bar.maximum() - bar.value() if view.isRightToLeft() else bar.value()
        y = view.verticalScrollBar().value()
        visible = QRectF(x, y, viewport.width(), viewport.height())
        shown = rect.intersected(visible).toAlignedRect()
        if not shown.isEmpty():
            viewport.update(shown.translated(-x, -y))


def _united(rects: list[QRectF]) -> QRectF:
    rect = rects[0]
    for more in rects[1:]:
        rect = rect.united(more)
    return rect


Content = list[tuple[tuple[int, int], list[tuple[str, int]]]]


def _content(document: QTextDocument, start: int) -> Content | None:
    """What the document shows from *start* on, block by block: each block's format (and its
    list's) and its runs of text with their formats, as the document's format indices (equal
    formats share one). None when that holds a table or frame (compared as a whole), or is too
    long to compare each frame."""
    if document.characterCount() - start > _COMPARED:
        return None
    if any(frame.lastPosition() >= start for frame in document.rootFrame().childFrames()):
        return None  # (a table or code block: compared as a whole, so not at all)
    out: Content = []
    block: QTextBlock = document.findBlock(start)
    while block.isValid():
        listed = block.textList()
        text, at = block.text(), block.position()
        runs: list[tuple[str, int]] = []
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            begin = fragment.position() - at
            end = begin + fragment.length()
            if at + end > start:
                runs.append((text[max(begin, start - at) : end], fragment.charFormatIndex()))
            it += 1
        out.append(((block.blockFormatIndex(), listed.formatIndex() if listed is not None else -1), runs))
        block = block.next()
    return out


def _common_prefix(before: Content, after: Content) -> int:
    """How many characters from the start the two show alike (same blocks, text and formats)."""
    same = 0
    for (old_block, old_runs), (new_block, new_runs) in zip(before, after, strict=False):
        if old_block != new_block:
            return same
        for (old_text, old_format), (new_text, new_format) in zip(old_runs, new_runs, strict=False):
            if old_format != new_format:
                return same
            if old_text != new_text:
                k = 0
                while k < min(len(old_text), len(new_text)) and old_text[k] == new_text[k]:
                    k += 1
                return same + k
            same += len(old_text)
        if len(old_runs) != len(new_runs):
            return same
        same += 1  # the block's end
    return same
