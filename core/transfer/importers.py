"""Import conversations: Parley's own JSON export, the Claude.ai data export (``conversations.json``
or the zip holding it) and the ChatGPT export (``conversations.json`` with its message tree).

Reading and checking happen first, entirely in memory; writing is one transaction. A malformed or
hostile file raises ``ImportFormatError`` naming what is wrong and where, and the database is left
as it was. Every imported chat remembers where it came from, so importing a file twice adds nothing.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from ..chat_setup import ChatSetup
from ..history.rows import MESSAGE_META
from ..history.store import Store
from ..i18n import QT_TR_NOOP
from .export import FORMAT
from .foreign import chatgpt_chat, claude_chat
from .records import ImportedChat, ImportedMessage, ImportFormatError, ImportReport, expect, title_or, when

__all__ = ["ImportFormatError", "ImportReport", "import_chats", "import_file", "read_export"]

MAX_FILE_BYTES = 512 * 1024 * 1024  # bigger than any real export; refuses to fill memory
MAX_ZIP_RATIO = 100  # uncompressed ÷ compressed beyond this is a zip bomb, not a chat export
# ------------------------------------------------------------------ reading


def read_export(path: Path) -> tuple[str, list[ImportedChat]]:
    """Parse *path* into chats, or raise ImportFormatError (naming the file). Nothing is written."""
    try:
        return _read_export(path)
    except ImportFormatError as exc:
        if exc.message.startswith(path.name):
            raise
        raise ImportFormatError(f"{path.name}: {exc.message}", hint=exc.hint) from exc


def _read_export(path: Path) -> tuple[str, list[ImportedChat]]:
    data = _load_json(path)
    if isinstance(data, dict) and data.get("format") == FORMAT:
        return QT_TR_NOOP("Parley JSON"), _parley(data)
    if isinstance(data, list):
        if not data:
            return QT_TR_NOOP("empty export"), []
        first = data[0]
        if isinstance(first, dict) and "chat_messages" in first:
            return QT_TR_NOOP("Claude.ai export"), [claude_chat(c, f"conversation {i + 1}") for i, c in enumerate(data)]
        if isinstance(first, dict) and "mapping" in first:
            parsed = (chatgpt_chat(c, f"conversation {i + 1}") for i, c in enumerate(data))
            return QT_TR_NOOP("ChatGPT export"), [c for c in parsed if c is not None]
    raise ImportFormatError(
        f"{path.name} is not a Parley, Claude.ai or ChatGPT export",
        hint="Choose Parley's JSON export, or conversations.json (or its zip) from Claude.ai or ChatGPT",
    )


def _load_json(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFormatError(f"{path.name} is {size // 2**20} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
        with path.open("rb") as f:
            zipped = f.read(4) == b"PK\x03\x04"  # a zip cut short has no directory, but still this header
        raw = _read_zip(path) if zipped or zipfile.is_zipfile(path) else path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"{path.name} cannot be read ({exc.strerror or exc})") from exc
    try:
        return json.loads(raw.decode(_encoding(raw)))
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"{path.name} is not UTF-8 text (byte {exc.start})", hint="Save it as UTF-8 and import it again"
        ) from exc
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise ImportFormatError(f"{path.name} is nested too deeply to be a chat export") from exc


def _encoding(raw: bytes) -> str:
    """UTF-8 (with or without a BOM), or UTF-16/32 when a BOM says so (an export re-saved by Notepad)."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def _read_zip(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [i for i in archive.infolist() if i.filename.rsplit("/", 1)[-1] == "conversations.json"]
            if not members:
                raise ImportFormatError(
                    f"{path.name} holds no conversations.json",
                    hint="Use the zip from Claude.ai's or ChatGPT's data export",
                )
            info = min(members, key=lambda i: i.filename.count("/"))
            if info.file_size > MAX_FILE_BYTES or info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1024):
                raise ImportFormatError(
                    f"{path.name}: {info.filename} would unpack to {info.file_size // 2**20} MB "
                    "from a much smaller file; refusing it (zip bomb?)"
                )
            with archive.open(info) as member:
                data = member.read(MAX_FILE_BYTES + 1)  # never trust the header alone
            if len(data) > MAX_FILE_BYTES:
                raise ImportFormatError(f"{path.name}: {info.filename} is larger than {MAX_FILE_BYTES // 2**20} MB")
            return data
    except (zipfile.BadZipFile, NotImplementedError, EOFError) as exc:
        raise ImportFormatError(f"{path.name} is a damaged zip file ({exc})") from exc


# ------------------------------------------------------------------ Parley


def _parley(doc: dict[str, Any]) -> list[ImportedChat]:
    version = doc.get("version")
    if not isinstance(version, int) or version > 1:
        raise ImportFormatError(
            f"This Parley export is version {version}; this Parley reads version 1", hint="Update Parley"
        )
    return [
        _parley_chat(expect(raw, dict, f"chat {i + 1}"), f"chat {i + 1}")
        for i, raw in enumerate(expect(doc.get("chats"), list, "chats"))
    ]


