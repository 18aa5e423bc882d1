"""P3 search, P4 open a 2,000-message chat, P5 memory — on a generated history of 10k chats / 200k messages.

P3: median time of ``Store.search`` (what the sidebar runs) over a mix of queries: common and rare
words, prefixes, two-word queries, Chinese, with and without a model filter.
P4: in a child process with the window up (offscreen), the time from asking to open the long chat
to the conversation's first paint.
P5: the same child's resident memory (VmRSS) once the window, the history and that chat are open,
÷ a bare PySide6 QMainWindow's. Beside it, for calibration, a third child does the same job with no
Parley code: the stack's libraries loaded (asyncio and qasync, markdown-it, Pygments, sqlite3) and
plain Qt widgets showing the same 200 titles and the same 12 messages rendered to HTML. What Parley's
own code adds is the difference between that child and Parley's.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parley.core.history.store import Store

WORDS = (
    "stream parser token model answer context window cache thinking effort latency python rust sqlite query "
    "index migration backup export import markdown render table list code review design budget request "
    "response retry error proxy header signature summary compare column benchmark memory paint layout"
).split()
CHINESE = "模型 推理 速度 上下文 缓存 思考 回答 问题 数据库 搜索 导出 导入 代码 设计 表格 性能 内存 延迟".split()
QUERIES = [
    "stream",
    "parser token",
    "sqlite",
    "migr",
    "benchmark memory",
    "推理",
    "数据库",
    "xylophone",
    "design review",
    "cache",
    "ret",
    "上下文 缓存",
    "markdown render table",
    "qqqq",
    "proxy",
    "latency",
]


def _sentence(rng: random.Random, n: int) -> str:
    if rng.random() < 0.2:
        return "".join(rng.choice(CHINESE) for _ in range(n // 2)) + "。"
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _formulas(m: int) -> str:
    return f"\n\nThe rate is $\\lambda_{{{m}}} = \\frac{{{m}}}{{2}}$, so\n\n$$\n\\sum_{{k=1}}^{{{m}}} k^2\n$$"


def make_history(
    path: Path, chats: int = 10_000, per_chat: int = 20, long_chat: int = 2_000, math: bool = False
) -> str:
    """Returns the id of the long chat. Answers are markdown of a few paragraphs, like real ones;
    with *math*, each of the long chat's answers also has an inline and a display formula."""
    rng = random.Random(7)
    start = time.time() - 400 * 86400
    with Store(path) as store, store.transaction():
        for c in range(chats):
            t0 = start + c * 3000
            chat = store.create_chat(_sentence(rng, 5)[:60], created_at=t0, model="claude-sonnet-4-6")
            for m in range(per_chat):
                role = "user" if m % 2 == 0 else "assistant"
                body = _sentence(rng, 12) if role == "user" else "\n\n".join(_sentence(rng, 25) for _ in range(3))
                store.add_message(
                    chat,
                    role,
                    [{"type": "text", "text": body}],
                    created_at=t0 + m,
                    **({"model": "claude-sonnet-4-6" if c % 3 else "claude-opus-4-7"} if role == "assistant" else {}),
                )
        big = store.create_chat("The very long chat", created_at=time.time(), model="claude-opus-4-7")
        for m in range(long_chat):
            role = "user" if m % 2 == 0 else "assistant"
            body = (
                _sentence(rng, 12)
                if role == "user"
                else (
                    f"## Step {m}\n\n"
                    + _sentence(rng, 30)
                    + "\n\n- "
                    + _sentence(rng, 8)
                    + "\n- "
                    + _sentence(rng, 8)
                    + "\n\n```python\nprint('step', "
                    + str(m)
                    + ")\n```"
                    + (_formulas(m) if math else "")
                )
            )
            store.add_message(
                big,
                role,
                [{"type": "text", "text": body}],
                created_at=time.time() + m,
                **({"model": "claude-opus-4-7"} if role == "assistant" else {}),
            )
    return big


def measure_search(path: Path, rounds: int = 3) -> dict[str, float]:
    times = []
    with Store(path) as store:
        for _ in range(rounds):
            for q in QUERIES:
                for model in (None, "claude-opus-4-7"):
                    t = time.perf_counter()
                    store.search(q, model=model)
                    times.append(time.perf_counter() - t)
    return {"median_ms": statistics.median(times) * 1000, "p90_ms": sorted(times)[int(len(times) * 0.9)] * 1000}


