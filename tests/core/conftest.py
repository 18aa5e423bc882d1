"""Fixtures for the core's tests: the ``parley`` command as a real process against the fake API."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLOCK
from tests.fakeapi import DEFAULT_KEY

PARLEY = str(Path(sys.executable).parent / "parley")


@pytest.fixture
def cli(fake_api, tmp_path):
    def call(*args: str, stdin: str | None = None, key: str | None = DEFAULT_KEY, **env: str):
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "PARLEY_"))}
        # The CLI's day is always chosen here (PARLEY_TODAY), never the real calendar's.
        environ.update(
            {
                "ANTHROPIC_BASE_URL": fake_api.url,
                "PARLEY_DATA_DIR": str(tmp_path / "data"),
                "PARLEY_TODAY": CLOCK.today().isoformat(),
                **env,
            }
        )
        if key is not None:
            environ["ANTHROPIC_API_KEY"] = key
        return subprocess.run(
            [PARLEY, *args], input=stdin, capture_output=True, text=True, env=environ, timeout=60, check=False
        )

    return call
