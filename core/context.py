"""What the CLI and the app both need, built once from the command line and the environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from . import catalog as catalog_mod
from . import settings as settings_mod
from .catalog import Catalog
from .clock import Clock, system_clock
from .endpoint import Endpoint
from .history.store import Store
from .mcp.config import KeyringSecrets, Secrets, ServerList
from .paths import Paths
from .secrets import KeyringStore, KeyStore, MemoryStore, SessionFirst, find_key
from .settings import Settings

if TYPE_CHECKING:  # httpx costs ~200 ms to import: only load it when a request is made
    from .client import MessagesClient
    from .retirement import Lineup


@dataclass
class Context:
    paths: Paths
    settings: Settings
    keys: KeyStore = field(default_factory=KeyringStore)
    clock: Clock = field(default_factory=system_clock)
    # Keys the user chose to keep for this session only, when there is no keyring (never on disk).
    session_keys: MemoryStore = field(default_factory=MemoryStore)
    mcp_secrets: Secrets = field(default_factory=KeyringSecrets)  # MCP servers' tokens (env, headers)

    def mcp_servers(self) -> ServerList:
        return ServerList(self.paths.mcp_servers_file, self.mcp_secrets)

    @property
    def key_store(self) -> KeyStore:
        """Where keys are looked up: this session's keys first, then the keyring."""
        return SessionFirst(self.session_keys, self.keys)

    @classmethod
    def create(cls, data_dir: str | None, clock: Clock | None = None) -> Context:
        paths = Paths.resolve(data_dir)
        return cls(
            paths, settings_mod.load(paths.settings_file), KeyringStore(paths.keyring_index), clock or system_clock()
        )

    @property
    def endpoint(self) -> Endpoint:
        return self.settings.endpoint()

    def catalog(self) -> Catalog:
        """Shipped models + the user's custom ones + what the endpoint last reported (cached)."""
        shipped = catalog_mod.load_shipped().with_custom(self.settings.custom_models)
        cached = catalog_mod.load_endpoint_cache(self.paths.models_cache, self.endpoint.base_url)
        return shipped.merged_with_endpoint(cached) if cached else shipped

    def listed_models(self) -> list[str] | None:
        """The model ids the endpoint's ``GET /v1/models`` last reported (cached); None if never asked."""
        if not self.paths.models_cache.exists():
            return None
        cached = catalog_mod.load_endpoint_cache(self.paths.models_cache, self.endpoint.base_url)
        return [str(e["id"]) for e in cached if isinstance(e.get("id"), str)] if cached else None

    def lineup(self, catalog: Catalog | None = None) -> Lineup:
        """The models this endpoint offers today (retired ones left out where they no longer work)."""
        from .retirement import Lineup

        return Lineup(catalog or self.catalog(), self.clock, self.endpoint, self.listed_models())

    def save_listing(self, listing: list[dict[str, object]]) -> None:
        fetched = datetime.fromtimestamp(self.clock.time(), UTC).isoformat(timespec="seconds")
        catalog_mod.save_endpoint_cache(self.paths.models_cache, self.endpoint.base_url, listing, fetched)

    def open_store(self) -> Store:
        self.paths.ensure()
        return Store(self.paths.database, clock=self.clock.time)

    def client(self) -> MessagesClient:
        """A client for the active endpoint; raises ConfigError when there is no key."""
        from .client import MessagesClient
        from .network import client_options

        endpoint = self.endpoint
        key = find_key(self.key_store, endpoint)
        return MessagesClient(
            endpoint, key, wall_clock=self.clock.time, **client_options(self.settings.network, self.keys)
        )
