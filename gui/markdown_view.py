"""A read-only markdown view that grows with its content and renders a streaming answer incrementally.

What it may load, open and copy: see SafeTextView. Each streaming update is prepared without Qt
(``UpdatePreparer``: on the worker's thread when it has one, see markdown_worker) and then applied
to the document: closed blocks appended once, the open tail grown in place or replaced. A formula
still being set shows its source; the piece of the answer that holds it is rendered again once it
is set (only that piece: a long answer is not laid out twice).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import (
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QWidget

from parley.core.i18n import tr
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.markdown_stream import Closed
from parley.core.presentation.stream_updates import PreparedUpdate, UpdatePreparer

from .growing_tail import CodeTail, TableTail, grow_list, last_list_item
from .markdown_worker import Job, MarkdownWorker
from .math_images import signals_for
from .partial_repaint import PartialRepaint
from .safe_text_view import SafeTextView

FRAME_BUDGET = 3_000  # characters of new text laid out per frame; a burst is shown over a few frames
# A streaming table takes its new rows at most every ROWS_EVERY s: Qt lays out every cell of a
# table again when rows are added, and repaints what moved (2.3 ms and 1.1 ms for 30 rows, in the
# window; about 20 us a cell), and at a fast pace rows came every frame. As that cost grows with
# the table, a bigger one takes rows less often: at most CELLS_PER_SECOND cells laid out again per
# second (from a 4-column table's 6th row on; about 2 ms a second), and at least once a second.
# Rows held back show when the time is up, with any that came meanwhile (a timer: not a call every
# frame until then); until then the text is not even parsed.
ROWS_EVERY = 0.25
CELLS_PER_SECOND = 100
ROWS_WITHIN = 1.0
DISPLAY_LIMIT = 600_000  # characters laid out per message (128k tokens of output fit); beyond, layout would freeze


def _capped(text: str) -> tuple[str, str | None]:
    """The part of *text* to lay out, and a note when the rest is left out of the view."""
    if len(text) <= DISPLAY_LIMIT:
        return text, None
    cut = text.rfind("\n", 0, DISPLAY_LIMIT)
    cut = cut if cut > DISPLAY_LIMIT // 2 else DISPLAY_LIMIT
    note = tr(
        "This answer is very long ({size} MB); the view shows the first {shown} KB. Copy the answer to get all of it."
    ).format(size=f"{len(text) / 1_000_000:.1f}", shown=cut // 1000)
    return text[:cut], note


@dataclass
class _Waiting:
    """A committed piece of a streamed answer showing formulas not yet set: where it is in the document."""

    start: int
    length: int
    closed: Closed


class MarkdownView(SafeTextView):
    """Signal (and SafeTextView's): ``truncated(str)`` with a note when a giant message is shown
    only in part."""

    truncated = Signal(str)

    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None) -> None:
        super().__init__(renderer, parent)
        self.frame_budget = FRAME_BUDGET  # views streaming side by side share one frame's budget
        self._prepare = UpdatePreparer(renderer)  # (one per streamed answer)
        self._stream = self._prepare.stream
        self._codes: list[str] = []
        self._tail_start = 0
        self._shown = 0  # characters of the streamed text laid out so far
        self._text = ""  # a finished message's markdown (rendered again when its formulas are set)
        self._whole_waits: set[int] = set()  # formulas a finished message shows as source for now
        self._waiting: list[_Waiting] = []  # pieces of a streamed answer showing formulas as source
        self._listening = False
        self._code: CodeTail | None = None  # the tail, when it is an open code block
        self._table: TableTail | None = None  # the tail, when it is an open table
        self.clock: Callable[[], float] = time.monotonic  # (paces a streaming table's rows; not the calendar)
        self.rows_every = ROWS_EVERY
        self._rows_at = 0.0  # when the streaming table last took rows
        self._held: str | None = None  # the text whose table rows wait for _rows_due
        self.worker: MarkdownWorker | None = None  # prepares updates off the UI thread (else in the call)
        self._job: Job | None = None  # the update being prepared
        self._next: str | None = None  # the text asked for meanwhile
        self._asked: str | None = None  # the last text asked for, all of it taken
        self._rows_due = QTimer(self)
        self._rows_due.setSingleShot(True)
        self._rows_due.timeout.connect(self._show_held_rows)
        self._repaint = PartialRepaint(self)

    # ------------------------------------------------------------ content

    def set_markdown(self, text: str) -> None:
        """Show a finished message (one full render)."""
        self._drop_held_rows()
        self._drop_job()
        text, note = _capped(text)
        if note:
            self.truncated.emit(note)
        rendered = self._renderer.render(text)
        self._codes = rendered.code_blocks
        self._prepare = UpdatePreparer(self._renderer)
        self._stream = self._prepare.stream
        self._shown = len(text)
        self._tail_start = 0  # (streaming on from here renders it all again)
        self._text = text
        self._whole_waits = rendered.math_pending
        self._waiting = []
        self._listen()
        self._growing = False
        self._code = self._table = None
        self.setHtml(rendered.html)

    def stream_update(self, text: str, final: bool = False) -> bool:
        """Show *text* (the whole answer so far): closed blocks are appended once, the tail replaced.

        At most ``frame_budget`` new characters are laid out per call, so no frame stalls the UI;
        returns False while it is still catching up (call again next frame), True once all is shown.
        With a ``worker``, an update that is not the last is prepared on its thread and shown when
        it is ready, with no other call; text given meanwhile is shown after it, the same way.
        """
        if not final and text == self._asked:
            return True  # (nothing new: what it asked is shown, or being prepared)
        fits = len(text) - self._shown <= self.frame_budget  # (the timer's call shows it all)
        if not final and fits and self._table is not None and self._rows_wait(text):
            return True  # (nothing parsed: a table's rows, or what follows it, show when the time is up)
        self._drop_held_rows()  # (this call shows the rows held)
        if self._job is not None:
            if not final:
                self._next = text  # (asked for once the update being prepared is shown)
                return fits
            self._next = None  # (the end is shown now, after what was being prepared)
            self._job.finish()
        text, note = _capped(text)
        if note:
            if self._shown >= len(text) and not final:
                return True  # past the display limit: nothing more to lay out
            if final:
                self.truncated.emit(note)
        self._shown = min(len(text), self._shown + self.frame_budget)
        caught_up = self._shown >= len(text)
        if not caught_up:
            cut = text.rfind("\n", self._shown - self.frame_budget // 2, self._shown)
            self._shown = cut + 1 if cut > 0 else self._shown
        upto, last = text[: self._shown], final and caught_up
        self._asked = text if caught_up and not final else None
        if self.worker is None or final:
            self._show(self._prepare(upto, last), last)
            return caught_up
        prepare = self._prepare  # (this answer's: the view may show another by the time it runs)
        self._job = self.worker.submit(self, lambda: prepare(upto, False), self._show_prepared)
        return caught_up

    @property
    def preparing(self) -> bool:
        """An update is being prepared on the worker's thread (shown when it is ready)."""
        return self._job is not None

    def _show_prepared(self, prepared: Callable[[], PreparedUpdate]) -> None:
        self._job = None
        self._show(prepared(), False)  # (the thread's error, if any, is raised here)
        wanted, self._next = self._next, None
        if wanted is not None:
            self.stream_update(wanted)

    def _show(self, prepared: PreparedUpdate, final: bool) -> None:
        """The Qt half of an update: the document takes what the streaming renderer prepared."""
        closed, tail = prepared.closed, prepared.tail
        self._growing = not final
        stream = self._stream
        if stream.appended is not None:  # more words or runs at the paragraph's end: appended
            if stream.appended or stream.appended_html or stream.taken:
                self._append(stream.appended, stream.appended_html, stream.taken, stream.plain_look)
            return
        code = self._stream.open_code
        if code is not None and not closed and self._code is not None and self._code.follows(code):
            with self._repaint.appending_at(self._code.partial):
                self._code.append(self.document(), code, self._renderer, prepared.spans)  # only the new code
            return
        table = self._stream.open_table
        if table is not None and not closed and self._table is not None and self._table.follows(table):
            if len(table.rows) > self._table.rows:
                self._rows_at = self.clock()
                with self._repaint.adding_rows(self._table.table):
                    self._table.append(table)  # only the new rows
            return
        grown = None if closed else self._stream.grown_list
        last = last_list_item(self.document(), self._tail_start, grown) if grown is not None else None
        if grown is not None and last is not None:
            with self._repaint.replacing(last.position()):
                grow_list(self.document(), last, grown.items)  # only its last item, and new ones
            return
        cursor = QTextCursor(self.document())
        if closed and (self._stream.kept or self._close_table()):  # the first block closed is shown: it stays
            if self._stream.kept_after:
                self._append(self._stream.kept_after, "", 0, False)
            self._tail_start = self.document().characterCount() - 1
            closed = self._stream.kept_rest
        with self._repaint.replacing(self._tail_start):
            cursor.beginEditBlock()
            cursor.setPosition(self._tail_start)
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            if closed:
                at = cursor.position()
                self._insert(cursor, closed)
                self._tail_start = cursor.position()
                piece = self._stream.closed
                if piece is not None and piece.pending:
                    self._waiting.append(_Waiting(at, self._tail_start - at, piece))
                    self._listen()
            if table is not None and not tail:
                tail = self._stream.open_table_html()
            self._code = None
            if code is not None:  # its empty frame: the code goes in line by line from here on
                self._code = CodeTail.insert(cursor, code, tail, self._renderer)
                self._code.append(self.document(), code, self._renderer, prepared.spans)
            elif tail:
                self._insert(cursor, tail)
            cursor.endEditBlock()
        page = self._renderer.theme.page
        self._table = TableTail.locate(self.document(), self._tail_start, table, page) if table is not None else None
        if self._table is not None:
            self._rows_at = self.clock()
        if not self._growing:
            self._fit_height()  # the answer is complete: no room left below it

    def _append(self, text: str, html: str, taken: int, plain_look: bool) -> None:
        """Take *taken* characters from the end, then append *text* (in the plain look of a
        paragraph, or in the format of the text before it) and *html*."""
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        with self._repaint.appending_at(cursor.position() - taken):
            cursor.beginEditBlock()
            if taken:
                cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, taken)
                cursor.removeSelectedText()
            if plain_look:
                cursor.insertText(text, QTextCharFormat())  # (plain text in a paragraph has no format)
            else:
                cursor.insertText(text)  # (in the format of the plain text before it)
            if html:
                cursor.insertHtml(html)
            cursor.endEditBlock()

    def _close_table(self) -> bool:
        """The table grown in place is the first block this update closed: it takes its last rows,
        if any, and stays (rows added in place look as a full render's, pixel for pixel)."""
        done, grown = self._stream.closed_table, self._table
        if done is None or grown is None or not grown.follows(done):
            return False
        if len(done.rows) > grown.rows:
            with self._repaint.adding_rows(grown.table):
                grown.append(done)
        return True

    def _rows_wait(self, text: str) -> bool:
        """The open table took rows less than its pace ago: *text* shows when the time is
        up (or with a later call), with any rows that came meanwhile. It is not even parsed until
        then (a row's parse cost more than the frame's other work), so what follows the table may
        wait as long, once; not once a blank line has ended the table."""
        wait = self._rows_pace() - (self.clock() - self._rows_at)
        if wait <= 0 or "\n\n" in text[self._shown - 1 :]:
            return False
        self._held = text
        if not self._rows_due.isActive():  # (already due then: started by an earlier call)
            self._rows_due.start(max(1, math.ceil(wait * 1000)))
        return True

    def _rows_pace(self) -> float:
        """How often the open table takes rows (s): ``rows_every``, or less often as it grows."""
        if self._table is None or not self.rows_every:
            return self.rows_every
        cells = (self._table.rows + 1) * self._table.table.columns()
        return min(ROWS_WITHIN, max(self.rows_every, cells / CELLS_PER_SECOND))

    def _finish_job(self) -> None:
        """Show what is being prepared now: the streaming renderer is the thread's until then."""
        if self._job is not None:
            self._job.finish()

    def _drop_job(self) -> None:
        """What was being prepared, or asked for next, belongs to what this view showed before."""
        if self._job is not None:
            self._job.drop()
        self._job = self._next = self._asked = None

    def _drop_held_rows(self) -> None:
        self._rows_due.stop()
        self._held = None

    def _show_held_rows(self) -> None:
        if self._held is not None:
            self.stream_update(self._held)

    def settled(self) -> int:
        """Characters of the streamed text rendered for good, ending between top-level blocks."""
        self._finish_job()  # (what is being prepared may settle more)
        return self._stream.settled()

    @staticmethod
    def _insert(cursor: QTextCursor, html: str) -> None:
        """Append *html* as blocks of their own, each with its own block format (margins, heading).

        Qt merges the first block of inserted HTML into the cursor's block, format and all, so a
        heading streamed after a paragraph would get the paragraph's margins. A throwaway first
        block takes that merge (one character on the block before), and is then removed. The HTML's
        last newline would end the last block with a space (and words appended later after it).
        """
        html = html.rstrip()
        at = cursor.position()
        if at == 0:
            cursor.insertHtml(html)
            return
        cursor.insertHtml("<p>x</p>" + html)
        end = cursor.position()
        cursor.setPosition(at)
        cursor.setPosition(at + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.setPosition(end - 1)

    # ------------------------------------------------------------ formulas

    @property
    def formulas_pending(self) -> bool:
        """Some formulas show as source while the formula thread sets them."""
        return bool(self._whole_waits or self._waiting)

    def _listen(self) -> None:
        """Hear about set formulas while some are shown as source, and only then."""
        wanted = self.formulas_pending
        if wanted != self._listening:
            ready = signals_for(self._renderer.math).ready
            if wanted:
                ready.connect(self._on_formulas_set)
            else:
                ready.disconnect(self._on_formulas_set)
            self._listening = wanted

    def _on_formulas_set(self) -> None:
        math = self._renderer.math
        if self._whole_waits and all(math.is_set(n) for n in self._whole_waits):
            self.set_markdown(self._text)
            return
        for piece in list(self._waiting):
            if all(math.is_set(n) for n in piece.closed.pending):
                self._render_again(piece)
        self._listen()

    def _render_again(self, piece: _Waiting) -> None:
        """Lay out *piece* again, now with its formulas; what follows it moves by the difference."""
        html = self._stream.render_again(piece.closed)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.setPosition(piece.start)
        cursor.setPosition(piece.start + piece.length, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._insert(cursor, html)
        cursor.endEditBlock()
        moved = cursor.position() - piece.start - piece.length
        piece.length += moved
        for other in self._waiting:
            if other.start > piece.start:
                other.start += moved
        self._tail_start += moved
        if self._code is not None:
            self._code.moved(moved)
        if not piece.closed.pending:
            self._waiting.remove(piece)

    def code(self, index: int) -> str | None:
        if 0 <= index < len(self._codes):
            return self._codes[index]
        self._finish_job()
        return self._stream.code(index)
