"""API keys: the OS keyring (service "parley", one entry per endpoint), or ``ANTHROPIC_API_KEY``.

The environment variable wins when set. There is no file fallback: without a keyring backend the
user is told so and offered the environment variable.
"""

from __future__ import annotations

import os
from typing import Protocol

from .endpoint import Endpoint
from .errors import ConfigError

SERVICE = "parley"
ENV_VAR = "ANTHROPIC_API_KEY"


class KeyStore(Protocol):
    def get(self, endpoint: Endpoint) -> str | None: ...
    def set(self, endpoint: Endpoint, key: str) -> None: ...
    def delete(self, endpoint: Endpoint) -> None: ...


class KeyringUnavailable(ConfigError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"No system keyring is available to store the API key ({detail})",
            hint=f"Set the {ENV_VAR} environment variable instead; Parley never writes keys to a file",
        )


class KeyringStore:
    """The real OS keyring through the ``keyring`` package."""

    def get(self, endpoint: Endpoint) -> str | None:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError

        try:
            return keyring.get_password(SERVICE, endpoint.base_url) or None
        except NoKeyringError as exc:
            raise KeyringUnavailable(type(exc).__name__) from exc
        except KeyringError as exc:
            raise KeyringUnavailable(str(exc) or type(exc).__name__) from exc

    def set(self, endpoint: Endpoint, key: str) -> None:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError

        key = key.strip()
        if not key:
            raise ConfigError("The API key is empty")
        try:
            keyring.set_password(SERVICE, endpoint.base_url, key)
        except NoKeyringError as exc:
            raise KeyringUnavailable(type(exc).__name__) from exc
        except KeyringError as exc:
            raise KeyringUnavailable(str(exc) or type(exc).__name__) from exc

    def delete(self, endpoint: Endpoint) -> None:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(SERVICE, endpoint.base_url)
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            raise KeyringUnavailable(str(exc) or type(exc).__name__) from exc


class MemoryStore:
    """An in-memory KeyStore for tests and for keys the user chose not to save."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}

    def get(self, endpoint: Endpoint) -> str | None:
        return self._keys.get(endpoint.base_url)

    def set(self, endpoint: Endpoint, key: str) -> None:
        self._keys[endpoint.base_url] = key.strip()

    def delete(self, endpoint: Endpoint) -> None:
        self._keys.pop(endpoint.base_url, None)


def find_key(store: KeyStore, endpoint: Endpoint) -> str:
    """The key to use for *endpoint*: ``ANTHROPIC_API_KEY`` if set, else the store's entry."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    key = store.get(endpoint)
    if not key:
        raise ConfigError(f"No API key for {endpoint.label}", hint=f"Add one in Parley's settings, or set {ENV_VAR}")
    return key
