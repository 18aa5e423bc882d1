"""P1: streaming a 100k-token markdown answer through the real window, as fast as the fake API sends.

Figures: main-thread CPU of the whole streamed turn ÷ rendering the final answer once (the render
floor), the longest event-loop stall while streaming (a 5 ms timer's largest lateness), and the
same two figures for a naive view that re-renders the whole message every frame.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from PySide6.QtWidgets import QApplication

from parley.core.context import Context
from parley.core.paths import Paths
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.request import ChatOptions
from parley.core.secrets import MemoryStore
from parley.core.settings import Settings
from parley.gui.main_window import MainWindow
from parley.gui.markdown_view import MarkdownView
from parley.gui.services import Services
from tests.fakeapi import DEFAULT_KEY, FakeAPI, Reply, message_events

from .window_run import FrameProbe, run_in_window

SIZE = (1180, 780)


def make_answer(chars: int, seed: int = 3) -> str:
    """Realistic long markdown: headings, prose, lists, code blocks and tables."""
    rng = random.Random(seed)
    words = (
        "model stream token render layout widget thread signal buffer cache request answer "
        "markdown table list code block parse event delta"
    ).split()
    parts: list[str] = []
    n = 0
    while sum(map(len, parts)) < chars:
        n += 1
        parts.append(f"## Section {n}\n\n")
        for _ in range(2):
            parts.append(" ".join(rng.choice(words) for _ in range(60)) + ".\n\n")
        parts.append("".join(f"- item {i}: {' '.join(rng.choice(words) for _ in range(8))}\n" for i in range(5)))
        parts.append(
            "\n```python\n"
            + "".join(f"def f{i}(x):\n    return x * {i}  # {rng.choice(words)}\n" for i in range(6))
            + "```\n\n"
        )
        parts.append(
            "| name | value | note |\n|---|---|---|\n"
            + "".join(f"| r{i} | {rng.randint(1, 999)} | {rng.choice(words)} |\n" for i in range(5))
            + "\n"
        )
    return "".join(parts)


def render_floor(
    app: QApplication, answer: str, renderer: MarkdownRenderer | None = None, clock: Any = time.thread_time
) -> float:
    """Rendering *answer* once in a view of the window's reading width: *clock*'s seconds."""
    view = MarkdownView(renderer or MarkdownRenderer())
    view.resize(SIZE[0] - 320, 600)
    view.show()
    start = clock()
    view.set_markdown(answer)
    app.processEvents()
    elapsed = clock() - start
    view.deleteLater()
    app.processEvents()
    return elapsed


def window_on(fake: FakeAPI, data: Path) -> tuple[MainWindow, Services]:
    """The app's window, shown, talking to *fake*, its data under *data*."""
    settings = Settings()
    settings.active_endpoint = fake.url
    keys = MemoryStore()
    ctx = Context(Paths.resolve(data), settings, keys)
    keys.set(ctx.endpoint, DEFAULT_KEY)
    services = Services(ctx, ctx.open_store())
    window = MainWindow(services)
    window.resize(*SIZE)
    window.show()
    return window, services


def stream_once(
    app: QApplication, answer: str, *, naive: bool, blocks: list[dict[str, Any]] | None = None
) -> dict[str, float]:
    """*answer* streamed through the window (as *blocks* when given: citations, searches…)."""
    fake = FakeAPI().start()
    original = MarkdownView.stream_update
    if naive:

        def full_rerender(self: MarkdownView, text: str, final: bool = False) -> bool:
            self.set_markdown(text)
            return True  # always "caught up": it lays out everything, every frame

        MarkdownView.stream_update = full_rerender  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            window, services = window_on(fake, Path(tmp))
            content = blocks if blocks is not None else [{"type": "text", "text": answer}]
            fake.script(Reply(events=message_events("claude-sonnet-4-6", content, piece=16)))
            result: dict[str, Any] = {}

            async def scenario() -> None:
                probe = FrameProbe()
                await services.prepare_network()  # as the app does when the user starts typing
                window.warm_up()
                await asyncio.sleep(0.2)
                app.processEvents()
                probe.start()
                cpu0, wall0 = time.thread_time(), time.perf_counter()
                window.controller.send("Write a very long answer", ChatOptions("claude-sonnet-4-6", thinking=False))
                if window.controller.task is not None:
                    await asyncio.gather(window.controller.task, return_exceptions=True)
                await asyncio.sleep(0.05)  # the last frame's paint
                result["cpu"] = time.thread_time() - cpu0
                result["wall"] = time.perf_counter() - wall0
                probe.stop()
                result["stall"] = probe.longest()
                result["chars"] = len(window.shown.id or "") and len(answer)

            run_in_window(app, window, services, scenario)
            return result
    finally:
        MarkdownView.stream_update = original  # type: ignore[method-assign]
        fake.stop()


def measure(chars: int = 400_000, naive_chars: int = 100_000) -> dict[str, float]:
    """Our streaming at *chars*; the naive full re-render at *naive_chars* (at 400 KB it takes minutes)."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    answer = make_answer(chars)
    floor = render_floor(app, answer)
    ours = stream_once(app, answer, naive=False)
    gc.collect()  # the run's qasync loop (it owns a Qt timer) goes here, on the Qt thread
    small = make_answer(naive_chars)
    small_floor = render_floor(app, small)
    naive = stream_once(app, small, naive=True)
    gc.collect()
    return {
        "chars": len(answer),
        "floor_s": floor,
        "cpu_s": ours["cpu"],
        "ratio": ours["cpu"] / floor,
        "stall_ms": ours["stall"] * 1000,
        "wall_s": ours["wall"],
        "naive_chars": len(small),
        "naive_ratio": naive["cpu"] / small_floor,
        "naive_stall_ms": naive["stall"] * 1000,
    }


def main(chars: int = 400_000, naive_chars: int = 100_000) -> dict[str, float]:
    r = measure(chars, naive_chars)
    print(
        f"P1 stream {r['chars'] / 1000:.0f} KB markdown (~{r['chars'] / 4000:.0f}k tokens): main-thread CPU "
        f"{r['cpu_s']:.2f} s | render floor {r['floor_s']:.2f} s | ratio {r['ratio']:.2f}x (target <= 3x) | "
        f"longest stall {r['stall_ms']:.0f} ms (target < 50 ms) | naive full re-render of "
        f"{r['naive_chars'] / 1000:.0f} KB: ratio {r['naive_ratio']:.2f}x, stall {r['naive_stall_ms']:.0f} ms"
    )
    return r


if __name__ == "__main__":
    main()
