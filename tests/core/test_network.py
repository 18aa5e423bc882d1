"""Network settings reach httpx: real loopback proxies (HTTP with Basic auth, SOCKS5 with a user
name and password) carry the requests, bypassed hosts go direct, the system proxy comes from the
environment, and a custom CA certificate makes a self-signed endpoint trusted."""

from __future__ import annotations

import gc
import shutil
import warnings
from pathlib import Path

import pytest

from parley.core.context import Context
from parley.core.endpoint import Endpoint
from parley.core.errors import ConfigError, NetworkError, ProxyRefused
from parley.core.network import NetworkSettings, client_options, password_slot
from parley.core.paths import Paths
from parley.core.secrets import MemoryStore
from parley.core.settings import Settings, load, save
from tests.conftest import run
from tests.fakeapi import DEFAULT_KEY
from tests.proxies import HttpProxy, Socks5Proxy, TlsFront, self_signed_certificate


def context(tmp_path: Path, url: str, network: NetworkSettings, proxy_password: str | None = None) -> Context:
    settings = Settings(active_endpoint=url, network=network)
    keys = MemoryStore()
    ctx = Context(Paths.resolve(tmp_path / "data"), settings, keys)
    keys.set(ctx.endpoint, DEFAULT_KEY)
    if proxy_password is not None:
        keys.set(password_slot(network), proxy_password)
    return ctx


def list_models(ctx: Context) -> list[dict[str, object]]:
    async def go() -> list[dict[str, object]]:
        async with ctx.client() as client:
            return await client.list_models()

    return run(go())


def test_http_proxy_with_a_password_from_the_keyring(fake_api, tmp_path) -> None:
    with HttpProxy("alice", "s3cret") as proxy:
        network = NetworkSettings("manual", f"http://127.0.0.1:{proxy.port}", "alice")
        assert list_models(context(tmp_path, fake_api.url, network, "s3cret"))
        assert proxy.carried == [f"GET {fake_api.url}/v1/models?limit=1000"]
        with pytest.raises(ProxyRefused, match="407") as caught:
            list_models(context(tmp_path, fake_api.url, network, "wrong"))
        assert "Settings → Network" in caught.value.user_message
        assert "s3cret" not in caught.value.user_message


def test_bypassed_hosts_go_direct(fake_api, tmp_path) -> None:
    with HttpProxy() as proxy:
        network = NetworkSettings("manual", f"http://127.0.0.1:{proxy.port}", bypass="localhost, 127.0.0.1")
        assert list_models(context(tmp_path, fake_api.url, network))
        assert proxy.carried == []


def test_socks5_proxy_with_user_and_password(fake_api, tmp_path) -> None:
    with Socks5Proxy("bob", "pw") as proxy:
        network = NetworkSettings("manual", f"socks5://127.0.0.1:{proxy.port}", "bob")
        assert list_models(context(tmp_path, fake_api.url, network, "pw"))
        assert proxy.carried == [f"127.0.0.1:{fake_api.url.rsplit(':', 1)[1]}"]
        with warnings.catch_warnings():
            # httpcore leaves the socket of a failed SOCKS5 handshake for the garbage collector.
            warnings.simplefilter("ignore", ResourceWarning)
            with pytest.raises(ProxyRefused, match="proxy refused"):
                list_models(context(tmp_path, fake_api.url, network, "nope"))
            gc.collect()


def test_system_proxy_comes_from_the_environment_and_none_ignores_it(fake_api, tmp_path, monkeypatch) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with HttpProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        assert list_models(context(tmp_path, fake_api.url, NetworkSettings("system")))
        assert len(proxy.carried) == 1
        assert list_models(context(tmp_path, fake_api.url, NetworkSettings("none")))
        assert len(proxy.carried) == 1


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_a_custom_ca_makes_a_self_signed_endpoint_trusted(fake_api, tmp_path) -> None:
    cert, key = self_signed_certificate(tmp_path)
    with TlsFront(cert, key, int(fake_api.url.rsplit(":", 1)[1])) as front:
        url = f"https://127.0.0.1:{front.port}"
        with pytest.raises(NetworkError, match="not trusted") as caught:
            list_models(context(tmp_path, url, NetworkSettings("none")))
        assert "CA certificate" in caught.value.user_message
        assert list_models(context(tmp_path, url, NetworkSettings("none", ca_file=cert)))


def test_bad_settings_are_refused_before_any_request(tmp_path) -> None:
    for network, words in (
        (NetworkSettings("manual", "proxy.corp:3128"), "not valid"),
        (NetworkSettings("manual", "ftp://proxy:21"), "not valid"),
        (NetworkSettings("manual", "http://u:p@proxy:3128"), "own fields"),
        (NetworkSettings("none", ca_file=str(tmp_path / "missing.pem")), "cannot be used"),
    ):
        with pytest.raises(ConfigError, match=words):
            client_options(network)


def test_network_settings_survive_a_save_and_the_password_is_not_in_the_file(tmp_path) -> None:
    network = NetworkSettings("manual", "socks5://127.0.0.1:1080", "carol", "localhost", "")
    path = tmp_path / "settings.json"
    save(Settings(network=network), path)
    assert load(path).network == network
    keys = MemoryStore()
    keys.set(password_slot(network), "hunter2")
    assert "hunter2" not in path.read_text()
    assert keys.get(password_slot(network)) == "hunter2"
    assert password_slot(network) != Endpoint()
