"""Keys: env var wins, keyring per endpoint, no silent file fallback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring

from parley.core.endpoint import Endpoint
from parley.core.errors import ConfigError
from parley.core.secrets import KeyringStore, KeyringUnavailable, MemoryStore, find_key, key_known

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


def test_the_index_records_which_endpoints_have_a_key_never_the_key(tmp_path, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    previous = keyring.get_keyring()
    backend = _DictKeyring()
    keyring.set_keyring(backend)
    index = tmp_path / "keyring-index.json"
    try:
        store = KeyringStore(index)
        assert not key_known(store, A)
        store.set(A, "sk-ant-secret-a")
        store.set(B, "sk-ant-secret-b")
        assert key_known(store, A)
        assert key_known(store, B)
        assert "sk-ant-secret" not in index.read_text()
        store.delete(A)
        assert not key_known(store, A)
        assert key_known(store, B)
        # Removed behind Parley's back (another tool, a new keyring): the next real lookup corrects it.
        del backend.data[("parley", B.base_url)]
        assert store.get(B) is None
        assert not key_known(store, B)
        # Stored before the index existed (an upgrade): the first lookup that finds it records it.
        backend.data[("parley", A.base_url)] = "sk-ant-older"
        assert store.get(A) == "sk-ant-older"
        assert key_known(KeyringStore(index), A)
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize("content", ["", "{not json", '{"a": 1}', "[1, 2]", "\x00\xff"])
def test_an_unreadable_index_only_means_asking_the_keyring(tmp_path, monkeypatch, content):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    index = tmp_path / "keyring-index.json"
    index.write_text(content, encoding="utf-8", errors="surrogateescape")
    assert not key_known(KeyringStore(index), A)


def test_key_known_is_true_with_the_env_var_and_false_for_other_stores(monkeypatch):
    store = MemoryStore()
    store.set(A, "k")
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    assert not key_known(store, A)  # not "known": find_key asks the store, which is cheap
    monkeypatch.setenv("ANTHROPIC_API_KEY", "from-env")
    assert key_known(store, B)


def test_key_known_does_not_load_the_keyring(tmp_path):
    """The app's start-up check must not import keyring (~200 ms, ~24 MB resident with its backend)."""
    index = tmp_path / "keyring-index.json"
    index.write_text(json.dumps([A.base_url]), encoding="utf-8")
    code = (
        "import sys\n"
        "from parley.core.endpoint import Endpoint\n"
        "from parley.core.secrets import KeyringStore, key_known\n"
        "from pathlib import Path\n"
        f"assert key_known(KeyringStore(Path({str(index)!r})), Endpoint({A.base_url!r}))\n"
        "assert 'keyring' not in sys.modules, 'keyring was imported'\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "ANTHROPIC_API_KEY"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_session_only_key_is_read_first_and_never_written_to_the_keyring(monkeypatch) -> None:
    from parley.core.secrets import SessionFirst

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    endpoint, other = A, B
    saved, session = MemoryStore(), MemoryStore()
    saved.set(other, "sk-saved")
    keys = SessionFirst(session, saved)
    assert not key_known(keys, endpoint)
    session.set(endpoint, "sk-session")
    assert key_known(keys, endpoint)
    assert find_key(keys, endpoint) == "sk-session"
    assert saved.get(endpoint) is None  # kept in memory only
    assert keys.get(other) == "sk-saved"  # the keyring answers for the rest
    keys.set(other, "sk-new")
    assert saved.get(other) == "sk-new"
    assert session.get(other) is None
    keys.delete(endpoint)
    assert keys.get(endpoint) is None
