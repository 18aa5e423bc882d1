"""Math in answers (issue 22): P1 and P4 with formulas.

P1-math: an answer with 200 inline and 50 display formulas (all different, so no cache helps),
streamed through the real window as fast as the fake API sends. CPU of the whole process (the UI
thread and the formula thread) over the turn, until the last formula is drawn ÷ rendering the
answer once with every formula set on the spot (the floor); the longest UI stall (a 5 ms timer's
largest lateness); and how long after the stream ended the last formula appeared. The first
formula's cost (importing the typesetter and its font) is measured on its own, in a fresh process.

P4-math: the time from asking to open a 2,000-message chat whose answers each have an inline and
a display formula to the conversation's first paint, beside the same chat without formulas.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from parley.core.presentation.design import Theme
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.math_store import MathStore
from parley.core.presentation.math_typeset import MathStyle, typeset
from parley.core.request import ChatOptions
from parley.gui.markdown_view import MarkdownView
from parley.gui.math_images import reading_x_height
from tests.fakeapi import FakeAPI, Reply, message_events

from . import history_bench, render_bench
from .render_bench import window_on
from .window_run import FrameProbe, run_in_window

INLINE = [
    "x_{%d}^2",
    "\\alpha_{%d} + \\beta",
    "e^{i\\pi/%d}",
    "\\frac{a_{%d}}{b}",
    "\\sqrt{%d + x}",
    "f(x) = x^{%d}",
    "\\sum_{k=1}^{%d} k",
    "\\mathbf{v}_{%d}",
]
DISPLAY = [
    "\\int_0^{%d} e^{-x^2}\\,dx",
    "\\begin{pmatrix} a & %d \\\\ c & d \\end{pmatrix}",
    "\\lim_{n\\to\\infty} \\left(1 + \\frac{1}{n}\\right)^{%d}",
    "\\sum_{k=1}^{n} k^{%d} = \\frac{n(n+1)}{2}",
]
WORDS = "the model shows each step of the proof so the reader can follow every term in order".split()


def make_math_answer(inline: int = 200, display: int = 50, seed: int = 5) -> str:
    """Prose with *inline* and *display* formulas, every one different."""
    rng = random.Random(seed)
    parts, n_inline, n_display = [], 0, 0
    while n_inline < inline or n_display < display:
        words = [rng.choice(WORDS) for _ in range(40)]
        for at in sorted(rng.sample(range(40), 4)):
            if n_inline < inline:
                words[at] = f"${INLINE[n_inline % len(INLINE)] % (n_inline + 2)}$"
                n_inline += 1
        parts.append(" ".join(words).capitalize() + ".\n\n")
        if n_display < display:
            parts.append(f"$$\n{DISPLAY[n_display % len(DISPLAY)] % (n_display + 2)}\n$$\n\n")
            n_display += 1
    return "".join(parts)


def _views(window: Any) -> list[MarkdownView]:
    return window.findChildren(MarkdownView)


def render_floor(app: QApplication, answer: str) -> float:
    """One render with every formula set then and there (a cold cache), all threads' CPU."""
    renderer = MarkdownRenderer(Theme(), MathStore(MathStyle(x_height=reading_x_height()), synchronous=True))
    return render_bench.render_floor(app, answer, renderer, time.process_time)


