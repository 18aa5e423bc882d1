"""The Messages API client: one long-lived ``httpx.AsyncClient``, streamed requests, safe retries.

``stream()`` is a coroutine that feeds typed events to a callback and returns the final message,
rather than an async generator: cancelling the task that awaits it closes the response exactly
once (the ``async with`` unwinds), and no generator is left for a finalizer to close later.

Retries (408/409/429/5xx/529 and connection failures) happen only before any event has reached
the caller, honour ``retry-after`` up to 60 s and ``x-should-retry``, and never repeat a
spend-cap 429. Errors are the typed ones from :mod:`errors`, carrying the partial message.
"""

from __future__ import annotations

import asyncio
import json
import random
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from . import __version__
from .endpoint import Endpoint
from .errors import (
    MalformedResponse,
    ParleyError,
    RateLimited,
    StreamCut,
    api_error,
    retry_after_seconds,
)
from .events import (
    StreamEvent,
    parse_event,
)
from .logs import log, remember_secret
from .network import Timeouts
from .network_errors import network_error
from .request import PreparedRequest
from .response_body import events_from_message, is_json_object, read_limited
from .sse import SSEDecoder
from .turn import LiveTurn

JSON = dict[str, Any]
EventSink = Callable[[StreamEvent, LiveTurn], None]
RetrySink = Callable[[ParleyError, float, int], None]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 2
    max_retry_after: float = 60.0  # a longer wait is the user's call: the error says how long
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int, retry_after: float | None, rand: float) -> float | None:
        """Seconds before retry number *attempt* (0-based): the server's word when it gave one
        (None when that is longer than we wait), else capped, jittered exponential backoff."""
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return min(self.base_delay * 2.0**attempt, self.max_delay) * (1 - 0.25 * rand)


def _should_retry(error: ParleyError, headers: httpx.Headers | None) -> bool:
    """The SDK's rule: ``x-should-retry`` decides when present; else the status (408, 409, 429, 5xx).
    A spend cap is never retried: it fails until someone changes the limit."""
    verdict = headers.get("x-should-retry") if headers is not None else None
    if isinstance(error, RateLimited) and error.spend_cap:
        return False
    if verdict == "true":
        return True
    if verdict == "false":
        return False
    return error.retryable


