"""The harness the window benchmarks share: the real window on a scratch history, talking to the
fake API (which answers every request with one answer, as fast as it can), warmed up as the app is
when the user starts typing, and a probe timing the event loop's longest stall."""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from parley.gui.main_window import MainWindow
from parley.gui.qt_loop import ParleyEventLoop
from tests.fakeapi import FakeAPI, Reply, message_events

Scenario = Callable[[MainWindow], Awaitable[dict[str, Any]]]


def window_on(fake: FakeAPI, data: Path) -> tuple[MainWindow, Any]:
    """The app's window, shown, talking to *fake*, its data under *data*."""
    from parley.core.context import Context
    from parley.core.paths import Paths
    from parley.core.secrets import MemoryStore
    from parley.core.settings import Settings
    from parley.gui.services import Services
    from tests.fakeapi import DEFAULT_KEY

    settings = Settings()
    settings.active_endpoint = fake.url
    keys = MemoryStore()
    ctx = Context(Paths.resolve(data), settings, keys)
    keys.set(ctx.endpoint, DEFAULT_KEY)
    services = Services(ctx, ctx.open_store())
    window = MainWindow(services)
    window.resize(1180, 780)
    window.show()
    return window, services


def run_in_window(
    app: QApplication,
    answer: str,
    scenario: Scenario,
    *,
    prepare: Callable[[MainWindow], None] | None = None,
    settle: float = 0.2,
) -> dict[str, Any]:
    """Run *scenario* in a fresh window (after *prepare*, and *settle* seconds of idle); its figures,
    with ``stall``: the 5 ms probe's largest lateness while it ran."""
    fake = FakeAPI().start()
    fake.handler = lambda req: Reply(
        events=message_events(req.body["model"], [{"type": "text", "text": answer}], piece=16)
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            window, services = window_on(fake, Path(tmp))
            result: dict[str, Any] = {}

            async def run() -> None:
                ticks: list[float] = []
                timer = QTimer(window)
                timer.setInterval(5)
                timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
                await services.prepare_network()  # as the app does when the user starts typing
                window.warm_up()
                if prepare is not None:
                    prepare(window)
                await asyncio.sleep(settle)
                app.processEvents()
                timer.start()
                result.update(await scenario(window))
                timer.stop()
                result["stall"] = max((b - a for a, b in itertools.pairwise(ticks)), default=0.0) - 0.005
                window.close()
                await services.aclose()

            with asyncio.Runner(loop_factory=lambda: ParleyEventLoop(app)) as runner:
                runner.run(run())
            window.deleteLater()
            app.processEvents()
            return result
    finally:
        fake.stop()
