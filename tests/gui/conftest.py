"""GUI test fixtures: offscreen Qt, a qasync loop per test, a main window wired to the fake API."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from parley.core.context import Context
from parley.core.secrets import MemoryStore
from parley.core.settings import Settings
from parley.gui.qt_loop import ParleyEventLoop
from tests.conftest import CLOCK
from tests.fakeapi import DEFAULT_KEY, FakeAPI


@pytest.fixture
def qloop(qapp) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop that runs whenever Qt processes events (qtbot.waitUntil drives it)."""
    loop = ParleyEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    with loop.asyncgen_hooks():
        yield loop
        _finish(qapp, loop)


def _finish(qapp, loop: asyncio.AbstractEventLoop) -> None:
    """A task still running once the test and its window are gone is a leak (the app's task
    registry cancels and awaits every task it started): fail, after cleaning up."""
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        from pytestqt.qtbot import QtBot

        QtBot(qapp).waitUntil(lambda: all(t.done() for t in pending), timeout=5000)
    loop.stop_worker_threads()
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)
    loop._after_run_forever()
    leaked = [t for t in pending if not _closes_an_async_generator(t)]
    if leaked:
        pytest.fail(f"tasks outlived the test: {sorted(t.get_name() for t in leaked)}")


def _closes_an_async_generator(task: asyncio.Task) -> bool:
    """asyncio's own task closing an async generator the garbage collector found half-read (httpx's
    body iterators after a stream failed): the loop's machinery, as ``asyncio.run`` has it, not a
    task the app started. When the collector runs decides whether one is still pending here."""
    return type(task.get_coro()).__name__ == "async_generator_athrow"


@pytest.fixture
def gui_context(tmp_path: Path, fake_api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> Context:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    data = tmp_path / "data"
    from parley.core.paths import Paths

    settings = Settings()
    settings.active_endpoint = fake_api.url
    keys = MemoryStore()
    ctx = Context(Paths.resolve(data), settings, keys, CLOCK)
    keys.set(ctx.endpoint, DEFAULT_KEY)
    return ctx


@pytest.fixture
def window(qtbot, qloop, gui_context):
    from parley.gui.main_window import MainWindow
    from parley.gui.services import Services

    services = Services(gui_context, gui_context.open_store())
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()  # as quitting does: stop what runs, then the services cancel and await every task
    task = asyncio.ensure_future(services.aclose())
    task.set_name("services.aclose")
    qtbot.waitUntil(task.done, timeout=5000)


def send(qtbot, win, text: str) -> None:
    win.composer.set_text(text)
    win.composer.send_button.click()


def wait_idle(qtbot, win, timeout: int = 8000) -> None:
    qtbot.waitUntil(lambda: not win.controller.busy, timeout=timeout)


@pytest.fixture
def services(qloop, gui_context):
    """The app's services alone (for testing one part of the window without the window)."""
    from parley.gui.services import Services

    made = Services(gui_context, gui_context.open_store())
    yield made
    task = asyncio.ensure_future(made.aclose())
    task.set_name("services.aclose")
    from PySide6.QtWidgets import QApplication
    from pytestqt.qtbot import QtBot

    QtBot(QApplication.instance()).waitUntil(task.done, timeout=5000)