class MessagesClient:
    """Talks to one endpoint with one key. Create once, reuse for every request, ``aclose()`` at exit."""

    def __init__(
        self,
        endpoint: Endpoint,
        api_key: str,
        *,
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(),
        transport: httpx.AsyncBaseTransport | None = None,
        trust_env: bool = True,
        verify: ssl.SSLContext | bool = True,
        mounts: dict[str, httpx.AsyncBaseTransport | None] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.endpoint = endpoint
        self._key = api_key
        remember_secret(api_key)  # never in a log record or a crash report, whatever its shape
        self._retry = retry
        self._sleep = sleep
        self._rand = rand
        self._clock = clock
        self._wall_clock = wall_clock  # what an HTTP-date retry-after is compared with
        self._http = httpx.AsyncClient(
            timeout=timeouts.httpx(),
            transport=transport,
            trust_env=trust_env,
            verify=verify,
            mounts=mounts,
            follow_redirects=False,
            headers={"user-agent": f"parley/{__version__}"},
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> MessagesClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------ requests

    def _headers(self, betas: tuple[str, ...] = ()) -> dict[str, str]:
        headers = {"anthropic-version": self.endpoint.api_version, "content-type": "application/json"}
        headers.update(self.endpoint.auth_headers(self._key))
        if betas:
            headers["anthropic-beta"] = ",".join(betas)
        return headers

    def _error(self, status: int, body: bytes, headers: httpx.Headers, model: str | None = None) -> ParleyError:
        return api_error(
            status,
            body,
            headers=dict(headers),
            endpoint=self.endpoint.label,
            model=model,
            secret=self._key,
            clock=self._wall_clock,
        )

    async def stream(
        self,
        prepared: PreparedRequest,
        live: LiveTurn | None = None,
        *,
        on_event: EventSink | None = None,
        on_retry: RetrySink | None = None,
    ) -> LiveTurn:
        """Send *prepared*, fill *live* (a new one when None) with each event and tell *on_event*;
        return it once the message is complete.

        Retried (as the official SDK retries): an error status the SDK retries, honouring
        ``retry-after-ms`` / ``retry-after`` and ``x-should-retry``, and a connection that failed
        before any event, unless the response headers said ``x-should-retry: false``. Never
        retried: anything after the first event, an ``error`` event inside a 200 stream, a spend cap.
        Raises a :class:`ParleyError`; *live* then holds the message as far as it arrived.
        """
        live = live if live is not None else LiveTurn(self._clock)
        body = json.dumps(prepared.body, ensure_ascii=False).encode("utf-8")
        headers = self._headers(prepared.betas)
        model = prepared.body.get("model")
        url = self.endpoint.url("/v1/messages")
        while True:
            live.new_attempt()
            log.debug("POST %s model=%s attempt=%d headers=%s", url, model, live.attempts, headers)
            attempt = _Attempt()
            try:
                async with self._http.stream("POST", url, content=body, headers=headers) as response:
                    attempt.headers = response.headers
                    live.request_id = response.headers.get("request-id")
                    log.debug("%s -> %d request-id=%s", url, response.status_code, live.request_id)
                    if response.status_code >= 400:
                        raw = await read_limited(response)
                        raise self._error(response.status_code, raw, response.headers, model)
                    await self._read_body(response, attempt, live, on_event)
                    if not live.done:
                        if not live.started:
                            raise MalformedResponse(
                                f"{self.endpoint.label} closed the stream without sending a message",
                                hint="Check the base URL; try again",
                            )
                        raise StreamCut(
                            f"The connection to {self.endpoint.label} closed before the answer finished",
                            hint="What arrived is kept; try again",
                        )
                    live.finish()
                    return live
            except ParleyError as error:
                log.info("%s failed: %s (request-id %s)", url, error, error.request_id)
                retry = not attempt.in_body and _should_retry(error, attempt.headers)
                failure: ParleyError = error
                cause: BaseException | None = None
            except httpx.HTTPError as exc:
                log.info("%s network error: %r", url, exc)
                failure = network_error(exc, self.endpoint, self._key, streamed=attempt.streamed)
                said = attempt.headers.get("x-should-retry") if attempt.headers is not None else None
                retry = not attempt.streamed and failure.retryable and said != "false"
                cause = exc
            if failure.request_id is None:
                failure.request_id = live.request_id
            delay: float | None = None
            if retry and live.attempts <= self._retry.max_retries:
                wait = retry_after_seconds(attempt.headers, self._wall_clock) if attempt.headers is not None else None
                delay = self._retry.delay(live.attempts - 1, wait, self._rand())
                if delay is None:
                    failure.hint = f"The server asked to wait {wait:.0f} s; try again then"
            if delay is None:
                live.finish()
                raise failure from cause
            log.info("retrying in %.1f s (attempt %d)", delay, live.attempts + 1)
            if on_retry is not None:
                on_retry(failure, delay, live.attempts)
            await self._sleep(delay)

    async def _read_body(
        self, response: httpx.Response, attempt: _Attempt, live: LiveTurn, on_event: EventSink | None
    ) -> None:
        """Feed a 2xx body's events to *live* and *on_event*. A plain JSON message (a proxy that
        ignored ``stream``) counts as its event sequence."""
        if "text/event-stream" not in response.headers.get("content-type", ""):
            raw = await read_limited(response)
            attempt.in_body = True
            for whole in self._events_from_plain_response(raw, response.status_code):
                self._take(whole, attempt, live, on_event)
            return
        decoder = SSEDecoder()
        hdrs = dict(response.headers)
        label = self.endpoint.label
        async for chunk in response.aiter_bytes():
            for sse in decoder.feed(chunk):
                attempt.in_body = True  # from here on, an error is the stream's own: not retried
                event = parse_event(sse, headers=hdrs, endpoint=label, secret=self._key)
                if event is not None:
                    self._take(event, attempt, live, on_event)
        # The body ended cleanly: a last event with no blank line after it still counts (the SDK
        # accepts such streams), unless what it carried is unreadable, which is a cut stream.
        for sse in decoder.flush():
            if not is_json_object(sse.data):
                continue  # cut inside its data
            event = parse_event(sse, headers=hdrs, endpoint=label, secret=self._key)
            if event is not None:
                self._take(event, attempt, live, on_event)

    @staticmethod
    def _take(event: StreamEvent, attempt: _Attempt, live: LiveTurn, on_event: EventSink | None) -> None:
        if not live.accepts(event):
            return  # before message_start: skipped, as the SDK skips it
        live.observe(event)
        attempt.streamed = True
        if on_event is not None:
            on_event(event, live)

    def _events_from_plain_response(self, raw: bytes, status: int) -> list[StreamEvent]:
        """A proxy that ignored ``stream: true`` and sent the whole message as JSON, or something else."""
        try:
            message = json.loads(raw)
        except ValueError:
            message = None
        if not isinstance(message, dict) or message.get("type") != "message":
            raise (
                api_error(status if status >= 400 else 502, raw, endpoint=self.endpoint.label, secret=self._key)
                if isinstance(message, dict) and "error" in message
                else MalformedResponse(
                    f"{self.endpoint.label} answered with something that is not a Messages API stream",
                    hint="Check the base URL and any proxy in Settings",
                )
            )
        return events_from_message(message)

    async def list_models(self, page_size: int = 1000) -> list[JSON]:
        """``GET /v1/models``, every page. Anthropic and OpenAI-style (AIHubMix) listings both work."""
        out: list[JSON] = []
        after: str | None = None
        for _ in range(100):
            params = {"limit": str(page_size)}
            if after:
                params["after_id"] = after
            try:
                response = await self._http.get(self.endpoint.url("/v1/models"), params=params, headers=self._headers())
            except httpx.HTTPError as exc:
                raise network_error(exc, self.endpoint, self._key, streamed=False) from exc
            if response.status_code >= 400:
                raise self._error(response.status_code, response.content, response.headers)
            try:
                data = response.json()
            except ValueError as exc:
                raise MalformedResponse(f"{self.endpoint.label} sent an unreadable model list") from exc
            page = data.get("data") if isinstance(data, dict) else data
            if not isinstance(page, list):
                raise MalformedResponse(f"{self.endpoint.label} sent a model list in an unknown shape")
            out.extend(e for e in page if isinstance(e, dict))
            if not (isinstance(data, dict) and data.get("has_more") and data.get("last_id")):
                break
            after = str(data["last_id"])
        return out

    async def count_tokens(self, body: JSON, betas: tuple[str, ...] = ()) -> int:
        """``POST /v1/messages/count_tokens`` for a prepared body (``max_tokens``/``stream`` dropped)."""
        payload = {k: v for k, v in body.items() if k not in ("max_tokens", "stream", "stop_sequences", "temperature")}
        try:
            response = await self._http.post(
                self.endpoint.url("/v1/messages/count_tokens"), json=payload, headers=self._headers(betas)
            )
        except httpx.HTTPError as exc:
            raise network_error(exc, self.endpoint, self._key, streamed=False) from exc
        if response.status_code >= 400:
            raise self._error(response.status_code, response.content, response.headers, body.get("model"))
        try:
            return int(response.json()["input_tokens"])
        except (ValueError, KeyError, TypeError) as exc:
            raise MalformedResponse(f"{self.endpoint.label} sent an unreadable token count") from exc


class _Attempt:
    """One try of a request: the response headers once they came, and how far it got."""

    __slots__ = ("headers", "in_body", "streamed")

    def __init__(self) -> None:
        self.headers: httpx.Headers | None = None
        self.in_body = False  # a 2xx body began: the SDK would have handed the stream over
        self.streamed = False  # at least one event reached the caller
