"""Files the user attaches to a prompt: images and PDFs as content blocks, text and code inlined.

A file is recognised by its bytes, not its name (a ``.png`` that is really a JPEG is sent as
JPEG, which the API insists on). The history keeps an ``attachment`` block that names the bytes
by their SHA-256 (stored once in ``blobs``, however often they are sent); ``expand`` turns it into
the API's block when a request is built. The limits are the API's (reference §1.3), checked
before sending so the user gets a clear message instead of a 400 or 413.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import InvalidOptions

JSON = dict[str, Any]
Kind = Literal["image", "pdf", "text"]

MAX_IMAGE_BASE64 = 10 * 1024 * 1024  # per image, as base64
MAX_IMAGE_SIDE = 8000
MAX_SIDE_MANY_IMAGES = 2000  # when a request has more than MANY_IMAGES images
MANY_IMAGES = 20
MAX_REQUEST_BYTES = 32 * 1024 * 1024
MAX_VISUALS = 600  # images + PDF pages per request
MAX_VISUALS_200K = 100  # on models with a 200k context window
MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_FILE_BYTES = MAX_REQUEST_BYTES * 3 // 4  # nothing bigger can fit in one request as base64


@dataclass(frozen=True, slots=True)
class Attachment:
    """One file read for sending: its history block and its bytes."""

    block: JSON
    data: bytes

    @property
    def name(self) -> str:
        return str(self.block.get("name", ""))

    @property
    def kind(self) -> Kind:
        return self.block["kind"]  # type: ignore[no-any-return]


def read_attachment(path: Path) -> Attachment:
    """Read and check *path*; refuses what the API could never take, saying why."""
    name = path.name
    try:
        if not path.exists():
            raise InvalidOptions(f"{name} does not exist", hint=f"Check the path: {path}")
        if not path.is_file():
            raise InvalidOptions(f"{name} is not a file", hint="Attach files, not folders")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidOptions(
                f"{name} is {_mb(size)}; a request can carry at most {_mb(MAX_FILE_BYTES)} of files",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidOptions(f"Could not read {name}: {exc.strerror or exc}") from exc
    return attachment_from_bytes(name, data)


def attachment_from_bytes(name: str, data: bytes) -> Attachment:
    """An attachment from bytes (a pasted image, a dropped file); the bytes decide the type."""
    if not data:
        raise InvalidOptions(f"{name} is empty")
    media = sniff_image(data)
    digest = hashlib.sha256(data).hexdigest()
    if media is not None:
        try:
            width, height = image_size(data, media)
        except InvalidOptions as exc:
            raise InvalidOptions(f"{name}: {exc.message}", hint="Open it in an image viewer and save it again") from exc
        if _b64_len(len(data)) > MAX_IMAGE_BASE64:
            raise InvalidOptions(
                f"{name} is {_mb(len(data))}; the API takes images up to {_mb(MAX_IMAGE_BASE64 * 3 // 4)}",
                hint="Save it smaller (or as JPEG) and attach it again",
            )
        if max(width, height) > MAX_IMAGE_SIDE:
            raise InvalidOptions(
                f"{name} is {width}×{height} pixels; the API takes at most {MAX_IMAGE_SIDE} pixels a side",
                hint="Scale it down and attach it again",
            )
        block: JSON = {"type": "attachment", "kind": "image", "media_type": media, "width": width, "height": height}
    elif data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:  # the API refuses a PDF cut short (an unfinished download)
            raise InvalidOptions(
                f"{name} is a damaged or incomplete PDF (it has no end-of-file marker)",
                hint="Download or export it again",
            )
        block = {"type": "attachment", "kind": "pdf", "media_type": "application/pdf", "pages": pdf_pages(data)}
    else:
        text = _as_text(data)
        if text is None:
            raise InvalidOptions(
                f"{name} is not an image, a PDF or a text file",
                hint="Parley attaches PNG, JPEG, GIF and WebP images, PDFs, and UTF-8 text or code",
            )
        if len(data) > MAX_TEXT_BYTES:
            raise InvalidOptions(f"{name} is {_mb(len(data))} of text; attach at most {_mb(MAX_TEXT_BYTES)}")
        block = {"type": "attachment", "kind": "text", "media_type": "text/plain"}
    block.update(name=name, size=len(data), sha256=digest)
    return Attachment(block, data)


def is_attachment(block: JSON) -> bool:
    return block.get("type") == "attachment" and isinstance(block.get("sha256"), str)


def attachments_in(content: Sequence[JSON]) -> list[JSON]:
    return [b for b in content if isinstance(b, dict) and is_attachment(b)]


# ------------------------------------------------------------------ request side


def expand(content: Sequence[JSON], blob: Callable[[str], bytes | None]) -> list[JSON]:
    """Attachment blocks → the API's image, document and text blocks (files first, as the docs advise)."""
    files: list[JSON] = []
    rest: list[JSON] = []
    for block in content:
        if not is_attachment(block):
            rest.append(block)
            continue
        data = blob(block["sha256"])
        name = str(block.get("name") or "file")
        if data is None:
            files.append({"type": "text", "text": f"[The attached file {name} is no longer available.]"})
        elif block.get("kind") == "image":
            files.append({"type": "image", "source": _base64(block["media_type"], data)})
        elif block.get("kind") == "pdf":
            files.append({"type": "document", "source": _base64("application/pdf", data), "title": name})
        else:
            text = data.decode("utf-8-sig", errors="replace")
            end = "" if text.endswith("\n") else "\n"
            files.append({"type": "text", "text": f'<file name="{_attr(name)}">\n{text}{end}</file>'})
    results = [b for b in rest if b.get("type") == "tool_result"]
    return results + files + [b for b in rest if b.get("type") != "tool_result"]


