"""P1-cited: an answer with 100 citations over 50 sources, and its search, streamed through the
window as fast as the fake API sends (issue 25). Same budgets as P1: main-thread CPU within 3x
one render of the final answer (markers and all), and no stall of 50 ms or more. For context,
the same text with no citations (no markers, no search, no Sources list) in the same run.
"""

from __future__ import annotations

import gc
import os
import statistics
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from parley.core.presentation.citations import cited_markdown
from tests.fakeapi.web import cited_answer

from .render_bench import make_answer, render_floor, stream_once


def long_cited_answer(citations: int, chars: int) -> list[dict[str, Any]]:
    """The fake API's cited answer with P1's rich markdown (prose, lists, code, tables) between the
    claims, to *chars* in all: a long researched answer, as P1 streams a long one."""
    blocks = cited_answer(citations)
    filler = make_answer(chars)
    step = max(1, len(filler) // citations)
    out, k = [], 0
    for block in blocks:
        out.append(block)
        if block.get("citations") and k * step < len(filler):
            piece = filler[k * step : (k + 1) * step]
            out.append({"type": "text", "text": "\n\n" + piece.rsplit("\n", 1)[0] + "\n\n"})
            k += 1
    return out


def measure(citations: int = 100, rounds: int = 3, chars: int = 200_000) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    blocks = long_cited_answer(citations, chars)
    text, sources = cited_markdown(blocks)
    plain = "".join(b["text"] for b in blocks if b.get("type") == "text")
    floors, cited_runs, plain_runs = [], [], []
    for _ in range(rounds):  # interleaved: the machine is shared
        floors.append(render_floor(app, text))
        cited_runs.append(stream_once(app, text, naive=False, blocks=blocks))
        gc.collect()
        plain_runs.append(stream_once(app, plain, naive=False))
        gc.collect()
    floor = statistics.median(floors)
    cpu = statistics.median(r["cpu"] for r in cited_runs)
    return {
        "citations": citations,
        "sources": len(sources),
        "chars": len(text),
        "floor_s": floor,
        "cpu_s": cpu,
        "ratio": cpu / floor,
        "stall_ms": max(r["stall"] for r in cited_runs) * 1000,
        "plain_cpu_s": statistics.median(r["cpu"] for r in plain_runs),
    }


def main(citations: int = 100, rounds: int = 3, chars: int = 200_000) -> dict[str, float]:
    r = measure(citations, rounds, chars)
    print(
        f"P1-cited {r['citations']:.0f} citations, {r['sources']:.0f} sources, {r['chars'] / 1000:.1f} KB (median of "
        f"{rounds}): main-thread CPU {r['cpu_s']:.2f} s | render floor {r['floor_s']:.2f} s | ratio {r['ratio']:.2f}x "
        f"(P1's target <= 3x) | longest stall {r['stall_ms']:.0f} ms (target < 50 ms) | the same text without "
        f"citations: {r['plain_cpu_s']:.2f} s"
    )
    return r


if __name__ == "__main__":
    main()
