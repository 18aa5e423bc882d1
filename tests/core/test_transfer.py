"""Export (JSON lossless, Markdown, HTML) and import (Parley, Claude.ai, ChatGPT), with real files."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from parley.core.chat_setup import ChatSetup
from parley.core.history.store import Store
from parley.core.transfer.export import export
from parley.core.transfer.importers import ImportFormatError, import_file, read_export

SAMPLES = Path(__file__).parent.parent / "fixtures" / "imports"


def text(t: str) -> list[dict[str, str]]:
    return [{"type": "text", "text": t}]


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "a.sqlite3") as s:
        yield s


def rich_history(store: Store) -> list[str]:
    """Branches, signed thinking, usage, a pinned chat, a system prompt, an interrupted reply."""
    a = store.create_chat(
        "Branches & thinking", model="claude-opus-4-7", effort="high", setup=ChatSetup(system="Be brief.")
    )
    store.add_message(a, "user", text("first prompt"))
    a1 = store.add_message(
        a,
        "assistant",
        [
            {"type": "thinking", "thinking": "hmm", "signature": "c2lnbmF0dXJl"},
            {"type": "redacted_thinking", "data": "EncryptedBlob=="},
            *text("first answer"),
        ],
        model="claude-opus-4-7",
        effort="high",
        usage={"input_tokens": 10, "output_tokens": 5},
        cost_usd=0.0012,
        ttft_s=0.5,
        duration_s=1.5,
        thinking_s=0.4,
        stop_reason="end_turn",
        request_id="req_1",
    )
    store.add_message(a, "user", text("second prompt"))
    store.add_message(a, "assistant", text("second answer"), model="claude-opus-4-7")
    store.add_message(a, "user", text("an edited prompt"), parent_id=a1)  # an edit of the second prompt
    store.add_message(a, "assistant", text("partial"), model="claude-opus-4-7", status="interrupted")
    b = store.create_chat("中文对话")
    store.add_message(b, "user", text("你好"))
    store.update_chat(b, pinned=True)
    return [a, b]


def db_digest(store: Store) -> str:
    rows = []
    for table in ("chats", "messages", "message_index"):
        rows.append(store._db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall())
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_json_export_import_export_is_identical(store: Store, tmp_path: Path) -> None:
    ids = rich_history(store)
    first = export(store, ids, "json")
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    with Store(tmp_path / "b.sqlite3") as other:
        report = import_file(other, path)
        assert (report.added, report.skipped) == (2, 0)
        assert export(other, ids, "json") == first
        assert other.search("你好")[0].chat_id == ids[1]
        again = import_file(other, path)
        assert (again.added, again.skipped) == (0, 2)
    assert import_file(store, path).skipped == 2  # into the database it came from: nothing doubles


def test_json_export_carries_attachments_and_compaction(store: Store, tmp_path: Path) -> None:
    from parley.core.attachments import attachment_from_bytes
    from tests.core.test_attachments import png

    image = attachment_from_bytes("plot.png", png(5, 5))
    chat = store.create_chat("With a file")
    store.update_chat(chat, setup=ChatSetup(compaction=True))
    store.put_blob(image.data)
    store.add_message(chat, "user", [image.block, *text("what is this?")])
    path = tmp_path / "files.json"
    path.write_text(export(store, [chat], "json"), encoding="utf-8")
    assert "[file: plot.png]" in export(store, [chat], "md")
    with Store(tmp_path / "c.sqlite3") as other:
        assert import_file(other, path).added == 1
        assert other.blob(image.block["sha256"]) == png(5, 5)  # shown after the import, offline
        assert other.find_chat(chat).setup.compaction
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["chats"][0]["files"][image.block["sha256"]] = "aGVsbG8="  # bytes that do not match their hash
    path.write_text(json.dumps(doc), encoding="utf-8")
    with Store(tmp_path / "d.sqlite3") as other:
        assert import_file(other, path).added == 1
        assert other.blob(image.block["sha256"]) is None  # left out, shown as missing


def test_json_export_without_thinking(store: Store) -> None:
    ids = rich_history(store)
    doc = json.loads(export(store, ids, "json", thinking=False))
    blocks = [b["type"] for c in doc["chats"] for m in c["messages"] for b in m["content"]]
    assert "thinking" not in blocks
    assert "redacted_thinking" not in blocks


def test_markdown_export_shows_the_current_branch(store: Store) -> None:
    ids = rich_history(store)
    md = export(store, ids[:1], "md")
    assert md.startswith("# Branches & thinking")
    assert "> **Thinking**" in md
    assert "an edited prompt" in md
    assert "second prompt" not in md
    assert "_(interrupted)_" in md
    assert "Thinking" not in export(store, ids[:1], "md", thinking=False)


def test_html_export_is_self_contained_and_escapes_model_output(store: Store) -> None:
    chat = store.create_chat("<script>alert(1)</script>")
    store.add_message(chat, "user", text("<img src=x onerror=alert(1)>"))
    store.add_message(
        chat,
        "assistant",
        text(
            "![pic](https://evil.example/p.png) <iframe src='https://x'></iframe>"
            "\n\n```python\nprint('hi')\n```\n[js](javascript:alert(1))"
        ),
    )
    page = export(store, [chat], "html")
    assert "default-src 'none'" in page
    assert not re.search(r"<(script|iframe|img|link|object|embed)\b", page, re.IGNORECASE)
    assert not re.search(r"<[^>]*\b(src|srcset)\s*=", page, re.IGNORECASE)
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page, re.IGNORECASE)
    assert "parley-copy:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_export_drops_the_copy_links_in_any_ui_language(store: Store) -> None:
    from parley.core import i18n

    chat = store.create_chat("code")
    store.add_message(chat, "assistant", text("```python\nprint('hi')\n```"))
    i18n.install(lambda words: "复制" if words == "Copy" else words)  # the GUI exports in its own language
    try:
        page = export(store, [chat], "html")
    finally:
        i18n.install(None)
    assert "parley-copy:" not in page
    assert "复制" not in page


def test_claude_ai_export_and_its_zip(store: Store, tmp_path: Path) -> None:
    report = import_file(store, SAMPLES / "claude_conversations.json")
    assert (report.format, report.added) == ("Claude.ai export", 2)
    chats = store.list_chats()
    assert {c.title for c in chats} == {"Sourdough starter troubleshooting", "用一句话解释量子纠缠。"}
    sour = next(c for c in chats if c.title.startswith("Sourdough"))
    user, answer = store.branch(sour.id)
    assert user.content[0]["text"].startswith("[Attachment: feeding-log.txt]")
    assert answer.content[0] == {"type": "thinking", "thinking": "Acetone smell means the yeast is hungry, not dead."}
    assert "**hungry**" in answer.content[1]["text"]
    assert store.search("纠缠")
    bundle = tmp_path / "data-2025-03-02.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("users.json", "[]")
        z.write(SAMPLES / "claude_conversations.json", "conversations.json")
    assert import_file(store, bundle).skipped == 2


def test_chatgpt_export_keeps_the_current_branch(store: Store) -> None:
    report = import_file(store, SAMPLES / "chatgpt_conversations.json")
    assert (report.format, report.added) == ("ChatGPT export", 1)
    chat = store.list_chats()[0]
    assert chat.title == "Regex for ISO dates"
    messages = store.branch(chat.id)
    assert [m.role for m in messages] == ["user", "assistant", "user", "assistant"]
    texts = [m.content[0]["text"] for m in messages]
    assert "OLD BRANCH" not in " ".join(texts)
    assert texts[2] == "[image]\nAnd with a time zone?"
    assert [m.model for m in messages] == [None, "gpt-4o", None, "gpt-4o-mini"]
    assert messages[0].created_at == pytest.approx(1718000000.5)


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("conversations.json", b"[" + b" " * (50 * 2**20) + b"]")


BROKEN = {
    "not json": (b"this is not json", "not valid JSON"),
    "latin-1": ('[{"uuid": "x", "name": "caf\xe9", "chat_messages": []}]'.encode("latin-1"), "not UTF-8"),
    "unknown shape": (b'{"hello": "world"}', "not a Parley, Claude.ai or ChatGPT export"),
    "claude: messages not a list": (
        b'[{"uuid": "x", "chat_messages": {}}]',
        "conversation 1: chat_messages should be a list, found an object",
    ),
    "claude: bad sender": (
        b'[{"uuid": "x", "chat_messages": [{"sender": "robot", "text": "hi"}]}]',
        "conversation 1, message 1: sender should be human or assistant",
    ),
    "claude: bad date": (
        b'[{"uuid": "x", "created_at": "yesterday", "chat_messages": []}]',
        "conversation 1: created_at is not a date",
    ),
    "chatgpt: cycle": (
        b'[{"id": "c", "current_node": "a", "mapping": {"a": {"parent": "b"}, "b": {"parent": "a"}}}]',
        "has a cycle",
    ),
    "chatgpt: missing node": (
        b'[{"id": "c", "current_node": "zz", "mapping": {}}]',
        "node 'zz' should be an object, found nothing",
    ),
    "parley: newer version": (b'{"format": "parley-export", "version": 9, "chats": []}', "version 9"),
    "parley: dangling parent": (
        b'{"format": "parley-export", "version": 1, "chats": [{"id": "c", "title": "t", "created_at": 1,'
        b' "messages": [{"id": 1, "parent": 7, "role": "user", "content": [], "created_at": 1}]}]}',
        "chat 1, message 1: parent 7 is not an earlier message",
    ),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_files_name_the_problem_and_change_nothing(store: Store, tmp_path: Path, case: str) -> None:
    rich_history(store)
    before = db_digest(store)
    raw, expected = BROKEN[case]
    path = tmp_path / "conversations.json"
    path.write_bytes(raw)
    with pytest.raises(ImportFormatError) as err:
        import_file(store, path)
    assert expected in err.value.user_message
    assert db_digest(store) == before


def test_zip_without_conversations_and_zip_bomb_are_refused(store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("readme.txt", "hi")
    with pytest.raises(ImportFormatError, match=r"holds no conversations\.json"):
        read_export(empty)
    bomb = tmp_path / "bomb.zip"
    _zip_bomb(bomb)
    assert bomb.stat().st_size < 2**20
    with pytest.raises(ImportFormatError, match="zip bomb"):
        read_export(bomb)
    damaged = tmp_path / "damaged.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("conversations.json", json.dumps([{"uuid": "x", "chat_messages": []}] * 50))
    damaged.write_bytes(buf.getvalue()[:-30])
    with pytest.raises(ImportFormatError):
        read_export(damaged)


def test_a_failure_while_writing_rolls_the_whole_import_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    rich_history(store)
    before = db_digest(store)
    calls = {"n": 0}
    original = store.add_message

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(store, "add_message", failing)
    with pytest.raises(OSError, match="disk full"):
        import_file(store, SAMPLES / "claude_conversations.json")
    assert db_digest(store) == before
