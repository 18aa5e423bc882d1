"""What Qt itself costs to show streamed text: the calibration for P1-paced's per-update figures.

A bare read-only QTextEdit, in a window the benchmark's size, gets 16 characters appended at its
end at a real pace; the same timer appending nothing is subtracted. What is left is Qt's own
cost of one streamed update (insert, lay out the line, repaint it), with no markdown, no Python
rendering and no chat around it: no view built on QTextDocument can update for less.
"""

from __future__ import annotations

import statistics
import time

import shiboken6
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMainWindow, QTextEdit

from .render_bench import SIZE

PIECE = "streams each to "  # 16 characters, as a delta brings them
PARAGRAPH = 30  # pieces to a paragraph
EARLIER = ("the model streams each token as it is sampled and the window lays out " * 3 + "\n\n") * 20


def _run(app: QApplication, append: bool, updates: int, interval_ms: int) -> float:
    """One round on a local event loop. The timer belongs to the window and the window is deleted
    here, so nothing of this round is left for a later event loop to find (a parentless timer in a
    reference cycle with its slot was freed by the garbage collector mid-loop: a crash in CI)."""
    window = QMainWindow()
    window.resize(*SIZE)
    view = QTextEdit()
    view.setReadOnly(True)
    view.setPlainText(EARLIER)
    window.setCentralWidget(view)
    window.show()
    app.processEvents()
    cursor = QTextCursor(view.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    loop = QEventLoop()
    timer = QTimer(window)
    timer.setInterval(interval_ms)
    ticks = _Ticks(cursor if append else None, updates, timer, interval_ms, loop)
    timer.timeout.connect(ticks.tick)
    cpu0 = time.thread_time()
    timer.start()
    loop.exec()
    cpu = time.thread_time() - cpu0
    timer.stop()
    timer.timeout.disconnect(ticks.tick)
    window.close()
    del cursor, ticks
    shiboken6.delete(window)
    app.processEvents()
    return cpu


class _Ticks:
    """Appends one piece per tick (paragraphs of about 500 characters, as answers have them)."""

    def __init__(
        self, cursor: QTextCursor | None, updates: int, timer: QTimer, interval_ms: int, loop: QEventLoop
    ) -> None:
        self.cursor, self.updates, self.timer, self.interval_ms, self.loop = cursor, updates, timer, interval_ms, loop
        self.done = 0

    def tick(self) -> None:
        self.done += 1
        if self.cursor is not None:
            self.cursor.insertText(PIECE if self.done % PARAGRAPH else "\n")
        if self.done >= self.updates:
            self.timer.stop()
            QTimer.singleShot(2 * self.interval_ms, self.loop.quit)  # the last update's paint


def append_cost_ms(app: QApplication, updates: int = 200, interval_ms: int = 50, rounds: int = 3) -> float:
    """Qt's own CPU ms for one streamed update of a QTextEdit (median of *rounds*, interleaved)."""
    appended, idle = [], []
    for _ in range(rounds):
        appended.append(_run(app, True, updates, interval_ms))
        idle.append(_run(app, False, updates, interval_ms))
    return (statistics.median(appended) - statistics.median(idle)) / updates * 1000
