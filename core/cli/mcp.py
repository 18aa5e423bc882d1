"""``parley mcp``: list, add, remove and import MCP servers, and list a server's tools.

Exit codes: 0 done, 2 bad usage (a name taken, a malformed file), 3 the server could not start.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from ..context import Context
from ..errors import ConfigError
from ..mcp import claude_desktop
from ..mcp.config import ServerConfig, ServerList
from ..mcp.hub import McpHub

EXIT_OK, EXIT_USAGE, EXIT_SERVER = 0, 2, 3


def run(args: argparse.Namespace, ctx: Context) -> int:
    ctx.paths.ensure()
    servers = ctx.mcp_servers()
    for notice in servers.notices:
        print(f"parley: {notice}", file=sys.stderr)
    try:
        action = args.mcp_command
        if action == "list":
            return _list(servers, args.json)
        if action == "add":
            return _add(servers, args)
        if action == "remove":
            removed = servers.remove(args.name)
            print(f"Removed {removed.name} ({removed.describe()}) and its secrets.")
            return EXIT_OK
        if action == "import":
            return _import(servers, args.path)
        return asyncio.run(_tools(servers, ctx, args.name, args.json))
    except ConfigError as exc:
        print(f"parley mcp {args.mcp_command}: {exc.user_message}", file=sys.stderr)
        return EXIT_USAGE


def _list(servers: ServerList, as_json: bool) -> int:
    rows = [
        {
            "name": s.name,
            "transport": s.transport,
            "target": s.describe(),
            "enabled": s.enabled,
            "default": s.default_on,
            "trusted": s.trusted,
            "always_allow": s.always_allow,
            "env": s.env,  # names only: the values are in the keyring
            "headers": s.headers,
        }
        for s in servers.servers
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        print("No MCP servers. Add one with: parley mcp add NAME -- COMMAND [ARGS...]")
    for row in rows:
        flags = [f for f, on in (("off", not row["enabled"] or not row["default"]), ("trusted", row["trusted"])) if on]
        print(f"{row['name']:<20} {row['transport']:<6} {row['target']}" + (f"  [{', '.join(flags)}]" if flags else ""))
    return EXIT_OK


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{what} {item!r} is not K=V")
        out[key.strip()] = value
    return out


def _add(servers: ServerList, args: argparse.Namespace) -> int:
    command: list[str] = args.server_command
    if args.url and command:
        raise ConfigError("Give either --url URL or -- COMMAND [ARGS...], not both")
    if not args.url and not command:
        raise ConfigError("Give the server's command after --, or its --url")
    if args.header and not args.url:
        raise ConfigError("--header is for HTTP servers (--url)")
    if args.env and args.url:
        raise ConfigError("--env is for stdio servers (a command)")
    server = ServerConfig(
        args.name,
        command=command[0] if command else "",
        args=command[1:],
        cwd=args.cwd,
        url=args.url or "",
        trusted=args.trusted,
        default_on=not args.off,
    )
    servers.add(server, _pairs(args.env, "--env"), _pairs(args.header, "--header"))
    print(f"Added {server.name} ({server.describe()}).")
    return EXIT_OK


def _import(servers: ServerList, path: str | None) -> int:
    from pathlib import Path

    source = Path(path).expanduser() if path else claude_desktop.default_path()
    found = claude_desktop.read(source)  # raises before anything changes
    added, skipped = [], []
    for item in found:
        if servers.find(item.server.name) is not None:
            skipped.append(item.server.name)
            continue
        servers.add(item.server, item.env, item.headers)
        added.append(item.server.name)
    print(f"Imported {len(added)} server(s) from {source}" + (f": {', '.join(added)}" if added else "") + ".")
    if skipped:
        print(f"Kept the servers already named {', '.join(skipped)} (remove them first to import those).")
    return EXIT_OK


async def _tools(servers: ServerList, ctx: Context, name: str, as_json: bool) -> int:
    if servers.find(name) is None:
        raise ConfigError(f"No MCP server named {name!r}")
    hub = McpHub(servers, ctx.paths.log_dir)
    try:
        box = await hub.toolbox([name])
    finally:
        await hub.close()
    if name in box.unavailable:
        print(f"parley mcp tools: {box.unavailable[name]}", file=sys.stderr)
        return EXIT_SERVER
    rows = [
        {"name": t.name, "api_name": t.api_name, "description": t.description, "read_only": t.read_only}
        for t in box.tools.values()
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for tool in box.tools.values():
        first = tool.description.strip().splitlines()[0] if tool.description.strip() else ""
        print(f"{tool.name:<28} {'read-only' if tool.read_only else '':<9} {first}")
    return EXIT_OK
