"""Updates prepared on the worker's thread (gui/markdown_worker.py): shown in order, on the UI
thread; dropped when the view shows something else or is gone; an error surfaces where the
result is taken, and the view goes on."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from parley.core.presentation.markdown import MarkdownRenderer
from parley.gui.markdown_view import MarkdownView
from parley.gui.markdown_worker import MarkdownWorker


def _view(qtbot) -> MarkdownView:
    view = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(view)
    view.worker = MarkdownWorker.shared()
    return view


def test_the_work_runs_on_the_thread_and_its_result_is_applied_on_the_ui_thread(qtbot):
    worker, ran, applied = MarkdownWorker.shared(), [], []
    owner = _view(qtbot)
    worker.submit(owner, lambda: ran.append(threading.current_thread().name) or 7, lambda get: applied.append(get()))
    assert applied == []  # (never inside the call that asked)
    qtbot.waitUntil(lambda: applied == [7], timeout=5000)
    assert ran[0].startswith("parley-markdown")
    assert threading.current_thread() is threading.main_thread()


def test_a_finished_message_shown_meanwhile_drops_the_update_being_prepared(qtbot):
    view = _view(qtbot)
    view.stream_update("A streaming answer that the user leaves")
    assert view.preparing
    view.set_markdown("Another chat's message.")
    assert not view.preparing
    qtbot.wait(100)  # (the dropped update's result arrives, and is ignored)
    assert view.toPlainText().strip() == "Another chat's message."
    view.stream_update("A new answer, streamed")
    qtbot.waitUntil(lambda: view.toPlainText().strip() == "A new answer, streamed", timeout=5000)


def test_a_result_for_an_owner_deleted_meanwhile_is_dropped(qtbot):
    owner, go, applied = QObject(), threading.Event(), []
    job = MarkdownWorker.shared().submit(owner, lambda: go.wait(5) and "words", lambda get: applied.append(get()))
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # (gone while the work runs)
    go.set()
    qtbot.waitUntil(lambda: job.done, timeout=5000)
    assert applied == []  # nothing applied (and nothing raised)


def test_the_end_is_shown_in_its_call_after_what_was_being_prepared(qtbot):
    view = _view(qtbot)
    view.stream_update("# Title\n\nFirst words")
    view.stream_update("# Title\n\nFirst words and more")  # (asked while the first is prepared)
    view.stream_update("# Title\n\nFirst words and more.\n\n```python\nx = 1\n```\n", final=True)
    assert not view.preparing
    assert view.toPlainText().split() == ["Title", "First", "words", "and", "more.", "python", "Copy", "x", "=", "1"]
    qtbot.wait(100)  # (nothing left to arrive that would change it)
    assert view.toPlainText().split()[-1] == "1"


@pytest.mark.qt_no_exception_capture
def test_an_error_on_the_thread_is_raised_where_the_result_is_taken_and_the_view_goes_on(qtbot, monkeypatch):
    view = _view(qtbot)
    real = type(view._prepare).__call__
    calls = []

    def broken(self, text, final):
        calls.append(text)
        if len(calls) == 1:
            raise ValueError("a parser bug")
        return real(self, text, final)

    monkeypatch.setattr(type(view._prepare), "__call__", broken)
    errors = []
    monkeypatch.setattr("sys.excepthook", lambda kind, value, tb: errors.append(value))
    view.stream_update("Some words")
    qtbot.waitUntil(lambda: not view.preparing, timeout=5000)
    assert [str(e) for e in errors] == ["a parser bug"]
    view.stream_update("Some words, then more", final=True)
    assert view.toPlainText().strip() == "Some words, then more"
