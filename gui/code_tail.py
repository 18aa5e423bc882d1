"""A code block still open at the end of a streaming answer, grown in place.

Rendering the block again on every frame re-highlighted and re-laid out all of it (6 ms a frame
for 80 lines, and all of it repainted). Here the view inserts the block's empty frame once, then
each frame appends only what is new: complete lines highlighted (each piece lexed on its own),
the last, incomplete line as plain text until it is complete. Once the block closes, the
streaming renderer commits it whole, highlighted as one piece.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument

from parley.core.presentation.markdown import CodeStyle, MarkdownRenderer
from parley.core.presentation.markdown_stream import OpenCode


class CodeTail:
    """The open block's place in the document: its code runs from ``begin`` to ``end``; the last,
    incomplete line (plain) from ``partial``."""

    def __init__(self, block: OpenCode, begin: int, base: QTextCharFormat) -> None:
        self.start = block.start
        self.lang = block.lang
        self.shown = ""
        self.begin = self.partial = self.end = begin
        self._base = base
        self._formats: dict[CodeStyle, QTextCharFormat] = {}

    @classmethod
    def locate(cls, document: QTextDocument, at: int, block: OpenCode) -> CodeTail | None:
        """The empty code frame the view just inserted at *at*, or None if it is not there."""
        cursor = QTextCursor(document)
        cursor.setPosition(at)
        while cursor.currentTable() is None:
            if not cursor.movePosition(QTextCursor.MoveOperation.NextBlock):
                return None
        table = cursor.currentTable()
        begin = table.cellAt(0, 0).lastCursorPosition()
        if begin.block().length() != 1:  # the code's (empty) line is the cell's last block
            return None
        base = QTextCharFormat(begin.charFormat())
        base.clearForeground()
        base.setFontWeight(QFont.Weight.Normal)
        base.setFontItalic(False)
        return cls(block, begin.position(), base)

    def follows(self, block: OpenCode) -> bool:
        """*block* is this one, grown: only new text to append."""
        return block.start == self.start and block.lang == self.lang and block.code.startswith(self.shown)

    def append(self, document: QTextDocument, block: OpenCode, renderer: MarkdownRenderer) -> int:
        """Show *block*'s new code; returns how far the document's text moved after it."""
        code = block.code
        done = code.rfind("\n") + 1  # complete lines end here
        cursor = QTextCursor(document)
        before = self.end
        lines_from = self.shown.rfind("\n") + 1  # where the incomplete line shown plain starts
        if done > lines_from:  # new complete lines: that line is replaced, highlighted with them
            cursor.setPosition(self.partial)
            cursor.setPosition(self.end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            for text, how in renderer.code_spans(code[lines_from:done], self.lang):
                cursor.insertText(text, self._format(how))
            self.partial = cursor.position()
            cursor.insertText(code[done:], self._base)
        else:
            cursor.setPosition(self.end)
            cursor.insertText(code[len(self.shown) :], self._base)
        self.end = cursor.position()
        self.shown = code
        return self.end - before

    def moved(self, by: int) -> None:
        """Text before the block grew or shrank by *by* characters."""
        self.begin += by
        self.partial += by
        self.end += by

    def _format(self, how: CodeStyle) -> QTextCharFormat:
        made = self._formats.get(how)
        if made is None:
            made = QTextCharFormat(self._base)
            if how.colour:
                made.setForeground(QColor(f"#{how.colour}"))
            if how.bold:
                made.setFontWeight(QFont.Weight.Bold)
            if how.italic:
                made.setFontItalic(True)
            self._formats[how] = made
        return made
