"""Saving a streaming reply: the cost of one save (about once a second) against the reply's size.

At each size the reply so far is in an accumulator and a real store; then one second's worth of new
text arrives (880 tokens/s: ~3.5 KB) and is saved. Before: the whole reply rewritten and indexed
again (what Parley did, run here the same way). Now: only what is new (``Accumulator.progress`` →
``Store.save_progress``). The figure is each size's save ÷ the smallest size's: flat is ~1x.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from parley.core.accumulator import Accumulator, SaveMark
from parley.core.events import BlockStart, MessageStart, TextDelta
from parley.core.history.rows import dump
from parley.core.history.store import Store

SIZES = (80_000, 400_000, 600_000, 1_200_000)
SECOND = 3_500  # characters: one second of text at ~880 tokens/s
WORDS = "the model answers with plain words about streaming caching and search in long chats ".split()


def _text(chars: int) -> str:
    out, n = [], 0
    while n < chars:
        word = WORDS[len(out) % len(WORDS)]
        out.append(word)
        n += len(word) + 1
    return " ".join(out)


def _reply(size: int) -> Accumulator:
    acc = Accumulator()
    acc.apply(MessageStart({"id": "m", "type": "message", "role": "assistant", "content": [], "usage": {}}))
    acc.apply(BlockStart(0, {"type": "text", "text": ""}))
    body = _text(size)
    for at in range(0, len(body), 64):
        acc.apply(TextDelta(0, body[at : at + 64]))
    return acc


def measure(rounds: int = 5) -> dict[str, float]:
    """Each way in a store of its own (the big rewrites would otherwise be checkpointed during the small saves)."""
    r: dict[str, float] = {}
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store(Path(tmp) / "new.sqlite3") as ours,
        Store(Path(tmp) / "whole.sqlite3") as before,
    ):
        chats = ours.create_chat("c"), before.create_chat("c")
        for size in SIZES:
            acc = _reply(size)
            whole, new = [], []
            for _ in range(rounds):
                reply = ours.begin_reply(chats[0], model="m", effort=None)
                mark = SaveMark()
                ours.save_progress(reply, acc.progress(mark))  # the reply so far (saved a second at a time, in use)
                ours._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # that big write is not the next save's cost
                for _ in range(4):  # the next seconds of the stream, a save each
                    acc.apply(TextDelta(0, _text(SECOND)))
                    t = time.perf_counter()
                    ours.save_progress(reply, acc.progress(mark))
                    new.append(time.perf_counter() - t)
                old = before.begin_reply(chats[1], model="m", effort=None)
                before._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                t = time.perf_counter()  # before: the whole reply, rewritten and indexed again
                content = acc.snapshot()["content"]
                with before.transaction() as db:
                    db.execute("UPDATE messages SET content=? WHERE id=?", (dump(content), old))
                    before._index(old, content)
                whole.append(time.perf_counter() - t)
            r[f"new_{size}_ms"] = statistics.median(new) * 1000
            r[f"whole_{size}_ms"] = statistics.median(whole) * 1000
    return r


def main(rounds: int = 5) -> dict[str, float]:
    r = measure(rounds)
    first = SIZES[0]
    cells = " | ".join(
        f"{size // 1000} KB: {r[f'new_{size}_ms']:.2f} ms = {r[f'new_{size}_ms'] / r[f'new_{first}_ms']:.2f}x "
        f"(before {r[f'whole_{size}_ms']:.1f} ms)"
        for size in SIZES
    )
    print(f"Save of a streaming reply, one second of new text, by reply size (target flat): {cells}")
    return r


if __name__ == "__main__":
    main()
