"""P1-paced: a long, rich answer streamed at a real pace through the window (issue 23, parts 1 and 2).

The fake API sends 16-character deltas at 880 or 80 tokens/s (4 characters a token). The answer
is what long real answers hold: prose, headings, lists, code blocks of up to 80 lines and tables of
up to 30 rows. Figures, all from one run:

- the window's main-thread CPU over the whole streamed turn (and, for what moved off it, the
  CPU of all the process's threads against the same floor's: the fake API serves from a thread
  of this process, in both);
- its floor: the same stream in the same window with the answer's view doing nothing, plus one
  render of the final answer (what streaming cannot avoid: network, parsing, saving, one layout);
- the longest frame (a 5 ms timer's largest lateness) and how many frames went over 50 ms, in a
  run of their own: that timer's 200 wake-ups a second cost 0.2-0.27 s of CPU over the 80 tok/s
  turn, a third of the floor, and would flatter the ratio;
- the no-view floor per event on the app's qasync loop, against the same turn on a plain asyncio
  loop (the CLI's path): what the loop's wake-ups cost;
- the view's cost per update (the window less its floor, over the updates it made), against what
  Qt alone costs for one (``qt_floor``: 16 characters appended to a bare QTextEdit), and what the
  1.5x target leaves for one.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from parley.core.request import ChatOptions
from parley.gui.markdown_view import MarkdownView
from tests.fakeapi import FakeAPI, Reply, message_events

from .qt_floor import append_cost_ms
from .render_bench import render_floor, window_on
from .window_run import FrameProbe, run_in_window

PIECE = 16  # characters per delta, as the real API sends them
MODEL = "claude-sonnet-4-6"
WORDS = (
    "the model streams each token as it is sampled and the window lays out only what changed since the last "
    "frame while the reader keeps reading an answer that may run for many minutes with code and tables"
).split()


def make_rich_answer(chars: int, seed: int = 5) -> str:
    """Markdown as long real answers have it: sections of prose and lists, code blocks of 10 to 80
    lines, tables of 5 to 30 rows, inline code, emphasis and links."""
    rng = random.Random(seed)
    parts: list[str] = []
    size, n = 0, 0

    def words(k: int) -> str:
        out = [rng.choice(WORDS) for _ in range(k)]
        for i in range(0, k, 17):
            out[i] = rng.choice((f"**{out[i]}**", f"`{out[i]}()`", f"*{out[i]}*", f"[{out[i]}](https://example.com)"))
        return " ".join(out)

    while size < chars:
        n += 1
        piece = [f"## {n}. {words(4).capitalize()}\n\n", words(rng.randint(40, 120)) + ".\n\n"]
        if rng.random() < 0.5:
            piece.append("".join(f"- {words(rng.randint(6, 16))}\n" for _ in range(rng.randint(3, 7))) + "\n")
        lines = rng.randint(10, 80)
        piece.append(
            "```python\n"
            + "".join(
                f"def step_{n}_{i}(items, limit={i}):\n" if i % 4 == 0 else f"    total += {rng.choice(WORDS)}[{i}]\n"
                for i in range(lines)
            )
            + "```\n\n"
        )
        piece.append(words(rng.randint(20, 60)) + ".\n\n")
        rows = rng.randint(5, 30)
        piece.append(
            "| step | value | note | ok |\n|---|---:|---|:-:|\n"
            + "".join(
                f"| {i} | {rng.randint(1, 9999)} | {words(3)} | {'yes' if i % 3 else 'no'} |\n" for i in range(rows)
            )
            + "\n"
        )
        text = "".join(piece)
        parts.append(text)
        size += len(text)
    return "".join(parts)[:chars].rsplit("\n\n", 1)[0] + "\n"


def _reply(answer: str, tokens_per_s: float) -> Reply:
    delay = PIECE / (tokens_per_s * 4)
    return Reply(events=message_events(MODEL, [{"type": "text", "text": answer}], piece=PIECE), delay=delay)


async def _turn(window: Any) -> None:
    window.controller.send("Write a long answer", ChatOptions(MODEL, thinking=False))
    if window.controller.task is not None:
        await asyncio.gather(window.controller.task, return_exceptions=True)


def stream_in_window(
    app: QApplication, answer: str, tokens_per_s: float, *, view: bool, probe: bool = True
) -> dict[str, Any]:
    """The turn streamed into the window; with *view* False the answer's view lays out nothing;
    with *probe* a 5 ms timer measures its frames (and costs CPU of its own)."""
    fake = FakeAPI().start()
    original = MarkdownView.stream_update
    updates = [0]

    def counted(self: MarkdownView, text: str, final: bool = False) -> bool:
        updates[0] += 1
        return original(self, text, final)

    MarkdownView.stream_update = counted if view else lambda self, text, final=False: True  # type: ignore[method-assign]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            window, services = window_on(fake, Path(tmp))
            fake.script(_reply("Ready.", 880.0), _reply(answer, tokens_per_s))
            result: dict[str, Any] = {}

            async def scenario() -> None:
                frames = FrameProbe()
                await services.prepare_network()
                window.warm_up()
                await _turn(window)  # the first turn connects and loads what a turn needs: not measured
                await asyncio.sleep(0.3)
                app.processEvents()
                if probe:
                    frames.start()
                cpu0, all0, wall0 = time.thread_time(), time.process_time(), time.perf_counter()
                await _turn(window)
                await asyncio.sleep(0.05)  # the last frame's paint
                result["cpu"] = time.thread_time() - cpu0
                result["process_cpu"] = time.process_time() - all0
                result["wall"] = time.perf_counter() - wall0
                frames.stop()
                result["stall"] = frames.longest()
                result["over_50"] = frames.over(0.050)
                result["updates"] = updates[0]

            run_in_window(app, window, services, scenario)
            gc.collect()
            return result
    finally:
        MarkdownView.stream_update = original  # type: ignore[method-assign]
        fake.stop()


def stream_on_asyncio(answer: str, tokens_per_s: float) -> float:
    """The same turn through the core on a plain asyncio loop (no Qt): its CPU seconds."""
    from parley.core.chat import ChatRunner
    from parley.core.client import MessagesClient
    from parley.core.context import Context
    from parley.core.paths import Paths
    from parley.core.secrets import MemoryStore
    from parley.core.settings import Settings
    from tests.fakeapi import DEFAULT_KEY

    fake = FakeAPI().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings()
            settings.active_endpoint = fake.url
            ctx = Context(Paths.resolve(Path(tmp)), settings, MemoryStore())
            store = ctx.open_store()
            fake.script(_reply("Ready.", 880.0), _reply(answer, tokens_per_s))

            async def turn() -> float:
                async with MessagesClient(ctx.endpoint, DEFAULT_KEY) as client:
                    runner = ChatRunner(store, client, ctx.catalog(), clock=ctx.clock)
                    await runner.ask("Warm up", ChatOptions(MODEL, thinking=False))
                    cpu0 = time.thread_time()
                    await runner.ask("Write a long answer", ChatOptions(MODEL, thinking=False))
                    return time.thread_time() - cpu0

            cpu = asyncio.run(turn())
            store.close()
            return cpu
    finally:
        fake.stop()


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median CPU (its frames and wall time go with it)."""
    return sorted(runs, key=lambda run: run["cpu"])[len(runs) // 2]


def measure(chars: int = 80_000, slow_chars: int = 8_000, rounds: int = 5) -> dict[str, float]:
    """Each figure is the median of *rounds* runs, the window's runs interleaved with their floor's
    (the machine is shared: one run of each can differ by 20%, and a median of 3 by 15%)."""
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    out: dict[str, float] = {}
    qt_ms = append_cost_ms(app, updates=min(200, slow_chars // PIECE), rounds=rounds)
    for label, size, pace in (("fast", chars, 880.0), ("slow", slow_chars, 80.0)):
        answer = make_rich_answer(size)
        events = len(answer) / PIECE
        render = statistics.median(render_floor(app, answer) for _ in range(rounds))
        bares, ourses = [], []
        for _ in range(rounds):
            bares.append(stream_in_window(app, answer, pace, view=False, probe=False))
            ourses.append(stream_in_window(app, answer, pace, view=True, probe=False))
        bare, ours = _median_run(bares), _median_run(ourses)
        frames = stream_in_window(app, answer, pace, view=True)
        plain = statistics.median(stream_on_asyncio(answer, pace) for _ in range(min(rounds, 3)))
        floor = bare["cpu"] + render
        out |= {
            f"{label}_chars": len(answer),
            f"{label}_tps": len(answer) / 4 / ours["wall"],
            f"{label}_cpu_s": ours["cpu"],
            f"{label}_floor_s": floor,
            f"{label}_render_s": render,
            f"{label}_ratio": ours["cpu"] / floor,
            f"{label}_process_ratio": ours["process_cpu"] / (bare["process_cpu"] + render),
            f"{label}_stall_ms": frames["stall"] * 1000,
            f"{label}_over_50": frames["over_50"],
            f"{label}_event_qt_us": bare["cpu"] / events * 1e6,
            f"{label}_event_plain_us": plain / events * 1e6,
            f"{label}_updates": ours["updates"],
            f"{label}_update_ms": (ours["cpu"] - bare["cpu"]) / ours["updates"] * 1000,
            f"{label}_update_budget_ms": (1.5 * floor - bare["cpu"]) / ours["updates"] * 1000,
            f"{label}_qt_update_ms": qt_ms,
        }
    return out


def main(chars: int = 80_000, slow_chars: int = 8_000, rounds: int = 5) -> dict[str, float]:
    r = measure(chars, slow_chars, rounds)
    for label, pace in (("fast", 880), ("slow", 80)):
        print(
            f"P1-paced {pace} tok/s (achieved {r[f'{label}_tps']:.0f}, median of {rounds}), "
            f"{r[f'{label}_chars'] / 1000:.1f} KB rich markdown: "
            f"main-thread CPU {r[f'{label}_cpu_s']:.2f} s | floor {r[f'{label}_floor_s']:.2f} s (no view + one render "
            f"{r[f'{label}_render_s']:.2f} s) | ratio {r[f'{label}_ratio']:.2f}x (target <= 1.5x; all threads "
            f"{r[f'{label}_process_ratio']:.2f}x) | longest frame "
            f"{r[f'{label}_stall_ms']:.0f} ms, {r[f'{label}_over_50']:.0f} over 50 ms (target 0) | no-view cost per "
            f"event: qasync {r[f'{label}_event_qt_us']:.0f} us, plain asyncio {r[f'{label}_event_plain_us']:.0f} us | "
            f"{r[f'{label}_updates']:.0f} view updates at {r[f'{label}_update_ms']:.2f} ms each (1.5x leaves "
            f"{r[f'{label}_update_budget_ms']:.2f} ms; Qt alone, a bare QTextEdit append: "
            f"{r[f'{label}_qt_update_ms']:.2f} ms)"
        )
    return r


if __name__ == "__main__":
    main()