def stream_once(app: QApplication, answer: str) -> dict[str, float]:
    fake = FakeAPI().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            window, services = window_on(fake, Path(tmp))
            fake.script(Reply(events=message_events("claude-sonnet-4-6", [{"type": "text", "text": answer}], piece=16)))
            result: dict[str, float] = {}

            async def scenario() -> None:
                probe = FrameProbe()
                await services.prepare_network()
                window.warm_up()  # the formula thread imports its typesetter here, as in the app
                await asyncio.sleep(0.5)
                app.processEvents()
                probe.start()
                cpu0, ui0, wall0 = time.process_time(), time.thread_time(), time.perf_counter()
                window.controller.send("Prove it", ChatOptions("claude-sonnet-4-6", thinking=False))
                if window.controller.task is not None:
                    await asyncio.gather(window.controller.task, return_exceptions=True)
                ended = time.perf_counter()
                # Frame pacing while the formula thread catches up: nothing to wait on but the views.
                while any(v.formulas_pending for v in _views(window)) and time.perf_counter() - ended < 60:  # noqa: ASYNC110
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.05)  # the last frame's paint
                result["settled"] = time.perf_counter() - ended - 0.05
                result["cpu"] = time.process_time() - cpu0
                result["ui_cpu"] = time.thread_time() - ui0
                result["wall"] = time.perf_counter() - wall0
                probe.stop()
                result["stall"] = probe.longest()
                result["images"] = sum(v.toPlainText().count("\ufffc") for v in _views(window))

            run_in_window(app, window, services, scenario)
            return result
    finally:
        fake.stop()


def first_formula_ms() -> float:
    """Importing the typesetter and setting one formula, in a fresh process (what the formula thread pays once)."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from parley.core.presentation.math_typeset import MathStyle, typeset\n"
        "typeset('x^2', False, MathStyle()); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip()) * 1000


def open_chat_ms(long_chat: int = 2_000, chats: int = 500) -> dict[str, float]:
    """P4 with and without formulas, on the same generated history apart from them."""
    figures = {}
    for math in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            data.mkdir()
            big = history_bench.make_history(data / "history.sqlite3", chats, 20, long_chat, math=math)
            history_bench._child("parley", data, big)  # warm the file cache, untimed
            runs = [history_bench._child("parley", data, big)["open"] for _ in range(3)]
            figures["math" if math else "plain"] = sorted(runs)[1] * 1000
    return figures


def measure(inline: int = 200, display: int = 50, open_chat: bool = True) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    typeset("x", False, MathStyle())  # this process has imported the typesetter: the floor is warm, like the stream
    answer = make_math_answer(inline, display)
    floor = render_floor(app, answer)
    ours = stream_once(app, answer)
    gc.collect()
    r = {
        "chars": len(answer),
        "formulas": inline + display,
        "floor_s": floor,
        "cpu_s": ours["cpu"],
        "ui_cpu_s": ours["ui_cpu"],
        "ratio": ours["cpu"] / floor,
        "stall_ms": ours["stall"] * 1000,
        "settled_ms": ours["settled"] * 1000,
        "images": ours["images"],
        "first_formula_ms": first_formula_ms(),
    }
    if open_chat:
        opened = open_chat_ms()
        r["open_plain_ms"], r["open_math_ms"] = opened["plain"], opened["math"]
    return r


def main(inline: int = 200, display: int = 50, open_chat: bool = True) -> dict[str, float]:
    r = measure(inline, display, open_chat)
    print(
        f"P1-math stream {r['chars'] / 1000:.0f} KB with {inline} inline + {display} display formulas: "
        f"CPU (all threads) {r['cpu_s']:.2f} s (UI thread {r['ui_cpu_s']:.2f} s) | render floor, every formula "
        f"set on the spot, {r['floor_s']:.2f} s | ratio {r['ratio']:.2f}x (target <= 3x) | longest stall "
        f"{r['stall_ms']:.0f} ms (target < 50 ms) | last formula drawn {r['settled_ms']:.0f} ms after the stream "
        f"ended | {r['images']:.0f} formulas drawn | first formula in a fresh process {r['first_formula_ms']:.0f} ms "
        "(on the formula thread, during warm-up)"
    )
    if open_chat:
        print(
            f"P4-math open a 2000-message chat with 2 formulas per answer: {r['open_math_ms']:.0f} ms to first paint "
            f"(same chat without formulas {r['open_plain_ms']:.0f} ms) (target < 300 ms)"
        )
    return r


if __name__ == "__main__":
    main()
