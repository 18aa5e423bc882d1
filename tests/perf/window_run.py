"""What the window benchmarks share: a frame probe, and running a scenario on the app's loop."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from parley.gui.qt_loop import ParleyEventLoop

TICK = 0.005


class FrameProbe:
    """A 5 ms timer's ticks while it runs: a late tick is a frame that held the UI thread."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self._timer = QTimer()
        self._timer.setInterval(int(TICK * 1000))
        self._timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def gaps(self) -> list[float]:
        return [b - a - TICK for a, b in itertools.pairwise(self.ticks)]

    def longest(self) -> float:
        """The longest frame (the largest lateness of a tick), in seconds."""
        return max(self.gaps(), default=0.0)

    def over(self, limit: float = 0.050) -> int:
        return sum(1 for gap in self.gaps() if gap > limit)


def run_in_window(app: QApplication, window: Any, services: Any, scenario: Callable[[], Awaitable[None]]) -> None:
    """Run *scenario* on the app's qasync loop, then close the window and its services."""

    async def whole() -> None:
        await scenario()
        window.close()
        await services.aclose()

    with asyncio.Runner(loop_factory=lambda: ParleyEventLoop(app)) as runner:
        runner.run(whole())
    window.deleteLater()
    app.processEvents()
