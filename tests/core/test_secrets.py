"""Keys: env var wins, keyring per endpoint, no silent file fallback."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring

from parley.core.endpoint import Endpoint
from parley.core.errors import ConfigError
from parley.core.secrets import KeyringStore, KeyringUnavailable, MemoryStore, find_key

A = Endpoint("https://api.anthropic.com")
B = Endpoint("https://aihubmix.com")


def test_env_var_wins(monkeypatch):
    store = MemoryStore()
    store.set(A, "from-store")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "from-env")
    assert find_key(store, A) == "from-env"
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    assert find_key(store, A) == "from-store"
    with pytest.raises(ConfigError, match=r"No API key for aihubmix\.com"):
        find_key(store, B)


def test_no_keyring_backend_says_so_and_offers_env(monkeypatch):
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        with pytest.raises(KeyringUnavailable) as info:
            KeyringStore().set(A, "k")
        assert "ANTHROPIC_API_KEY" in info.value.user_message
        with pytest.raises(KeyringUnavailable):
            KeyringStore().get(A)
    finally:
        keyring.set_keyring(previous)


class _DictKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.data = {}

    def get_password(self, service, username):
        return self.data.get((service, username))

    def set_password(self, service, username, password):
        self.data[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.data:
            raise PasswordDeleteError("missing")
        del self.data[(service, username)]


def test_one_entry_per_endpoint_under_service_parley():
    previous = keyring.get_keyring()
    backend = _DictKeyring()
    keyring.set_keyring(backend)
    try:
        store = KeyringStore()
        store.set(A, "  key-a \n")
        store.set(B, "key-b")
        assert backend.data == {
            ("parley", "https://api.anthropic.com"): "key-a",
            ("parley", "https://aihubmix.com"): "key-b",
        }
        store.delete(A)
        store.delete(A)  # deleting twice is fine
        assert store.get(A) is None
        assert store.get(B) == "key-b"
    finally:
        keyring.set_keyring(previous)


@pytest.mark.keyring
def test_real_secret_service_round_trip():
    """Runs in .ci/run inside dbus-run-session with an unlocked gnome-keyring."""
    endpoint = Endpoint("https://keyring-test.invalid")
    store = KeyringStore()
    store.set(endpoint, "sk-ant-roundtrip-key")
    try:
        assert store.get(endpoint) == "sk-ant-roundtrip-key"
        assert (
            "SecretService" in type(keyring.get_keyring()).__name__
            or "chainer" in type(keyring.get_keyring()).__module__
        )
    finally:
        store.delete(endpoint)
    assert store.get(endpoint) is None
