"""Prompt-cache accounting and compaction for the fake API's own replies, as documented (reference §1.5, §8).

The prompt is a sequence of blocks in prefix order (tools → system → messages). A breakpoint (a
block's ``cache_control``, or the top-level one, which sits on the last block) writes the prefix
up to it when it is at least the model's minimum and not cached yet; a read happens when a prefix
ending at or up to 20 blocks behind a breakpoint was written earlier and has not expired. Usage
reports ``input_tokens`` (after the last breakpoint), ``cache_creation_input_tokens`` (with the
5m/1h breakdown) and ``cache_read_input_tokens``. Tokens are estimated as characters ÷ 4.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .content_rules import COMPACT_BETA

MIN_CACHEABLE = {
    "claude-opus-4-7": 2048,
    "claude-opus-4-6": 4096,
    "claude-sonnet-4-6": 1024,
    "claude-sonnet-4-5": 1024,
    "claude-haiku-4-5": 4096,
}
LOOKBACK = 20
TTL_SECONDS = {"5m": 300.0, "1h": 3600.0}
DEFAULT_TRIGGER = 150_000


def tokens(value: Any) -> int:
    return max(1, len(json.dumps(value, sort_keys=True, ensure_ascii=False)) // 4)


def _prompt_blocks(body: dict[str, Any]) -> list[tuple[Any, dict[str, Any] | None]]:
    """(block, its cache_control) in prefix order."""
    out: list[tuple[Any, dict[str, Any] | None]] = [(t, t.get("cache_control")) for t in body.get("tools") or []]
    system = body.get("system")
    if isinstance(system, str) and system:
        out.append((system, None))
    elif isinstance(system, list):
        out += [(b, b.get("cache_control")) for b in system]
    for message in after_last_compaction(body.get("messages") or []):
        content = message["content"]
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        out += [({"role": message["role"], **b}, b.get("cache_control")) for b in blocks]
    return out


def after_last_compaction(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the API reads: everything before the last compaction block is dropped."""
    for i in range(len(messages) - 1, -1, -1):
        content = messages[i].get("content")
        if isinstance(content, list):
            for j in range(len(content) - 1, -1, -1):
                if content[j].get("type") == "compaction" and content[j].get("content"):
                    return [{"role": messages[i]["role"], "content": content[j:]}, *messages[i + 1 :]]
    return messages


@dataclass
class PromptCache:
    clock: Callable[[], float] = time.monotonic
    entries: dict[str, float] = field(default_factory=dict)  # prefix hash → expiry

    def usage(self, body: dict[str, Any]) -> dict[str, Any]:
        blocks = _prompt_blocks(body)
        now = self.clock()
        cumulative: list[int] = []
        hashes: list[str] = []
        running, digest = 0, hashlib.sha256(str(body.get("model")).encode())
        for block, _ in blocks:
            running += tokens(block)
            digest.update(json.dumps(block, sort_keys=True).encode())
            cumulative.append(running)
            hashes.append(digest.copy().hexdigest())
        breakpoints = [(i, cc.get("ttl", "5m")) for i, (_, cc) in enumerate(blocks) if cc]
        top = body.get("cache_control")
        if isinstance(top, dict) and blocks:
            breakpoints.append((len(blocks) - 1, top.get("ttl", "5m")))
        minimum = MIN_CACHEABLE.get(str(body.get("model")), 1024)
        read = 0
        for bp, _ in breakpoints:
            for j in range(bp, max(-1, bp - LOOKBACK - 1), -1):
                if self.entries.get(hashes[j], -1.0) > now:
                    read = max(read, cumulative[j])
                    break
        covered = read
        written = {"5m": 0, "1h": 0}
        for bp, ttl in sorted(breakpoints):
            if cumulative[bp] < minimum or cumulative[bp] <= covered:
                if self.entries.get(hashes[bp], -1.0) > now:
                    self.entries[hashes[bp]] = now + TTL_SECONDS[ttl]  # a hit refreshes it, free
                continue
            written[ttl] += cumulative[bp] - covered
            covered = cumulative[bp]
            self.entries[hashes[bp]] = now + TTL_SECONDS[ttl]
        total = cumulative[-1] if cumulative else 0
        return {
            "input_tokens": max(0, total - covered),
            "cache_creation_input_tokens": written["5m"] + written["1h"],
            "cache_read_input_tokens": read,
            "cache_creation": {"ephemeral_5m_input_tokens": written["5m"], "ephemeral_1h_input_tokens": written["1h"]},
        }


def compaction_for(body: dict[str, Any], headers: dict[str, str]) -> tuple[str | None, int]:
    """(summary, compacted input tokens) when the request asks for compaction and its input passed
    the trigger; (None, 0) otherwise."""
    betas = {b.strip() for b in headers.get("anthropic-beta", "").split(",")}
    edits = (body.get("context_management") or {}).get("edits") or []
    edit = next((e for e in edits if e.get("type") == "compact_20260112"), None)
    if edit is None or COMPACT_BETA not in betas:
        return None, 0
    trigger = (edit.get("trigger") or {}).get("value", DEFAULT_TRIGGER)
    messages = after_last_compaction(body.get("messages") or [])
    size = tokens(messages) + tokens(body.get("system") or "")
    if size <= trigger:
        return None, 0
    return f"Summary of the conversation so far: {len(messages)} messages about {_topic(messages)}.", size


def _topic(messages: list[dict[str, Any]]) -> str:
    first = messages[0]["content"]
    text = first if isinstance(first, str) else " ".join(str(b.get("text", "")) for b in first)
    return " ".join(text.split()[:6]) or "various things"
