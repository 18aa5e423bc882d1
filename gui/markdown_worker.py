"""One thread that prepares streaming answers' updates off the UI thread.

At a fast pace a third of a streaming view's cost was Python that needs no Qt: parsing the open
tail of the answer, rendering the blocks that closed, highlighting new code lines
(``StreamingRenderer.update``, ``MarkdownRenderer.code_spans``: 0.8 s of an 80 KB answer at 880
tok/s). Here it runs on a thread of its own; the view applies each prepared update to its document
on the UI thread, in order, and never prepares the next before it has applied the last, so the
streaming renderer is only ever used by one thread at a time.

All views share the one thread (side-by-side columns take turns). The way back is a queued
signal: a prepared update is applied by the UI thread's event loop, between paints, like any
other event; an update for a view deleted meanwhile is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from shiboken6 import isValid


class Job:
    """Work handed to the thread, and what to do with its result on the UI thread (once)."""

    def __init__(self, owner: QObject, future: Future[Any], then: Callable[[Callable[[], Any]], None]) -> None:
        self.owner = owner
        self.future = future
        self.then = then
        self.done = False  # its result was applied (or it was dropped)

    def finish(self) -> None:
        """Apply the result now, waiting for it if need be. (*then* gets the way to it: the
        thread's error, if any, is raised where the result is taken.)"""
        if self.done:
            return
        self.done = True
        if isValid(self.owner):
            self.then(self.future.result)

    def drop(self) -> None:
        """Its result is no longer wanted."""
        self.done = True


class MarkdownWorker(QObject):
    _prepared = Signal(object)  # a Job whose work is done (emitted on the worker thread)

    _shared: MarkdownWorker | None = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parley-markdown")
        # Queued even when emitted on the UI thread (a job done before its callback was added):
        # a result is never applied inside the call that asked for it.
        self._prepared.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        pool = self._pool
        self.destroyed.connect(lambda: pool.shutdown(wait=False, cancel_futures=True))

    @classmethod
    def shared(cls) -> MarkdownWorker:
        """The app's worker (made on first use, owned by the application object)."""
        if cls._shared is None or not isValid(cls._shared):
            cls._shared = cls(QCoreApplication.instance())
        return cls._shared

    def submit(self, owner: QObject, work: Callable[[], Any], then: Callable[[Callable[[], Any]], None]) -> Job:
        """Run *work* on the thread; *then* gets its result (a call that returns it) on the UI
        thread, unless *owner* was deleted or the job was finished or dropped first."""
        job = Job(owner, self._pool.submit(work), then)
        job.future.add_done_callback(lambda _: self._announce(job))
        return job

    def _announce(self, job: Job) -> None:
        if isValid(self):  # (not when the app is closing)
            self._prepared.emit(job)

    def _deliver(self, job: Job) -> None:
        job.finish()
