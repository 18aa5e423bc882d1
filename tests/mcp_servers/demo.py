"""A well-behaved MCP server: ``python demo.py`` (stdio) or ``python demo.py http PORT``.

Its tools cover what results hold: text, a number (structured), an image, an error, a huge text,
a slow call, and a name the Messages API does not allow as is."""

from __future__ import annotations

import base64
import os
import sys
import time

from mcp.server.mcpserver import MCPServer
from mcp.types import ImageContent, ToolAnnotations

server = MCPServer("Demo", version="1.0")

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4e60000000049454e44ae426082"
    )
).decode()


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


if __name__ == "__main__":
    print("demo server starting", file=sys.stderr)  # noqa: T201 (its stderr, which Parley logs)
    if len(sys.argv) > 2 and sys.argv[1] == "http":
        server.run(transport="streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        server.run()
