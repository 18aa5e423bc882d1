"""What Qt itself costs to show streamed text: the calibration for P1-paced's per-update figures.

A bare read-only QTextEdit, in a window the benchmark's size, gets 16 characters appended at its
end at a real pace; the same timer appending nothing is subtracted. What is left is Qt's own
cost of one streamed update (insert, lay out the line, repaint it), with no markdown, no Python
rendering and no chat around it: no view built on QTextDocument can update for less.
"""

from __future__ import annotations

import statistics
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMainWindow, QTextEdit

from .render_bench import SIZE

PIECE = "streams each to "  # 16 characters, as a delta brings them
PARAGRAPH = 30  # pieces to a paragraph
EARLIER = ("the model streams each token as it is sampled and the window lays out " * 3 + "\n\n") * 20


def _run(app: QApplication, append: bool, updates: int, interval_ms: int) -> float:
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
    done = [0]
    timer = QTimer()
    timer.setInterval(interval_ms)

    def tick() -> None:
        done[0] += 1
        if append:  # paragraphs of about 500 characters, as answers have them
            cursor.insertText(PIECE if done[0] % PARAGRAPH else "\n")
        if done[0] >= updates:
            timer.stop()
            QTimer.singleShot(2 * interval_ms, app.quit)  # the last update's paint

    timer.timeout.connect(tick)
    cpu0 = time.thread_time()
    timer.start()
    app.exec()
    cpu = time.thread_time() - cpu0
    window.close()
    window.deleteLater()
    app.processEvents()
    return cpu


def append_cost_ms(app: QApplication, updates: int = 200, interval_ms: int = 50, rounds: int = 3) -> float:
    """Qt's own CPU ms for one streamed update of a QTextEdit (median of *rounds*, interleaved)."""
    appended, idle = [], []
    for _ in range(rounds):
        appended.append(_run(app, True, updates, interval_ms))
        idle.append(_run(app, False, updates, interval_ms))
    return (statistics.median(appended) - statistics.median(idle)) / updates * 1000
