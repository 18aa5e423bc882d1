"""The client against the fake API on loopback: streaming, errors, retries, faults, cancellation."""

from __future__ import annotations

import asyncio
import json

import pytest

from parley.core import errors as E
from parley.core.client import MessagesClient, RetryPolicy
from parley.core.endpoint import Endpoint
from parley.core.events import TextDelta
from parley.core.request import PreparedRequest
from parley.core.turn import LiveTurn
from tests.conftest import STREAMS, run
from tests.fakeapi import (
    DEFAULT_KEY,
    Reply,
    error_event_reply,
    error_reply,
    html_reply,
    message_events,
    refusal_reply,
    sse_file_reply,
    text_reply,
)

MODEL = "claude-sonnet-4-6"


def body(model: str = MODEL, **extra) -> PreparedRequest:
    hi = [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]
    b = {"model": model, "max_tokens": 1024, "messages": hi, "stream": True, **extra}
    return PreparedRequest(b)


class Sleeps:
    """A fake clock for retries: records each requested delay instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def stream_once(client: MessagesClient, prepared: PreparedRequest | None = None, **kw):
    """Stream once; pass ``live=LiveTurn()`` to read what arrived after a failure."""

    async def go():
        async with client:
            return await client.stream(prepared or body(), **kw)

    return run(go())


def test_streams_text_with_the_right_headers(fake_api, make_client):
    seen: list[str] = []
    result = stream_once(make_client(), on_event=lambda e, live: seen.append(e.text) if isinstance(e, TextDelta) else 0)
    assert "".join(seen) == "You said: hi" == result.message()["content"][0]["text"]
    req = fake_api.messages_requests()[0]
    assert req.headers["x-api-key"] == DEFAULT_KEY
    assert "authorization" not in req.headers
    assert req.headers["anthropic-version"] == "2023-06-01"
    assert req.headers["content-type"] == "application/json"
    assert result.request_id
    assert result.request_id.startswith("req_fake")
    assert result.ttft_s is not None
    assert result.attempts == 1


def test_bearer_auth_sends_only_authorization(fake_api, make_client):
    stream_once(make_client(auth="bearer", api_version="2026-10-21"))
    req = fake_api.messages_requests()[0]
    assert req.headers["authorization"] == f"Bearer {DEFAULT_KEY}"
    assert "x-api-key" not in req.headers
    assert req.headers["anthropic-version"] == "2026-10-21"


def test_reference_streams_replayed_over_http_in_small_chunks(fake_api, make_client):
    for name, chunk in (("02-thinking-summarized-then-text.sse", 7), ("04-tool-use.sse", 1)):
        fake_api.script(sse_file_reply(STREAMS / name, chunk=chunk))
        result = stream_once(make_client())
        assert result.message()["stop_reason"] in ("end_turn", "tool_use")
    assert result.message()["content"][1]["input"] == {"location": "San Francisco, CA"}


@pytest.mark.parametrize(
    "reason",
    [
        "end_turn",
        "max_tokens",
        "stop_sequence",
        "tool_use",
        "pause_turn",
        "model_context_window_exceeded",
        "compaction",
    ],
)
def test_every_stop_reason_is_surfaced(fake_api, make_client, reason):
    fake_api.script(text_reply(MODEL, "partial", stop_reason=reason))
    assert stream_once(make_client()).message()["stop_reason"] == reason


def test_refusal_carries_category(fake_api, make_client):
    fake_api.script(refusal_reply(MODEL, category="bio", explanation=None))
    m = stream_once(make_client()).message()
    assert m["stop_reason"] == "refusal"
    assert m["stop_details"] == {"type": "refusal", "category": "bio", "explanation": None}


STATUS_CASES = [
    (400, "invalid_request_error", E.InvalidRequest, False),
    (401, "authentication_error", E.AuthError, False),
    (402, "billing_error", E.BillingError, False),
    (403, "permission_error", E.PermissionDenied, False),
    (404, "not_found_error", E.NotFound, False),
    (408, "timeout_error", E.ServerError, True),
    (409, "conflict_error", E.ServerError, True),
    (413, "request_too_large", E.RequestTooLarge, False),
    (429, "rate_limit_error", E.RateLimited, True),
    (500, "api_error", E.ServerError, True),
    (503, "api_error", E.ServerError, True),
    (504, "timeout_error", E.ServerError, True),
    (529, "overloaded_error", E.Overloaded, True),
]


@pytest.mark.parametrize(("status", "kind", "cls", "retried"), STATUS_CASES)
def test_every_error_status(fake_api, make_client, status, kind, cls, retried):
    fake_api.script(*[error_reply(status, kind, f"boom {status}") for _ in range(3)])
    sleeps = Sleeps()
    with pytest.raises(cls) as info:
        stream_once(make_client(sleep=sleeps))
    err = info.value
    assert err.status == status
    assert err.error_type == kind
    assert f"boom {status}" in err.user_message
    assert err.request_id == "req_fake_err"
    assert "req_fake_err" in err.user_message
    assert len(fake_api.messages_requests()) == (3 if retried else 1)
    assert len(sleeps.delays) == (2 if retried else 0)


def test_retry_after_is_honoured_and_a_longer_wait_is_left_to_the_user(fake_api, make_client):
    fake_api.script(
        error_reply(429, "rate_limit_error", "slow down", retry_after=3),
        error_reply(529, "overloaded_error", "busy", retry_after=120),  # > 60 s: not waited for
    )
    sleeps = Sleeps()
    with pytest.raises(E.Overloaded) as info:
        stream_once(make_client(sleep=sleeps, rand=lambda: 0.0))
    assert sleeps.delays == [3.0]  # the server's word; then it asked for longer than Parley waits
    assert "asked to wait 120 s" in info.value.user_message
    assert len(fake_api.messages_requests()) == 2


def test_backoff_is_capped_and_jittered():
    policy = RetryPolicy(max_retries=10)
    assert [policy.delay(n, None, 0.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert policy.delay(3, None, 1.0) == 3.0  # 4 s less 25 % jitter
    assert policy.delay(0, 0.25, 0.0) == 0.25  # the server's word, however short
    assert policy.delay(0, 60, 0.0) == 60
    assert policy.delay(0, 61, 0.0) is None  # longer than Parley waits: the user decides


def test_spend_cap_429_is_never_retried(fake_api, make_client):
    fake_api.script(error_reply(429, "rate_limit_error", "spend limit", error_code="enforced_spend_limit_reached"))
    with pytest.raises(E.RateLimited) as info:
        stream_once(make_client(sleep=Sleeps()))
    assert info.value.spend_cap
    assert "spend limit" in info.value.user_message
    assert len(fake_api.messages_requests()) == 1


def test_x_should_retry_false_wins(fake_api, make_client):
    reply = error_reply(500, "api_error", "nope")
    reply.headers["x-should-retry"] = "false"
    fake_api.script(reply)
    with pytest.raises(E.ServerError):
        stream_once(make_client(sleep=Sleeps()))
    assert len(fake_api.messages_requests()) == 1


def test_invalid_version_names_the_setting(fake_api, make_client):
    fake_api.script(
        error_reply(
            400, "invalid_request_error", 'anthropic-version: "2026-10-21" is not a valid version', shape="openai"
        )
    )
    with pytest.raises(E.VersionNotAccepted) as info:
        stream_once(make_client())
    assert "API version" in info.value.user_message
    assert "Settings" in info.value.user_message
    assert info.value.request_id == "2026112400000000001"  # from the (tid: …) suffix, which is stripped
    assert "(tid:" not in info.value.user_message


def test_real_validation_errors_come_back_verbatim(fake_api, make_client):
    with pytest.raises(E.InvalidRequest, match="does not support assistant message prefill"):
        stream_once(
            make_client(),
            PreparedRequest(
                {
                    "model": MODEL,
                    "max_tokens": 100,
                    "stream": True,
                    "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
                }
            ),
        )


def test_key_never_appears_in_errors(fake_api, make_client):
    key = "sk-ant-secret-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
    fake_api.keys.add(key)
    try:
        fake_api.script(error_reply(401, "authentication_error", f"invalid x-api-key {key} / {key[:20]}…"))
        with pytest.raises(E.AuthError) as info:
            stream_once(make_client(key=key))
        assert key not in info.value.user_message
        assert key[:20] not in info.value.user_message
        assert "Check the key for this endpoint" in info.value.user_message
    finally:
        fake_api.keys.discard(key)


def test_wrong_key_is_an_auth_error(fake_api, make_client):
    with pytest.raises(E.AuthError, match="invalid x-api-key"):
        stream_once(make_client(key="sk-wrong-key-000000"))


def test_error_event_after_200_keeps_partial_and_is_not_retried(fake_api, make_client):
    fake_api.script(error_event_reply(MODEL, partial="Hel"))
    live = LiveTurn()
    with pytest.raises(E.Overloaded):
        stream_once(make_client(sleep=Sleeps()), live=live)
    assert live.message()["content"][0]["text"] == "Hel"
    assert len(fake_api.messages_requests()) == 1


def test_cut_stream_keeps_partial_and_is_not_retried(fake_api, make_client):
    fake_api.script(
        Reply(
            events=message_events(MODEL, [{"type": "text", "text": "abcdefghijklmnopqrstuvwxyz"}], piece=5), cut_after=5
        )
    )
    live = LiveTurn()
    with pytest.raises(E.StreamCut) as info:
        stream_once(make_client(sleep=Sleeps()), live=live)
    assert live.message()["content"][0]["text"] == "abcdefghijklmno"  # 3 deltas of 5
    assert "What arrived is kept" in info.value.user_message
    assert len(fake_api.messages_requests()) == 1


def test_cut_before_anything_streamed_is_retried(fake_api, make_client):
    fake_api.script(
        Reply(events=message_events(MODEL, [{"type": "text", "text": "x"}]), cut_after=0),
        text_reply(MODEL, "second try"),
    )
    result = stream_once(make_client(sleep=Sleeps()))
    assert result.message()["content"][0]["text"] == "second try"
    assert result.attempts == 2


def test_stall_longer_than_read_timeout(fake_api, make_client):
    fake_api.script(
        Reply(
            events=message_events(MODEL, [{"type": "text", "text": "before the stall"}], piece=100),
            stall_after=3,
            stall_for=3.0,
        )
    )
    live = LiveTurn()
    with pytest.raises(E.TimedOut):
        stream_once(make_client(read_timeout=0.5, sleep=Sleeps()), live=live)
    assert live.message()["content"][0]["text"] == "before the stall"


def test_malformed_sse_is_a_typed_error(fake_api, make_client):
    raw = (STREAMS / "01-plain-text.sse").read_bytes().replace(b'"text": "!"', b'"text": !!!')
    fake_api.script(Reply(raw=raw))
    live = LiveTurn()
    with pytest.raises(E.MalformedResponse):
        stream_once(make_client(), live=live)
    assert live.message()["content"][0]["text"] == "Hello"


def test_html_error_pages(fake_api, make_client):
    fake_api.script(*[html_reply(502) for _ in range(3)])
    with pytest.raises(E.ServerError, match="gateway error page"):
        stream_once(make_client(sleep=Sleeps()))
    assert len(fake_api.messages_requests()) == 3  # a gateway's 502 page is transient: retried
    fake_api.reset()
    fake_api.script(html_reply(403))
    with pytest.raises(E.MalformedResponse, match="web page"):
        stream_once(make_client())


def test_base_url_that_is_not_an_api(fake_api, make_client):
    fake_api.not_an_api = True
    with pytest.raises(E.MalformedResponse, match="Check the base URL"):
        stream_once(make_client())


def test_200_with_html_instead_of_a_stream(fake_api, make_client):
    fake_api.script(
        Reply(raw=b"<html><body>captive portal</body></html>", content_type="text/html", skip_validation=True)
    )
    with pytest.raises(E.MalformedResponse, match="not a Messages API stream"):
        stream_once(make_client())


def test_proxy_that_ignores_stream_true_still_works(fake_api, make_client):
    message = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": [{"type": "text", "text": "whole"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 3, "output_tokens": 1},
    }
    fake_api.script(Reply(raw=json.dumps(message).encode(), content_type="application/json"))
    result = stream_once(make_client())
    assert result.message()["content"] == [{"type": "text", "text": "whole"}]
    assert result.message()["stop_reason"] == "end_turn"


def test_connection_refused_is_a_network_error_after_retries(fake_api):
    client = MessagesClient(Endpoint("http://127.0.0.1:9"), DEFAULT_KEY, trust_env=False, sleep=Sleeps())
    with pytest.raises(E.NetworkError, match=r"Could not reach 127\.0\.0\.1:9"):
        stream_once(client)


def test_cancel_closes_the_connection_once_and_client_stays_usable(fake_api, make_client):
    fake_api.script(Reply(events=message_events(MODEL, [{"type": "text", "text": "x" * 400}], piece=4), delay=0.02))
    first = asyncio.Event()

    async def go():
        client = make_client()
        async with client:
            task = asyncio.create_task(client.stream(body(), on_event=lambda e, live: first.set()))
            await first.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            opened = fake_api.connections_opened
            again = await client.stream(body())  # the client is still usable afterwards
            return opened, again

    opened, again = run(go())
    assert again.message()["content"][0]["text"] == "You said: hi"
    cancelled = fake_api.messages_requests()[0]
    fake_api.wait_until(lambda: cancelled.finished is not None)
    assert cancelled.disconnected
    assert cancelled.events_sent < 50
    assert fake_api.connections_opened == opened + 1  # the cancelled connection was not reused
    fake_api.wait_until(lambda: fake_api.connections_closed >= 1)


def test_list_models_pages_and_both_shapes(fake_api, make_client):
    async def go(limit):
        async with make_client() as client:
            return await client.list_models(page_size=limit)

    listing = run(go(2))
    assert [m["id"] for m in listing] == [
        "claude-opus-4-7",
        "claude-opus-4-6",
        "claude-sonnet-4-6",
        "claude-sonnet-4-5",
        "claude-haiku-4-5",
    ]
    assert len([r for r in fake_api.requests if r.path == "/v1/models"]) == 3
    fake_api.models_style = "openai"
    assert "gpt-4o-mini" in [m["id"] for m in run(go(1000))]


def test_count_tokens(fake_api, make_client):
    async def go():
        async with make_client() as client:
            return await client.count_tokens(body().body)

    assert run(go()) > 0
    sent = next(r for r in fake_api.requests if r.path == "/v1/messages/count_tokens").body
    assert "max_tokens" not in sent
    assert "stream" not in sent
