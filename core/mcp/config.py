"""The user's MCP servers: ``mcp-servers.json`` next to the settings, secrets in the OS keyring.

A server runs a command (stdio: command, args, env, working directory) or is reached at a URL
(streamable HTTP: url and headers). The values of its env variables and headers are the tokens
servers need: they live in the keyring (service ``parley-mcp``), and the file names them only.
An unreadable file is kept aside and Parley starts with no servers, as with the settings.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import ConfigError
from ..files import write_text_atomically

SERVICE = "parley-mcp"
SERVER_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class ServerConfig:
    name: str
    command: str = ""  # stdio
    args: list[str] = field(default_factory=list)
    env: list[str] = field(default_factory=list)  # names only: values in the keyring
    cwd: str | None = None
    url: str = ""  # streamable HTTP
    headers: list[str] = field(default_factory=list)  # names only: values in the keyring
    enabled: bool = True
    default_on: bool = True  # on in new chats (the default set)
    trusted: bool = False  # its read-only tools run without asking
    always_allow: list[str] = field(default_factory=list)  # tools the user allowed once and for all

    @property
    def transport(self) -> str:
        return "http" if self.url else "stdio"

    def describe(self) -> str:
        return self.url if self.url else " ".join([self.command, *self.args])


class Secrets(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
    def delete(self, key: str) -> None: ...


def secret_key(server: str, kind: str, name: str) -> str:
    return f"{server}/{kind}/{name}"


class KeyringSecrets:
    """The OS keyring (opened only when a server starts or is saved)."""

    def get(self, key: str) -> str | None:
        import keyring

        return keyring.get_password(SERVICE, key)

    def set(self, key: str, value: str) -> None:
        import keyring

        keyring.set_password(SERVICE, key, value)

    def delete(self, key: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(SERVICE, key)


class MemorySecrets:
    """Secrets for tests and for one run."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    def set(self, key: str, value: str) -> None:
        self.values[key] = value

    def delete(self, key: str) -> None:
        self.values.pop(key, None)


def check_name(name: str) -> str:
    if not SERVER_NAME_RE.match(name):
        raise ConfigError(
            f"{name!r} is not a usable server name",
            hint="Use up to 40 letters, digits, '_', '-' or '.', starting with a letter or digit",
        )
    return name


class ServerList:
    """The servers, loaded from and saved to *path*; secrets go to *secrets*."""

    def __init__(self, path: Path, secrets: Secrets) -> None:
        self.path = path
        self.secrets = secrets
        self.notices: list[str] = []
        self.servers: list[ServerConfig] = self._load()

    def _load(self) -> list[ServerConfig]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            self.notices.append(f"Could not read {self.path.name} ({exc}); no MCP servers this time.")
            return []
        try:
            data = json.loads(raw)
            return [_server(item) for item in data["servers"]]
        except (ValueError, TypeError, KeyError, ConfigError) as exc:
            aside = self.path.with_name(self.path.name + ".corrupt")
            try:
                self.path.replace(aside)
            except OSError:
                aside = self.path
            self.notices.append(f"{self.path.name} was unreadable ({exc}); kept it as {aside.name}.")
            return []

    def save(self) -> None:
        data = {"version": 1, "servers": [asdict(s) for s in self.servers]}
        write_text_atomically(self.path, json.dumps(data, indent=2, ensure_ascii=False))

    def default_set(self) -> list[str]:
        """The servers a chat uses unless told otherwise: enabled and on by default."""
        return [s.name for s in self.servers if s.enabled and s.default_on]

    def find(self, name: str) -> ServerConfig | None:
        return next((s for s in self.servers if s.name == name), None)

    def add(self, server: ServerConfig, env: dict[str, str], headers: dict[str, str], *, replace: bool = False) -> None:
        """Add *server* with its secret values (stored in the keyring first: a failure there adds nothing)."""
        check_name(server.name)
        if bool(server.command) == bool(server.url):
            raise ConfigError(f"Server {server.name!r} needs either a command (stdio) or a URL (HTTP)")
        if server.url and not server.url.startswith(("http://", "https://")):
            raise ConfigError(f"Server {server.name!r}: the URL must start with http:// or https://")
        for name in env:
            if not ENV_NAME_RE.match(name):
                raise ConfigError(f"Server {server.name!r}: {name!r} is not an environment variable name")
        if self.find(server.name) is not None and not replace:
            raise ConfigError(f"There is already a server named {server.name!r}", hint="Remove it first, or edit it")
        try:
            for name, value in env.items():
                self.secrets.set(secret_key(server.name, "env", name), value)
            for name, value in headers.items():
                self.secrets.set(secret_key(server.name, "header", name), value)
        except Exception as exc:  # keyring's errors (no backend, locked, refused): say so, keep nothing
            raise ConfigError(
                f"Could not keep the secrets of {server.name!r} in the system keyring ({type(exc).__name__}: {exc})",
                hint="Parley never writes them to a file; unlock or install a keyring, or add the server without them",
            ) from exc
        server.env, server.headers = sorted(env), sorted(headers)
        self.servers = [s for s in self.servers if s.name != server.name] + [server]
        self.save()

    def update(self, server: ServerConfig, env: dict[str, str], headers: dict[str, str]) -> None:
        """Server *server.name* reached another way, or with other secrets (those no longer named
        leave the keyring); whether it is on, trusted and its always-allowed tools stay."""
        old = self.find(server.name)
        if old is None:
            raise ConfigError(f"No MCP server named {server.name!r}")
        server.enabled, server.default_on, server.trusted = old.enabled, old.default_on, old.trusted
        server.always_allow = list(old.always_allow)
        self.add(server, env, headers, replace=True)
        for kind, names, kept in (("env", old.env, env), ("header", old.headers, headers)):
            for name in names:
                if name not in kept:
                    self.secrets.delete(secret_key(server.name, kind, name))

    def remove(self, name: str) -> ServerConfig:
        server = self.find(name)
        if server is None:
            raise ConfigError(f"No MCP server named {name!r}")
        for kind, names in (("env", server.env), ("header", server.headers)):
            for key in names:
                self.secrets.delete(secret_key(name, kind, key))
        self.servers = [s for s in self.servers if s.name != name]
        self.save()
        return server

    def values(self, server: ServerConfig, kind: str) -> dict[str, str]:
        """*server*'s env (``"env"``) or header (``"header"``) values, from the keyring."""
        names: Iterable[str] = server.env if kind == "env" else server.headers
        out = {}
        for name in names:
            value = self.secrets.get(secret_key(server.name, kind, name))
            if value is not None:
                out[name] = value
        return out


def _server(raw: Any) -> ServerConfig:
    if not isinstance(raw, dict):
        raise TypeError("a server is not an object")
    known = {k: raw[k] for k in ServerConfig.__dataclass_fields__ if k in raw}
    server = ServerConfig(**known)
    check_name(server.name)
    for key in ("args", "env", "headers", "always_allow"):
        value = getattr(server, key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"{key} of {server.name!r} is not a list of strings")
    return server
