"""One MCP server, running: its whole life in one task, as the SDK's cancel scopes require.

``start`` launches the owner task and waits until the server answered and listed its tools (or
failed, or ``START_TIMEOUT`` passed); other tasks call tools through it meanwhile; ``stop`` ends it
from the owner task. A stdio server's stderr goes to a log file of its own, whose tail explains a
failure; it gets only the env its config names, over the SDK's safe set (PATH, HOME, USER…), never
Parley's environment or key. Every call has a timeout: a server that hangs costs a clear error.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import ServerConfig
from .translate import CUT_FLAG

START_TIMEOUT = 30.0  # s for a server to start and list its tools
CALL_TIMEOUT = 120.0  # s for one tool call
STDERR_TAIL = 12  # lines of a failed server's stderr shown to the user


class McpFailure(Exception):
    """A server could not start, or a call failed at the protocol level (not a tool's own error)."""


@dataclass(frozen=True, slots=True)
class ListedTool:
    name: str
    description: str
    input_schema: dict[str, Any]
    read_only: bool


@dataclass(frozen=True, slots=True)
class ListedPrompt:
    name: str
    description: str
    arguments: tuple[tuple[str, bool, str], ...]  # (name, required, description)


@dataclass(frozen=True, slots=True)
class ListedResource:
    uri: str
    name: str
    description: str
    mime_type: str


@dataclass(frozen=True, slots=True)
class CallOutcome:
    content: list[Any]
    structured: object
    is_error: bool


class Connection:
    def __init__(
        self,
        config: ServerConfig,
        env: dict[str, str],
        headers: dict[str, str],
        log_path: Path,
        *,
        start_timeout: float = START_TIMEOUT,
        call_timeout: float = CALL_TIMEOUT,
    ) -> None:
        self.config = config
        self._env, self._headers = env, headers
        self.log_path = log_path
        self.start_timeout, self.call_timeout = start_timeout, call_timeout
        self.state = "stopped"  # stopped | starting | connected | failed
        self.error = ""
        self.tools: list[ListedTool] = []
        self._client: Any = None
        self._http_status = 0  # the last HTTP error status the server answered with
        self._stray: list[str] = []  # lines on a stdio server's stdout that were not MCP
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._stop = asyncio.Event()

    @property
    def alive(self) -> bool:
        return self.state == "connected" and self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Start the server and list its tools; raises McpFailure (the state says why) when it cannot."""
        self.state, self.error, self.tools = "starting", "", []
        self._ready, self._stop = asyncio.Event(), asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=f"mcp:{self.config.name}")
        try:
            await asyncio.wait_for(self._ready.wait(), self.start_timeout)
        except TimeoutError:
            self._fail(f"did not answer within {self.start_timeout:g} s")
            await self._end_task()
        if self.state != "connected":
            raise McpFailure(self.describe_failure())

    async def stop(self) -> None:
        self._stop.set()
        await self._end_task(grace=10.0)  # the SDK: stdin closed, then SIGTERM, then SIGKILL (up to 6.5 s)
        if self.state != "failed":
            self.state = "stopped"

    async def _end_task(self, grace: float = 0.0) -> None:
        task = self._task
        if task is None or task.done():
            return
        if grace:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(task), grace)
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _run(self) -> None:
        try:
            async with self._transport() as transport:
                await self._session(transport)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # (the SDK raises exception groups)
            self._fail(_reason(exc, self._http_status))
        finally:
            self._client = None
            if self.state == "connected":
                self._fail("the server stopped")  # it exited or the connection broke
            self._ready.set()

    @contextlib.asynccontextmanager
    async def _transport(self) -> Any:
        from mcp import StdioServerParameters, stdio_client

        if self.config.url:
            import httpx2
            from mcp.client.streamable_http import streamable_http_client

            async def note_status(response: Any) -> None:  # the SDK reports any 4xx/5xx alike
                if response.status_code >= 400:
                    self._http_status = response.status_code

            timeout = httpx2.Timeout(30.0, read=300.0)
            hooks = {"response": [note_status]}
            async with httpx2.AsyncClient(
                headers=self._headers, timeout=timeout, follow_redirects=True, event_hooks=hooks
            ) as http:
                yield streamable_http_client(self.config.url, http_client=http)
            return
        from .stdio_lines import STRAY_LINES, install

        install()  # linear reading, and a bound on one message (see stdio_lines)
        STRAY_LINES.set(self._stray)  # (the SDK's reader task inherits this task's context)
        params = StdioServerParameters(
            command=self.config.command, args=list(self.config.args), env=dict(self._env), cwd=self.config.cwd
        )
        logging.getLogger("mcp").addHandler(logging.NullHandler())  # its tracebacks: the log, not the terminal
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a", encoding="utf-8") as errlog:  # needs a real file: the child writes to it
            yield stdio_client(params, errlog=errlog)

    async def _session(self, transport: Any) -> None:
        from mcp import Client
        from mcp.types import Implementation

        from .. import __version__

        info = Implementation(name="parley", version=__version__)
        async with Client(transport, read_timeout_seconds=self.start_timeout, client_info=info) as client:
            self.tools = [_listed_tool(t) for t in await self._pages(lambda c: client.list_tools(cursor=c), "tools")]
            self._client = client
            self.state = "connected"
            self._ready.set()
            await self._stop.wait()
            self.state = "stopped"

    async def call(self, name: str, arguments: dict[str, Any]) -> CallOutcome:
        """Call tool *name*; raises McpFailure on a timeout, a protocol error or a lost server."""
        client = self._live_client()
        result = await self._timed(client.call_tool(name, arguments, read_timeout_seconds=self.call_timeout))
        cut = bool(result.meta and result.meta.get(CUT_FLAG))  # (stdio_lines cut it: the call did not fail)
        return CallOutcome(list(result.content or []), result.structured_content, bool(result.is_error) and not cut)

    async def prompts(self) -> list[ListedPrompt]:
        """The server's prompts (none when it offers none)."""
        client = self._live_client()
        if client.server_capabilities is None or client.server_capabilities.prompts is None:
            return []
        pages = await self._pages(lambda cursor: client.list_prompts(cursor=cursor), "prompts")
        out = [
            ListedPrompt(
                prompt.name,
                prompt.description or prompt.title or "",
                tuple((a.name, bool(a.required), a.description or "") for a in prompt.arguments or []),
            )
            for prompt in pages
        ]
        return out

    async def prompt_text(self, name: str, arguments: dict[str, str]) -> str:
        """Prompt *name* filled in with *arguments*: the text of its messages, for the composer."""
        result = await self._timed(self._live_client().get_prompt(name, arguments))
        parts = []
        for message in result.messages:
            content = message.content
            text = getattr(content, "text", None)
            if text is None and getattr(content, "type", "") == "resource":
                text = getattr(content.resource, "text", None)
            if text:
                parts.append(str(text))
        return "\n\n".join(parts)

    async def resources(self) -> list[ListedResource]:
        client = self._live_client()
        if client.server_capabilities is None or client.server_capabilities.resources is None:
            return []
        pages = await self._pages(lambda cursor: client.list_resources(cursor=cursor), "resources")
        out = [ListedResource(str(i.uri), i.name, i.description or "", i.mime_type or "") for i in pages]
        return out

    async def read(self, uri: str) -> bytes:
        """Resource *uri*'s bytes (text as UTF-8, blobs decoded), for attaching like a file."""
        import base64

        result = await self._timed(self._live_client().read_resource(uri))
        for contents in result.contents:
            text = getattr(contents, "text", None)
            if text is not None:
                return str(text).encode()
            blob = getattr(contents, "blob", None)
            if blob is not None:
                return base64.b64decode(blob)
        raise McpFailure(f"{self.config.name} returned nothing for {uri}")

    async def _pages(self, request: Any, field: str) -> list[Any]:
        """Every item of a paged listing (at most 100 pages: a server that pages forever is cut off)."""
        items: list[Any] = []
        cursor = None
        for _ in range(100):
            page = await self._timed(request(cursor))
            items += getattr(page, field)
            cursor = page.next_cursor
            if cursor is None:
                break
        return items

    def _live_client(self) -> Any:
        if self._client is None or not self.alive:
            raise McpFailure(f"{self.config.name} is not running ({self.error or self.state})")
        return self._client

    async def _timed(self, request: Any) -> Any:
        """One request to the server, with the call timeout; every way it can fail is a McpFailure
        that says what happened (a server that died on it is started again by the next request)."""
        from mcp import MCPError

        late = McpFailure(f"{self.config.name} did not answer within {self.call_timeout:g} s")
        try:
            return await asyncio.wait_for(request, self.call_timeout + 5)  # (the SDK's own timeout comes first)
        except TimeoutError as exc:
            raise late from exc
        except MCPError as exc:
            if "timed out" in str(exc):
                raise late from exc
            if "connection closed" in str(exc).lower():
                self._fail("stopped during a call")
                raise McpFailure(f"{self.config.name} stopped during this call; it was not completed") from exc
            raise McpFailure(f"{self.config.name}: {exc}") from exc
        except (ValueError, TypeError, KeyError) as exc:  # an answer the SDK could not read (pydantic's errors)
            raise McpFailure(f"{self.config.name} sent an answer that is not valid MCP ({type(exc).__name__})") from exc

    def _fail(self, reason: str) -> None:
        self.state, self.error = "failed", reason

    def describe_failure(self) -> str:
        tail = self.stderr_tail()
        stray = (
            f"\nIt wrote something other than MCP to stdout (a server must keep stdout for MCP): {self._stray[0]!r}"
            if self._stray
            else ""
        )
        return f"{self.config.name} {self.error}{stray}" + (f"\n{tail}" if tail else "")

    def stderr_tail(self, lines: int = STDERR_TAIL) -> str:
        if self.config.url:
            return ""
        try:
            with self.log_path.open("rb") as f:
                f.seek(0, 2)
                f.seek(max(0, f.tell() - 8_192))
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def _listed_tool(tool: Any) -> ListedTool:
    read_only = bool(tool.annotations is not None and tool.annotations.read_only_hint)
    schema = tool.input_schema if isinstance(tool.input_schema, dict) else {}
    return ListedTool(tool.name, tool.description or tool.title or "", schema, read_only)


def _reason(exc: BaseException, http_status: int = 0) -> str:
    """What went wrong, in a line: the first real error inside the SDK's exception groups."""
    if http_status in (401, 403):
        return f"refused the credentials (HTTP {http_status}): check its headers"
    if http_status:
        return f"answered HTTP {http_status}"
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    text = str(exc).strip() or type(exc).__name__
    lowered = text.lower()
    if isinstance(exc, FileNotFoundError):
        return f"could not start: {text}"
    if "certificate" in lowered or "ssl" in lowered:
        return f"refused the connection's certificate: {text}"
    if "connection closed" in lowered:
        return "closed the connection (it exited, or wrote something other than MCP to stdout)"
    return f"failed: {text}"
