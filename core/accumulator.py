"""Builds the final message from stream events, exactly as the official SDKs do (reference §3.2).

``message_start`` is the snapshot, and events before it are skipped; blocks append; text/thinking
deltas append; a signature *replaces*; tool input JSON is concatenated and parsed at block stop (or
at message stop, for a call that ``max_tokens`` cut: as the SDK's partial-JSON parse, see
:mod:`partial_json`); ``message_delta`` sets the three stop fields (``null`` stays null) and
overwrites the usage fields it carries (never sums them), and also keeps ``container``,
``output_tokens_details`` and ``iterations``. Deltas for unknown blocks, mismatched block types and
unknown delta types are ignored.

Text is kept as a list of parts per block and joined on demand, so a 20 MB answer costs linear time.
"""

from __future__ import annotations

import copy
from typing import Any

from .errors import MalformedResponse
from .events import (
    JSON,
    BlockStart,
    BlockStop,
    CitationDelta,
    CompactionDelta,
    InputJsonDelta,
    MessageDelta,
    MessageStart,
    MessageStop,
    SignatureDelta,
    StreamEvent,
    TextDelta,
    ThinkingDelta,
)
from .partial_json import loads_partial

_USAGE_OVERWRITE = (
    "input_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "cache_creation",
    "server_tool_use",
    "output_tokens_details",
    "iterations",
    "service_tier",
)


class SaveMark:
    """How much of a streaming message is saved (``Accumulator.progress``): each block's text parts
    saved (-1: saved whole), and the rest of each open block as last saved."""

    __slots__ = ("meta", "parts")

    def __init__(self) -> None:
        self.parts: dict[int, int] = {}
        self.meta: dict[int, JSON] = {}


