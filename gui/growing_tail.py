"""A code block or table still open at the end of a streaming answer, grown in place.

Rendering such a block again on every frame re-highlighted and re-laid out all of it (6 ms a
frame for 80 lines of code, 4 ms for a 30-row table, and all of it repainted). Here the view
inserts the block once, then each frame appends only what is new:
- code: complete lines highlighted (each piece lexed on its own), the last, incomplete line as
  plain text until it is complete. The open block is a frame drawn as the rendered block's
  one-cell table is: Qt lays out a whole table again on any change in it (1.5 ms for each piece
  appended to 80 lines), but only the changed lines of a frame (0.44 ms);
- a table: the rows whose lines are complete;
- a tight list (see stream_lists): its last item shown and the new ones after it.
Once the block closes, the streaming renderer commits it whole, as a full render would show it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
)

from parley.core.presentation.markdown import CODE_BOX, CodeStyle, MarkdownRenderer
from parley.core.presentation.markdown_stream import OpenCode, OpenTable
from parley.core.presentation.stream_lists import GrownList
from parley.core.presentation.stream_updates import CodeSpans

_ALIGN = {"right": Qt.AlignmentFlag.AlignRight, "center": Qt.AlignmentFlag.AlignHCenter}


def _table_at(document: QTextDocument, at: int) -> QTextTable | None:
    """The first table at or after position *at*."""
    cursor = QTextCursor(document)
    cursor.setPosition(at)
    while cursor.currentTable() is None:
        if not cursor.movePosition(QTextCursor.MoveOperation.NextBlock):
            return None
    return cursor.currentTable()


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
    def insert(cls, cursor: QTextCursor, block: OpenCode, cell: str, renderer: MarkdownRenderer) -> CodeTail:
        """Put *block*'s frame at *cursor*, holding *cell* (its label and empty code, HTML)."""
        theme, box = renderer.theme, CODE_BOX
        frame = QTextFrameFormat()
        frame.setBorder(2 * box.border)  # (the table's border, and its cell's)
        frame.setBorderBrush(QColor(theme.border))
        frame.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        frame.setPadding(box.padding)
        frame.setBackground(QColor(theme.code_bg))
        frame.setTopMargin(box.margin)
        frame.setBottomMargin(box.margin)
        frame.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        if cursor.atStart():  # (the block before a frame at the start takes no room, as before a table)
            first = cursor.blockFormat()
            first.setLineHeight(0, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
            cursor.setBlockFormat(first)
        cursor.insertFrame(frame)
        cursor.insertHtml(cell)
        # Qt gives an empty <pre> no block format: the code's is set here as a rendered block has it.
        # The gap goes below the label, as the code's lines are appended in the first line's format.
        code = cursor.blockFormat()
        code.setNonBreakableLines(True)
        code.setAlignment(Qt.AlignmentFlag.AlignLeft)
        cursor.setBlockFormat(code)
        label = QTextCursor(cursor.block().previous())
        gap = label.blockFormat()
        gap.setBottomMargin(box.gap)
        label.setBlockFormat(gap)
        base = QTextCharFormat(cursor.charFormat())  # (the empty code's: monospace)
        base.clearForeground()
        base.setFontWeight(QFont.Weight.Normal)
        base.setFontItalic(False)
        return cls(block, cursor.position(), base)

    def follows(self, block: OpenCode) -> bool:
        """*block* is this one, grown: only new text to append."""
        return block.start == self.start and block.lang == self.lang and block.code.startswith(self.shown)

    def append(
        self, document: QTextDocument, block: OpenCode, renderer: MarkdownRenderer, ready: CodeSpans | None = None
    ) -> int:
        """Show *block*'s new code (its new lines highlighted as *ready* says, when it has them);
        returns how far the document's text moved after it."""
        code = block.code
        done = code.rfind("\n") + 1  # complete lines end here
        cursor = QTextCursor(document)
        cursor.beginEditBlock()  # laid out once, not once per run of one colour
        before = self.end
        lines_from = self.shown.rfind("\n") + 1  # where the incomplete line shown plain starts
        if done > lines_from:  # new complete lines: that line is replaced, highlighted with them
            cursor.setPosition(self.partial)
            cursor.setPosition(self.end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            lines = code[lines_from:done]
            spans = ready.spans if ready is not None and ready.code == lines else renderer.code_spans(lines, self.lang)
            for text, how in spans:
                cursor.insertText(text, self._format(how))
            self.partial = cursor.position()
            cursor.insertText(code[done:], self._base)
        else:
            cursor.setPosition(self.end)
            cursor.insertText(code[len(self.shown) :], self._base)
        self.end = cursor.position()
        cursor.endEditBlock()
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


class TableTail:
    """The open table's place in the document, and how many body rows it shows."""

    def __init__(self, block: OpenTable, table: QTextTable, page: str) -> None:
        self.start, self.head = block.start, block.head
        self.table = table
        self._page = QColor(page)  # a body cell's background (the table's own shows between cells)
        self.rows = len(block.rows)

    @classmethod
    def locate(cls, document: QTextDocument, at: int, block: OpenTable, page: str) -> TableTail | None:
        """The table the view just inserted at *at*, or None if it is not there as expected."""
        table = _table_at(document, at)
        if table is None or table.rows() != len(block.rows) + 1 or table.columns() != len(block.rows[0]):
            return None
        return cls(block, table, page)

    def follows(self, block: OpenTable) -> bool:
        return block.start == self.start and block.head == self.head and len(block.rows) >= self.rows

    def append(self, block: OpenTable) -> None:
        """Add *block*'s new rows (formatted as the last row: a body row, as a table has one here)."""
        new = block.rows[self.rows :]
        if not new:
            return
        table = self.table
        first = table.rows()
        cursor = table.cellAt(0, 0).firstCursorPosition()
        cursor.beginEditBlock()  # laid out once, not once per cell
        table.appendRows(len(new))
        for r, row in enumerate(new):
            for c, (html, align) in enumerate(row[: table.columns()]):
                cell = table.cellAt(first + r, c)
                colour = cell.format()
                colour.setBackground(self._page)
                cell.setFormat(colour)
                cursor.setPosition(cell.firstPosition())
                cursor.insertHtml(html)
                if align in _ALIGN:
                    fmt = cursor.blockFormat()
                    fmt.setAlignment(_ALIGN[align])
                    cursor.setBlockFormat(fmt)
        cursor.endEditBlock()
        self.rows = len(block.rows)


def last_list_item(document: QTextDocument, at: int, grown: GrownList) -> QTextBlock | None:
    """The last item of the list the view shows at *at*, the document's last block, when that list
    has the items *grown* follows (else None: the tail is rendered again)."""
    cursor = QTextCursor(document)
    cursor.setPosition(at)
    listed = cursor.currentList()
    if listed is None or listed.count() != grown.first + 1:
        return None
    last = listed.item(grown.first)
    return None if last.next().isValid() else last


def grow_list(document: QTextDocument, last: QTextBlock, items: list[str]) -> None:
    """Replace the list's *last* item with the first of *items* (inline HTML) and append the rest
    as items of the same list. Margins go as a full render has them: the list's below its last
    item only (and above its first)."""
    item, chars = last.blockFormat(), last.charFormat()
    below = item.bottomMargin()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    cursor.setPosition(last.position())
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    for n, html in enumerate(items):
        if n:
            if n == 1:
                shown = QTextBlockFormat(item)
                shown.setBottomMargin(0)
                cursor.setBlockFormat(shown)
            new = QTextBlockFormat(item)
            new.setTopMargin(0)
            new.setBottomMargin(below if n == len(items) - 1 else 0)
            cursor.insertBlock(new, chars)
        if html:
            cursor.insertHtml(html)
    cursor.endEditBlock()