def check_request(files: Sequence[JSON], body: JSON, context_window: int) -> None:
    """Refuse a request the API would reject for its *files* (the conversation's attachment blocks):
    too many images or pages, images too large for a request with many of them, or over 32 MB."""
    if not files:
        return
    images = [b for b in files if b.get("kind") == "image"]
    pages = sum(int(b.get("pages") or 1) for b in files if b.get("kind") == "pdf")
    limit = MAX_VISUALS_200K if context_window <= 200_000 else MAX_VISUALS
    if len(images) + pages > limit:
        raise InvalidOptions(
            f"This conversation has {len(images)} images and {pages} PDF pages; {body.get('model')} takes at most "
            f"{limit} in one request",
            hint="Start a new chat for more files",
        )
    if len(images) > MANY_IMAGES:
        for block in images:
            width, height = int(block.get("width") or 0), int(block.get("height") or 0)
            if max(width, height) > MAX_SIDE_MANY_IMAGES:
                raise InvalidOptions(
                    f"With more than {MANY_IMAGES} images in one conversation, each may be at most "
                    f"{MAX_SIDE_MANY_IMAGES} pixels a side; {block.get('name')} is {width}×{height}",
                    hint="Attach smaller images, or start a new chat",
                )
    size = body_size(body)
    if size > MAX_REQUEST_BYTES:
        raise InvalidOptions(
            f"This request would be {_mb(size)}; the API takes at most {_mb(MAX_REQUEST_BYTES)}",
            hint="Attach fewer or smaller files, or start a new chat",
        )


def body_size(body: JSON) -> int:
    """The request's size in bytes as JSON, without serialising the files' base64 (tens of MB, ~100 ms
    on the UI thread): their length is added to the rest, which is serialised with empty data."""
    files = 0
    messages = []
    for message in body.get("messages") or []:
        content = message.get("content")
        if not isinstance(content, list):
            messages.append(message)
            continue
        blocks = []
        for block in content:
            source = block.get("source") if isinstance(block, dict) else None
            if isinstance(source, dict) and source.get("type") == "base64" and isinstance(source.get("data"), str):
                files += len(source["data"])  # base64 is ASCII: one byte per character, nothing to escape
                block = {**block, "source": {**source, "data": ""}}
            blocks.append(block)
        messages.append({**message, "content": blocks})
    rest = json.dumps({**body, "messages": messages}, ensure_ascii=False, separators=(",", ":"))
    return len(rest.encode("utf-8")) + files


# ------------------------------------------------------------------ recognising files


def sniff_image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def image_size(data: bytes, media_type: str) -> tuple[int, int]:
    """Width and height from the image's header; a header that cannot be read is refused."""
    try:
        if media_type == "image/png":
            width, height = struct.unpack(">II", data[16:24])
            return width, height
        if media_type == "image/gif":
            width, height = struct.unpack("<HH", data[6:10])
            return width, height
        if media_type == "image/webp":
            return _webp_size(data)
        return _jpeg_size(data)
    except (struct.error, ValueError, IndexError) as exc:
        raise InvalidOptions("The image is damaged: its size cannot be read") from exc


def _jpeg_size(data: bytes) -> tuple[int, int]:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            raise ValueError("not a marker")
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    raise ValueError("no frame header")


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        w, h = struct.unpack("<HH", data[26:30])
        return w & 0x3FFF, h & 0x3FFF
    if chunk == b"VP8L":
        b = data[21:25]
        w = 1 + (((b[1] & 0x3F) << 8) | b[0])
        h = 1 + (((b[3] & 0x0F) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
        return w, h
    if chunk == b"VP8X":
        w = 1 + int.from_bytes(data[24:27], "little")
        h = 1 + int.from_bytes(data[27:30], "little")
        return w, h
    raise ValueError("unknown WebP chunk")


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(data: bytes) -> int:
    """Pages in a PDF, counted from its page objects (at least 1: the API counts the file)."""
    return max(1, len(_PAGE.findall(data)))


def _as_text(data: bytes) -> str | None:
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _base64(media_type: str, data: bytes) -> JSON:
    return {"type": "base64", "media_type": media_type, "data": base64.b64encode(data).decode("ascii")}


def _b64_len(n: int) -> int:
    return 4 * ((n + 2) // 3)


def _attr(name: str) -> str:
    return name.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def describe(block: JSON) -> str:
    """A short label for an attachment: its name and what it is."""
    name = str(block.get("name") or "file")
    kind = block.get("kind")
    if kind == "image":
        return f"{name} ({block.get('width')}×{block.get('height')})"
    if kind == "pdf":
        pages = int(block.get("pages") or 1)
        return f"{name} (PDF, {pages} page{'s' if pages != 1 else ''})"
    size = int(block.get("size") or 0)
    return f"{name} ({size / 1024:.0f} KB)" if size >= 1024 else f"{name} ({size} bytes)"
