"""Decode + accumulate throughput: Parley's SSE decoder and accumulator vs the official SDK's.

Both parse the same bytes, fed in 16 KiB network-sized chunks: a sequence of realistic streams
(thinking, a long markdown answer, a tool call) adding up to the requested size. The anchor is
exactly what ``anthropic``'s ``MessageStream`` does: ``SSEDecoder.iter_bytes`` →
``construct_type(RawMessageStreamEvent)`` → ``accumulate_event``. CPU time, median of interleaved runs.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from parley.core.accumulator import Accumulator
from parley.core.events import parse_event
from parley.core.sse import SSEDecoder
from tests.fakeapi.replies import encode_events, message_events

CHUNK = 16 * 1024
WORDS = [
    "the",
    "model",
    "streams",
    "tokens",
    "as",
    "**markdown**",
    "with",
    "`code`,",
    "lists,",
    "tables",
    "and",
    "prose;",
    "每个",
    "delta",
    "带着几个词",
    "—",
    "émojis",
    "🙂",
    "and",
    "accents",
    "too.",
]


def _prose(rng: random.Random, chars: int) -> str:
    out: list[str] = []
    size = 0
    while size < chars:
        w = rng.choice(WORDS)
        out.append(w)
        size += len(w) + 1
        if rng.random() < 0.02:
            out.append("\n\n")
    return " ".join(out)


def make_streams(total_mb: float, seed: int = 7) -> list[bytes]:
    """Streams of ~0.5 MB each until *total_mb* of SSE bytes is reached."""
    rng = random.Random(seed)
    streams: list[bytes] = []
    size = 0
    n = 0
    while size < total_mb * 1_000_000:
        blocks: list[dict[str, Any]] = [
            {"type": "thinking", "thinking": _prose(rng, 20_000)},
            {"type": "text", "text": _prose(rng, 80_000)},
            {
                "type": "tool_use",
                "id": f"toolu_{n:04d}",
                "name": "str_replace_based_edit_tool",
                "input": {"command": "create", "path": "notes.md", "file_text": _prose(rng, 2_000)},
            },
        ]
        events = message_events("claude-opus-4-7", blocks, stop_reason="tool_use", piece=rng.choice((18, 24, 30)))
        events.insert(5, ("ping", {"type": "ping"}))
        raw = b"".join(encode_events(events))
        streams.append(raw)
        size += len(raw)
        n += 1
    return streams


def _chunks(raw: bytes) -> list[bytes]:
    return [raw[i : i + CHUNK] for i in range(0, len(raw), CHUNK)]


def parley_parse(chunked: list[list[bytes]]) -> list[dict[str, Any]]:
    out = []
    for chunks in chunked:
        decoder, acc = SSEDecoder(), Accumulator()
        for chunk in chunks:
            for sse in decoder.feed(chunk):
                event = parse_event(sse)
                if event is not None:
                    acc.apply(event)
        out.append(acc.message)
    return out


def sdk_parse(chunked: list[list[bytes]]) -> list[Any]:
    from anthropic._models import construct_type
    from anthropic._streaming import SSEDecoder as SDKDecoder
    from anthropic.lib.streaming._messages import accumulate_event
    from anthropic.types import RawMessageStreamEvent

    names = {
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
    }
    out = []
    for chunks in chunked:
        snapshot = None
        bufs: dict[int, bytes] = {}
        for sse in SDKDecoder().iter_bytes(iter(chunks)):
            if sse.event not in names:
                continue
            event = construct_type(type_=RawMessageStreamEvent, value=sse.json())
            snapshot = accumulate_event(event=event, current_snapshot=snapshot, json_bufs=bufs)
        out.append(snapshot)
    return out


def same_content(ours: list[dict[str, Any]], theirs: list[Any]) -> bool:
    for mine, sdk in zip(ours, theirs, strict=True):
        dumped = sdk.model_dump(mode="json", exclude_none=True)
        for a, b in zip(mine["content"], dumped["content"], strict=True):
            for key in ("type", "text", "thinking", "signature", "input"):
                if a.get(key) != b.get(key):
                    return False
        if mine["stop_reason"] != dumped["stop_reason"]:
            return False
    return True


def measure(total_mb: float = 20.0, repeats: int = 5) -> dict[str, float]:
    streams = make_streams(total_mb)
    chunked = [_chunks(s) for s in streams]
    size_mb = sum(map(len, streams)) / 1_000_000
    ours_t: list[float] = []
    sdk_t: list[float] = []
    ours = theirs = None
    for _ in range(repeats):  # interleaved, so machine noise hits both alike
        t0 = time.process_time()
        ours = parley_parse(chunked)
        ours_t.append(time.process_time() - t0)
        t0 = time.process_time()
        theirs = sdk_parse(chunked)
        sdk_t.append(time.process_time() - t0)
    assert ours is not None
    assert theirs is not None
    ours_s, sdk_s = statistics.median(ours_t), statistics.median(sdk_t)
    return {
        "size_mb": size_mb,
        "events": sum(s.count(b"\nevent: ") + 1 for s in streams),
        "parley_mb_s": size_mb / ours_s,
        "sdk_mb_s": size_mb / sdk_s,
        "ratio": sdk_s / ours_s,
        "same": float(same_content(ours, theirs)),
    }


def main(total_mb: float = 20.0, repeats: int = 5) -> dict[str, float]:
    r = measure(total_mb, repeats)
    print(
        f"stream decode+accumulate, {r['size_mb']:.1f} MB / {r['events']:.0f} events, median of {repeats}: "
        f"parley {r['parley_mb_s']:.1f} MB/s | anthropic SDK {r['sdk_mb_s']:.1f} MB/s | "
        f"ratio {r['ratio']:.2f}x (target >= 1.0x) | same final messages: {bool(r['same'])}"
    )
    return r


if __name__ == "__main__":
    main()