class Accumulator:
    """Feed it events in order; read :meth:`snapshot` at any time and :attr:`done` at the end."""

    __slots__ = ("_blocks", "_closed", "_field", "_message", "_parts", "done", "started")

    def __init__(self) -> None:
        self._message: JSON | None = None
        self._blocks: dict[int, JSON] = {}
        self._parts: dict[int, list[str]] = {}
        self._field: dict[int, str] = {}
        self._closed: set[int] = set()  # blocks whose content_block_stop came (or the message's stop)
        self.started = False
        self.done = False

    def apply(self, event: StreamEvent) -> None:
        match event:
            case TextDelta(index, text):
                self._append(index, text, "text")
                return
            case ThinkingDelta(index, thinking):
                self._append(index, thinking, "thinking")
                return
        message = self._message
        if message is None:
            if isinstance(event, MessageStart):
                self._start(event)
            return  # before message_start: skipped, as the SDK's stream skips it
        match event:
            case BlockStart():
                self._block_start(event)
            case BlockStop(index):
                self._finish_block(index)
                self._closed.add(index)
            case SignatureDelta(index, signature):
                block = self._blocks.get(index)
                if block is not None and block.get("type") == "thinking":
                    block["signature"] = signature
            case InputJsonDelta(index, partial):
                block = self._blocks.get(index)
                if block is not None and block.get("type") in ("tool_use", "server_tool_use"):
                    self._parts.setdefault(index, []).append(partial)
                    self._field[index] = "input"
            case CitationDelta(index, citation):
                block = self._blocks.get(index)
                if block is not None and block.get("type") == "text":
                    citations = block.get("citations")
                    if not isinstance(citations, list):
                        block["citations"] = citations = []
                    citations.append(citation)
            case CompactionDelta(index, content, encrypted):
                block = self._blocks.get(index)
                if block is not None and block.get("type") == "compaction":
                    block["content"] = content
                    if encrypted is not None:
                        block["encrypted_content"] = encrypted
            case MessageDelta():
                self._message_delta(message, event)
            case MessageStart():
                if not self.done:
                    raise MalformedResponse("Unexpected event order: a second message_start")
            case MessageStop():
                for index in list(self._parts):
                    self._finish_block(index)
                self._closed.update(self._blocks)
                self.done = True
            case _:
                pass  # UnknownDelta: ignored, as the SDKs do.

    def citations_of(self, index: int) -> list[JSON] | None:
        """The citations of text block *index* so far (None: it has none)."""
        block = self._blocks.get(index)
        citations = block.get("citations") if block is not None else None
        return citations if isinstance(citations, list) and citations else None

    def accepts(self, event: StreamEvent) -> bool:
        """False for an event that arrived before ``message_start`` (it is skipped, not passed on)."""
        return self._message is not None or isinstance(event, MessageStart)

    # ------------------------------------------------------------ event handlers

    def _start(self, event: MessageStart) -> None:
        message = copy.deepcopy(event.message)
        content = message.get("content")
        message["content"] = []
        if not isinstance(message.get("usage"), dict):
            message["usage"] = {}
        self._message = message
        self.started = True
        if isinstance(content, list):  # never seen in practice, but keep what the server sent
            for i, block in enumerate(content):
                if isinstance(block, dict):
                    self._block_start(BlockStart(i, block))

    def _block_start(self, event: BlockStart) -> None:
        assert self._message is not None
        block = dict(event.block)
        self._message["content"].append(block)
        self._blocks[event.index] = block

    def _append(self, index: int, text: str, field: str) -> None:
        block = self._blocks.get(index)
        if block is None or block.get("type") != field:
            return
        parts = self._parts.get(index)
        if parts is None:
            existing = block.get(field)
            parts = self._parts[index] = [existing] if isinstance(existing, str) and existing else []
            self._field[index] = field
        parts.append(text)

    def _finish_block(self, index: int) -> None:
        block = self._blocks.get(index)
        parts = self._parts.pop(index, None)
        field = self._field.pop(index, None)
        if block is None or parts is None or field is None:
            return
        joined = "".join(parts)
        if field != "input":
            block[field] = joined
            return
        if not joined.strip():
            block["input"] = block.get("input") if isinstance(block.get("input"), dict) else {}
            return
        try:
            block["input"] = loads_partial(joined)
        except ValueError as exc:
            raise MalformedResponse(f"The model's tool call {block.get('name')!r} carried invalid JSON") from exc

    @staticmethod
    def _message_delta(message: JSON, event: MessageDelta) -> None:
        delta = event.delta
        for key in ("stop_reason", "stop_sequence", "stop_details"):  # the SDK sets all three, null included
            message[key] = delta.get(key)
        if delta.get("container") is not None:
            message["container"] = delta["container"]
        usage = event.usage
        if usage:
            target = message["usage"]
            if "output_tokens" in usage:
                target["output_tokens"] = usage["output_tokens"]
            for key in _USAGE_OVERWRITE:
                if usage.get(key) is not None:
                    target[key] = usage[key]
        if event.context_management is not None:
            message["context_management"] = event.context_management

    # ------------------------------------------------------------ reading

    def snapshot(self) -> JSON:
        """A deep copy of the message so far, with open blocks' text joined (partial tool JSON omitted)."""
        if self._message is None:
            return {"role": "assistant", "content": [], "usage": {}, "stop_reason": None}
        message = copy.deepcopy(self._message)
        blocks = {id(b): i for i, b in self._blocks.items()}
        for pos, block in enumerate(self._message["content"]):
            index = blocks.get(id(block))
            if index is not None and index in self._parts and self._field.get(index) != "input":
                message["content"][pos][self._field[index]] = "".join(self._parts[index])
        return message

    def progress(self, saved: SaveMark) -> list[list[Any]]:
        """What changed since *saved*, as steps that ``history.messages.replay_progress`` applies in
        order; *saved* is brought up to date. Costs what is new, never the whole message: a streaming
        reply is saved this way about once a second."""
        steps: list[list[Any]] = []
        for index, block in self._blocks.items():
            done = saved.parts.get(index)
            if done == -1:
                continue
            if index in self._closed:  # its signature, citations or tool input are in: saved whole, once
                steps.append(["block", index, copy.deepcopy(block)])
                saved.parts[index] = -1
                continue
            parts, field = self._parts.get(index, []), self._field.get(index)
            streamed = field if field is not None and field != "input" else None
            meta = {k: v for k, v in block.items() if k != streamed}  # all but the text: small
            if done is None or meta != saved.meta.get(index):
                start = copy.deepcopy(meta)
                if streamed is not None:
                    start[streamed] = "".join(parts[: done or 0])
                steps.append(["start", index, start])
                saved.meta[index] = copy.deepcopy(meta)
                done = done or 0
            if streamed is not None and len(parts) > done:
                steps.append(["add", index, streamed, "".join(parts[done:])])
            saved.parts[index] = len(parts)
        return steps

    @property
    def message(self) -> JSON:
        """The finished message (call after ``message_stop``)."""
        return self.snapshot()

    def text(self) -> str:
        """All text blocks so far, joined."""
        return "".join(self._block_text(i, "text") for i in sorted(self._blocks))

    def thinking(self) -> str:
        """All thinking summaries so far, joined with blank lines between blocks."""
        parts = [self._block_text(i, "thinking") for i in sorted(self._blocks)]
        return "\n\n".join(p for p in parts if p)

    def _block_text(self, index: int, kind: str) -> str:
        block = self._blocks[index]
        if block.get("type") != kind:
            return ""
        if index in self._parts:
            return "".join(self._parts[index])
        value: Any = block.get(kind)
        return value if isinstance(value, str) else ""
