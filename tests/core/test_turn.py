"""The live-turn record: one definition of time to first token, thinking spans, text so far, a
retry that starts the message over, and what a finished or failed turn returns."""

from __future__ import annotations

from parley.core.events import (
    BlockStart,
    BlockStop,
    InputJsonDelta,
    MessageDelta,
    MessageStart,
    MessageStop,
    SignatureDelta,
    TextDelta,
    ThinkingDelta,
)
from parley.core.turn import LiveTurn, TurnOutcome


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_time_to_first_token_is_the_first_content_delta_after_the_request() -> None:
    clock = Clock()
    live = LiveTurn(clock)  # the request is sent at 100
    live.new_attempt()
    clock.now = 100.5
    live.observe(MessageStart({"content": []}))
    live.observe(BlockStart(0, {"type": "thinking", "thinking": "", "signature": ""}))
    assert live.ttft_s is None  # a block starting is not a token
    clock.now = 101.25
    live.observe(SignatureDelta(0, "sig"))  # omitted thinking: the signature is the first token
    assert live.ttft_s == 1.25
    clock.now = 102.0
    live.observe(BlockStop(0))
    live.observe(BlockStart(1, {"type": "text", "text": ""}))
    live.observe(TextDelta(1, "Hi"))
    assert live.ttft_s == 1.25  # it does not move
    assert live.thinking_omitted
    assert live.thinking_s == 1.5  # the thinking block's span, start to stop
    assert live.text() == "Hi"


def test_thinking_asked_to_be_hidden_is_known_as_hidden_while_it_runs() -> None:
    for hidden in (True, False):
        live = LiveTurn(Clock(), thinking_hidden=hidden)
        live.new_attempt()
        live.observe(MessageStart({"content": []}))
        assert not live.thinking_omitted  # no thinking yet
        live.observe(BlockStart(0, {"type": "thinking", "thinking": "", "signature": ""}))
        assert live.thinking_open
        assert live.thinking_omitted is hidden  # display "omitted" was asked for: no summary will come


def test_thinking_spans_add_up_and_an_open_block_counts_to_now() -> None:
    clock = Clock()
    live = LiveTurn(clock)
    live.new_attempt()
    live.observe(MessageStart({"content": []}))
    assert live.thinking_s is None
    live.observe(BlockStart(0, {"type": "thinking", "thinking": "", "signature": ""}))
    clock.now = 102
    live.observe(ThinkingDelta(0, "hmm"))
    assert live.thinking_open
    assert live.thinking_s == 2
    live.observe(BlockStop(0))
    live.observe(BlockStart(1, {"type": "tool_use", "id": "t", "name": "x", "input": {}}))
    live.observe(InputJsonDelta(1, "{}"))
    live.observe(BlockStop(1))
    clock.now = 105
    live.observe(BlockStart(2, {"type": "thinking", "thinking": "", "signature": ""}))
    clock.now = 106
    live.observe(BlockStop(2))
    assert live.thinking_s == 3  # 2 s + 1 s: the pause between them is not thinking
    assert live.thinking_parts == ["hmm"]
    assert not live.thinking_omitted or 2 not in live.thinking_shown


def test_text_joins_once_per_change_and_versions_move_with_events() -> None:
    live = LiveTurn(Clock())
    live.new_attempt()
    live.observe(MessageStart({"content": []}))
    live.observe(BlockStart(0, {"type": "text", "text": ""}))
    before = live.version
    for piece in ("a", "b", "c"):
        live.observe(TextDelta(0, piece))
    assert live.version == before + 3
    assert live.text() == "abc"
    live.observe(TextDelta(0, "d"))
    assert live.text() == "abcd"
    assert live.output_chars == 4


def test_a_retry_starts_the_message_over_but_keeps_the_start() -> None:
    clock = Clock()
    live = LiveTurn(clock)
    live.new_attempt()
    live.observe(MessageStart({"content": []}))
    clock.now = 103
    live.new_attempt()
    assert live.attempts == 2
    assert not live.started
    assert live.started_at == 100  # a user waited through the retry: it counts
    live.observe(MessageStart({"content": []}))
    live.observe(BlockStart(0, {"type": "text", "text": ""}))
    live.observe(TextDelta(0, "ok"))
    live.observe(MessageDelta({"stop_reason": "end_turn"}, {"output_tokens": 3}, None))
    live.observe(MessageStop())
    live.finish()
    assert live.done
    assert live.ttft_s == 3
    assert live.usage == {"output_tokens": 3}
    assert live.message()["content"] == [{"type": "text", "text": "ok"}]


def test_an_outcome_carries_a_failure_and_the_rollback() -> None:
    done = TurnOutcome(
        "c", "m", None, {"content": [{"type": "text", "text": "x"}], "stop_reason": "end_turn"}, None, 0.1, 1.0, 0.0
    )
    assert not done.failed
    assert done.text == "x"
    assert done.stop_reason == "end_turn"
    failed = TurnOutcome("c", "m", None, {}, None, None, 0.0, None, error=ValueError("boom"), rolled_back=True)  # type: ignore[arg-type]
    assert failed.failed
    assert failed.rolled_back
    assert failed.stop_reason is None
