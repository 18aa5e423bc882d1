"""What a failed connection means, in words: httpx's transport errors mapped to Parley's typed errors.

Timeouts mid-stream, cut connections, refusing proxies, untrusted or failed TLS, unusable URLs and
unreachable hosts each get their own message and a hint; the key never appears in either.
"""

from __future__ import annotations

import ssl

import httpx

from .endpoint import Endpoint
from .errors import NetworkError, ParleyError, ProxyRefused, StreamCut, TimedOut, TlsFailed, redact

PROXY_HINT = "Check the proxy address, user name and password in Settings → Network"


def network_error(exc: Exception, endpoint: Endpoint, key: str, *, streamed: bool) -> ParleyError:
    """The typed error for *exc*; *streamed* says whether part of the answer had arrived."""
    reason = redact(str(exc) or type(exc).__name__, key)
    where = endpoint.label
    if isinstance(exc, httpx.TimeoutException) and not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return TimedOut(f"{where} stopped sending data", hint="What arrived is kept; try again")
    if streamed:
        return StreamCut(
            f"The connection to {where} closed before the answer finished ({reason})",
            hint="What arrived is kept; try again",
        )
    if isinstance(exc, httpx.ProxyError):
        return ProxyRefused(f"The proxy refused to connect to {where} ({reason})", hint=PROXY_HINT)
    tls = tls_failure(exc)
    tls = redact(tls, key) if tls else None
    if "CERTIFICATE_VERIFY_FAILED" in (tls or reason):
        return TlsFailed(
            f"{where}'s certificate is not trusted ({tls or reason})",
            hint="Behind a company proxy that inspects TLS, add its CA certificate in Settings → Network",
        )
    if tls:
        return TlsFailed(
            f"The secure connection (TLS) to {where} failed ({tls})",
            hint="Check the base URL's scheme and port (https or http) and any proxy in Settings → Network",
        )
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return NetworkError(
            f"{endpoint.base_url} is not a usable URL ({reason})", hint="Check the base URL in Settings"
        )
    return NetworkError(
        f"Could not reach {where} ({reason})", hint="Check your network connection, proxy and the base URL"
    )


def tls_failure(exc: BaseException) -> str | None:
    """The TLS error behind a connection failure (httpx wraps it), if that is what it was."""
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLError):
            return str(getattr(seen, "reason", None) or seen)
        seen = seen.__cause__ or seen.__context__
    return None
