"""First-paint detection, and the start-up measurement hook.

``PARLEY_QUIT_AFTER_FIRST_PAINT=1`` makes the app print ``first-paint <unix time>`` on stdout at the
window's first paint, finish starting, then quit. tests/perf/startup_bench.py compares that time with
a bare Qt window's.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject

ENV = "PARLEY_QUIT_AFTER_FIRST_PAINT"


class FirstPaint(QObject):
    """Calls *done* once, right after the watched widget's first paint event."""

    def __init__(self, done: Callable[[], None], parent: QObject | None = None, *, report: bool = False) -> None:
        super().__init__(parent)
        self._done: Callable[[], None] | None = done
        self._report = report

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._done is not None:
            done, self._done = self._done, None
            if self._report:
                print(f"first-paint {time.time():.6f}", flush=True)  # noqa: T201 (the benchmark reads this line)
            done()
        return False


def wanted() -> bool:
    return os.environ.get(ENV) == "1"
