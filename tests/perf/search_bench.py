"""P3 at scale: search over a million messages, against FTS5 alone on the same index.

A history of 50k chats and 1M messages (short and long, English and Chinese) is written straight
into a real store's tables. Each query of a mix (common and rare words, short prefixes, phrases,
Chinese, a model filter) runs through ``Store.search`` (what the sidebar shows: messages and titles,
filtered, with snippets) and, as the anchor, as a bare FTS5 MATCH of the same expression on the
message index with the same limit. Figures: median and p90 over the mix, and the worst queries.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from parley.core.history.fulltext import index_text, parse_query
from parley.core.history.store import Store

WORDS = (
    "the a to of and in is it that for on with as this are be at or by re stream parser token model answer context "
    "window cache thinking effort latency python rust sqlite query index migration backup export import markdown "
    "render table list code review design budget request response retry error proxy header signature summary "
    "compare column benchmark memory paint layout"
).split()
RARE = ["xylophone", "quokka", "zeppelin", "marmalade", "obsidian"]
CHINESE = "模型 推理 速度 上下文 缓存 思考 回答 问题 数据库 搜索 导出 导入 代码 设计 表格 性能 内存 延迟".split()
QUERIES: list[tuple[str, str | None]] = [
    ("the", None),
    ("re", None),
    ("st", None),
    ("stream", None),
    ("parser token", None),
    ('"design review"', None),
    ("sqlite", "claude-opus-4-7"),
    ("the", "claude-opus-4-7"),
    ("xylophone", None),
    ("quok", None),
    ("推理", None),
    ("数据库 设计", None),
    ("benchmark memory", None),
    ("qqqq", None),
    ("cache", None),
    ("markdown render table", None),
]


def _sentence(rng: random.Random, n: int) -> str:
    if rng.random() < 0.15:
        return "".join(rng.choice(CHINESE) for _ in range(n // 2)) + "。"
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.001:
        words[0] = rng.choice(RARE)
    return " ".join(words).capitalize() + "."


def make_history(path: Path, chats: int = 50_000, per_chat: int = 20, seed: int = 11) -> int:
    """Writes the tables directly (the store's own calls would take an hour); returns the message count."""
    rng = random.Random(seed)
    with Store(path) as store:
        db = store._db
        start = 1_600_000_000.0
        message_id = 0
        for first in range(0, chats, 1_000):
            chat_rows, message_rows, index_rows = [], [], []
            for c in range(first, min(chats, first + 1_000)):
                chat_id = f"c{c:06d}"
                model = "claude-opus-4-7" if c % 3 == 0 else "claude-sonnet-4-6"
                t0 = start + c * 600
                chat_rows.append((chat_id, _sentence(rng, 5)[:60], t0, t0 + per_chat, model))
                parent = None
                for m in range(per_chat):
                    message_id += 1
                    role = "user" if m % 2 == 0 else "assistant"
                    size = 12 if role == "user" else rng.choice((25, 60, 120, 400))
                    text = " ".join(_sentence(rng, 12) for _ in range(max(1, size // 12)))
                    content = json.dumps([{"type": "text", "text": text}])
                    message_rows.append(
                        (message_id, chat_id, parent, role, content, t0 + m, model if role == "assistant" else None)
                    )
                    index_rows.append((message_id, index_text(text), ""))
                    parent = message_id
            with store.transaction():
                db.executemany(
                    "INSERT INTO chats(id, title, created_at, updated_at, model) VALUES (?,?,?,?,?)", chat_rows
                )
                db.executemany(
                    "INSERT INTO messages(id, chat_id, parent_id, role, content, created_at, model)"
                    " VALUES (?,?,?,?,?,?,?)",
                    message_rows,
                )
                db.executemany("INSERT INTO message_index(rowid, body, thinking) VALUES (?,?,?)", index_rows)
        return message_id


def _time(fn, rounds: int = 3) -> float:
    best = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        best.append(time.perf_counter() - t)
    return statistics.median(best)


def measure(path: Path, rounds: int = 3) -> dict[str, float]:
    with Store(path) as store:
        ours: dict[str, float] = {}
        anchor: dict[str, float] = {}
        for text, model in QUERIES:
            name = f"{text}" + (f" [{model}]" if model else "")
            ours[name] = _time(lambda t=text, m=model: store.search(t, model=m), rounds)
            expression = "{body}: (" + parse_query(text).expression + ")"
            anchor[name] = _time(
                lambda e=expression: store._db.execute(
                    "SELECT rowid FROM message_index WHERE message_index MATCH ? ORDER BY rowid DESC LIMIT 50", (e,)
                ).fetchall(),
                rounds,
            )
    values = sorted(ours.values())
    worst = sorted(ours, key=ours.__getitem__)[-3:]
    return {
        "median_ms": statistics.median(values) * 1000,
        "p90_ms": values[int(0.9 * (len(values) - 1))] * 1000,
        "anchor_median_ms": statistics.median(anchor.values()) * 1000,
        "worst": ", ".join(f"{w!r} {ours[w] * 1000:.0f} ms (FTS5 alone {anchor[w] * 1000:.1f})" for w in worst),
    }


def main(chats: int = 50_000, per_chat: int = 20, path: Path | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = path or Path(tmp) / "history.sqlite3"
        t = time.perf_counter()
        messages = make_history(db, chats, per_chat) if path is None or not path.exists() else chats * per_chat
        built = time.perf_counter() - t
        r = measure(db)
    r["messages"] = messages
    print(
        f"P3 search over {messages:,} messages in {chats:,} chats (written in {built:.0f} s): median "
        f"{r['median_ms']:.1f} ms, p90 {r['p90_ms']:.1f} ms (target: median < 30 ms, p90 < 60 ms) | FTS5 alone: "
        f"median {r['anchor_median_ms']:.1f} ms | slowest: {r['worst']}"
    )
    return r


if __name__ == "__main__":
    main()
