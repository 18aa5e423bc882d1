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
from .accumulator import Accumulator
from .endpoint import Endpoint
from .errors import (
    MalformedResponse,
    ParleyError,
    RateLimited,
    StreamCut,
    api_error,
)
from .events import (
    BlockStart,
    BlockStop,
    InputJsonDelta,
    MessageDelta,
    MessageStart,
    MessageStop,
    SignatureDelta,
    StreamEvent,
    TextDelta,
    ThinkingDelta,
    parse_event,
)
from .logs import log, remember_secret
from .network_errors import network_error
from .request import PreparedRequest
from .sse import SSEDecoder

JSON = dict[str, Any]
EventSink = Callable[[StreamEvent, Accumulator], None]
RetrySink = Callable[[ParleyError, float, int], None]
_MAX_ERROR_BODY = 1 << 20


@dataclass(frozen=True, slots=True)
class Timeouts:
    connect: float = 10.0
    read: float = 120.0  # the API pings during long thinking; silence this long means a dead stream
    write: float = 60.0
    pool: float = 10.0

    def httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 2
    max_retry_after: float = 60.0
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int, retry_after: float | None, rand: float) -> float:
        """Seconds before retry number *attempt* (0-based): the server's word, else jittered backoff."""
        if retry_after is not None and 0 < retry_after <= self.max_retry_after:
            return retry_after
        return min(self.base_delay * 2.0**attempt, self.max_delay) * (1 - 0.25 * rand)


@dataclass(frozen=True, slots=True)
class StreamResult:
    message: JSON
    request_id: str | None
    started_at: float
    first_token_at: float | None
    finished_at: float
    attempts: int

    @property
    def ttft_s(self) -> float | None:
        return None if self.first_token_at is None else self.first_token_at - self.started_at

    @property
    def duration_s(self) -> float:
        return self.finished_at - self.started_at


def _should_retry(error: ParleyError, headers: httpx.Headers | None) -> bool:
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
    ) -> None:
        self.endpoint = endpoint
        self._key = api_key
        remember_secret(api_key)  # never in a log record or a crash report, whatever its shape
        self._retry = retry
        self._sleep = sleep
        self._rand = rand
        self._clock = clock
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

    def _error(
        self, status: int, body: bytes, headers: httpx.Headers, model: str | None = None, replacement: str | None = None
    ) -> ParleyError:
        return api_error(
            status,
            body,
            headers=dict(headers),
            endpoint=self.endpoint.label,
            model=model,
            secret=self._key,
            replacement=replacement,
        )

    async def stream(
        self,
        prepared: PreparedRequest,
        on_event: EventSink | None = None,
        *,
        on_retry: RetrySink | None = None,
        replacement: str | None = None,
    ) -> StreamResult:
        """Send *prepared*, feed each event to *on_event*, return the final message.

        Raises a :class:`ParleyError`; its ``partial`` holds the message as far as it arrived.
        """
        body = json.dumps(prepared.body, ensure_ascii=False).encode("utf-8")
        headers = self._headers(prepared.betas)
        model = prepared.body.get("model")
        attempt = 0
        started = self._clock()
        url = self.endpoint.url("/v1/messages")
        while True:
            log.debug("POST %s model=%s attempt=%d headers=%s", url, model, attempt + 1, headers)
            acc = Accumulator()
            streamed = False
            first_token_at: float | None = None
            response_headers: httpx.Headers | None = None
            try:
                async with self._http.stream("POST", url, content=body, headers=headers) as response:
                    response_headers = response.headers
                    log.debug("%s -> %d request-id=%s", url, response.status_code, response.headers.get("request-id"))
                    if response.status_code >= 400:
                        raw = await _read_limited(response)
                        raise self._error(response.status_code, raw, response.headers, model, replacement)
                    request_id = response.headers.get("request-id")
                    ctype = response.headers.get("content-type", "")
                    if "text/event-stream" not in ctype:
                        raw = await _read_limited(response)
                        events = self._events_from_plain_response(raw, response.status_code)
                        for whole in events:
                            acc.apply(whole)
                            streamed = True
                            if on_event is not None:
                                on_event(whole, acc)
                        first_token_at = self._clock()
                    else:
                        decoder = SSEDecoder()
                        hdrs = dict(response.headers)
                        label = self.endpoint.label
                        async for chunk in response.aiter_bytes():
                            for sse in decoder.feed(chunk):
                                event = parse_event(sse, headers=hdrs, endpoint=label, secret=self._key)
                                if event is None:
                                    continue
                                acc.apply(event)
                                streamed = True
                                if first_token_at is None and type(event) in _CONTENT_EVENTS:
                                    first_token_at = self._clock()
                                if on_event is not None:
                                    on_event(event, acc)
                        for sse in decoder.flush():
                            event = parse_event(sse, headers=hdrs, endpoint=label, secret=self._key)
                            if event is not None:
                                acc.apply(event)
                                if on_event is not None:
                                    on_event(event, acc)
                    if not acc.done:
                        if not acc.started:
                            raise MalformedResponse(
                                f"{self.endpoint.label} closed the stream without sending a message",
                                hint="Check the base URL; try again",
                            )
                        raise StreamCut(
                            f"The connection to {self.endpoint.label} closed before the answer finished",
                            hint="What arrived is kept; try again",
                        )
                    return StreamResult(acc.message, request_id, started, first_token_at, self._clock(), attempt + 1)
            except ParleyError as error:
                log.info("%s failed: %s (request-id %s)", url, error, error.request_id)
                error.partial = acc.snapshot() if acc.started else None
                if error.request_id is None and response_headers is not None:
                    error.request_id = response_headers.get("request-id")
                if streamed or attempt >= self._retry.max_retries or not _should_retry(error, response_headers):
                    raise
                failure = error
                delay = self._retry.delay(attempt, getattr(error, "retry_after", None), self._rand())
            except httpx.HTTPError as exc:
                log.info("%s network error: %r", url, exc)
                failure = network_error(exc, self.endpoint, self._key, streamed=streamed)
                failure.partial = acc.snapshot() if acc.started else None
                if streamed or attempt >= self._retry.max_retries or not failure.retryable:
                    raise failure from exc
                delay = self._retry.delay(attempt, None, self._rand())
            log.info("retrying in %.1f s (attempt %d)", delay, attempt + 2)
            if on_retry is not None:
                on_retry(failure, delay, attempt + 1)
            await self._sleep(delay)
            attempt += 1

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


_CONTENT_EVENTS = (TextDelta, ThinkingDelta, InputJsonDelta, SignatureDelta, BlockStart)


async def _read_limited(response: httpx.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_ERROR_BODY:
            break
    return b"".join(chunks)[:_MAX_ERROR_BODY]


def events_from_message(message: JSON) -> list[StreamEvent]:
    """The event sequence a stream would have carried for a complete (non-streamed) message."""
    start = {k: v for k, v in message.items() if k not in ("content", "stop_reason", "stop_sequence", "stop_details")}
    start.update(content=[], stop_reason=None, stop_sequence=None)
    events: list[StreamEvent] = [MessageStart(start)]
    for i, block in enumerate(message.get("content") or []):
        if not isinstance(block, dict):
            continue
        events.append(BlockStart(i, block))
        events.append(BlockStop(i))
    delta: JSON = {k: message.get(k) for k in ("stop_reason", "stop_sequence", "stop_details") if k in message}
    usage = message.get("usage")
    events.append(MessageDelta(delta, usage if isinstance(usage, dict) else None, None))
    events.append(MessageStop())
    return events
