"""The composition root: builds the QApplication, the services and the window, and runs the loop.

asyncio runs inside Qt's event loop (qasync), so network and disk work is awaited without
blocking the UI. Nothing else in the GUI creates services or reaches for globals.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from parley.core.context import Context
from parley.core.store import StoreError

from . import diagnostics
from . import theme as theme_mod
from .main_window import MainWindow
from .qt_loop import ParleyEventLoop
from .services import Services


def create_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Parley")
    app.setApplicationDisplayName("Parley")
    app.setOrganizationName("Parley")
    app.setDesktopFileName("parley")
    app.setQuitOnLastWindowClosed(False)  # the main coroutine decides when to stop, after cleanup
    return app


async def main(app: QApplication, services: Services, window: MainWindow) -> int:
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def finish() -> None:
        if not closed.done():
            closed.set_result(None)

    if diagnostics.wanted():
        window.installEventFilter(diagnostics.FirstPaint(finish, window))
    window.show()
    QTimer.singleShot(150, window, window.warm_up)
    app.lastWindowClosed.connect(finish)
    warm = asyncio.ensure_future(services.warm_up())
    if not diagnostics.wanted():
        warm.add_done_callback(lambda task: _first_run_setup(task, window))
    await closed
    await asyncio.gather(warm, return_exceptions=True)
    await window.controller.stop_and_wait()
    await services.aclose()
    return 0


def _first_run_setup(warm: asyncio.Task[bool], window: MainWindow) -> None:
    """Without a key (none stored, no ANTHROPIC_API_KEY), open the setup dialog."""
    if not warm.cancelled() and warm.exception() is None and not warm.result():
        window.open_settings(first_run=True)


def run(args: argparse.Namespace) -> int:
    app = create_app()
    ctx = Context.create(getattr(args, "data_dir", None))
    theme = theme_mod.apply(app, ctx.settings.theme)
    try:
        store = ctx.open_store()
    except StoreError as error:
        QMessageBox.critical(None, "Parley", error.user_message)
        return 1
    services = Services(ctx, store)
    window = MainWindow(services, theme)
    for notice in ctx.settings.notices:
        window.statusBar().showMessage(notice, 15000)
    with asyncio.Runner(loop_factory=lambda: ParleyEventLoop(app)) as runner:
        return runner.run(main(app, services, window))
