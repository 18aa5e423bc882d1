"""Hostile files through the real CLI (``parley import``, ``parley ask --attach``): malformed,
enormous, wrongly encoded, zip bombs, damaged zips, binaries under a text name. Each gets one clear
line naming the file and what is wrong, no traceback, and changes nothing: the history is byte for
byte the same, and no request reaches the API."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from parley.core.history.store import Store
from tests.core.test_attachments import png
from tests.core.test_transfer import db_digest, rich_history
from tests.fakeapi import DEFAULT_KEY, FakeAPI

PARLEY = str(Path(sys.executable).parent / "parley")
MB = 2**20


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as f:
            f.truncate(size)  # enormous on paper, nothing on disk

    return make


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


EXPORT = json.dumps(
    [{"uuid": "u1", "name": "Café", "chat_messages": [{"sender": "human", "text": "hé"}]}], ensure_ascii=False
)

# name → (file name, how to make it, words the one line must contain)
HOSTILE_IMPORTS = {
    "empty": ("conversations.json", _bytes(b""), "not valid JSON"),
    "binary under a .json name": ("conversations.json", _bytes(png(4, 4)), "not UTF-8"),
    "latin-1": ("conversations.json", _bytes(EXPORT.encode("latin-1")), "not UTF-8"),
    "truncated JSON": ("conversations.json", _bytes(EXPORT.encode()[:-7]), "not valid JSON"),
    "enormous (600 MB)": ("conversations.json", _sparse(600 * MB), "the limit is 512 MB"),
    "deep nesting": ("conversations.json", _bytes(b"[" * 200_000 + b"]" * 200_000), "nested too deeply"),
    "zip bomb": ("export.zip", _bytes(_zip({"conversations.json": b"[" + b" " * (60 * MB) + b"]"})), "zip bomb"),
    "damaged zip": ("export.zip", _bytes(_zip({"conversations.json": EXPORT.encode() * 50})[:-40]), "damaged zip"),
    "zip without the export": ("export.zip", _bytes(_zip({"../../evil.txt": b"x"})), "holds no conversations.json"),
    "wrong shape": ("conversations.json", _bytes(b'{"chats": "all of them"}'), "not a Parley, Claude.ai or ChatGPT"),
    "hostile values": (
        "conversations.json",
        _bytes(json.dumps([{"uuid": "u", "chat_messages": [{"sender": "<script>", "text": 1}]}]).encode()),
        "sender should be human or assistant",
    ),
}


def _cli(args: list[str], data: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "PARLEY_"))}
    env |= {"PARLEY_DATA_DIR": str(data), **(env_extra or {})}
    return subprocess.run([PARLEY, *args], env=env, capture_output=True, text=True, timeout=90, check=False)


def _history(data: Path) -> str:
    with Store(data / "history.sqlite3") as store:
        return db_digest(store)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    with Store(path / "history.sqlite3") as store:
        rich_history(store)
    return path


@pytest.mark.parametrize("case", HOSTILE_IMPORTS)
def test_a_hostile_import_is_refused_in_one_line_and_changes_nothing(case: str, data: Path, tmp_path: Path) -> None:
    name, make, says = HOSTILE_IMPORTS[case]
    path = tmp_path / name
    make(path)
    before = _history(data)
    r = _cli(["import", str(path)], data)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("parley import:")
    assert name in lines[0]
    assert says in lines[0]
    assert _history(data) == before


def test_an_export_re_saved_as_utf16_imports(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "conversations.json"
    path.write_bytes(EXPORT.encode("utf-16"))  # with a BOM, as Notepad writes it
    r = _cli(["import", str(path)], data)
    assert r.returncode == 0, r.stderr
    with Store(data / "history.sqlite3") as store:
        assert "Café" in [c.title for c in store.list_chats()]


HOSTILE_ATTACHMENTS = {
    "missing": ("nothere.png", None, "does not exist"),
    "empty": ("empty.txt", _bytes(b""), "is empty"),
    "executable": ("setup.exe", _bytes(b"MZ\x90\x00" + os.urandom(2000)), "not an image, a PDF or a text file"),
    "wrongly encoded text": ("notes.txt", _bytes("naïve café".encode("cp1252") + b"\x81\x8d"), "not an image"),
    "zip bomb": ("bomb.zip", _bytes(_zip({"a": b"0" * (20 * MB)})), "not an image, a PDF or a text file"),
    "enormous": ("huge.pdf", _sparse(40 * MB), "at most 24.0 MB"),
    "image too large": ("wide.png", _bytes(png(9000, 10)), "at most 8000 pixels"),
    "damaged image": ("broken.png", _bytes(b"\x89PNG\r\n\x1a\n\x00"), "damaged"),
    "damaged PDF": ("paper.pdf", _bytes(b"%PDF-1.7\n" + os.urandom(300)), "damaged or incomplete PDF"),
    "text too long": ("log.txt", _bytes(b"line\n" * (MB // 2)), "attach at most"),
    "a folder": ("folder", lambda p: p.mkdir(), "not a file"),
}


@pytest.mark.parametrize("case", HOSTILE_ATTACHMENTS)
def test_a_hostile_attachment_is_refused_before_anything_is_sent(
    case: str, data: Path, tmp_path: Path, fake_api: FakeAPI
) -> None:
    name, make, says = HOSTILE_ATTACHMENTS[case]
    path = tmp_path / name
    if make is not None:
        make(path)
    before = _history(data)
    env = {"ANTHROPIC_BASE_URL": fake_api.url, "ANTHROPIC_API_KEY": DEFAULT_KEY}
    r = _cli(["ask", "--attach", str(path), "what is this?"], data, env)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert name in lines[0]
    assert says in lines[0]
    assert fake_api.messages_requests() == []
    assert _history(data) == before
