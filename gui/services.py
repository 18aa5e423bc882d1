"""The app's long-lived services: settings, history store, catalog, keys and one API client.

The client is created once per (endpoint, key) and reused for every request; changing settings
closes the old one. Built by ``app.py``, the only composition root, and passed to the window.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from parley.core import settings as settings_mod
from parley.core.catalog import Catalog, ModelInfo
from parley.core.context import Context
from parley.core.endpoint import Endpoint
from parley.core.errors import ConfigError
from parley.core.history.store import Store
from parley.core.secrets import find_key, key_known

from .tasks import TaskRegistry

if TYPE_CHECKING:  # ssl, httpx, asyncio and the runner load after the first paint
    import ssl

    from parley.core.chat import ChatRunner
    from parley.core.client import MessagesClient
    from parley.core.mcp.config import ServerList
    from parley.core.mcp.connection import Connection
    from parley.core.mcp.hub import McpHub
    from parley.core.retirement import Lineup, Standing


def _prepare_network() -> ssl.SSLContext:
    for module in ("httpx", "httpcore", "h11", "anyio", "anyio._backends._asyncio", "parley.core.client"):
        importlib.import_module(module)
    import httpx

    return httpx.create_ssl_context()


class Services:
    def __init__(self, ctx: Context, store: Store) -> None:
        self.ctx = ctx
        self.store = store
        self.catalog: Catalog = ctx.catalog()
        self.clock = ctx.clock
        self.tasks = TaskRegistry()  # every background task the window starts
        self._lineup: Lineup | None = None
        self._client: MessagesClient | None = None
        self._client_for: tuple[Endpoint, str] | None = None
        self._retired: list[MessagesClient] = []
        self._ssl: ssl.SSLContext | None = None
        self._mcp_hub: McpHub | None = None

    async def check_key(self) -> bool:
        """Whether there is a key for the active endpoint. Usually known without opening the keyring
        (secrets.key_known); otherwise the keyring is asked off the UI thread."""
        import asyncio

        if key_known(self.ctx.key_store, self.ctx.endpoint):
            return True
        return await asyncio.to_thread(self.has_key)

    async def prepare_network(self) -> None:
        """The first request's one-time work, off the UI thread: importing httpx (~200 ms, ~12 MB) and
        loading CA certificates (~90 ms). Started when the user starts typing a prompt, so browsing
        the history never loads network code."""
        import asyncio

        if self._ssl is None:
            self._ssl = await asyncio.to_thread(_prepare_network)

    @property
    def settings(self) -> settings_mod.Settings:
        return self.ctx.settings

    def save_settings(self) -> None:
        settings_mod.save(self.ctx.settings, self.ctx.paths.settings_file)
        self.catalog = self.ctx.catalog()
        self._lineup = None
        self._client_for = None  # endpoint or key may have changed: next client() checks again

    def has_key(self) -> bool:
        try:
            find_key(self.ctx.key_store, self.ctx.endpoint)
        except ConfigError:
            return False
        return True

    def client(self) -> MessagesClient:
        """The shared client for the active endpoint; ConfigError when there is no key."""
        endpoint = self.ctx.endpoint
        if self._client is not None and self._client_for is not None and self._client_for[0] == endpoint:
            return self._client
        key = find_key(self.ctx.key_store, endpoint)
        if self._client is not None and self._client_for == (endpoint, key):
            return self._client
        from parley.core.client import MessagesClient
        from parley.core.network import client_options

        options = client_options(self.settings.network, self.ctx.keys)  # proxy, bypass, extra CA
        if options.get("verify") is True and self._ssl is not None:
            options["verify"] = self._ssl  # the CA store already loaded off the UI thread
        if self._client is not None:
            self._retired.append(self._client)
        self._client = MessagesClient(endpoint, key, **options)
        self._client_for = (endpoint, key)
        return self._client

    def runner(self) -> ChatRunner:
        from parley.core.chat import ChatRunner

        return ChatRunner(self.store, self.client(), self.catalog, clock=self.clock)

    def lineup(self) -> Lineup:
        """Which models the active endpoint offers today (read once per settings change)."""
        if self._lineup is None:
            self._lineup = self.ctx.lineup(self.catalog)
        return self._lineup

    def new_chat_model(self) -> str:
        """The model a new chat starts on: the last one used, or its successor once it is retired."""
        return self.lineup().for_new_chat(self.settings.default_model)

    def standing(self, model_id: str) -> Standing:
        return self.lineup().standing(model_id)

    def visible_models(self) -> list[ModelInfo]:
        """The models a new chat or compare column may pick: those chosen in Settings that this
        endpoint still offers (a model Anthropic retired is left out where it no longer works)."""
        wanted = self.settings.visible_models
        offered = self.lineup().offered()
        models = [m for m in offered if wanted is None or m.id in wanted]
        return models or offered

    def model_name(self, model_id: str) -> str:
        known = self.catalog.get(model_id)
        return known.display_name if known else model_id

    def mcp_servers(self) -> ServerList:
        """The user's MCP servers, as the file has them now (``parley mcp`` may have changed it)."""
        return self.ctx.mcp_servers()

    def mcp_hub(self) -> McpHub:
        """The servers' processes, shared by every chat (made when a turn first needs one)."""
        from parley.core.mcp.hub import McpHub

        if self._mcp_hub is None:
            self._mcp_hub = McpHub(self.mcp_servers(), self.ctx.paths.log_dir)
        else:
            self._mcp_hub.servers = self.mcp_servers()
        return self._mcp_hub

    def mcp_connection(self, name: str) -> Connection | None:
        """Server *name*'s connection, if it was started in this session (nothing is started here)."""
        return self._mcp_hub.connections.get(name) if self._mcp_hub is not None else None

    async def aclose(self) -> None:
        """Quitting: every background task is cancelled and awaited (a turn saves what arrived),
        then every MCP server stops (none outlives Parley), the clients close and the store."""
        await self.tasks.aclose()
        if self._mcp_hub is not None:
            await self._mcp_hub.close()
        for client in [*self._retired, *([self._client] if self._client else [])]:
            await client.aclose()
        self._retired.clear()
        self._client = None
        self.store.close()