CHILD = r"""
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
mode, data_dir, chat_id = sys.argv[1], sys.argv[2], sys.argv[3]
from PySide6.QtCore import QEvent, QObject, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

def settle(app, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

app = QApplication(sys.argv[:1])
if mode == "bare":
    w = QMainWindow(); w.resize(1180, 780); w.show(); settle(app, 1.5)
    print(f"rss {rss_mb():.1f}"); sys.exit(0)

if mode == "stack":
    import asyncio, json, sqlite3
    import qasync, markdown_it
    from pygments import highlight
    from pygments.formatters.html import HtmlFormatter
    from pygments.lexers.python import PythonLexer
    from PySide6.QtWidgets import (QCheckBox, QComboBox, QLineEdit, QListView, QPlainTextEdit, QPushButton,
        QScrollArea, QSplitter, QTextBrowser, QVBoxLayout, QWidget)
    from PySide6.QtCore import QStringListModel
    db = sqlite3.connect(os.path.join(data_dir, "history.sqlite3"))
    titles = [r[0] for r in db.execute("SELECT title FROM chats ORDER BY updated_at DESC LIMIT 200")]
    texts = [b["text"] for (c,) in db.execute(
        "SELECT content FROM messages WHERE chat_id = ? ORDER BY id DESC LIMIT 12", (chat_id,))
        for b in json.loads(c) if b.get("type") == "text"]
    md = markdown_it.MarkdownIt("commonmark", {"html": False}).enable("table")
    md.options["highlight"] = lambda code, lang, attrs: highlight(code, PythonLexer(), HtmlFormatter(noclasses=True))
    w = QMainWindow(); w.resize(1180, 780); split = QSplitter(); w.setCentralWidget(split)
    side = QWidget(); sl = QVBoxLayout(side); sl.addWidget(QPushButton("New chat")); sl.addWidget(QLineEdit())
    chats = QListView(); chats.setModel(QStringListModel(titles)); sl.addWidget(chats); split.addWidget(side)
    right = QWidget(); rl = QVBoxLayout(right); area = QScrollArea(); area.setWidgetResizable(True)
    inner = QWidget(); il = QVBoxLayout(inner)
    for text in reversed(texts):
        view = QTextBrowser(); view.setHtml(md.render(text)); il.addWidget(view)
    area.setWidget(inner); rl.addWidget(area); rl.addWidget(QPlainTextEdit())
    for items in (["Claude Opus 4.7", "Claude Sonnet 4.6"], ["low", "medium", "high"]):
        box = QComboBox(); box.addItems(items); rl.addWidget(box)
    rl.addWidget(QCheckBox("Thinking")); split.addWidget(right)
    w.show(); settle(app, 1.5)
    print(f"rss {rss_mb():.1f}"); sys.exit(0)

from parley.gui.pyside_hook import quiet_feature_scan
quiet_feature_scan()  # first, as the launcher does: PySide6 then stops reading each later module's source
import asyncio
from parley.core.context import Context
from parley.gui import theme
from parley.gui.main_window import MainWindow
from parley.gui.qt_loop import ParleyEventLoop
from parley.gui.services import Services
ctx = Context.create(data_dir)
services = Services(ctx, ctx.open_store())
loop = ParleyEventLoop(app, already_running=True)
asyncio.set_event_loop(loop)
window = MainWindow(services, theme.apply(app, "light"))
window.show(); settle(app, 1.0)

class Painted(QObject):
    at = None
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and self.at is None and window.view.isAncestorOf(obj):
            self.at = time.perf_counter()
        return False
probe = Painted()
app.installEventFilter(probe)
t0 = time.perf_counter()
window.open_chat(chat_id)
while probe.at is None and time.perf_counter() - t0 < 10:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
print(f"open {probe.at - t0:.4f} widgets {len(window.view.message_widgets())}")
settle(app, 1.0)
print(f"rss {rss_mb():.1f}")
"""


def run_child(code: str, args: list[str], wanted: str, timeout: float = 180) -> dict[str, float]:
    """Run *code* in a fresh Python (offscreen Qt) and read the ``name value`` pairs it prints; it
    must print *wanted*."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    values: dict[str, float] = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        for key, value in zip(parts[::2], parts[1::2], strict=False):
            values[key] = float(value)
    if wanted not in values:
        raise RuntimeError(f"child failed: {out.stdout[-500:]} {out.stderr[-2000:]}")
    return values


def _child(mode: str, data_dir: Path, chat_id: str) -> dict[str, float]:
    return run_child(CHILD, [mode, str(data_dir), chat_id], "rss")


def measure(chats: int = 10_000, per_chat: int = 20, long_chat: int = 2_000, repeats: int = 3) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        t = time.perf_counter()
        big = make_history(data / "history.sqlite3", chats, per_chat, long_chat)
        built = time.perf_counter() - t
        search = measure_search(data / "history.sqlite3")
        _child("parley", data, big)  # warm the file cache and the bytecode, untimed
        ours = [_child("parley", data, big) for _ in range(repeats)]
        bare = [_child("bare", data, big) for _ in range(repeats)]
        stack = [_child("stack", data, big) for _ in range(repeats)]
    return {
        "chats": chats,
        "messages": chats * per_chat + long_chat,
        "build_s": built,
        "search_median_ms": search["median_ms"],
        "search_p90_ms": search["p90_ms"],
        "open_ms": statistics.median(o["open"] for o in ours) * 1000,
        "widgets": ours[0]["widgets"],
        "rss_mb": statistics.median(o["rss"] for o in ours),
        "bare_rss_mb": statistics.median(b["rss"] for b in bare),
        "stack_rss_mb": statistics.median(s["rss"] for s in stack),
    }


def main(chats: int = 10_000, per_chat: int = 20, long_chat: int = 2_000, repeats: int = 3) -> dict[str, float]:
    r = measure(chats, per_chat, long_chat, repeats)
    r["rss_ratio"] = r["rss_mb"] / r["bare_rss_mb"]
    print(f"History of {r['chats']:.0f} chats / {r['messages']:.0f} messages (generated in {r['build_s']:.0f} s)")
    print(f"P3 search: median {r['search_median_ms']:.1f} ms, p90 {r['search_p90_ms']:.1f} ms (target median < 30 ms)")
    print(
        f"P4 open a {long_chat}-message chat to first paint: {r['open_ms']:.0f} ms "
        f"({r['widgets']:.0f} messages built at once) (target < 300 ms)"
    )
    print(
        f"P5 resident memory: {r['rss_mb']:.0f} MB vs bare QMainWindow {r['bare_rss_mb']:.0f} MB = "
        f"{r['rss_ratio']:.2f}x (target <= 1.5x)"
    )
    print(
        f"   calibration: the same widgets and libraries with no Parley code {r['stack_rss_mb']:.0f} MB "
        f"= {r['stack_rss_mb'] / r['bare_rss_mb']:.2f}x bare; Parley's own code and data "
        f"{r['rss_mb'] - r['stack_rss_mb']:+.0f} MB"
    )
    return r


if __name__ == "__main__":
    main()
