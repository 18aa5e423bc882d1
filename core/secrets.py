"""API keys: the OS keyring (service "parley", one entry per endpoint), or ``ANTHROPIC_API_KEY``.

The environment variable wins when set. There is no file fallback: without a keyring backend the
user is told so and offered the environment variable.

Opening the keyring is expensive for a desktop app: importing ``keyring`` and finding its backend
(SecretStorage, cryptography) takes ~200 ms and ~24 MB of resident memory. So the keyring store keeps
a small index, next to the settings, of the endpoints it holds a key for (URLs only, never a key):
the app's start-up check "is there a key?" reads that, and the keyring itself is opened only when a
key is really needed (the first request, or the settings dialog).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Protocol

from .endpoint import Endpoint
from .errors import ConfigError
from .files import write_text_atomically

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
    """The real OS keyring through the ``keyring`` package; with *index*, it records which endpoints
    it holds a key for (see the module's docstring)."""

    def __init__(self, index: Path | None = None) -> None:
        self._index = index

    def known(self, endpoint: Endpoint) -> bool:
        """Whether a key for *endpoint* was stored or last found here, without opening the keyring.
        A key removed behind Parley's back is noticed at the next real lookup, which corrects this."""
        return endpoint.base_url in self._indexed()

    def _indexed(self) -> set[str]:
        if self._index is None:
            return set()
        try:
            urls = json.loads(self._index.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()  # none yet, or unreadable: the keyring is asked, as without an index
        return {u for u in urls if isinstance(u, str)} if isinstance(urls, list) else set()

    def _remember(self, endpoint: Endpoint, present: bool) -> None:
        if self._index is None:
            return
        urls = self._indexed()
        if (endpoint.base_url in urls) == present:
            return
        if present:
            urls.add(endpoint.base_url)
        else:
            urls.discard(endpoint.base_url)
        with contextlib.suppress(OSError):  # only a shortcut: without it the next start asks the keyring
            write_text_atomically(self._index, json.dumps(sorted(urls)))

    def get(self, endpoint: Endpoint) -> str | None:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError

        try:
            key = keyring.get_password(SERVICE, endpoint.base_url) or None
        except NoKeyringError as exc:
            raise KeyringUnavailable(type(exc).__name__) from exc
        except KeyringError as exc:
            raise KeyringUnavailable(str(exc) or type(exc).__name__) from exc
        self._remember(endpoint, key is not None)
        return key

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
        self._remember(endpoint, True)

    def delete(self, endpoint: Endpoint) -> None:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(SERVICE, endpoint.base_url)
        except PasswordDeleteError:
            pass
        except KeyringError as exc:
            raise KeyringUnavailable(str(exc) or type(exc).__name__) from exc
        self._remember(endpoint, False)


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


class SessionFirst:
    """The keys the user chose to keep for this session only (there is no keyring to save them in),
    then the keyring. Session keys live in memory and are gone when Parley quits; writes go to the
    keyring."""

    def __init__(self, session: MemoryStore, store: KeyStore) -> None:
        self.session = session
        self.store = store

    def get(self, endpoint: Endpoint) -> str | None:
        return self.session.get(endpoint) or self.store.get(endpoint)

    def set(self, endpoint: Endpoint, key: str) -> None:
        self.store.set(endpoint, key)

    def delete(self, endpoint: Endpoint) -> None:
        self.session.delete(endpoint)
        self.store.delete(endpoint)


def key_known(store: KeyStore, endpoint: Endpoint) -> bool:
    """Whether there is a key for *endpoint*, answered cheaply: False means "not known", so ask
    ``find_key``. True when ``ANTHROPIC_API_KEY`` is set, a session key is kept, or the keyring
    store's index lists it."""
    if os.environ.get(ENV_VAR, "").strip():
        return True
    if isinstance(store, SessionFirst):
        return store.session.get(endpoint) is not None or key_known(store.store, endpoint)
    return isinstance(store, KeyringStore) and store.known(endpoint)


def find_key(store: KeyStore, endpoint: Endpoint) -> str:
    """The key to use for *endpoint*: ``ANTHROPIC_API_KEY`` if set, else the store's entry."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    key = store.get(endpoint)
    if not key:
        raise ConfigError(f"No API key for {endpoint.label}", hint=f"Add one in Parley's settings, or set {ENV_VAR}")
    return key
