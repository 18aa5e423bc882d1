"""One reply while it streams, and what a turn came to.

:class:`LiveTurn` is the one record of a reply in flight. The client fills it from the stream (each
event, the attempts, the request id); the chat runner saves the reply from it; the compare engine
reads its figures; the CLI prints from it; the window only paints it. :class:`TurnOutcome` is what
a turn returns, also when it failed: the partial message and whether the prompt was taken back
travel in the outcome, not on an exception.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .accumulator import Accumulator
from .conversation import text_of
from .events import (
    BlockStart,
    BlockStop,
    CitationDelta,
    CompactionDelta,
    InputJsonDelta,
    SignatureDelta,
    StreamEvent,
    TextDelta,
    ThinkingDelta,
    UnknownDelta,
)
from .presentation.citations import WEB_BLOCKS, SourceList, after_web

if TYPE_CHECKING:
    from .errors import ParleyError

JSON = dict[str, Any]
_THINKING = ("thinking", "redacted_thinking")
_OTHER_DELTAS = (SignatureDelta, InputJsonDelta, CitationDelta, CompactionDelta, UnknownDelta)


class LiveTurn:
    """One reply as it arrives.

    Figures, on the *clock* it was made with (monotonic seconds):

    - ``started_at``: when the request was first sent (a retry does not restart it).
    - ``first_token_at``: when the first content delta of the reply arrived: text, thinking, a
      thinking signature, tool input or a citation (``content_block_delta`` of any kind). Time to
      first token (:attr:`ttft_s`) is the time between the two, retries and waiting included: what
      a user waits before the answer starts moving.
    - thinking: each thinking block's span, from its ``content_block_start`` to its
      ``content_block_stop``; :attr:`thinking_s` is their sum (an open block counts up to now).
    """

    __slots__ = (
        "_text",
        "_text_joined",
        "_thinking_open",
        "acc",
        "attempts",
        "clock",
        "finished_at",
        "first_token_at",
        "kinds",
        "output_chars",
        "request_id",
        "sources",
        "started_at",
        "thinking_closed_s",
        "thinking_hidden",
        "thinking_parts",
        "thinking_shown",
        "thinking_started_at",
        "version",
        "web_version",
    )

    def __init__(self, clock: Callable[[], float] = time.monotonic, *, thinking_hidden: bool = False) -> None:
        self.clock = clock
        self.thinking_hidden = thinking_hidden  # the request asked for display "omitted": no summary will come
        self.started_at = clock()
        self.first_token_at: float | None = None
        self.finished_at: float | None = None
        self.attempts = 0
        self.request_id: str | None = None
        self.acc = Accumulator()
        self.kinds: dict[int, str] = {}  # block index → block type
        self._text: list[str] = []
        self._text_joined = ""
        self.thinking_parts: list[str] = []  # summarized thinking, in arrival order
        self.thinking_shown: set[int] = set()  # thinking blocks that streamed text (others: omitted)
        self.thinking_started_at: float | None = None
        self.thinking_closed_s = 0.0
        self._thinking_open: dict[int, float] = {}
        self.output_chars = 0  # text and thinking so far (the API reports output tokens at the end)
        self.version = 0  # grows with every event: a painter repaints only when it moved
        self.sources = SourceList()  # what the answer cites, numbered as the markers in its text
        self.web_version = 0  # grows when a web search or fetch starts, has its input, or its result

    # ------------------------------------------------------------ filled by the client

    def new_attempt(self) -> None:
        """The client (re)sends the request: a retry starts the message over."""
        self.attempts += 1
        if self.attempts > 1:
            self.acc = Accumulator()
            self.kinds.clear()
            self._text.clear()
            self._text_joined = ""
            self.thinking_parts.clear()
            self.thinking_shown.clear()
            self._thinking_open.clear()
            self.sources = SourceList()

    def accepts(self, event: StreamEvent) -> bool:
        return self.acc.accepts(event)

    def observe(self, event: StreamEvent) -> None:
        """Apply one event to the message and the figures (text deltas first: nearly every event is one)."""
        self.acc.apply(event)
        self.version += 1
        kind = type(event)
        if kind is TextDelta:
            text = event.text  # type: ignore[union-attr]
            if self.first_token_at is None:
                self.first_token_at = self.clock()
            self._text.append(text)
            self.output_chars += len(text)
        elif kind is ThinkingDelta:
            thinking = event.thinking  # type: ignore[union-attr]
            if self.first_token_at is None:
                self.first_token_at = self.clock()
            self.thinking_parts.append(thinking)
            self.thinking_shown.add(event.index)  # type: ignore[union-attr]
            self.output_chars += len(thinking)
        elif kind is BlockStart:
            index, block = event.index, event.block  # type: ignore[union-attr]
            previous = self.kinds.get(index - 1)
            self.kinds[index] = block_type = str(block.get("type"))
            if block_type == "text" and previous in WEB_BLOCKS:
                self._text.append(after_web(self.text()))  # (as cited_markdown does)
            elif block_type in WEB_BLOCKS:
                self.web_version += 1
                self.sources.saw_block(block)
            elif block_type in _THINKING:
                now = self.clock()
                self._thinking_open[index] = now
                if self.thinking_started_at is None:
                    self.thinking_started_at = now
        elif kind is BlockStop:
            index = event.index  # type: ignore[union-attr]
            opened = self._thinking_open.pop(index, None)
            if opened is not None:
                self.thinking_closed_s += self.clock() - opened
            elif self.kinds.get(index) == "text" and (cites := self.acc.citations_of(index)) is not None:
                self._text.append(self.sources.marker(cites))  # the markers follow the text they cite
            elif self.kinds.get(index) == "server_tool_use":
                self.web_version += 1
        elif kind in _OTHER_DELTAS and self.first_token_at is None:
            self.first_token_at = self.clock()

    def finish(self) -> None:
        if self.finished_at is None:
            self.finished_at = self.clock()
        for index in list(self._thinking_open):
            self.thinking_closed_s += self.finished_at - self._thinking_open.pop(index)

    # ------------------------------------------------------------ read by everyone

    @property
    def started(self) -> bool:
        return self.acc.started

    @property
    def done(self) -> bool:
        return self.acc.done

    def message(self) -> JSON:
        """The message so far (complete once :attr:`done`)."""
        return self.acc.snapshot()

    def text(self) -> str:
        """The answer's text so far (all text blocks, each cited one followed by its markers), joined
        once per change: the same text :func:`~parley.core.presentation.citations.cited_markdown`
        makes of the saved reply."""
        if self._text:
            self._text_joined += "".join(self._text)
            self._text.clear()
        return self._text_joined

    @property
    def thinking_open(self) -> bool:
        return bool(self._thinking_open)

    @property
    def thinking_omitted(self) -> bool:
        """Thinking that shows no text: the request asked for display "omitted" and thinking began,
        or a thinking block ended without any."""
        if self.thinking_hidden and self.has_thinking and not self.thinking_parts:
            return True
        return any(
            kind == "thinking" and i not in self.thinking_shown and i not in self._thinking_open
            for i, kind in self.kinds.items()
        )

    @property
    def thinking_redacted(self) -> bool:
        return "redacted_thinking" in self.kinds.values()

    @property
    def has_thinking(self) -> bool:
        return self.thinking_started_at is not None

    @property
    def text_started(self) -> bool:
        return "text" in self.kinds.values()

    @property
    def ttft_s(self) -> float | None:
        """Time to first token (see the class docstring: one definition for the whole app)."""
        return None if self.first_token_at is None else self.first_token_at - self.started_at

    @property
    def duration_s(self) -> float:
        end = self.finished_at if self.finished_at is not None else self.clock()
        return end - self.started_at

    @property
    def thinking_s(self) -> float | None:
        """Seconds spent in thinking blocks (an open one counts up to now); None without thinking."""
        if self.thinking_started_at is None:
            return None
        now = self.clock()
        return self.thinking_closed_s + sum(now - opened for opened in self._thinking_open.values())

    @property
    def usage(self) -> JSON:
        usage = self.acc.snapshot().get("usage") if self.acc.started else None
        return usage if isinstance(usage, dict) else {}


@dataclass
class TurnOutcome:
    """What one reply of a turn came to: complete, or failed with whatever arrived.

    ``error`` is set when the reply failed after the request was made; ``message`` then holds the
    partial answer (kept in the history), and ``rolled_back`` says nothing arrived, so the prompt
    was taken back out of the history (the window returns it to the composer).
    """

    chat_id: str
    model: str
    effort: str | None
    message: JSON
    request_id: str | None
    ttft_s: float | None
    duration_s: float
    cost_usd: float | None
    notices: list[str] = field(default_factory=list)
    reply_id: int | None = None
    user_id: int | None = None
    thinking_s: float | None = None
    error: ParleyError | None = None
    rolled_back: bool = False
    earlier: list[JSON] = field(default_factory=list)  # content of this turn's earlier replies (tool steps, pauses)
    earlier_cost_usd: float | None = None  # what those replies cost

    def after(self, previous: TurnOutcome) -> TurnOutcome:
        """This reply as the next one of *previous*'s turn: it carries the turn's content and cost."""
        self.earlier = [*previous.earlier, *(previous.message.get("content") or [])]
        costs = [c for c in (previous.earlier_cost_usd, previous.cost_usd) if c is not None]
        self.earlier_cost_usd = round(sum(costs), 8) if costs else None
        self.notices = list(dict.fromkeys([*previous.notices, *self.notices]))
        return self

    @property
    def turn_content(self) -> list[JSON]:
        """Every block of the turn, from its first reply to this one."""
        return [*self.earlier, *(self.message.get("content") or [])]

    @property
    def turn_cost_usd(self) -> float | None:
        costs = [c for c in (self.earlier_cost_usd, self.cost_usd) if c is not None]
        return round(sum(costs), 8) if costs else None

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def text(self) -> str:
        return text_of(self.message.get("content") or [])

    @property
    def thinking(self) -> str:
        return text_of(self.message.get("content") or [], "thinking")

    @property
    def stop_reason(self) -> str | None:
        reason = self.message.get("stop_reason")
        return reason if isinstance(reason, str) else None

    @property
    def usage(self) -> JSON:
        usage = self.message.get("usage")
        return usage if isinstance(usage, dict) else {}
