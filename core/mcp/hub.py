"""The MCP servers a profile runs: started when a chat first needs them, shared by every chat.

A server that failed (or crashed) is started again on a later request, after a wait that doubles
each time (1 s up to a minute, on the monotonic clock: never the calendar); until then its tools
are reported unavailable at once. ``close`` stops every server, so none outlives Parley.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .config import ServerConfig, ServerList
from .connection import CALL_TIMEOUT, START_TIMEOUT, Connection, ListedPrompt, ListedResource, McpFailure
from .translate import JSON, McpTool, api_names, result_blocks

SDK_MODULES = ("mcp", "mcp.client.stdio", "mcp.client.streamable_http", "httpx2")
T = TypeVar("T")
FIRST_RETRY = 1.0
LAST_RETRY = 60.0


_loading: asyncio.Future[list[object]] | None = None


async def load_sdk() -> None:
    """Import the SDK on a worker thread, once: it takes about 0.75 s, which on the event loop (the
    window's) would freeze the window when a chat first needs a server; on a thread the loop spends
    about 2 ms."""
    global _loading
    if all(name in sys.modules for name in SDK_MODULES):
        return
    if _loading is None or _loading.get_loop() is not asyncio.get_running_loop():  # one import at a time
        _loading = asyncio.ensure_future(asyncio.to_thread(lambda: [importlib.import_module(n) for n in SDK_MODULES]))
    await asyncio.shield(_loading)


@dataclass
class _Backoff:
    failures: int = 0
    retry_at: float = 0.0


@dataclass
class Toolbox:
    """The tools of the servers a request uses, by API name; and the servers that are unavailable."""

    tools: dict[str, McpTool] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)  # server → why

    def definitions(self) -> list[JSON]:
        return [tool.definition() for tool in self.tools.values()]

    def system_note(self) -> str:
        if not self.unavailable:
            return ""
        names = ", ".join(sorted(self.unavailable))
        return f"The user's MCP server(s) {names} could not be started, so their tools are unavailable in this turn."


class McpHub:
    def __init__(
        self,
        servers: ServerList,
        log_dir: Path,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        start_timeout: float = START_TIMEOUT,
        call_timeout: float = CALL_TIMEOUT,
    ) -> None:
        self.servers = servers
        self.log_dir = log_dir
        self._now = monotonic
        self.start_timeout, self.call_timeout = start_timeout, call_timeout
        self.connections: dict[str, Connection] = {}
        self._backoff: dict[str, _Backoff] = {}
        self._starting: dict[str, asyncio.Task[None]] = {}

    def log_path(self, name: str) -> Path:
        return self.log_dir / f"mcp-{name}.log"

    async def ensure(self, names: list[str]) -> dict[str, str]:
        """Start the named servers that are not running (together); returns the failures: name → why."""
        await load_sdk()
        failures: dict[str, str] = {}
        waits = []
        for name in names:
            config = self.servers.find(name)
            if config is None:
                failures[name] = f"{name}: no such MCP server"
                continue
            conn = self.connections.get(name)
            if conn is not None and conn.alive:
                continue
            backoff = self._backoff.get(name)
            if backoff is not None and backoff.failures and self._now() < backoff.retry_at and conn is not None:
                wait = backoff.retry_at - self._now()
                failures[name] = f"{conn.describe_failure()}\n(Parley tries again in {wait:.0f} s)"
                continue
            if name not in self._starting:
                self._starting[name] = asyncio.create_task(self._start(config))
            waits.append((name, self._starting[name]))
        for name, task in waits:
            await asyncio.wait([task])
            conn = self.connections.get(name)
            if conn is None or not conn.alive:
                failures[name] = conn.describe_failure() if conn is not None else f"{name} did not start"
        return failures

    async def _start(self, config: ServerConfig) -> None:
        try:
            old = self.connections.get(config.name)
            if old is not None:
                await old.stop()
            env, headers = self.servers.values(config, "env"), self.servers.values(config, "header")
            conn = Connection(
                config,
                env,
                headers,
                self.log_path(config.name),
                start_timeout=self.start_timeout,
                call_timeout=self.call_timeout,
            )
            self.connections[config.name] = conn
            backoff = self._backoff.setdefault(config.name, _Backoff())
            try:
                await conn.start()
            except McpFailure:
                backoff.failures += 1
                backoff.retry_at = self._now() + min(LAST_RETRY, FIRST_RETRY * 2 ** (backoff.failures - 1))
            else:
                backoff.failures = 0
        finally:
            self._starting.pop(config.name, None)

    async def toolbox(self, names: list[str], only: dict[str, list[str]] | None = None) -> Toolbox:
        """The tools of the named servers (each started if need be); *only* narrows a server's tools."""
        unavailable = await self.ensure(names)
        pairs: list[tuple[str, Any]] = []
        for name in names:
            conn = self.connections.get(name)
            if name in unavailable or conn is None:
                continue
            chosen = (only or {}).get(name)
            pairs += [(name, tool) for tool in conn.tools if chosen is None or tool.name in chosen]
        mapped = api_names([(server, tool.name) for server, tool in pairs])
        tools = {
            mapped[(server, tool.name)]: McpTool(
                server, tool.name, mapped[(server, tool.name)], tool.description, tool.input_schema, tool.read_only
            )
            for server, tool in pairs
        }
        return Toolbox(tools, unavailable)

    async def call(self, tool: McpTool, arguments: JSON) -> tuple[list[JSON], bool]:
        """Run *tool*: its result blocks and error flag. A server that is down or hangs gives an
        error result (Claude is told, and the chat goes on); a crashed server starts again."""
        try:
            conn = await self.running(tool.server)
        except McpFailure as exc:
            return [{"type": "text", "text": f"Error: the MCP server is unavailable: {exc}"}], True
        try:
            outcome = await conn.call(tool.name, arguments)
        except McpFailure as exc:
            return [{"type": "text", "text": f"Error: {exc}"}], True
        blocks, is_error = result_blocks(outcome.content, outcome.structured, outcome.is_error)
        return blocks, is_error

    async def prompts(self, names: list[str]) -> tuple[list[tuple[str, ListedPrompt]], dict[str, str]]:
        """Every prompt of the named servers, as (server, prompt); and the servers that failed."""
        return await self._listed(names, lambda conn: conn.prompts())

    async def resources(self, names: list[str]) -> tuple[list[tuple[str, ListedResource]], dict[str, str]]:
        """Every resource of the named servers, as (server, resource); and the servers that failed."""
        return await self._listed(names, lambda conn: conn.resources())

    async def _listed(
        self, names: list[str], listing: Callable[[Connection], Awaitable[list[T]]]
    ) -> tuple[list[tuple[str, T]], dict[str, str]]:
        failures = await self.ensure(names)
        found: list[tuple[str, T]] = []
        for name in names:
            conn = self.connections.get(name)
            if name in failures or conn is None:
                continue
            try:
                found += [(name, item) for item in await listing(conn)]
            except McpFailure as exc:
                failures[name] = str(exc)
        return found, failures

    async def running(self, name: str) -> Connection:
        """Server *name*, started if need be; raises McpFailure saying why it is not there."""
        failures = await self.ensure([name])
        conn = self.connections.get(name)
        if name in failures or conn is None:
            raise McpFailure(failures.get(name, f"{name} is not running"))
        return conn

    async def forget(self, name: str) -> None:
        """Stop server *name* (its configuration changed): the next request starts it afresh."""
        self._backoff.pop(name, None)
        conn = self.connections.pop(name, None)
        if conn is not None:
            await conn.stop()

    async def close(self) -> None:
        """Stop every server (together): none outlives Parley."""
        for task in list(self._starting.values()):
            task.cancel()
        await asyncio.gather(*(conn.stop() for conn in self.connections.values()), return_exceptions=True)
