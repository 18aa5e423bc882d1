"""Where requests go and how they authenticate: base URL, API version, auth header."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from .errors import ConfigError

API_VERSIONS = ("2023-06-01", "2026-10-21")
DEFAULT_API_VERSION = "2023-06-01"

PRESETS: dict[str, str] = {
    "anthropic": "https://api.anthropic.com",
    "aihubmix": "https://aihubmix.com",
}
AuthHeader = Literal["x-api-key", "bearer"]


def normalize_base_url(url: str) -> str:
    """``https://host/v1/`` and ``https://host`` mean the same endpoint; keep one spelling."""
    url = url.strip().rstrip("/")
    if url.endswith("/v1"):
        url = url[:-3]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{url!r} is not a usable base URL", hint="Use a URL such as https://api.anthropic.com")
    return url


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One API endpoint. Each has its own key (in the keyring), version and auth header."""

    base_url: str = PRESETS["anthropic"]
    api_version: str = DEFAULT_API_VERSION
    auth: AuthHeader = "x-api-key"

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", normalize_base_url(self.base_url))
        if self.api_version not in API_VERSIONS:
            raise ConfigError(f"Unknown API version {self.api_version!r}", hint=f"Use one of {', '.join(API_VERSIONS)}")
        if self.auth not in ("x-api-key", "bearer"):
            raise ConfigError(f"Unknown auth header {self.auth!r}", hint="Use x-api-key or bearer")

    @property
    def label(self) -> str:
        """How the endpoint is named in messages: its host."""
        return urlsplit(self.base_url).netloc or self.base_url

    @property
    def preset(self) -> str:
        for name, url in PRESETS.items():
            if url == self.base_url:
                return name
        return "custom"

    def url(self, path: str) -> str:
        return self.base_url + path

    def auth_headers(self, key: str) -> dict[str, str]:
        """Exactly one auth header, never both."""
        if self.auth == "bearer":
            return {"authorization": f"Bearer {key}"}
        return {"x-api-key": key}
