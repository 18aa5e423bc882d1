"""P1-growth: does a long answer get slower the longer it gets? (issue 23, part 3)

A rich answer (tests/perf/paced_bench.make_rich_answer) is streamed into the chat as the window
does it, frame by frame (116 characters a frame: 880 tokens/s at 30 frames a second), each frame
laid out and painted. The main-thread CPU of each 40 KB is compared with the first 40 KB's (after
a warm-up answer): the goal is that each new 40 KB costs the same, within 1.3×, up to the view's
display limit (600,000 characters; what lies beyond is not laid out). Each figure is the median of
three runs.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from parley.core.presentation.markdown import MarkdownRenderer
from parley.gui.chat_view import ChatView
from parley.gui.markdown_view import DISPLAY_LIMIT

from .paced_bench import make_rich_answer
from .render_bench import SIZE

SEGMENT = 40_000
PER_FRAME = 116


def segment_costs(app: QApplication, answer: str) -> list[float]:
    """Main-thread CPU seconds of each SEGMENT characters, streamed frame by frame."""
    view = ChatView(MarkdownRenderer(), lambda model: model)
    view.resize(SIZE[0] - 280, SIZE[1] - 120)
    view.show()
    warm = view.add_assistant()
    warm.parts.stream_update(answer[:6_000], final=True)
    app.processEvents()
    parts = view.add_assistant().parts
    costs: list[float] = []
    start = time.thread_time()
    for end in range(PER_FRAME, len(answer) + PER_FRAME, PER_FRAME):
        while not parts.stream_update(answer[:end]):
            app.processEvents()
        app.processEvents()
        if end // SEGMENT > len(costs):
            now = time.thread_time()
            costs.append(now - start)
            start = now
    view.deleteLater()
    app.processEvents()
    return costs


def measure(chars: int = DISPLAY_LIMIT - 1_000, rounds: int = 3) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    answer = make_rich_answer(chars, seed=11)
    runs = [segment_costs(app, answer) for _ in range(rounds)]
    medians = [statistics.median(run[i] for run in runs) for i in range(min(map(len, runs)))]
    first = medians[0]
    ratios = [cost / first for cost in medians]
    return {
        "segments": len(medians),
        "first_ms": first * 1000,
        "last_ratio": ratios[-1],
        "max_ratio": max(ratios),
        **{f"ratio_{i * SEGMENT // 1000}kb": ratio for i, ratio in enumerate(ratios)},
    }


def main(chars: int = DISPLAY_LIMIT - 1_000, rounds: int = 3) -> dict[str, float]:
    r = measure(chars, rounds)
    curve = " ".join(f"{r[f'ratio_{i * SEGMENT // 1000}kb']:.2f}" for i in range(int(r["segments"])))
    print(
        f"P1-growth: each 40 KB of a {chars / 1000:.0f} KB rich answer streamed frame by frame, against the first "
        f"40 KB ({r['first_ms']:.0f} ms), median of {rounds}: last {r['last_ratio']:.2f}x, worst "
        f"{r['max_ratio']:.2f}x (target <= 1.3x) | curve: {curve}"
    )
    return r


if __name__ == "__main__":
    main()
