"""MCP servers that misbehave: ``python hostile.py MODE [ARG]``.

- ``garbage``: writes lines that are not JSON-RPC to stdout, then waits;
- ``exit``: says why on stderr and exits at once (status 3);
- ``silent``: reads its input and never answers ``initialize``;
- ``stubborn``: a working server that ignores SIGTERM and writes its pid to ARG;
- ``crash``: a working server whose ``boom`` tool kills the process;
- ``bad_schema``: a working server whose tool has a top-level ``oneOf`` (the API rejects that).
"""

from __future__ import annotations

import os
import signal
import sys
import time

from mcp.server.mcpserver import MCPServer


def serve_stubborn(pid_file: str) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with open(pid_file, "w", encoding="utf-8") as f:
        f.write(str(os.getpid()))
    server = MCPServer("Stubborn")

    @server.tool()
    def ping() -> str:
        """Answers pong."""
        return "pong"

    server.run()


def serve_crash() -> None:
    server = MCPServer("Crash")

    @server.tool()
    def boom() -> str:
        """Kills the server."""
        os._exit(7)

    @server.tool()
    def ping() -> str:
        """Answers pong."""
        return "pong"

    server.run()


def serve_bad_schema() -> None:
    import anyio
    from mcp.server.lowlevel import Server
    from mcp.server.stdio import stdio_server
    from mcp.types import CallToolResult, ListToolsResult, TextContent, Tool

    schema = {
        "type": "object",
        "oneOf": [
            {"properties": {"id": {"type": "string"}}, "required": ["id"]},
            {"properties": {"email": {"type": "string"}}, "required": ["email"]},
        ],
    }

    async def list_tools(ctx, params) -> ListToolsResult:
        return ListToolsResult(tools=[Tool(name="lookup", description="Find a user.", input_schema=schema)])

    async def call_tool(ctx, params) -> CallToolResult:
        return CallToolResult(content=[TextContent(type="text", text=f"found {params.arguments}")])

    server = Server("BadSchema", on_list_tools=list_tools, on_call_tool=call_tool)

    async def main() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(main)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "garbage":
        for i in range(50):
            print(f"hello, I am not JSON-RPC {i}", flush=True)  # noqa: T201 (the garbage on stdout)
        time.sleep(60)
    elif mode == "exit":
        print("fatal: MISSING_TOKEN is not set", file=sys.stderr, flush=True)  # noqa: T201
        sys.exit(3)
    elif mode == "silent":
        for _line in sys.stdin:
            pass
    elif mode == "stubborn":
        serve_stubborn(sys.argv[2])
    elif mode == "crash":
        serve_crash()
    elif mode == "bad_schema":
        serve_bad_schema()
