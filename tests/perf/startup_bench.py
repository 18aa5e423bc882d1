"""P2: process start to first painted window, with a 10k-chat history, vs a bare PySide6 QMainWindow.

Both processes print ``first-paint <unix time>`` at their first paint event and quit; the figure is
that time minus the moment just before spawning. Offscreen platform, median of interleaved runs.
For calibration a third process paints the same frame with no Parley code: plain Qt widgets (chat
list from the same database, search field, composer, pickers, toolbar and menus); what Parley's own
code adds is the difference between it and Parley.
``python -m tests.perf.startup_bench --parley dist/parley/parley`` times another build (the frozen app:
packaging/linux/smoke.sh) against the same bare window.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parley.core.history.store import Store

# Both windows report their first paint the same way, and quit.
SHOW_AND_REPORT_FIRST_PAINT = """
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

BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1180, 780)
"""


STACK = """
import sys, time, sqlite3
from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QListView, QMainWindow,
    QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget)
app = QApplication(sys.argv[:1])
app.setStyle("Fusion")
db = sqlite3.connect(sys.argv[1])
titles = [r[0] for r in db.execute("SELECT title FROM chats ORDER BY updated_at DESC LIMIT 200")]
window = QMainWindow()
window.setWindowTitle("stack")
window.resize(1180, 780)
for name in ("File", "Edit", "View", "Help"):
    menu = window.menuBar().addMenu(name)
    menu.addAction("New chat")
toolbar = window.addToolBar("main")
for name in ("New chat", "Search", "Compare", "Settings"):
    toolbar.addAction(name)
split = QSplitter(Qt.Orientation.Horizontal)
side = QWidget(); sl = QVBoxLayout(side)
sl.addWidget(QPushButton("New chat")); search = QLineEdit(); search.setClearButtonEnabled(True); sl.addWidget(search)
chats = QListView(); chats.setModel(QStringListModel(titles)); sl.addWidget(chats)
right = QWidget(); rl = QVBoxLayout(right); rl.addStretch(1)
rl.addWidget(QPlainTextEdit())
row = QHBoxLayout(); rl.addLayout(row)
for items in (["Claude Opus 4.7", "Claude Sonnet 4.6"], ["low", "medium", "high"]):
    box = QComboBox(); box.addItems(items); row.addWidget(box)
row.addWidget(QCheckBox("Thinking")); row.addWidget(QPushButton("Send"))
split.addWidget(side); split.addWidget(right); window.setCentralWidget(split)
window.statusBar()
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


def add_mcp_servers(data_dir: Path, count: int) -> None:
    """*count* stdio MCP servers, on and in the default set: none may start before the first paint."""
    from parley.core.mcp.config import MemorySecrets, ServerConfig, ServerList

    servers = ServerList(data_dir / "mcp-servers.json", MemorySecrets())
    demo = Path(__file__).resolve().parents[1] / "mcp_servers" / "demo.py"
    for i in range(count):
        servers.add(ServerConfig(f"server{i}", command=sys.executable, args=[str(demo)]), {}, {})


def _first_paint(cmd: list[str], env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no first paint from {cmd[0]}: {out.stdout[-500:]} {out.stderr[-2000:]}")


def measure(
    chats: int = 10_000, repeats: int = 5, parley_cmd: list[str] | None = None, mcp_servers: int = 5
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        make_history(data, chats)
        with_servers = Path(tmp) / "with-servers"
        shutil.copytree(data, with_servers)
        add_mcp_servers(with_servers, mcp_servers)
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
        bare = [sys.executable, "-c", BARE + SHOW_AND_REPORT_FIRST_PAINT]
        stack = [sys.executable, "-c", STACK + SHOW_AND_REPORT_FIRST_PAINT, str(data / "history.sqlite3")]
        env_servers = env | {"PARLEY_DATA_DIR": str(with_servers)}
        for cmd in (parley, bare, stack):
            _first_paint(cmd, env)  # warm the file cache for each, untimed
        _first_paint(parley, env_servers)
        ours, base, same, served = [], [], [], []
        for _ in range(repeats):
            ours.append(_first_paint(parley, env))
            base.append(_first_paint(bare, env))
            same.append(_first_paint(stack, env))
            served.append(_first_paint(parley, env_servers))
        started = sorted(p.name for p in (with_servers / "logs").glob("mcp-*.log"))
        if started:
            raise RuntimeError(f"MCP servers started before the first paint: {started}")
    o, b, f = statistics.median(ours), statistics.median(base), statistics.median(same)
    m = statistics.median(served)
    return {
        "chats": chats,
        "parley_s": o,
        "bare_s": b,
        "ratio": o / b,
        "stack_s": f,
        "mcp_s": m,
        "mcp_servers": mcp_servers,
    }


def main(chats: int = 10_000, repeats: int = 5, parley_cmd: list[str] | None = None) -> dict[str, float]:
    r = measure(chats, repeats, parley_cmd)
    print(
        f"P2 start to first paint, {r['chats']:.0f} chats, median of {repeats}: "
        f"{' '.join(parley_cmd) if parley_cmd else 'parley'} {r['parley_s']:.3f} s | "
        f"bare QMainWindow {r['bare_s']:.3f} s | ratio {r['ratio']:.2f}x (target <= 1.5x)"
    )
    print(
        f"   calibration: the same frame in plain Qt, no Parley code {r['stack_s']:.3f} s "
        f"= {r['stack_s'] / r['bare_s']:.2f}x bare; Parley's own code {1000 * (r['parley_s'] - r['stack_s']):+.0f} ms"
    )
    print(
        f"   with {r['mcp_servers']:.0f} MCP servers configured (on, in the default set): {r['mcp_s']:.3f} s "
        f"= {r['mcp_s'] / r['parley_s']:.2f}x without them ({1000 * (r['mcp_s'] - r['parley_s']):+.0f} ms); "
        "none started before the first paint"
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
