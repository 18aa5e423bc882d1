"""The fake Messages API used by every test that talks HTTP (see server.py)."""

from .replies import (
    Reply,
    cut_tool_call_reply,
    default_reply,
    error_event_reply,
    error_reply,
    html_reply,
    message_events,
    refusal_reply,
    sse_file_reply,
    text_reply,
)
from .rules import sign_thinking, validate
from .server import DEFAULT_KEY, FakeAPI, Recorded

__all__ = [
    "DEFAULT_KEY",
    "FakeAPI",
    "Recorded",
    "Reply",
    "cut_tool_call_reply",
    "default_reply",
    "error_event_reply",
    "error_reply",
    "html_reply",
    "message_events",
    "refusal_reply",
    "sign_thinking",
    "sse_file_reply",
    "text_reply",
    "validate",
]
