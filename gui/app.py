"""The composition root: builds the QApplication, the services and the window, and runs the loop.

asyncio runs inside Qt's event loop (qasync), so network and disk work is awaited without
blocking the UI. Nothing else in the GUI creates services or reaches for globals.

Start-up order matters for how fast the window appears: the frame (history, composer, pickers) is
built and painted first; the conversation half, asyncio and qasync are imported after that paint.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from parley import resources
from parley.core.context import Context
from parley.core.history.store import Store, StoreError
from parley.core.i18n import tr
from parley.core.presentation.design import Theme

from . import desktop, diagnostics, i18n
from . import theme as theme_mod
from .main_window import MainWindow
from .services import Services

if TYPE_CHECKING:
    import asyncio

# The .desktop file's name, the AppStream id and the icon name (resources/linux/, packaging/icons.py):
# Wayland compositors and docks match the running window to its menu entry and icon by it.
APP_ID = "io.github.parleychat.Parley"
FIRST_PAINT_WAIT_MS = 2000  # never wait longer than this for the platform to expose the window
REBUILD_RETRY_MS = 500  # a language change waits this long between looks for the answer to finish


def create_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Parley")
    app.setApplicationDisplayName("Parley")
    app.setOrganizationName("Parley")
    app.setDesktopFileName(APP_ID)
    app.setQuitOnLastWindowClosed(False)  # the main coroutine decides when to stop, after cleanup
    return app


def show_and_wait_for_paint(window: MainWindow) -> None:
    """Show the window and run Qt until it has painted once. User input is held back meanwhile;
    it is delivered once the window is complete and the main loop runs."""
    loop = QEventLoop()
    watcher = diagnostics.FirstPaint(loop.quit, window, report=diagnostics.wanted())
    window.installEventFilter(watcher)
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, loop.quit)
    window.show()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    window.removeEventFilter(watcher)


class WindowHost(QObject):
    """Owns the one main window, and builds it again when the user picks another language: every
    label is translated as its widget is built, so a new window speaks the new language at once.
    The chat on screen, the draft and the window's size and place carry over; a running answer is
    let finish first."""

    def __init__(
        self, app: QApplication, services: Services, theme: Theme, language: i18n.Language, state_file: Path
    ) -> None:
        super().__init__(app)
        self._services = services
        self._theme = theme
        self._language = language
        self._state_file = state_file
        self.window = self._build(deferred=True)

    def _build(self, *, deferred: bool) -> MainWindow:
        window = MainWindow(self._services, self._theme, deferred=deferred)
        window.settings_flow.language_changed.connect(self._on_language_changed)
        window.settings_flow.theme_changed.connect(self._on_theme_changed)
        self._state = desktop.WindowState(window, window.splitter, self._state_file)
        return window

    def _on_theme_changed(self, theme: Theme) -> None:
        self._theme = theme

    def _on_language_changed(self, setting: str) -> None:
        old = self.window
        if old.busy() or old.compare_mode.busy:
            old.statusBar().showMessage(tr("The new language applies as soon as the answer finishes."), 8000)
            QTimer.singleShot(REBUILD_RETRY_MS, self, lambda: self._on_language_changed(setting))
            return
        self._language.remove()
        self._language = i18n.Language(i18n.language_for(setting))
        self._language.install()
        self._state.save()  # the new window opens where this one is, as big, with the same sidebar
        draft, files, chat_id = old.composer.text(), old.composer.tray.attachments(), old.shown.id
        comparing = old.comparing()
        window = self._build(deferred=False)
        if chat_id is not None:
            window.open_chat(chat_id)
        elif comparing:
            window.new_comparison()
        window.composer.set_text(draft)
        window.composer.tray.set_attachments(files)
        window.show()
        self.window = window
        old.close()
        old.deleteLater()


async def main(app: QApplication, services: Services, host: WindowHost) -> int:
    import asyncio

    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def finish() -> None:
        if not closed.done():
            closed.set_result(None)

    app.lastWindowClosed.connect(finish)
    warm = services.tasks.spawn(services.check_key(), name="check the key")
    if diagnostics.wanted():
        QTimer.singleShot(0, finish)  # the start-up benchmark: quit once everything is up
    else:
        warm.add_done_callback(lambda task: _first_run_setup(task, host.window))
    await closed
    await host.window.controller.stop_and_wait()
    await host.window.compare_mode.stop_and_wait()
    await services.aclose()  # every other background task, cancelled and awaited
    return 0


def _first_run_setup(warm: asyncio.Task[bool], window: MainWindow) -> None:
    """Without a key (none stored, no ANTHROPIC_API_KEY), open the setup wizard."""
    if not warm.cancelled() and warm.exception() is None and not warm.result():
        window.open_settings(first_run=True)


def _install_logging(host: WindowHost, log_dir: Path, debug: bool) -> None:
    """The log file and crash reports (after the first paint: ``logging`` costs a few ms). A crash in
    a slot or a task is reported, with where the report is, and the window stays usable."""
    from parley.core import logs

    logs.configure(log_dir, "debug" if debug else None)

    def tell(path: Path, summary: str) -> None:
        text = tr("Parley hit an unexpected error ({summary}). Nothing was lost; a report is in\n{path}").format(
            summary=summary, path=path
        )
        QTimer.singleShot(0, host.window, lambda: QMessageBox.warning(host.window, tr("Parley"), text))

    logs.install_crash_handler(log_dir, tell)


def _bring_forward(host: WindowHost) -> None:
    from parley.core.logs import log

    log.info("another launch on this history: window brought to the front")
    desktop.bring_to_front(host.window)


def _updating_notice() -> QWidget:
    """A small window while the history is updated for this version (a large one takes a while)."""
    notice = QLabel(tr("Updating your chat history for this version of Parley…"))
    notice.setWindowFlags(Qt.WindowType.SplashScreen)
    notice.setContentsMargins(24, 18, 24, 18)
    notice.show()
    notice.repaint()  # now: the update that follows holds the UI thread
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    return notice


def run(data_dir: str | None, *, debug: bool = False) -> int:
    """Start the desktop app on the data in *data_dir* (None: the platform's default, or PARLEY_DATA_DIR)."""
    ctx = Context.create(data_dir)
    instance = desktop.instance_name(ctx.paths.data_dir)
    if desktop.ask_running_instance(instance):
        said = tr("Parley is already running on this history; its window was brought to the front.")
        if sys.stdout is not None:  # None in the windowed Windows build (Parley.exe has no console)
            sys.stdout.write(said + "\n")
        return 0
    app = create_app()
    language = i18n.Language(i18n.language_for(ctx.settings.language))
    language.install()
    theme = theme_mod.apply(app, ctx.settings.theme)
    updating = _updating_notice() if Store.will_migrate(ctx.paths.database) else None
    try:
        store = ctx.open_store()
    except StoreError as error:
        QMessageBox.critical(None, tr("Parley"), error.user_message)
        return 1
    finally:
        if updating is not None:
            updating.close()
    services = Services(ctx, store)
    host = WindowHost(app, services, theme, language, ctx.paths.config_dir / "window.ini")
    window = host.window
    for notice in ctx.settings.notices:
        window.statusBar().showMessage(notice, 15000)
    show_and_wait_for_paint(window)
    gc.enable()  # held off since the launcher: see launcher._hold_collection
    # SVG: sharp at any scale. Set after the first paint: the SVG icon engine costs ~10 ms to load.
    app.setWindowIcon(QIcon(str(resources.path("icons/parley.svg"))))
    window.complete()
    server = desktop.InstanceServer(instance, host)
    server.activated.connect(lambda: _bring_forward(host))
    _install_logging(host, ctx.paths.log_dir, debug)
    import asyncio

    from .qt_loop import ParleyEventLoop

    with asyncio.Runner(loop_factory=lambda: ParleyEventLoop(app)) as runner:
        return runner.run(main(app, services, host))
