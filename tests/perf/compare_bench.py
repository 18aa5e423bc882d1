"""Compare: four columns streaming at once vs four single-column runs.

Each column streams the same markdown answer from the fake API as fast as it can. Figures: the
longest event-loop stall while the four stream (a 5 ms timer's largest lateness), and main-thread
CPU of the four-column run ÷ the sum of four single-chat runs of the same answer.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from parley.core.options import ModelChoice
from parley.core.request import ChatOptions
from tests.fakeapi import FakeAPI, Reply, message_events
from tests.perf.render_bench import make_answer, window_on
from tests.perf.window_run import FrameProbe, run_in_window

MODELS = ["claude-opus-4-7", "claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5"]


def _run(app: QApplication, answer: str, columns: int) -> dict[str, float]:
    """*columns* 0: one normal chat; otherwise a comparison of that many columns."""
    fake = FakeAPI().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            window, services = window_on(fake, Path(tmp))
            models = MODELS[: max(columns, 1)]
            fake.handler = lambda req: Reply(
                events=message_events(req.body["model"], [{"type": "text", "text": answer}], piece=16)
            )
            result: dict[str, float] = {}

            async def scenario() -> None:
                probe = FrameProbe()
                await services.prepare_network()
                window.warm_up()
                if columns:
                    window.new_comparison()
                    view = window.compare_mode.view
                    assert view is not None
                    view.new([ModelChoice(m, thinking=False) for m in models])
                await asyncio.sleep(0.2)
                app.processEvents()
                probe.start()
                cpu0 = time.thread_time()
                if columns:
                    view.send("Write a very long answer")
                    tasks = [asyncio.ensure_future(view.finished())]
                else:
                    window.controller.send("Write a very long answer", ChatOptions(models[0], thinking=False))
                    tasks = [window.controller.task] if window.controller.task is not None else []
                await asyncio.gather(*tasks, return_exceptions=True)
                await asyncio.sleep(0.05)
                result["cpu"] = time.thread_time() - cpu0
                probe.stop()
                result["stall"] = probe.longest()

            run_in_window(app, window, services, scenario)
            return result
    finally:
        fake.stop()


def _collected(result: dict[str, float]) -> dict[str, float]:
    """Collect each run's event loop (a qasync loop owns a Qt timer, and asyncio loops live in
    reference cycles) here on the Qt thread, not later in the next fake API's thread."""
    gc.collect()
    return result


def measure(chars: int = 60_000) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # each run closes its window; the next one needs the loop
    answer = make_answer(chars)
    singles = [_collected(_run(app, answer, 0)) for _ in range(4)]
    four = _collected(_run(app, answer, 4))
    single_sum = sum(s["cpu"] for s in singles)
    return {
        "chars": len(answer),
        "four_cpu_s": four["cpu"],
        "singles_cpu_s": single_sum,
        "ratio": four["cpu"] / single_sum,
        "stall_ms": four["stall"] * 1000,
    }


def main(chars: int = 60_000) -> dict[str, float]:
    r = measure(chars)
    print(
        f"Compare, 4 columns x {r['chars']:.0f} chars streaming at once: main-thread CPU {r['four_cpu_s']:.2f} s "
        f"vs 4 single runs {r['singles_cpu_s']:.2f} s = {r['ratio']:.2f}x (target <= 1.2x); "
        f"longest stall {r['stall_ms']:.0f} ms (target < 50 ms)"
    )
    return r


if __name__ == "__main__":
    main()
