"""How Parley reaches the endpoint: the system proxy (default), no proxy, or a proxy the user names
(HTTP, HTTPS or SOCKS5, with a user name and a password kept in the keyring), hosts that bypass it,
and an extra CA certificate to trust (corporate proxies that inspect TLS). Independent of the base URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from .endpoint import Endpoint
from .errors import ConfigError

if TYPE_CHECKING:  # ssl and httpx load only when a client is made (they cost start-up time)
    import ssl

    import httpx

    from .secrets import KeyStore

ProxyMode = Literal["system", "none", "manual"]
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


READ_TIMEOUT = 120.0
MIN_READ_TIMEOUT, MAX_READ_TIMEOUT = 0.5, 600.0


@dataclass
class NetworkSettings:
    proxy: str = "system"  # system | none | manual
    proxy_url: str = ""  # e.g. http://proxy.corp:3128 or socks5://127.0.0.1:1080
    proxy_user: str = ""
    bypass: str = ""  # hosts that go direct: "localhost, *.corp.example, 10.0.0.5"
    ca_file: str = ""  # a PEM certificate (or bundle) to trust besides the system's
    # Seconds without a byte after which a stream counts as dead (the API pings during long thinking).
    read_timeout: float = READ_TIMEOUT

    def check(self) -> None:
        """Raise ConfigError naming what is wrong (before any request)."""
        if self.proxy not in ("system", "none", "manual"):
            raise ConfigError(f"Unknown proxy mode {self.proxy!r}; use system, none or manual")
        if self.proxy == "manual":
            parts = urlsplit(self.proxy_url.strip())
            if parts.scheme not in PROXY_SCHEMES or not parts.hostname:
                raise ConfigError(
                    f"The proxy address {self.proxy_url!r} is not valid",
                    hint="Write it as http://host:port, https://host:port or socks5://host:port",
                )
            if parts.username or parts.password:
                raise ConfigError("Put the proxy's user name and password in their own fields, not in the address")
        if not MIN_READ_TIMEOUT <= self.read_timeout <= MAX_READ_TIMEOUT:
            raise ConfigError(f"The read timeout must be between {MIN_READ_TIMEOUT:g} and {MAX_READ_TIMEOUT:g} seconds")
        if self.ca_file:
            import ssl

            try:
                ssl.create_default_context().load_verify_locations(self.ca_file)
            except (OSError, ssl.SSLError) as error:
                raise ConfigError(f"The CA certificate {self.ca_file} cannot be used: {error}") from None

    def bypass_hosts(self) -> list[str]:
        return [h for h in self.bypass.replace(";", ",").replace(" ", ",").split(",") if h.strip()]


@dataclass(frozen=True, slots=True)
class Timeouts:
    connect: float = 10.0
    read: float = 120.0  # the API pings during long thinking; silence this long means a dead stream
    write: float = 60.0
    pool: float = 10.0

    def httpx(self) -> httpx.Timeout:
        import httpx

        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


def password_slot(settings: NetworkSettings) -> Endpoint:
    """The keyring entry that holds the proxy's password (one per proxy address)."""
    parts = urlsplit(settings.proxy_url.strip())
    return Endpoint(f"https://proxy.parley.invalid/{parts.scheme}/{parts.hostname}/{parts.port or ''}")


def client_options(settings: NetworkSettings, keys: KeyStore | None = None) -> dict[str, Any]:
    """Keyword arguments for ``MessagesClient`` that apply *settings*."""
    options = _transport_options(settings, keys)
    if settings.read_timeout != READ_TIMEOUT:
        options["timeouts"] = Timeouts(read=settings.read_timeout)
    return options


def _transport_options(settings: NetworkSettings, keys: KeyStore | None) -> dict[str, Any]:
    import ssl

    import httpx

    settings.check()
    verify: ssl.SSLContext | bool = True
    if settings.ca_file:
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
        context.load_default_certs()
        context.load_verify_locations(settings.ca_file)
        verify = context
    if settings.proxy == "system":  # environment variables, and the OS settings urllib reads
        return {"trust_env": True, "verify": verify}
    if settings.proxy == "none":
        return {"trust_env": False, "verify": verify}
    password = keys.get(password_slot(settings)) if keys is not None and settings.proxy_user else None
    auth = (settings.proxy_user, password or "") if settings.proxy_user else None
    proxy = httpx.Proxy(settings.proxy_url.strip(), auth=auth)
    mounts: dict[str, httpx.AsyncBaseTransport | None] = {
        "all://": httpx.AsyncHTTPTransport(proxy=proxy, verify=verify)
    }
    for host in settings.bypass_hosts():
        host = host.strip()
        pattern = "*" + host[1:] if host.startswith(".") else host
        mounts[f"all://{pattern}"] = None  # direct
    return {"trust_env": False, "verify": verify, "mounts": mounts}
