"""Importing Claude Desktop's servers: ``mcpServers`` in ``claude_desktop_config.json``.

Its standard place: ``~/Library/Application Support/Claude`` on macOS, ``%APPDATA%\\Claude`` on
Windows, ``$XDG_CONFIG_HOME/Claude`` (``~/.config/Claude``) on Linux, where community builds keep
it (reference §F.9). Remote entries in Claude Code's form (``type`` http, sse or
streamable-http, ``url``, ``headers``) are read too. The file is read whole before anything
changes: a malformed one changes nothing, and the error names the file and the line.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from .config import SERVER_NAME_RE, ServerConfig

FILE_NAME = "claude_desktop_config.json"


def default_path(platform: str = sys.platform, env: Mapping[str, str] = os.environ, home: Path | None = None) -> Path:
    home = home or Path.home()
    if platform == "darwin":
        return home / "Library" / "Application Support" / "Claude" / FILE_NAME
    if platform.startswith("win"):
        return Path(env.get("APPDATA") or home / "AppData" / "Roaming") / "Claude" / FILE_NAME
    return Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "Claude" / FILE_NAME


@dataclass(frozen=True, slots=True)
class Imported:
    server: ServerConfig
    env: dict[str, str]
    headers: dict[str, str]


def read(path: Path) -> list[Imported]:
    """The servers in *path*; raises ConfigError naming the file (and line) when it is unusable."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"There is no {path}", hint="Pick the file with: parley mcp import PATH") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Could not read {path}: {exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    servers = data.get("mcpServers") if isinstance(data, dict) else None
    if not isinstance(servers, dict):
        raise ConfigError(f'{path}: it has no "mcpServers" object')
    lines = raw.splitlines()
    return [_entry(path, _line_of(lines, name), name, entry) for name, entry in servers.items()]


def _line_of(lines: list[str], name: str) -> int:
    needle = json.dumps(name)
    return next((i + 1 for i, line in enumerate(lines) if needle in line), 0)


def _strings(path: Path, line: int, name: str, key: str, value: object) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError(f"{path}, line {line}: {key} of {name!r} must map names to strings")
    return {str(k): v for k, v in value.items()}


def _entry(path: Path, line: int, name: str, entry: object) -> Imported:
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}, line {line}: server {name!r} is not an object")
    if not SERVER_NAME_RE.match(name):
        raise ConfigError(f"{path}, line {line}: {name!r} is not a name Parley can use (letters, digits, _ - .)")
    kind = str(entry.get("type") or "stdio")
    if kind in ("http", "streamable-http", "sse") or "url" in entry:
        url = entry.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigError(f'{path}, line {line}: server {name!r} needs an http(s) "url"')
        headers = _strings(path, line, name, "headers", entry.get("headers"))
        return Imported(ServerConfig(name, url=url), {}, headers)
    command, args = entry.get("command"), entry.get("args", [])
    if not isinstance(command, str) or not command:
        raise ConfigError(f'{path}, line {line}: server {name!r} has no "command"')
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise ConfigError(f'{path}, line {line}: "args" of {name!r} must be a list of strings')
    env = _strings(path, line, name, "env", entry.get("env"))
    cwd = entry.get("cwd") if isinstance(entry.get("cwd"), str) else None
    return Imported(ServerConfig(name, command=command, args=list(args), cwd=cwd), env, {})