def _parley_chat(c: dict[str, Any], where: str) -> ImportedChat:
    chat_id = expect(c.get("id"), str, f"{where}: id")
    messages = []
    seen: set[int] = set()
    for j, raw_m in enumerate(expect(c.get("messages"), list, f"{where}: messages")):
        mw = f"{where}, message {j + 1}"
        m = expect(raw_m, dict, mw)
        local = expect(m.get("id"), int, f"{mw}: id")
        parent = m.get("parent")
        if parent is not None and parent not in seen:
            raise ImportFormatError(f"{mw}: parent {parent} is not an earlier message of this chat")
        if m.get("role") not in ("user", "assistant"):
            raise ImportFormatError(f"{mw}: role should be user or assistant, found {str(m.get('role'))[:20]!r}")
        content = _content(m.get("content"), mw)
        meta = {k: m.get(k) for k in MESSAGE_META if m.get(k) is not None}
        messages.append(
            ImportedMessage(m["role"], content, when(m.get("created_at"), f"{mw}: created_at", 0), meta, local, parent)
        )
        seen.add(local)
    fields: dict[str, Any] = {k: c.get(k) for k in ("model", "effort") if isinstance(c.get(k), str)}
    fields["thinking"] = bool(c.get("thinking", True))
    system = c.get("system")
    fields["setup"] = ChatSetup(
        system=system if isinstance(system, str) and system else None, compaction=c.get("compaction") is True
    )
    fields["kind"] = c["kind"] if isinstance(c.get("kind"), str) else "chat"
    source, source_id = c.get("source"), c.get("source_id")
    chat = ImportedChat(
        source if isinstance(source, str) else None,
        source_id if isinstance(source_id, str) else None,
        title_or(str(c.get("title") or ""), ""),
        when(c.get("created_at"), f"{where}: created_at", 0),
        messages,
        chat_id,
        fields,
        bool(c.get("pinned")),
        when(c.get("updated_at"), f"{where}: updated_at", 0),
        files=_files(c.get("files"), where),
    )
    if fields["kind"] == "compare":
        columns = expect(c.get("columns", []), list, f"{where}: columns")
        chat.columns = [
            _parley_chat(expect(col, dict, f"{where}, column {k + 1}"), f"{where}, column {k + 1}")
            for k, col in enumerate(columns)
        ]
    return chat


def _files(value: Any, where: str) -> dict[str, bytes]:
    """Attachments' bytes by SHA-256; bytes that do not match their hash are left out (shown as missing)."""
    files: dict[str, bytes] = {}
    for digest, encoded in (value if isinstance(value, dict) else {}).items():
        try:
            data = base64.b64decode(str(encoded), validate=True)
        except (ValueError, binascii.Error):
            continue
        if hashlib.sha256(data).hexdigest() == digest:
            files[digest] = data
    return files


def _content(value: Any, where: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = expect(value, list, f"{where}: content")
    for k, block in enumerate(blocks):
        expect(block, dict, f"{where}: content block {k + 1}")
        expect(block.get("type"), str, f"{where}: content block {k + 1} type")
    return blocks


# ------------------------------------------------------------------ writing


def import_chats(store: Store, chats: list[ImportedChat], fmt: str = "") -> ImportReport:
    """Add the chats not already in the history, all in one transaction."""
    added = skipped = 0
    with store.transaction():
        for chat in chats:
            known = chat.source and chat.source_id and store.find_by_source(chat.source, chat.source_id)
            if known or (chat.chat_id and store.has_chat(chat.chat_id)):
                skipped += 1
                continue
            _write_chat(store, chat)
            added += 1
    return ImportReport(fmt, added, skipped)


def _write_chat(store: Store, chat: ImportedChat, compare_id: str | None = None, column: int | None = None) -> str:
    for data in chat.files.values():
        store.put_blob(data)
    chat_id = store.create_chat(
        chat.title,
        created_at=chat.created_at,
        source=chat.source,
        source_id=chat.source_id,
        chat_id=chat.chat_id,
        compare_id=compare_id,
        column_index=column,
        **chat.fields,
    )
    ids: dict[int, int] = {}
    previous: int | None = None
    for m in chat.messages:
        parent = ids.get(m.parent) if m.parent is not None else (previous if m.local_id is None else None)
        previous = store.add_message(chat_id, m.role, m.content, parent_id=parent, created_at=m.created_at, **m.meta)
        if m.local_id is not None:
            ids[m.local_id] = previous
    for k, col in enumerate(chat.columns):
        _write_chat(store, col, chat_id, k)
    store.set_chat_times(chat_id, chat.created_at, chat.updated_at)
    if chat.pinned:
        store.update_chat(chat_id, pinned=True)
    return chat_id


def import_file(store: Store, path: Path) -> ImportReport:
    fmt, chats = read_export(path)
    return import_chats(store, chats, fmt)
