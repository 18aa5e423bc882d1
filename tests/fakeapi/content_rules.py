"""What the real API rejects in files and long-context features (reference §1.3, §1.5).

Images and documents (type, bytes that match the media type, size, dimensions, how many per
request), compaction blocks (only with the compaction beta) and ``context_management`` edits.
Independent of Parley's own checks (core/attachments.py), on purpose.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from typing import Any

IMAGE_MAGIC = {
    "image/png": (b"\x89PNG",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}
MAX_IMAGE_B64 = 10 * 1024 * 1024
COMPACT_BETA = "compact-2026-01-12"
CONTEXT_BETA = "context-management-2025-06-27"
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _decode(data: Any) -> bytes | None:
    if not isinstance(data, str) or not data:
        return None
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


def _dims(raw: bytes, media: str) -> tuple[int, int]:
    if media == "image/png":
        return struct.unpack(">II", raw[16:24])  # type: ignore[return-value]
    if media == "image/gif":
        return struct.unpack("<HH", raw[6:10])  # type: ignore[return-value]
    return 0, 0  # JPEG/WebP: not measured by the fake


def block_problem(block: dict[str, Any], role: str, where: str, betas: set[str]) -> str | None:
    """Why the API would refuse this image, document or compaction block (None: it accepts it)."""
    kind = block.get("type")
    if kind == "image":
        if role != "user":
            return f"{where}: image blocks may only appear in user messages"
        source = block.get("source") or {}
        if source.get("type") != "base64":
            return None if source.get("type") == "url" else f"{where}.source: Input tag does not match"
        media = source.get("media_type")
        if media not in IMAGE_MAGIC:
            return f"{where}.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"
        if len(source.get("data") or "") > MAX_IMAGE_B64:
            return f"{where}.source.base64: image exceeds 10 MB maximum"
        raw = _decode(source.get("data"))
        if raw is None:
            return f"{where}.source.base64: invalid base64 data"
        if not raw.startswith(IMAGE_MAGIC[media]):
            return f"{where}: Image does not match the provided media type {media}"
        if max(_dims(raw, media)) > 8000:
            return f"{where}: image dimensions exceed max allowed size: 8000 pixels"
    elif kind == "document":
        source = block.get("source") or {}
        if source.get("type") == "base64":
            if source.get("media_type") != "application/pdf":
                return f"{where}.source.media_type: Input should be 'application/pdf'"
            raw = _decode(source.get("data"))
            if raw is None or not raw.startswith(b"%PDF-"):
                return f"{where}: The PDF specified was not valid."
    elif kind == "compaction":
        if role != "assistant":
            return f"{where}: compaction blocks may only appear in assistant messages"
        if COMPACT_BETA not in betas:
            return f"{where}: compaction blocks require the `{COMPACT_BETA}` beta"
    return None


def visuals_problem(messages: list[Any], context_window: int) -> str | None:
    """Too many images and PDF pages in one request, or images too large when there are many."""
    images: list[tuple[int, int]] = []
    pages = 0
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else None
        for block in content if isinstance(content, list) else []:
            if not isinstance(block, dict):
                continue
            source = block.get("source") or {}
            raw = _decode(source.get("data")) if source.get("type") == "base64" else None
            if block.get("type") == "image":
                images.append(_dims(raw, source.get("media_type", "")) if raw else (0, 0))
            elif block.get("type") == "document" and raw:
                pages += max(1, len(_PAGE.findall(raw)))
    limit = 100 if context_window <= 200_000 else 600
    if len(images) + pages > limit:
        return f"Too many images and PDF pages: {len(images) + pages} > {limit}"
    if len(images) > 20 and any(max(d) > 2000 for d in images):
        return "When more than 20 images are provided, image dimensions must not exceed 2000 pixels"
    return None


def context_management_problem(value: Any, compaction_supported: bool, betas: set[str]) -> str | None:
    if not isinstance(value, dict) or not isinstance(value.get("edits"), list):
        return "context_management.edits: Field required"
    for n, edit in enumerate(value["edits"]):
        kind = edit.get("type") if isinstance(edit, dict) else None
        if kind == "compact_20260112":
            if COMPACT_BETA not in betas:
                return f"context_management.edits.{n}: compact_20260112 requires the `{COMPACT_BETA}` beta"
            if not compaction_supported:
                return f"context_management.edits.{n}: compaction is not supported for this model"
            trigger = edit.get("trigger")
            if trigger is not None and (
                not isinstance(trigger, dict)
                or trigger.get("type") != "input_tokens"
                or not isinstance(trigger.get("value"), int)
                or trigger["value"] < 50_000
            ):
                return f"context_management.edits.{n}.trigger.value: must be at least 50000"
            if set(edit) - {"type", "trigger", "pause_after_compaction", "instructions"}:
                return f"context_management.edits.{n}: Extra inputs are not permitted"
        elif kind in ("clear_tool_uses_20250919", "clear_thinking_20251015"):
            if CONTEXT_BETA not in betas:
                return f"context_management.edits.{n}: {kind} requires the `{CONTEXT_BETA}` beta"
        else:
            return f"context_management.edits.{n}.type: Input tag {kind!r} does not match any of the expected tags"
    return None
