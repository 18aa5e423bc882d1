"""P2: process start to first painted window, with a 10k-chat history, vs a bare PySide6 QMainWindow.

Both processes print ``first-paint <unix time>`` at their first paint event and quit; the figure is
that time minus the moment just before spawning. Offscreen platform, median of interleaved runs.
``python -m tests.perf.startup_bench --parley dist/parley/parley`` times another build (the frozen app:
packaging/linux/smoke.sh) against the same bare window.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parley.core.store import Store

BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1180, 780)
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def make_history(data_dir: Path, chats: int) -> None:
    """A history database with *chats* conversations of two messages each."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with Store(data_dir / "history.sqlite3") as store, store.transaction():
        for i in range(chats):
            chat = store.create_chat(f"Conversation {i}: questions about topic {i % 97}", model="claude-sonnet-4-6")
            store.add_message(chat, "user", [{"type": "text", "text": f"Question {i}"}])
            store.add_message(
                chat, "assistant", [{"type": "text", "text": f"Answer {i} " * 20}], model="claude-sonnet-4-6"
            )


def _first_paint(cmd: list[str], env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no first paint from {cmd[0]}: {out.stdout[-500:]} {out.stderr[-2000:]}")


def measure(chats: int = 10_000, repeats: int = 5, parley_cmd: list[str] | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        make_history(data, chats)
        # An installed Parley has its bytecode compiled (pip does it at install time); a source checkout
        # under PYTHONDONTWRITEBYTECODE would recompile every module on every start. Let the untimed
        # warm-up run write the caches, as an install would.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env |= {
            "QT_QPA_PLATFORM": "offscreen",
            "PARLEY_DATA_DIR": str(data),
            "PARLEY_QUIT_AFTER_FIRST_PAINT": "1",
            "ANTHROPIC_API_KEY": "sk-unused-for-startup",
        }
        parley = parley_cmd or [str(Path(sys.executable).parent / "parley")]
        bare = [sys.executable, "-c", BARE]
        _first_paint(parley, env)  # warm the file cache for both, untimed
        _first_paint(bare, env)
        ours, base = [], []
        for _ in range(repeats):
            ours.append(_first_paint(parley, env))
            base.append(_first_paint(bare, env))
    o, b = statistics.median(ours), statistics.median(base)
    return {"chats": chats, "parley_s": o, "bare_s": b, "ratio": o / b}


def main(chats: int = 10_000, repeats: int = 5, parley_cmd: list[str] | None = None) -> dict[str, float]:
    r = measure(chats, repeats, parley_cmd)
    print(
        f"P2 start to first paint, {r['chats']:.0f} chats, median of {repeats}: "
        f"{' '.join(parley_cmd) if parley_cmd else 'parley'} {r['parley_s']:.3f} s | "
        f"bare QMainWindow {r['bare_s']:.3f} s | ratio {r['ratio']:.2f}x (target <= 1.5x)"
    )
    return r


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="P2: start to first paint vs a bare PySide6 window")
    parser.add_argument("--parley", help="the Parley executable to time (default: this environment's)")
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    main(args.chats, args.repeats, [args.parley] if args.parley else None)
