"""Shared fixtures: the fake API, a scratch data dir, and a guard against hung teardowns."""

from __future__ import annotations

import asyncio
import faulthandler
import os
from collections.abc import Awaitable, Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest

from parley.core.client import MessagesClient, RetryPolicy
from parley.core.clock import FixedClock
from parley.core.endpoint import Endpoint
from parley.core.network import Timeouts
from tests.fakeapi import DEFAULT_KEY, FakeAPI

T = TypeVar("T")
STREAMS = Path(__file__).resolve().parent / "fixtures" / "streams"  # copies of shared/reference/streams
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("LANG", "C.UTF-8")
# The day tests run on unless they choose another: after Sonnet 4.5's retirement (2026-11-30).
# No test reads the real calendar; one that is about dates passes its own FixedClock.
CLOCK = FixedClock(date(2026, 12, 5))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """A teardown that hangs would defeat pytest-timeout; dump stacks and exit instead."""
    faulthandler.dump_traceback_later(30, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def _worker_threads_end_with_their_test() -> Iterator[None]:
    """A formula or search thread still working for a test would run into the next tests (and the
    garbage it collects there would be blamed on them)."""
    yield
    from parley.core.history import search_thread
    from parley.core.presentation import math_store

    for worker in [*math_store._running, *search_thread._running]:
        worker.stop()


@pytest.fixture(scope="session")
def _fake_api_server() -> Iterator[FakeAPI]:
    api = FakeAPI().start()
    yield api
    api.stop()


@pytest.fixture
def fake_api(_fake_api_server: FakeAPI) -> Iterator[FakeAPI]:
    _fake_api_server.reset()
    _fake_api_server.models_style = "anthropic"
    _fake_api_server.not_an_api = False
    yield _fake_api_server
    _fake_api_server.reset()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "parley-data"
    monkeypatch.setenv("PARLEY_DATA_DIR", str(d))
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    return d


def run(coro: Awaitable[T]) -> T:
    """Run a coroutine on a fresh event loop (core tests need no Qt loop)."""
    return asyncio.run(coro)  # type: ignore[arg-type]


@pytest.fixture
def make_client(fake_api: FakeAPI) -> Callable[..., MessagesClient]:
    def factory(
        *,
        key: str = DEFAULT_KEY,
        api_version: str = "2023-06-01",
        auth: str = "x-api-key",
        read_timeout: float = 5.0,
        retries: int = 2,
        **kw: Any,
    ) -> MessagesClient:
        endpoint = Endpoint(fake_api.url, api_version, auth)  # type: ignore[arg-type]
        return MessagesClient(
            endpoint,
            key,
            timeouts=Timeouts(connect=2.0, read=read_timeout),
            retry=RetryPolicy(max_retries=retries),
            trust_env=False,
            **kw,
        )

    return factory
