"""P6: scrolling the chat list to the end of a long history, a page (200 chats) at a time.

Each page's cost is the time from asking the list for more to the list laid out and painted again,
in the real window (offscreen). The figure is the last pages' median ÷ the first pages' median: the
same work per page, so a flat list is ~1x; a list that re-lays out every row on each page grows
linearly, and the whole scroll quadratically.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from parley.core.history.store import Store
from tests.fakeapi import FakeAPI

from .render_bench import window_on

SAMPLE = 5  # pages measured at each end


def make_chats(path: Path, chats: int) -> None:
    start = 1_700_000_000.0  # a fixed time: the list's order, not the calendar, is what matters
    with Store(path) as store, store.transaction():
        for n in range(chats):
            store.create_chat(f"Chat number {n} about streaming and caching", created_at=start + n * 60, model="m")


def measure(chats: int = 50_000) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    fake = FakeAPI().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            make_chats(data / "history.sqlite3", chats)
            window, services = window_on(fake, data)
            app.processEvents()
            sidebar = window.sidebar
            model, view = sidebar.model, sidebar.list
            pages: list[float] = []
            while model.canFetchMore():
                t = time.perf_counter()
                model.fetchMore()
                view.doItemsLayout()  # what Qt does on its next pass; done here so it is timed
                view.scrollToBottom()
                view.viewport().repaint()
                pages.append(time.perf_counter() - t)
            rows = model.rowCount()
            window.close()
            services.store.close()
            window.deleteLater()
            app.processEvents()
    finally:
        fake.stop()
    first = statistics.median(pages[:SAMPLE])
    last = statistics.median(pages[-SAMPLE - 1 : -1])  # the very last page may be short
    return {
        "chats": chats,
        "rows": rows,
        "pages": len(pages),
        "first_ms": first * 1000,
        "last_ms": last * 1000,
        "total_s": sum(pages),
        "ratio": last / first,
    }


def main(chats: int = 50_000) -> dict[str, float]:
    r = measure(chats)
    print(
        f"P6 chat list scrolled to the end of {r['chats']:.0f} chats ({r['pages']:.0f} pages): first pages "
        f"{r['first_ms']:.1f} ms, last pages {r['last_ms']:.1f} ms = {r['ratio']:.2f}x (target <= 1.5x) | "
        f"all pages {r['total_s']:.1f} s"
    )
    return r


if __name__ == "__main__":
    main()
