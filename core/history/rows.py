"""The rows the history store hands out, and their (de)serialisation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..chat_setup import ChatSetup
from .fulltext import Snippet

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ChatRow:
    id: str
    title: str
    created_at: float
    updated_at: float
    model: str | None
    effort: str | None
    thinking: bool
    kind: str
    pinned: bool
    source: str | None = None
    source_id: str | None = None
    compare_id: str | None = None  # a comparison's column belongs to that comparison
    column_index: int | None = None
    setup: ChatSetup = ChatSetup()  # the chat's own settings: system prompt, workspace, compaction…


@dataclass(frozen=True, slots=True)
class MessageRow:
    id: int
    chat_id: str
    parent_id: int | None
    role: str
    content: list[JSON]
    model: str | None
    effort: str | None
    status: str
    stop_reason: str | None
    stop_details: JSON | None
    usage: JSON | None
    cost_usd: float | None
    ttft_s: float | None
    duration_s: float | None
    thinking_s: float | None
    error: str | None
    request_id: str | None
    created_at: float


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One message (or a chat title) that matches a search."""

    chat_id: str
    chat_title: str
    message_id: int | None  # None: the title matched
    role: str | None
    model: str | None
    created_at: float
    snippet: Snippet


CHAT_COLUMNS = (
    "id, title, created_at, updated_at, model, effort, thinking, kind, pinned, source, source_id, compare_id,"
    " column_index, setup"
)
MESSAGE_META = (
    "model",
    "effort",
    "status",
    "stop_reason",
    "stop_details",
    "usage",
    "cost_usd",
    "ttft_s",
    "duration_s",
    "thinking_s",
    "error",
    "request_id",
)
JSON_META = {"stop_details", "usage"}


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def load(value: str | None) -> Any:
    return json.loads(value) if value else None


def chat_row(r: tuple[Any, ...]) -> ChatRow:
    return ChatRow(
        r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], bool(r[8]), r[9], r[10], r[11], r[12],
        ChatSetup.from_json(r[13]),
    )  # fmt: skip


def message_row(r: tuple[Any, ...]) -> MessageRow:
    return MessageRow(
        id=r[0],
        chat_id=r[1],
        parent_id=r[2],
        role=r[3],
        content=load(r[4]) or [],
        model=r[5],
        effort=r[6],
        status=r[7],
        stop_reason=r[8],
        stop_details=load(r[9]),
        usage=load(r[10]),
        cost_usd=r[11],
        ttft_s=r[12],
        duration_s=r[13],
        thinking_s=r[14],
        error=r[15],
        request_id=r[16],
        created_at=r[17],
    )
