"""What an importer produces (chats and messages, checked, not yet written) and the helpers that
check a foreign file's values, naming the place of anything wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..errors import ParleyError

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
    files: dict[str, bytes] = field(default_factory=dict)  # attachments' bytes by SHA-256


@dataclass
class ImportReport:
    format: str
    added: int
    skipped: int  # already in the history


def expect(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        found = "nothing" if value is None else type(value).__name__
        raise ImportFormatError(f"{where} should be {NAMES.get(names, names)}, found {NAMES.get(found, found)}")
    return value


NAMES = {
    "dict": "an object",
    "list": "a list",
    "str": "text",
    "float or int": "a number",
    "int": "a whole number",
    "NoneType": "null",
    "bool": "true/false",
}


def when(value: Any, where: str, default: float) -> float:
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


def title_or(text: str, fallback_prompt: str) -> str:
    from ..conversation import title_from_prompt

    text = " ".join(text.split())[:MAX_TITLE]
    return text or (title_from_prompt(fallback_prompt) if fallback_prompt else "Imported chat")
