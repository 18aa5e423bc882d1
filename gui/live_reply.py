"""What the controller knows about the reply that is streaming: arrived but not yet shown, and timings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from parley.core.attachments import Attachment

from .message_widgets import AssistantMessageWidget, UserMessageWidget


@dataclass
class LiveReply:
    """What arrived since the last frame."""

    widget: AssistantMessageWidget
    user_widget: UserMessageWidget | None
    draft: str
    draft_files: list[Attachment] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    text: str = ""
    thinking_pending: list[str] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)
    thinking_streamed: set[int] = field(default_factory=set)
    thinking_started: float | None = None
    thinking_seconds: float | None = None
    text_started: bool = False
    collapsed: bool = False
    omitted: bool = False
    redacted: bool = False
    dirty: bool = False
    behind: bool = False  # the view is still laying out text that already arrived
    finished: bool = False  # a reply that called tools; the next reply gets a widget when it begins
    started: float = field(default_factory=time.monotonic)
    first_token: float | None = None
    output_chars: int = 0  # text and thinking so far (the API reports output tokens only at the end)
