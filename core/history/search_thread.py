"""Searching off the UI thread: a thread of its own with a read-only connection to the history.

The sidebar searches as the user types. Each request supersedes the one before: the query still
running is interrupted (``sqlite3.Connection.interrupt``, made for this), and only the newest
request's hits are delivered. WAL lets this connection read while the UI's connection writes.
"""

from __future__ import annotations

import atexit
import sqlite3
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .rows import SearchHit
from .search import search

Deliver = Callable[[int, list[SearchHit]], None]
_running: weakref.WeakSet[BackgroundSearch] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    """Before the interpreter goes: a search thread must not deliver into a Qt being torn down."""
    for searcher in list(_running):
        searcher.stop()


class BackgroundSearch:
    """``submit(text, **filters)`` returns a ticket; ``deliver(ticket, hits)`` is called on the search
    thread with the hits of the newest request only."""

    def __init__(self, path: Path, deliver: Deliver) -> None:
        self._path = path
        self._deliver = deliver
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._request: tuple[int, str, dict[str, Any]] | None = None
        self._ticket = 0
        self._db: sqlite3.Connection | None = None
        self._busy = False
        self._thread: threading.Thread | None = None
        self._stopping = False

    def submit(self, text: str, **filters: Any) -> int:
        with self._lock:
            self._ticket += 1
            self._request = (self._ticket, text, filters)
            if self._busy and self._db is not None:
                self._db.interrupt()  # the query for what the user typed before gives up
            if self._thread is None and not self._stopping:
                self._thread = threading.Thread(target=self._work, name="parley-search", daemon=True)
                _running.add(self)
                self._thread.start()
            self._wake.notify()
            return self._ticket

    def stop(self, timeout: float = 2.0) -> None:
        with self._lock:
            self._stopping = True
            if self._busy and self._db is not None:
                self._db.interrupt()
            self._wake.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _work(self) -> None:
        db = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._db = db
        try:
            while True:
                with self._lock:
                    while self._request is None and not self._stopping:
                        self._wake.wait()
                    if self._stopping or self._request is None:
                        return
                    (ticket, text, filters), self._request = self._request, None
                    self._busy = True
                try:
                    hits = search(db, text, **filters)
                except sqlite3.OperationalError:  # interrupted by a newer request (or the history is busy)
                    hits = None
                with self._lock:
                    self._busy = False
                    current = ticket == self._ticket and not self._stopping
                if hits is not None and current:
                    try:
                        self._deliver(ticket, hits)
                    except RuntimeError:  # the panel is gone (its window closed)
                        return
        finally:
            with self._lock:
                self._db = None
                self._thread = None
            db.close()
