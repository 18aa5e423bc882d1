"""A fake Anthropic Messages API: real HTTP/1.1 on 127.0.0.1, on its own asyncio loop in a thread.

Plain asyncio sockets rather than a web framework, so a test controls exactly what goes on the
wire: chunk boundaries, a connection dropped mid-stream, a stall, broken SSE, an HTML page.
Requests are validated like the real API (``rules.validate``) before any scripted reply is sent,
so a protocol mistake in Parley fails the test that made it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .accounting import PromptCache, compaction_for
from .replies import Reply, default_reply, encode_events, error_reply
from .rules import ALIASES, MODELS, validate

DEFAULT_KEY = "sk-ant-test-0123456789abcdef"
MAX_REQUEST_BYTES = 32 * 1024 * 1024
_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    529: "Overloaded",
}


@dataclass
class Recorded:
    """One request as the server saw it, with timings for concurrency assertions."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    raw_body: bytes
    started: float
    body: Any = None
    status: int | None = None
    finished: float | None = None
    disconnected: bool = False  # the client went away before the reply was complete
    events_sent: int = 0


@dataclass
class FakeAPI:
    keys: set[str] = field(default_factory=lambda: {DEFAULT_KEY})
    models_style: str = "anthropic"  # or "openai" (AIHubMix's listing)
    not_an_api: bool = False  # every path answers with an HTML page
    handler: Callable[[Recorded], Reply | None] | None = None
    # Models this endpoint no longer serves (Anthropic past a retirement date, or a proxy that dropped
    # one): not listed, and a request for one gets the real API's 404 ``not_found_error``.
    retired: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.requests: list[Recorded] = []
        self._script: deque[Reply] = deque()
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.connections_opened = 0
        self.connections_closed = 0
        self.port = 0
        self.clock: Callable[[], float] = time.monotonic  # the prompt cache's time (tests move it on)
        self.prompt_cache = PromptCache(lambda: self.clock())

    # ------------------------------------------------------------ lifecycle (test thread)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeAPI:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="fake-api", daemon=True)
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(asyncio.start_server(self._serve, "127.0.0.1", 0), loop).result(
            10
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return

        async def shutdown() -> None:
            assert self._server is not None
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        loop.close()
        self._loop = None

    def script(self, *replies: Reply) -> None:
        """Queue replies for the next ``POST /v1/messages`` requests, in order."""
        self._script.extend(replies)

    def reset(self) -> None:
        self._script.clear()
        self.requests.clear()
        self.handler = None
        self.retired.clear()
        self.prompt_cache.entries.clear()
        self.clock = time.monotonic

    def messages_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path == "/v1/messages"]

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("fake API: condition not met in time")
            time.sleep(0.005)

    # ------------------------------------------------------------ server side (its own loop)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        self.connections_opened += 1
        try:
            while True:
                request = await self._read_request(reader)
                if request is None:
                    break
                self.requests.append(request)
                keep_alive = await self._respond(request, writer)
                request.finished = time.monotonic()
                if not keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            self.connections_closed += 1
            self._tasks.discard(task)  # type: ignore[arg-type]
            writer.transport.abort()

    async def _read_request(self, reader: asyncio.StreamReader) -> Recorded | None:
        line = await reader.readline()
        if not line:
            return None
        method, target, _ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            raw = await reader.readline()
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        body = await reader.readexactly(length) if length else b""
        parts = urlsplit(target)
        return Recorded(method, parts.path, parse_qs(parts.query), headers, body, time.monotonic())

    async def _respond(self, req: Recorded, writer: asyncio.StreamWriter) -> bool:
        if self.not_an_api:
            page = b"<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>"
            await self._send(writer, req, 404 if req.path.startswith("/v1") else 200, page, "text/html")
            return True
        if req.method == "POST" and req.path == "/v1/messages":
            return await self._messages(req, writer)
        if req.method == "POST" and req.path == "/v1/messages/count_tokens":
            return await self._count_tokens(req, writer)
        if req.method == "GET" and req.path == "/v1/models":
            return await self._models(req, writer)
        await self._send_reply(writer, req, error_reply(404, "not_found_error", f"{req.method} {req.path} not found"))
        return True

    def _checked_body(self, req: Recorded) -> tuple[Any, Reply | None]:
        try:
            req.body = json.loads(req.raw_body or b"null")
        except ValueError:
            return None, error_reply(400, "invalid_request_error", "The request body is not valid JSON")
        return req.body, None

    async def _messages(self, req: Recorded, writer: asyncio.StreamWriter) -> bool:
        if len(req.raw_body) > MAX_REQUEST_BYTES:  # refused by the edge (Cloudflare) before the API
            await self._send_reply(
                writer, req, error_reply(413, "request_too_large", "Request exceeds the maximum size")
            )
            return True
        body, problem = self._checked_body(req)
        reply = self.handler(req) if self.handler else None
        if reply is None and self._script:
            reply = self._script.popleft()
        if problem is None and not (reply is not None and reply.skip_validation):
            rejection = validate(req.headers, body, keys=self.keys)
            if rejection:
                problem = error_reply(*rejection, request_id=f"req_fake{next(self._ids):04d}")
        if problem is None and isinstance(body, dict) and self._is_retired(body.get("model")):
            problem = error_reply(404, "not_found_error", f"model: {body.get('model')}")
        if problem is not None:
            await self._send_reply(writer, req, problem)
            return True
        if reply is None:
            reply = default_reply(body, self.prompt_cache.usage(body), compaction_for(body, req.headers))
        return await self._send_reply(writer, req, reply)

    async def _count_tokens(self, req: Recorded, writer: asyncio.StreamWriter) -> bool:
        body, problem = self._checked_body(req)
        if problem is None and isinstance(body, dict) and "max_tokens" in body:
            problem = error_reply(400, "invalid_request_error", "max_tokens: Extra inputs are not permitted")
        if problem is None:
            rejection = validate(req.headers, {**(body or {}), "max_tokens": 1}, keys=self.keys)
            if rejection:
                problem = error_reply(*rejection)
        if problem is not None:
            await self._send_reply(writer, req, problem)
            return True
        tokens = max(1, len(json.dumps(body.get("messages"))) // 4)
        await self._send(writer, req, 200, json.dumps({"input_tokens": tokens}).encode(), "application/json")
        return True

    async def _models(self, req: Recorded, writer: asyncio.StreamWriter) -> bool:
        if self.models_style != "openai":  # AIHubMix lists models without a key; Anthropic does not
            rejection = validate(
                req.headers,
                {"model": "claude-haiku-4-5", "max_tokens": 1, "messages": [{"role": "user", "content": "x"}]},
                keys=self.keys,
            )
            if rejection and rejection[0] == 401:
                await self._send_reply(writer, req, error_reply(*rejection))
                return True
        if self.models_style == "openai":
            data = [
                {
                    "id": m,
                    "object": "model",
                    "created": 1700000000,
                    "owned_by": "anthropic",
                    "permission": [],
                    "root": m,
                    "parent": None,
                }
                for m in [*MODELS, "gpt-4o-mini", "claude-opus-5-5"]
                if not self._is_retired(m)
            ]
            payload: dict[str, Any] = {"object": "list", "data": data}
        else:
            rows = [_model_info(m) for m in MODELS if not self._is_retired(m)]
            limit = int(req.query.get("limit", ["20"])[0])
            after = req.query.get("after_id", [None])[0]
            start = next((i + 1 for i, r in enumerate(rows) if r["id"] == after), 0)
            page = rows[start : start + limit]
            payload = {
                "data": page,
                "has_more": start + limit < len(rows),
                "first_id": page[0]["id"] if page else None,
                "last_id": page[-1]["id"] if page else None,
            }
        await self._send(writer, req, 200, json.dumps(payload).encode(), "application/json")
        return True

    def _is_retired(self, model: object) -> bool:
        return isinstance(model, str) and (model in self.retired or ALIASES.get(model) in self.retired)

    async def _send(
        self,
        writer: asyncio.StreamWriter,
        req: Recorded,
        status: int,
        body: bytes,
        ctype: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        req.status = status
        head = [
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}",
            f"content-type: {ctype}",
            f"content-length: {len(body)}",
            f"request-id: req_fake{next(self._ids):04d}",
        ]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()

    async def _send_reply(self, writer: asyncio.StreamWriter, req: Recorded, reply: Reply) -> bool:
        if reply.body is not None or reply.status >= 400:
            await self._send(
                writer, req, reply.status, reply.body or b"", reply.content_type or "application/json", reply.headers
            )
            return True
        req.status = reply.status
        head = [
            f"HTTP/1.1 {reply.status} OK",
            f"content-type: {reply.content_type or 'text/event-stream'}",
            "transfer-encoding: chunked",
            "cache-control: no-cache",
            f"request-id: {reply.headers.get('request-id', f'req_fake{next(self._ids):04d}')}",
        ]
        head += [f"{k}: {v}" for k, v in reply.headers.items() if k != "request-id"]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        pieces = [reply.raw] if reply.raw is not None else encode_events(reply.events or [])
        if reply.chunk:
            joined = b"".join(pieces)
            pieces = [joined[i : i + reply.chunk] for i in range(0, len(joined), reply.chunk)]
        if reply.first_delay:
            await asyncio.sleep(reply.first_delay)
        try:
            for n, piece in enumerate(pieces):
                if reply.cut_after is not None and n >= reply.cut_after:
                    writer.transport.abort()
                    return False
                if reply.stall_after is not None and n == reply.stall_after:
                    await asyncio.sleep(reply.stall_for)
                if n and reply.delay:
                    await asyncio.sleep(reply.delay)
                writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                await writer.drain()
                if writer.transport.is_closing():
                    raise ConnectionResetError
                req.events_sent = n + 1
            writer.write(b"0\r\n\r\n")
            await writer.drain()
        except (ConnectionError, OSError):
            req.disconnected = True
            return False
        return True


def _model_info(model_id: str) -> dict[str, Any]:
    m = MODELS[ALIASES.get(model_id, model_id)]
    efforts = {e: ({"supported": True} if e in m.efforts else None) for e in ("low", "medium", "high", "xhigh", "max")}
    return {
        "id": m.id,
        "type": "model",
        "display_name": _display_name(m.id),
        "created_at": "2026-01-01T00:00:00Z",
        "max_input_tokens": m.context_window,
        "max_tokens": m.max_output,
        "capabilities": {
            "effort": {"supported": bool(m.efforts), **efforts},
            "thinking": {
                "supported": True,
                "types": {
                    "adaptive": {"supported": m.thinking == "adaptive"},
                    "enabled": {"supported": m.id != "claude-opus-4-7"},
                },
            },
            "context_management": {
                "supported": m.compaction,
                "compact_20260112": {"supported": True} if m.compaction else None,
            },
        },
    }


def _display_name(model_id: str) -> str:
    family, *numbers = model_id.removeprefix("claude-").split("-")
    return f"Claude {family.title()} {'.'.join(numbers)}"


def run_forever(port: int = 0) -> None:  # pragma: no cover - manual use
    """``python -m tests.fakeapi``: serve until interrupted (for trying the app by hand)."""
    api = FakeAPI().start()
    print(f"fake API on {api.url}  key: {DEFAULT_KEY}", flush=True)  # noqa: T201
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()
    api.stop()
