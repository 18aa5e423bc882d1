"""A recognisable fake key through every path — chat, compare, an error that echoes the key, export,
debug logs, a crash report, the window and its settings — then a search of every file under the data
and config dirs and of every output: the key appears nowhere. (Keys live only in the keyring:
tests/core/test_secrets.py round-trips one through a real Secret Service.)"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextEdit

from parley.core import logs
from tests.fakeapi import FakeAPI, error_reply
from tests.gui.conftest import send, wait_idle

PARLEY = str(Path(sys.executable).parent / "parley")
KEY = "sk-ant-api03-PARLEYCANARY7c1d9e2f4a6b8c0d1e3f5a7b9c1d3e5f-ZZ"
FRAGMENT = "PARLEYCANARY7c1d9e2f"  # a distinctive part: no prefix of the key may leak either


def _leaks(text: str) -> bool:
    return KEY in text or FRAGMENT in text


def _files(root: Path) -> Iterator[Path]:
    yield from (p for p in root.rglob("*") if p.is_file())


def _assert_no_file_holds_the_key(root: Path) -> int:
    count = 0
    for path in _files(root):
        data = path.read_bytes()
        assert KEY.encode() not in data, path
        assert FRAGMENT.encode() not in data, path
        count += 1
    return count


@pytest.fixture
def canary_key(fake_api: FakeAPI) -> Iterator[str]:
    fake_api.keys.add(KEY)
    yield KEY
    fake_api.keys.discard(KEY)


def test_the_key_is_in_no_file_and_no_output_of_the_cli(canary_key: str, fake_api: FakeAPI, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "PARLEY_"))}
    env |= {"ANTHROPIC_BASE_URL": fake_api.url, "ANTHROPIC_API_KEY": canary_key, "PARLEY_DATA_DIR": str(data)}

    def parley(*args: str) -> subprocess.CompletedProcess[str]:
        r = subprocess.run([PARLEY, "--debug", *args], env=env, capture_output=True, text=True, timeout=60, check=False)
        assert not _leaks(r.stdout + r.stderr), args
        return r

    assert parley("ask", "--no-thinking", "-m", "claude-haiku-4-5", "hello").returncode == 0
    assert (
        parley("compare", "-m", "claude-haiku-4-5:off", "-m", "claude-sonnet-4-6:off", "which is faster?").returncode
        == 0
    )
    fake_api.script(error_reply(401, "authentication_error", f"invalid x-api-key: {canary_key}"))
    assert parley("ask", "--no-thinking", "-m", "claude-haiku-4-5", "again").returncode == 3
    fake_api.script(
        error_reply(500, "api_error", f"upstream said Bearer {canary_key}", retry_after=0.1),
        error_reply(500, "api_error", "x", retry_after=0.1),
        error_reply(500, "api_error", "x", retry_after=0.1),
    )
    assert parley("ask", "--no-thinking", "-m", "claude-haiku-4-5", "once more").returncode == 3
    for fmt in ("md", "json", "html"):
        assert parley("export", "--all", "--format", fmt, "-o", str(data / f"all.{fmt}")).returncode == 0
    log = (data / "logs" / "parley.log").read_text()
    assert "POST" in log  # debug logging did write the requests, headers included…
    assert "[redacted]" in log  # …with the key replaced
    assert _assert_no_file_holds_the_key(data) >= 5


def test_a_crash_report_never_holds_the_key(tmp_path: Path) -> None:
    logs.remember_secret(KEY)
    try:
        raise RuntimeError(f"the proxy answered with our key {KEY} in it; headers={{'x-api-key': '{KEY}'}}")
    except RuntimeError as exc:
        report = logs.write_crash_report(tmp_path, type(exc), exc, exc.__traceback__)
    text = report.read_text()
    assert "RuntimeError" in text
    assert "[redacted]" in text
    assert not _leaks(text)
    # Keys Parley was never told about are caught by their shape.
    assert logs.redact("key sk-ant-api03-abcdefghijklmnop and Bearer abcdefghij123") == (
        "key [redacted] and Bearer [redacted]"
    )


def test_the_key_is_in_no_file_and_nowhere_on_screen_in_the_app(qtbot, window, fake_api: FakeAPI) -> None:
    services = window.services
    fake_api.keys.add(KEY)
    try:
        services.ctx.keys.set(services.ctx.endpoint, KEY)
        services.save_settings()
        send(qtbot, window, "hello")
        wait_idle(qtbot, window)
        fake_api.script(error_reply(401, "authentication_error", f"invalid x-api-key: {KEY}"))
        send(qtbot, window, "and again")
        wait_idle(qtbot, window)
        assert window.banner is not None
        window.open_settings()
        dialog = window.settings_dialog
        assert dialog is not None
        assert dialog.key.echoMode() == QLineEdit.EchoMode.Password  # typed or stored, it shows as dots
        for root in (window, dialog):
            for label in root.findChildren(QLabel):
                assert not _leaks(label.text())
            for edit in root.findChildren(QLineEdit):
                if edit.echoMode() == QLineEdit.EchoMode.Normal:
                    assert not _leaks(edit.text())
            for text in root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit):
                assert not _leaks(text.toPlainText())
        dialog.reject()
    finally:
        fake_api.keys.discard(KEY)
    paths = services.ctx.paths
    assert _assert_no_file_holds_the_key(paths.data_dir) >= 1
    if paths.config_dir != paths.data_dir:
        _assert_no_file_holds_the_key(paths.config_dir)
