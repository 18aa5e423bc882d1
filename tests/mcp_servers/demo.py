"""A well-behaved MCP server: ``python demo.py`` (stdio) or ``python demo.py http PORT``.

Its tools cover what results hold: text, a number (structured), an image, an error, a huge text,
a slow call, and a name the Messages API does not allow as is."""

from __future__ import annotations

import base64
import os
import struct
import sys
import time
import zlib

from mcp.server.mcpserver import MCPServer
from mcp.types import ImageContent, ToolAnnotations

server = MCPServer("Demo", version="1.0")


def _png() -> bytes:
    """A valid 1×1 PNG (one orange pixel), built rather than pasted."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xd9\x77\x57")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = base64.b64encode(_png()).decode()


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@server.tool()
def write_note(text: str) -> str:
    """Pretend to write a note (not read-only)."""
    return f"noted: {text}"


@server.tool(name="files.read-all")
def files_read_all(path: str) -> str:
    """A dotted name, as some servers have."""
    return f"read {path}"


@server.tool()
def env_seen(name: str) -> str:
    """The value of an environment variable in the server's process ('<unset>' if none)."""
    return os.environ.get(name, "<unset>")


@server.tool()
def picture() -> ImageContent:
    """A 1×1 PNG."""
    return ImageContent(type="image", data=PNG, mime_type="image/png")


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def page() -> str:
    """A result written as HTML, with a remote image and a script-like link."""
    return '<h1>Title</h1><img src="http://203.0.113.9/track.png"><a href="javascript:alert(1)">x</a>'


@server.tool()
def broken() -> str:
    """Always fails."""
    raise ValueError("the disk is on fire")


@server.tool()
def huge(megabytes: int = 50) -> str:
    """A result of *megabytes* MB."""
    return "x" * (megabytes * 1024 * 1024)


@server.tool()
def slow(seconds: float) -> str:
    """Answers after *seconds*."""
    time.sleep(seconds)
    return "done"


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def work(ms: float) -> float:
    """Works for *ms* milliseconds; returns the time this call took inside the server, in ms (the
    benchmark's "server's own time")."""
    start = time.perf_counter()
    time.sleep(ms / 1000)
    return (time.perf_counter() - start) * 1000


@server.prompt()
def review(code: str, focus: str = "bugs") -> str:
    """Ask for a review of some code."""
    return f"Please review this code, looking for {focus}:\n{code}"


@server.resource("notes://today", mime_type="text/markdown")
def today() -> str:
    """Today's notes."""
    return "# Today\n- ship MCP"


@server.resource("images://dot", mime_type="image/png")
def dot() -> bytes:
    """A 1×1 PNG."""
    return base64.b64decode(PNG)


if __name__ == "__main__":
    print("demo server starting", file=sys.stderr)  # noqa: T201 (its stderr, which Parley logs)
    if len(sys.argv) > 2 and sys.argv[1] == "http":
        server.run(transport="streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        server.run()
