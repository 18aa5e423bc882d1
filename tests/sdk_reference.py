"""The official ``anthropic`` SDK as the reference for stream assembly.

Its stream fixtures ship in its sdist (not in the wheel), so the first use downloads the sdist of
the installed version from PyPI and unpacks the fixtures into ``build/sdk-fixtures/<version>/``.
:func:`sdk_final_message` runs the real SDK client on given bytes (an ``httpx2.MockTransport``), so
a comparison is with what the SDK itself builds, not with a copy of its rules.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIRS = ("tests/lib/streaming/fixtures/", "tests/fixtures/")


def sdk_version() -> str:
    return metadata.version("anthropic")


def sdk_fixtures() -> Path:
    """The SDK's stream fixtures (``*.txt`` and ``*.sse``) for the installed SDK version."""
    target = ROOT / "build" / "sdk-fixtures" / sdk_version()
    if (target / ".complete").exists():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--dest",
                tmp,
                f"anthropic=={sdk_version()}",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        archives = list(Path(tmp).glob("anthropic-*.tar.gz"))
        if done.returncode != 0 or not archives:
            message = f"could not download the anthropic {sdk_version()} sdist: {done.stderr.strip()[-300:]}"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        with tarfile.open(archives[0]) as archive:
            for member in archive.getmembers():
                inner = member.name.split("/", 1)[-1]
                if member.isfile() and inner.startswith(FIXTURE_DIRS) and inner.endswith((".txt", ".sse")):
                    source = archive.extractfile(member)
                    assert source is not None
                    (target / Path(inner).name).write_bytes(source.read())
        (target / ".complete").write_text(sdk_version())
    return target


def as_sdk_test_sends(raw: bytes) -> list[bytes]:
    """The chunks the SDK's own tests stream a fixture in: one line each (``helpers.get_response``)."""
    return [line.encode() + b"\n" for line in raw.decode().splitlines()]


def sdk_final_message(chunks: list[bytes], *, beta: bool = False) -> dict[str, Any]:
    """The final message the official SDK's ``messages.stream()`` builds from these response bytes
    (*beta*: ``beta.messages.stream()``, which also assembles compaction and context management)."""
    import warnings

    import anthropic
    import httpx2

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=iter(chunks), headers={"content-type": "text/event-stream"})

    client = anthropic.Anthropic(
        api_key="sk-ant-reference",
        base_url="http://sdk.invalid",
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
        max_retries=0,
    )
    messages = client.beta.messages if beta else client.messages
    with messages.stream(model="claude-sonnet-4-6", max_tokens=64, messages=[{"role": "user", "content": "hi"}]) as s:
        message = s.get_final_message()
    client.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic warns when serialising block types it has no class for
        result: dict[str, Any] = message.to_dict(mode="json")
    return result
