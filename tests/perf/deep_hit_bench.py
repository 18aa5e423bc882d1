"""P4-hit: opening a long chat at a search hit near its start, then scrolling down through it.

In a child process with the window up (offscreen): the time from asking to open the chat at its
3rd message to the conversation's first paint, and how many messages were built, for chats of
2,000 and 20,000 messages, against opening a 20-message chat the same way (the floor). Then the
child scrolls down through 400 messages, a screen at a time, and reports the messages built and
the resident memory at the end against those right after opening: both stay flat when messages far
from view are released.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from parley.core.history.store import Store

from .history_bench import run_child

CHILD = r"""
import os, sys, time
data_dir, chat_id, scroll = sys.argv[1], sys.argv[2], int(sys.argv[3])
from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtWidgets import QApplication
from parley.gui.pyside_hook import quiet_feature_scan
quiet_feature_scan()
import asyncio
from parley.core.context import Context
from parley.gui import theme
from parley.gui.main_window import MainWindow
from parley.gui.qt_loop import ParleyEventLoop
from parley.gui.services import Services

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

def settle(app, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        # deleteLater() runs when a running event loop gets back to it; this child runs none
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)

app = QApplication(sys.argv[:1])
ctx = Context.create(data_dir)
services = Services(ctx, ctx.open_store())
loop = ParleyEventLoop(app, already_running=True)
asyncio.set_event_loop(loop)
window = MainWindow(services, theme.apply(app, "light"))
window.resize(1180, 780)
window.show(); settle(app, 1.0)
hit = services.store.branch_ids(chat_id)[2]

class Painted(QObject):
    at = None
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and self.at is None and window.view.isAncestorOf(obj):
            self.at = time.perf_counter()
        return False
probe = Painted()
app.installEventFilter(probe)
t0 = time.perf_counter()
window.open_chat(chat_id, hit)
while probe.at is None and time.perf_counter() - t0 < 120:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
print(f"open {probe.at - t0:.4f} widgets {len(window.view.message_widgets())}")
settle(app, 1.0)
print(f"rss0 {rss_mb():.1f}")
bar = window.view.verticalScrollBar()
later = getattr(window.view, "later_count", lambda: 0)
seen = 0
while seen < scroll:
    bar.setValue(min(bar.maximum(), bar.value() + window.view.viewport().height()))
    settle(app, 0.03)
    ids = [getattr(w, "message_id", 0) or 0 for w in window.view.message_widgets()]
    seen = max(seen, max(ids) - hit)
    if bar.value() >= bar.maximum() and not later():
        break
settle(app, 1.0)
print(f"widgets_end {len(window.view.message_widgets())} rss_end {rss_mb():.1f} scrolled {seen}")
"""


def make_chat(path: Path, messages: int) -> str:
    words = "the model answers each question with a few plain sentences about streaming and caching".split()
    with Store(path) as store, store.transaction():
        chat = store.create_chat(f"A chat of {messages} messages", created_at=1_700_000_000.0, model="m")
        for n in range(messages):
            role = "user" if n % 2 == 0 else "assistant"
            text = f"Question {n}?" if role == "user" else f"## Answer {n}\n\n" + " ".join(words * 3) + "."
            store.add_message(chat, role, [{"type": "text", "text": text}], created_at=1_700_000_000.0 + n)
    return chat


def _child(data: Path, chat: str, scroll: int) -> dict[str, float]:
    return run_child(CHILD, [str(data), chat, str(scroll)], "widgets_end", timeout=900)


def measure(sizes: tuple[int, ...] = (2_000, 20_000), scroll: int = 400, repeats: int = 3) -> dict[str, float]:
    r: dict[str, float] = {}
    for size in (20, *sizes):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            t = time.perf_counter()
            chat = make_chat(data / "history.sqlite3", size)
            r[f"build_{size}_s"] = time.perf_counter() - t
            _child(data, chat, 0)  # warm the file cache and the bytecode, untimed
            runs = [_child(data, chat, scroll if size != 20 else 0) for _ in range(repeats)]
            r[f"open_{size}_ms"] = statistics.median(run["open"] for run in runs) * 1000
            r[f"widgets_{size}"] = runs[0]["widgets"]
            r[f"widgets_end_{size}"] = max(run["widgets_end"] for run in runs)
            r[f"rss0_{size}"] = statistics.median(run["rss0"] for run in runs)
            r[f"rss_end_{size}"] = statistics.median(run["rss_end"] for run in runs)
            r[f"scrolled_{size}"] = min(run["scrolled"] for run in runs)
    return r


def main(sizes: tuple[int, ...] = (2_000, 20_000), scroll: int = 400, repeats: int = 3) -> dict[str, float]:
    r = measure(sizes, scroll, repeats)
    floor = r["open_20_ms"]
    for size in sizes:
        print(
            f"P4-hit open a {size}-message chat at its 3rd message: {r[f'open_{size}_ms']:.0f} ms to first paint "
            f"= {r[f'open_{size}_ms'] / floor:.2f}x a 20-message chat ({floor:.0f} ms) (target < 300 ms), "
            f"{r[f'widgets_{size}']:.0f} messages built | scrolled down {r[f'scrolled_{size}']:.0f} messages: "
            f"{r[f'widgets_end_{size}']:.0f} built, memory {r[f'rss0_{size}']:.0f} → {r[f'rss_end_{size}']:.0f} MB"
        )
    return r


if __name__ == "__main__":
    main()
