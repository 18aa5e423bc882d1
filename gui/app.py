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
    window.show()
    if not services.has_key():
        QTimer.singleShot(0, window, lambda: window.open_settings(first_run=True))
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    def on_last_window_closed() -> None:
        if not closed.done():
            closed.set_result(None)

    app.lastWindowClosed.connect(on_last_window_closed)
    await closed
    await window.controller.stop_and_wait()
    await services.aclose()
    return 0


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
