"""The fault matrix shared by the CLI and GUI tests: each fault the network or a server can throw at
Parley, how to stage it against the fake API, and what the user must be told."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import STREAMS
from tests.fakeapi import FakeAPI, Reply, error_event_reply, error_reply, html_reply, message_events
from tests.proxies import TlsFront, self_signed_certificate

MODEL = "claude-haiku-4-5"
TLS = "tls"
PARTIAL = "The first part of the answer"


@dataclass(frozen=True)
class Fault:
    name: str
    stage: Callable[[FakeAPI], None]
    says: tuple[str, ...]  # words the user is told (all of them), any case
    requests: int = 1  # how many requests reach the server: more than one only where a retry is safe
    kept: str | None = None  # text arrived before the fault: the saved reply starts with this, marked
    base_url: str | None = None  # a different endpoint (DNS, TLS, not an API)
    read_timeout: float | None = None


def _script(*replies: Reply) -> Callable[[FakeAPI], None]:
    return lambda api: api.script(*replies)


def _partial_events(**kw: object) -> Reply:
    events = message_events(MODEL, [{"type": "text", "text": PARTIAL + " and the rest that never came"}], piece=7)
    return Reply(events=events, **kw)  # type: ignore[arg-type]


def _not_an_api(api: FakeAPI) -> None:
    api.not_an_api = True


def _malformed(api: FakeAPI) -> None:
    raw = (STREAMS / "01-plain-text.sse").read_bytes().replace(b'"text": "!"', b'"text": !!!')
    api.script(Reply(raw=raw))


FAULTS = [
    Fault(
        "400",
        _script(error_reply(400, "invalid_request_error", "messages.0.content: field required (verbatim)")),
        ("messages.0.content: field required (verbatim)",),
    ),
    Fault("401", _script(error_reply(401, "authentication_error", "invalid x-api-key")), ("key",)),
    Fault(
        "403",
        _script(error_reply(403, "permission_error", "Your key may not use this model")),
        ("Your key may not use this model",),
    ),
    Fault("404", _script(error_reply(404, "not_found_error", "model: claude-nope")), ("model",)),
    Fault(
        "413",
        _script(error_reply(413, "request_too_large", "Request exceeds the maximum allowed size")),
        ("too large",),
    ),
    Fault(
        "429-retry-after",
        _script(
            error_reply(429, "rate_limit_error", "slow down", retry_after=0.2),
            error_reply(429, "rate_limit_error", "slow down", retry_after=0.2),
            error_reply(429, "rate_limit_error", "slow down", retry_after=0.2),
        ),
        ("rate limit",),
        requests=3,
    ),
    Fault(
        "429-no-retry-after",
        _script(*[error_reply(429, "rate_limit_error", "slow down") for _ in range(3)]),
        ("rate limit",),
        requests=3,
    ),
    Fault(
        "429-spend-cap",
        _script(
            error_reply(
                429, "rate_limit_error", "You have reached your spend limit", error_code="enforced_spend_limit_reached"
            )
        ),
        ("spend limit",),
    ),
    Fault(
        "500",
        _script(*[error_reply(500, "api_error", "Internal server error") for _ in range(3)]),
        ("server",),
        requests=3,
    ),
    Fault(
        "529",
        _script(*[error_reply(529, "overloaded_error", "Overloaded") for _ in range(3)]),
        ("overloaded",),
        requests=3,
    ),
    Fault(
        "error-event-after-200",
        _script(error_event_reply(MODEL, partial=PARTIAL)),
        ("overloaded", "try again"),
        kept="The first",
    ),
    Fault(
        "connection-reset",
        _script(_partial_events(cut_after=8)),
        ("closed before the answer finished", "kept"),
        kept="The first part",
    ),
    Fault(
        "stall",
        _script(_partial_events(stall_after=8, stall_for=4.0)),
        ("stopped sending", "kept"),
        kept="The first part",
        read_timeout=0.8,
    ),
    Fault("malformed-sse", _malformed, ("unreadable data", "try again"), kept="Hello"),
    Fault("html-error-page", _script(*[html_reply(502) for _ in range(3)]), ("gateway error page",), requests=3),
    Fault("not-an-api", _not_an_api, ("base URL",)),
    Fault(
        "dns-failure",
        lambda api: None,
        ("could not reach", "network"),
        requests=0,
        base_url="http://parley-test.invalid",
    ),
    Fault("tls-failure", lambda api: None, ("certificate is not trusted", "CA certificate"), requests=0, base_url=TLS),
]


@contextmanager
def endpoint_for(fault: Fault, api: FakeAPI, tmp: Path) -> Iterator[str]:
    """The base URL the fault needs: the fake API, a name that never resolves, or the fake API behind
    a certificate nobody trusts."""
    if fault.base_url is None:
        yield api.url
    elif fault.base_url == TLS:
        cert, key = self_signed_certificate(tmp)
        with TlsFront(cert, key, int(api.url.rsplit(":", 1)[1])) as front:
            yield f"https://127.0.0.1:{front.port}"
    else:
        yield fault.base_url
