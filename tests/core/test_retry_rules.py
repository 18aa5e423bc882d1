"""Retries and stream rules as the official SDK (2.17) applies them, against the fake API.

The SDK's rules (``_base_client.py``): ``retry-after-ms``, then ``retry-after`` (seconds or an HTTP
date) on every retried status; ``x-should-retry`` decides when present, also for a connection that
dropped after the headers came; an ``error`` event inside a 200 stream is raised, never retried.
Parley adds: a spend cap (two error codes) is never retried, and a wait over 60 s is left to the user.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from parley.core import errors as E
from parley.core.turn import LiveTurn
from tests.core.test_client import MODEL, Sleeps, stream_once
from tests.fakeapi import Reply, cut_tool_call_reply, error_reply, message_events, text_reply
from tests.fakeapi.replies import encode_events


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (408, "timeout_error"),
        (409, "conflict_error"),
        (429, "rate_limit_error"),
        (503, "api_error"),
        (529, "overloaded_error"),
    ],
)
def test_retry_after_is_honoured_on_every_retried_status(fake_api, make_client, status, kind):
    fake_api.script(error_reply(status, kind, "wait", retry_after=1), text_reply(MODEL, "ok"))
    sleeps = Sleeps()
    result = stream_once(make_client(sleep=sleeps, rand=lambda: 1.0))
    assert sleeps.delays == [1.0]  # not the 0.375 s of backoff
    assert result.attempts == 2


def test_retry_after_ms_comes_first(fake_api, make_client):
    reply = error_reply(529, "overloaded_error", "busy", retry_after=9)
    reply.headers["retry-after-ms"] = "1500"
    fake_api.script(reply, text_reply(MODEL, "ok"))
    sleeps = Sleeps()
    stream_once(make_client(sleep=sleeps))
    assert sleeps.delays == [1.5]


def test_retry_after_as_an_http_date_is_compared_with_the_given_clock(fake_api, make_client):
    now = datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC)
    reply = error_reply(503, "api_error", "later")
    reply.headers["retry-after"] = format_datetime(datetime(2026, 12, 5, 12, 0, 7, tzinfo=UTC), usegmt=True)
    fake_api.script(reply, text_reply(MODEL, "ok"))
    sleeps = Sleeps()
    stream_once(make_client(sleep=sleeps, wall_clock=now.timestamp))
    assert sleeps.delays == [7.0]


@pytest.mark.parametrize(
    ("code", "words"),
    [("enforced_spend_limit_reached", "monthly spend limit"), ("contract_spend_limit_reached", "contract")],
)
def test_spend_caps_are_never_retried_and_say_so(fake_api, make_client, code, words):
    fake_api.script(error_reply(429, "rate_limit_error", "limit reached", error_code=code, retry_after=1))
    sleeps = Sleeps()
    with pytest.raises(E.RateLimited) as info:
        stream_once(make_client(sleep=sleeps))
    assert info.value.spend_cap
    assert words in info.value.user_message
    assert sleeps.delays == []
    assert len(fake_api.messages_requests()) == 1


def test_a_drop_after_headers_that_said_do_not_retry_is_not_retried(fake_api, make_client):
    dropped = Reply(events=message_events(MODEL, [{"type": "text", "text": "x"}]), cut_after=0)
    dropped.headers["x-should-retry"] = "false"
    fake_api.script(dropped, text_reply(MODEL, "second try"))
    with pytest.raises(E.ParleyError):
        stream_once(make_client(sleep=Sleeps()))
    assert len(fake_api.messages_requests()) == 1


def test_a_drop_after_headers_is_retried_when_the_server_allows_it(fake_api, make_client):
    dropped = Reply(events=message_events(MODEL, [{"type": "text", "text": "x"}]), cut_after=0)
    dropped.headers["x-should-retry"] = "true"
    fake_api.script(dropped, text_reply(MODEL, "second try"))
    result = stream_once(make_client(sleep=Sleeps()))
    assert result.message()["content"][0]["text"] == "second try"


def test_an_error_event_is_not_retried_even_as_the_first_event(fake_api, make_client):
    fake_api.script(
        Reply(events=[("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})]),
        text_reply(MODEL, "never asked for"),
    )
    sleeps = Sleeps()
    with pytest.raises(E.Overloaded):
        stream_once(make_client(sleep=sleeps))
    assert sleeps.delays == []
    assert len(fake_api.messages_requests()) == 1


def test_a_stream_whose_last_event_has_no_blank_line_is_accepted(fake_api, make_client):
    raw = b"".join(encode_events(message_events(MODEL, [{"type": "text", "text": "complete"}])))
    for ending in (raw[:-1], raw[:-2]):  # "…}\n" and "…}": the message_stop without its blank line
        fake_api.script(Reply(raw=ending, chunk=5))
        result = stream_once(make_client(sleep=Sleeps()))
        assert result.message()["content"] == [{"type": "text", "text": "complete"}]
        assert result.message()["stop_reason"] == "end_turn"


def test_a_stream_cut_inside_its_last_event_is_still_a_cut(fake_api, make_client):
    raw = b"".join(encode_events(message_events(MODEL, [{"type": "text", "text": "complete"}])))
    fake_api.script(Reply(raw=raw[:-12]))  # inside message_stop's data
    live = LiveTurn()
    with pytest.raises(E.StreamCut):
        stream_once(make_client(sleep=Sleeps()), live=live)
    assert live.message()["content"][0]["text"] == "complete"


def test_events_before_message_start_are_skipped_over_http(fake_api, make_client):
    events = message_events(MODEL, [{"type": "text", "text": "after the start"}])
    early = [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "content_block_delta",
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}},
        ),
    ]
    fake_api.script(Reply(events=early + events))
    seen = []
    result = stream_once(make_client(), on_event=lambda e, live: seen.append(type(e).__name__))
    assert result.message()["content"] == [{"type": "text", "text": "after the start"}]
    assert seen[0] == "MessageStart"  # the early events never reach the caller


def test_max_tokens_inside_a_tool_call_completes_with_the_partial_input(fake_api, make_client):
    partial = '{"command": "create", "path": "notes.md", "file_text": "# Ti'
    fake_api.script(cut_tool_call_reply(MODEL, "Writing it.", partial))
    result = stream_once(make_client())
    assert result.message()["stop_reason"] == "max_tokens"
    assert result.message()["content"][1]["input"] == {"command": "create", "path": "notes.md"}
