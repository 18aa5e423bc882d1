"""Import conversations: Parley's own JSON export, the Claude.ai data export (``conversations.json``
or the zip holding it) and the ChatGPT export (``conversations.json`` with its message tree).

Reading and checking happen first, entirely in memory; writing is one transaction. A malformed or
hostile file raises ``ImportFormatError`` naming what is wrong and where, and the database is left
as it was. Every imported chat remembers where it came from, so importing a file twice adds nothing.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import ParleyError
from ..store import Store
from ..store_rows import MESSAGE_META
from .export import FORMAT

MAX_FILE_BYTES = 512 * 1024 * 1024  # bigger than any real export; refuses to fill memory
MAX_ZIP_RATIO = 100  # uncompressed ÷ compressed beyond this is a zip bomb, not a chat export
MAX_TITLE = 200
SOURCE_CLAUDE = "claude.ai"
SOURCE_CHATGPT = "chatgpt"


class ImportFormatError(ParleyError):
    """The file is not an export Parley can read; the message says what is wrong and where."""


@dataclass
class ImportedMessage:
    role: str
    content: list[dict[str, Any]]
    created_at: float
    meta: dict[str, Any] = field(default_factory=dict)
    local_id: int | None = None
    parent: int | None = None  # a local id; None with linear formats: after the previous message


@dataclass
class ImportedChat:
    source: str | None  # None: a chat born in Parley, known by its id
    source_id: str | None
    title: str
    created_at: float
    messages: list[ImportedMessage]
    chat_id: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # model, effort, thinking, system, kind
    pinned: bool = False
    updated_at: float | None = None
    columns: list[ImportedChat] = field(default_factory=list)  # a comparison's columns, in order


@dataclass
class ImportReport:
    format: str
    added: int
    skipped: int  # already in the history


# ------------------------------------------------------------------ reading


def read_export(path: Path) -> tuple[str, list[ImportedChat]]:
    """Parse *path* into chats, or raise ImportFormatError. Nothing is written."""
    data = _load_json(path)
    if isinstance(data, dict) and data.get("format") == FORMAT:
        return "Parley JSON", _parley(data)
    if isinstance(data, list):
        if not data:
            return "empty export", []
        first = data[0]
        if isinstance(first, dict) and "chat_messages" in first:
            return "Claude.ai export", [_claude(c, f"conversation {i + 1}") for i, c in enumerate(data)]
        if isinstance(first, dict) and "mapping" in first:
            parsed = (_chatgpt(c, f"conversation {i + 1}") for i, c in enumerate(data))
            return "ChatGPT export", [c for c in parsed if c is not None]
    raise ImportFormatError(
        f"{path.name} is not a Parley, Claude.ai or ChatGPT export",
        hint="Choose Parley's JSON export, or conversations.json (or its zip) from Claude.ai or ChatGPT",
    )


def _load_json(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFormatError(f"{path.name} is {size // 2**20} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
        raw = _read_zip(path) if zipfile.is_zipfile(path) else path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"{path.name} cannot be read ({exc.strerror or exc})") from exc
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{path.name} is not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise ImportFormatError(f"{path.name} is nested too deeply to be a chat export") from exc


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


def _expect(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        found = "nothing" if value is None else type(value).__name__
        raise ImportFormatError(f"{where} should be {_NAMES.get(names, names)}, found {_NAMES.get(found, found)}")
    return value


_NAMES = {
    "dict": "an object",
    "list": "a list",
    "str": "text",
    "float or int": "a number",
    "int": "a whole number",
    "NoneType": "null",
    "bool": "true/false",
}


def _time(value: Any, where: str, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).timestamp()
        except ValueError:
            pass
    raise ImportFormatError(f"{where} is not a date: {str(value)[:40]!r}")


def _title(text: str, fallback_prompt: str) -> str:
    from ..chat import title_from_prompt

    text = " ".join(text.split())[:MAX_TITLE]
    return text or (title_from_prompt(fallback_prompt) if fallback_prompt else "Imported chat")


# ------------------------------------------------------------------ Parley


def _parley(doc: dict[str, Any]) -> list[ImportedChat]:
    version = doc.get("version")
    if not isinstance(version, int) or version > 1:
        raise ImportFormatError(
            f"This Parley export is version {version}; this Parley reads version 1", hint="Update Parley"
        )
    return [
        _parley_chat(_expect(raw, dict, f"chat {i + 1}"), f"chat {i + 1}")
        for i, raw in enumerate(_expect(doc.get("chats"), list, "chats"))
    ]


def _parley_chat(c: dict[str, Any], where: str) -> ImportedChat:
    chat_id = _expect(c.get("id"), str, f"{where}: id")
    messages = []
    seen: set[int] = set()
    for j, raw_m in enumerate(_expect(c.get("messages"), list, f"{where}: messages")):
        mw = f"{where}, message {j + 1}"
        m = _expect(raw_m, dict, mw)
        local = _expect(m.get("id"), int, f"{mw}: id")
        parent = m.get("parent")
        if parent is not None and parent not in seen:
            raise ImportFormatError(f"{mw}: parent {parent} is not an earlier message of this chat")
        if m.get("role") not in ("user", "assistant"):
            raise ImportFormatError(f"{mw}: role should be user or assistant, found {str(m.get('role'))[:20]!r}")
        content = _content(m.get("content"), mw)
        meta = {k: m.get(k) for k in MESSAGE_META if m.get(k) is not None}
        messages.append(
            ImportedMessage(m["role"], content, _time(m.get("created_at"), f"{mw}: created_at", 0), meta, local, parent)
        )
        seen.add(local)
    fields = {k: c.get(k) for k in ("model", "effort", "system") if isinstance(c.get(k), str)}
    fields["thinking"] = bool(c.get("thinking", True))
    fields["kind"] = c["kind"] if isinstance(c.get("kind"), str) else "chat"
    source, source_id = c.get("source"), c.get("source_id")
    chat = ImportedChat(
        source if isinstance(source, str) else None,
        source_id if isinstance(source_id, str) else None,
        _title(str(c.get("title") or ""), ""),
        _time(c.get("created_at"), f"{where}: created_at", 0),
        messages,
        chat_id,
        fields,
        bool(c.get("pinned")),
        _time(c.get("updated_at"), f"{where}: updated_at", 0),
    )
    if fields["kind"] == "compare":
        columns = _expect(c.get("columns", []), list, f"{where}: columns")
        chat.columns = [
            _parley_chat(_expect(col, dict, f"{where}, column {k + 1}"), f"{where}, column {k + 1}")
            for k, col in enumerate(columns)
        ]
    return chat


def _content(value: Any, where: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = _expect(value, list, f"{where}: content")
    for k, block in enumerate(blocks):
        _expect(block, dict, f"{where}: content block {k + 1}")
        _expect(block.get("type"), str, f"{where}: content block {k + 1} type")
    return blocks


# ------------------------------------------------------------------ Claude.ai


def _claude(raw: Any, where: str) -> ImportedChat:
    c = _expect(raw, dict, where)
    uuid = _expect(c.get("uuid"), str, f"{where}: uuid")
    created = _time(c.get("created_at"), f"{where}: created_at", 0)
    messages = []
    for j, raw_m in enumerate(_expect(c.get("chat_messages"), list, f"{where}: chat_messages")):
        mw = f"{where}, message {j + 1}"
        m = _expect(raw_m, dict, mw)
        sender = m.get("sender")
        if sender not in ("human", "assistant"):
            raise ImportFormatError(f"{mw}: sender should be human or assistant, found {str(sender)[:20]!r}")
        blocks = _claude_blocks(m, mw)
        if blocks:
            messages.append(
                ImportedMessage(
                    "user" if sender == "human" else "assistant",
                    blocks,
                    _time(m.get("created_at"), f"{mw}: created_at", created),
                )
            )
    first_prompt = next((b.get("text", "") for m in messages if m.role == "user" for b in m.content), "")
    name = c.get("name") if isinstance(c.get("name"), str) else ""
    return ImportedChat(
        SOURCE_CLAUDE,
        uuid,
        _title(name, first_prompt),
        created,
        messages,
        updated_at=_time(c.get("updated_at"), f"{where}: updated_at", created),
    )


def _claude_blocks(m: dict[str, Any], where: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for att in m.get("attachments") or []:
        if isinstance(att, dict) and isinstance(att.get("extracted_content"), str):
            name = att.get("file_name") if isinstance(att.get("file_name"), str) else "attachment"
            blocks.append({"type": "text", "text": f"[Attachment: {name}]\n\n{att['extracted_content']}"})
    content = m.get("content")
    if isinstance(content, list) and content:
        for k, raw in enumerate(content):
            block = _expect(raw, dict, f"{where}: content block {k + 1}")
            kind = block.get("type")
            if kind == "text" and isinstance(block.get("text"), str) and block["text"].strip():
                blocks.append({"type": "text", "text": block["text"]})
            elif kind == "thinking" and isinstance(block.get("thinking"), str):
                # No signature: shown in history, never sent back to the API.
                blocks.append({"type": "thinking", "thinking": block["thinking"]})
            elif kind == "tool_use":
                blocks.append({"type": "text", "text": f"[Used a tool: {block.get('name', 'tool')}]"})
    elif isinstance(m.get("text"), str) and m["text"].strip():
        blocks.append({"type": "text", "text": m["text"]})
    elif m.get("text") is not None and not isinstance(m.get("text"), str):
        _expect(m.get("text"), str, f"{where}: text")
    return blocks


# ------------------------------------------------------------------ ChatGPT


def _chatgpt(raw: Any, where: str) -> ImportedChat | None:
    """The branch the user last saw: from ``current_node`` up through the parents."""
    c = _expect(raw, dict, where)
    mapping = _expect(c.get("mapping"), dict, f"{where}: mapping")
    ident = c.get("conversation_id") or c.get("id")
    ident = _expect(ident, str, f"{where}: id")
    node = c.get("current_node")
    if node is None:  # very old exports: the newest leaf
        leaves = [k for k, v in mapping.items() if isinstance(v, dict) and not v.get("children")]
        node = leaves[-1] if leaves else None
    created = _time(c.get("create_time"), f"{where}: create_time", 0)
    path: list[dict[str, Any]] = []
    seen: set[str] = set()
    while node is not None:
        if node in seen:
            raise ImportFormatError(f"{where}: the message tree has a cycle at {str(node)[:40]!r}")
        seen.add(node)
        entry = _expect(mapping.get(node), dict, f"{where}: node {str(node)[:40]!r}")
        path.append(entry)
        node = entry.get("parent")
    messages = []
    for entry in reversed(path):
        m = entry.get("message")
        if not isinstance(m, dict):
            continue
        mw = f"{where}, message {str(m.get('id', '?'))[:40]}"
        role = (m.get("author") or {}).get("role") if isinstance(m.get("author"), dict) else None
        if role not in ("user", "assistant"):
            continue  # system prompts, tool calls and their output
        text = _chatgpt_text(m.get("content"), mw)
        if not text.strip():
            continue
        meta: dict[str, Any] = m["metadata"] if isinstance(m.get("metadata"), dict) else {}
        model = meta.get("model_slug") if role == "assistant" and isinstance(meta.get("model_slug"), str) else None
        messages.append(
            ImportedMessage(
                role,
                [{"type": "text", "text": text}],
                _time(m.get("create_time"), f"{mw}: create_time", created),
                {"model": model} if model else {},
            )
        )
    if not messages and not c.get("title"):
        return None
    first_prompt = next((m.content[0]["text"] for m in messages if m.role == "user"), "")
    title = c.get("title") if isinstance(c.get("title"), str) else ""
    return ImportedChat(
        SOURCE_CHATGPT,
        ident,
        _title(title, first_prompt),
        created,
        messages,
        updated_at=_time(c.get("update_time"), f"{where}: update_time", created),
    )


def _chatgpt_text(content: Any, where: str) -> str:
    if content is None:
        return ""
    content = _expect(content, dict, f"{where}: content")
    kind = content.get("content_type")
    if kind not in ("text", "multimodal_text"):
        return ""
    parts = []
    for part in _expect(content.get("parts", []), list, f"{where}: parts"):
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict):
            parts.append("[image]" if "image" in str(part.get("content_type", "")) else "[attachment]")
    return "\n".join(parts)


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
