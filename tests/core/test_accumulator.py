"""The accumulator builds the final message with the official SDKs' semantics (reference §3.2)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.core.accumulator import Accumulator, SaveMark
from parley.core.errors import MalformedResponse, Overloaded
from parley.core.events import (
    BlockStart,
    BlockStop,
    MessageDelta,
    MessageStart,
    MessageStop,
    SignatureDelta,
    TextDelta,
    ThinkingDelta,
    UnknownDelta,
    parse_event,
)
from parley.core.sse import ServerSentEvent, SSEDecoder
from tests.conftest import STREAMS


def accumulate(raw: bytes, cuts: list[int] | None = None) -> Accumulator:
    decoder, acc = SSEDecoder(), Accumulator()
    start = 0
    for p in [*sorted(set(cuts or [])), len(raw)]:
        for sse in decoder.feed(raw[start:p]):
            event = parse_event(sse)
            if event is not None:
                acc.apply(event)
        start = p
    return acc


def stream(name: str) -> bytes:
    return (STREAMS / name).read_bytes()


def test_plain_text_stream():
    acc = accumulate(stream("01-plain-text.sse"))
    assert acc.done
    m = acc.message
    assert m["content"] == [{"type": "text", "text": "Hello!"}]
    assert m["stop_reason"] == "end_turn"
    assert m["usage"] == {"input_tokens": 25, "output_tokens": 15}  # output overwritten, not summed


def test_summarized_thinking_then_text_without_usage():
    m = accumulate(stream("02-thinking-summarized-then-text.sse")).message
    thinking, text = m["content"]
    assert thinking["type"] == "thinking"
    assert thinking["thinking"].startswith("I need to find the GCD")
    assert thinking["thinking"].endswith("= 21")
    assert thinking["signature"] == "EqQBCgIYAhIM1gbcDa9GJwZA2b..."
    assert text == {"type": "text", "text": "The greatest common divisor of 1071 and 462 is **21**."}
    assert m["usage"] == {}  # the doc example omits usage; parse leniently


def test_omitted_thinking_keeps_empty_text_and_signature():
    m = accumulate(stream("03-thinking-omitted-then-text.sse")).message
    assert m["content"][0] == {"type": "thinking", "thinking": "", "signature": "EosnCkYICxIMMb3LzNrMu..."}
    assert m["usage"]["output_tokens"] == 312


def test_tool_use_input_parsed_at_block_stop():
    m = accumulate(stream("04-tool-use.sse")).message
    assert m["stop_reason"] == "tool_use"
    assert m["content"][1] == {
        "type": "tool_use",
        "id": "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
        "name": "get_weather",
        "input": {"location": "San Francisco, CA"},
    }


def test_error_event_after_200_raises_typed_error_and_keeps_partial():
    decoder, acc = SSEDecoder(), Accumulator()
    events = decoder.feed(stream("05-error-midstream.sse"))
    for sse in events[:-1]:
        event = parse_event(sse)
        if event is not None:
            acc.apply(event)
    with pytest.raises(Overloaded) as info:
        parse_event(events[-1])
    assert info.value.status is None
    assert info.value.error_type == "overloaded_error"
    assert acc.text() == "Hello"
    assert not acc.done


def test_refusal_keeps_stop_details():
    m = accumulate(stream("06-refusal.sse")).message
    assert m["stop_reason"] == "refusal"
    assert m["stop_details"]["category"] == "cyber"


def test_signature_replaces_rather_than_appends():
    acc = Accumulator()
    acc.apply(MessageStart({"id": "m", "content": [], "usage": {}}))
    acc.apply(BlockStart(0, {"type": "thinking", "thinking": "", "signature": ""}))
    acc.apply(SignatureDelta(0, "first"))
    acc.apply(SignatureDelta(0, "second"))
    acc.apply(BlockStop(0))
    assert acc.snapshot()["content"][0]["signature"] == "second"


def test_usage_fields_overwrite_when_present_never_sum():
    acc = Accumulator()
    acc.apply(
        MessageStart(
            {"id": "m", "content": [], "usage": {"input_tokens": 10, "output_tokens": 1, "cache_read_input_tokens": 5}}
        )
    )
    acc.apply(MessageDelta({"stop_reason": None}, {"output_tokens": 7}, None))
    acc.apply(
        MessageDelta(
            {"stop_reason": "end_turn"},
            {"output_tokens": 9, "input_tokens": 12, "output_tokens_details": {"thinking_tokens": 4}},
            None,
        )
    )
    usage = acc.snapshot()["usage"]
    assert usage == {
        "input_tokens": 12,
        "output_tokens": 9,
        "cache_read_input_tokens": 5,
        "output_tokens_details": {"thinking_tokens": 4},
    }


def test_unknown_events_deltas_and_mismatched_deltas_are_ignored():
    events = [
        ServerSentEvent("message_start", json.dumps({"type": "message_start", "message": {"content": []}})),
        ServerSentEvent("brand_new_event", "{}"),
        ServerSentEvent("ping", "{}"),
        ServerSentEvent(
            "content_block_start",
            json.dumps({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
        ),
        ServerSentEvent(
            "content_block_delta",
            json.dumps({"type": "content_block_delta", "index": 0, "delta": {"type": "future_delta", "x": 1}}),
        ),
        ServerSentEvent(
            "content_block_delta",
            json.dumps(
                {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "no"}}
            ),
        ),
        ServerSentEvent(
            "content_block_delta",
            json.dumps({"type": "content_block_delta", "index": 5, "delta": {"type": "text_delta", "text": "nowhere"}}),
        ),
        ServerSentEvent(
            "content_block_delta",
            json.dumps({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "yes"}}),
        ),
        ServerSentEvent("content_block_stop", json.dumps({"type": "content_block_stop", "index": 0})),
        ServerSentEvent("message_stop", "{}"),
    ]
    acc = Accumulator()
    parsed = [parse_event(e) for e in events]
    assert any(isinstance(p, UnknownDelta) for p in parsed)
    for p in parsed:
        if p is not None:
            acc.apply(p)
    assert acc.done
    assert acc.message["content"] == [{"type": "text", "text": "yes"}]


def test_events_before_message_start_are_skipped_not_fatal():
    acc = Accumulator()
    early = [BlockStart(0, {"type": "text", "text": "x"}), TextDelta(0, "lost"), BlockStop(0), MessageStop()]
    assert not any(acc.accepts(e) for e in early)
    for event in early:
        acc.apply(event)
    assert not acc.started
    assert not acc.done
    assert acc.accepts(MessageStart({"content": []}))
    acc.apply(MessageStart({"content": []}))
    acc.apply(MessageStop())
    assert acc.done
    assert acc.message["content"] == []


def test_second_message_start_is_an_order_error():
    acc = Accumulator()
    acc.apply(MessageStart({"content": []}))
    with pytest.raises(MalformedResponse):
        acc.apply(MessageStart({"content": []}))


def test_bad_json_in_data_is_a_typed_error():
    with pytest.raises(MalformedResponse):
        parse_event(ServerSentEvent("content_block_delta", "{not json"))


def test_snapshot_mid_stream_shows_text_so_far_and_is_a_copy():
    acc = Accumulator()
    acc.apply(MessageStart({"content": []}))
    acc.apply(BlockStart(0, {"type": "thinking", "thinking": "", "signature": ""}))
    acc.apply(ThinkingDelta(0, "hmm"))
    snap = acc.snapshot()
    assert snap["content"][0]["thinking"] == "hmm"
    snap["content"][0]["thinking"] = "changed"
    acc.apply(ThinkingDelta(0, " more"))
    acc.apply(BlockStop(0))
    acc.apply(BlockStart(1, {"type": "text", "text": ""}))
    acc.apply(TextDelta(1, "a"))
    acc.apply(MessageStop())
    assert acc.message["content"][0]["thinking"] == "hmm more"
    assert acc.thinking() == "hmm more"
    assert acc.text() == "a"


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_chunking_yields_the_same_final_message(data):
    for path in sorted(STREAMS.glob("*.sse")):
        if path.name.startswith("05"):
            continue  # ends in an error event; covered above
        raw = path.read_bytes()
        cuts = data.draw(st.lists(st.integers(0, len(raw)), max_size=60), label=path.name)
        assert accumulate(raw, cuts).message == accumulate(raw).message, path.name


@pytest.mark.parametrize(
    "name",
    [
        "01-plain-text.sse",
        "02-thinking-summarized-then-text.sse",
        "03-thinking-omitted-then-text.sse",
        "04-tool-use.sse",
    ],
)
@given(every=st.integers(min_value=1, max_value=7))
@settings(max_examples=15, deadline=None)
def test_saved_progress_replays_to_the_message_so_far_at_every_save(name: str, every: int) -> None:
    """What a streaming reply saves each second (only what is new) adds up to its content so far."""
    from parley.core.history.messages import replay_progress

    decoder, acc = SSEDecoder(), Accumulator()
    saved = SaveMark()
    steps: list[list] = []
    events = [e for sse in decoder.feed(stream(name)) if (e := parse_event(sse)) is not None]
    for n, event in enumerate(events, 1):
        try:
            acc.apply(event)
        except Exception:  # (an error event ends a stream: what came before is what counts)
            break
        if n % every == 0:
            steps += acc.progress(saved)
            assert replay_progress(json.loads(json.dumps(steps))) == acc.snapshot()["content"]
    steps += acc.progress(saved)
    assert replay_progress(json.loads(json.dumps(steps))) == acc.snapshot()["content"]


def test_a_save_costs_what_is_new_not_the_whole_reply() -> None:
    acc = Accumulator()
    acc.apply(
        parse_event(
            ServerSentEvent(
                "message_start",
                json.dumps(
                    {
                        "type": "message_start",
                        "message": {
                            "id": "m",
                            "type": "message",
                            "role": "assistant",
                            "content": [],
                            "model": "x",
                            "usage": {},
                        },
                    }
                ),
            )
        )
    )
    acc.apply(
        parse_event(
            ServerSentEvent(
                "content_block_start",
                json.dumps({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
            )
        )
    )
    saved = SaveMark()
    for _ in range(2000):  # a long answer so far
        acc.apply(TextDelta(0, "x" * 500))
    acc.progress(saved)
    acc.apply(TextDelta(0, "new words"))
    assert acc.progress(saved) == [["add", 0, "text", "new words"]]
    assert acc.progress(saved) == []  # nothing new: nothing to save
