"""Typed, versioned settings in one JSON file (never the API key: that lives in the keyring).

A missing file means defaults; an unreadable one is kept aside (``settings.json.corrupt``) and
replaced by defaults, so a bad edit never stops Parley from starting. ``ANTHROPIC_BASE_URL``
overrides the active endpoint for the session without being saved.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .endpoint import DEFAULT_API_VERSION, PRESETS, Endpoint, normalize_base_url
from .errors import ConfigError
from .files import write_text_atomically
from .network import NetworkSettings
from .web.options import WebDefaults

SETTINGS_VERSION = 1
DEFAULT_MODEL = "claude-sonnet-4-6"


LANGUAGES = ("en", "zh_CN")


@dataclass
class EndpointConfig:
    api_version: str = DEFAULT_API_VERSION
    auth: str = "x-api-key"


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    active_endpoint: str = PRESETS["anthropic"]
    endpoints: dict[str, EndpointConfig] = field(default_factory=dict)
    default_model: str = DEFAULT_MODEL
    default_effort: str | None = None
    thinking: bool = True
    thinking_display: str = "summarized"
    max_tokens: int | None = None
    cache: bool = True  # prompt caching (automatic, top-level cache_control)
    cache_ttl: str = "5m"
    presets: list[dict[str, Any]] = field(default_factory=list)  # {"name", "system", "model", "effort"}
    custom_models: list[dict[str, Any]] = field(default_factory=list)
    visible_models: list[str] | None = None
    collapse_thinking: bool = True
    generate_titles: bool = False  # name new chats with a few words from the cheapest model
    memory: bool = False  # Claude keeps notes in the profile's memory folder (the memory tool)
    model_sets: list[dict[str, Any]] = field(default_factory=list)  # compare: {"name", "columns": ["m:effort"]}
    theme: str = "system"
    language: str = "system"  # "system", or one of LANGUAGES: the GUI's language (the CLI speaks English)
    network: NetworkSettings = field(default_factory=NetworkSettings)
    web: WebDefaults = field(default_factory=WebDefaults)  # web search and fetch: defaults for every chat
    notices: list[str] = field(default_factory=list, repr=False)

    def endpoint(self, base_url: str | None = None) -> Endpoint:
        """The active endpoint (or *base_url*), with its per-endpoint version and auth header."""
        url = normalize_base_url(base_url or os.environ.get("ANTHROPIC_BASE_URL") or self.active_endpoint)
        cfg = self.endpoints.get(url, EndpointConfig())
        return Endpoint(url, cfg.api_version, cfg.auth)  # type: ignore[arg-type]

    def set_endpoint(self, endpoint: Endpoint) -> None:
        self.active_endpoint = endpoint.base_url
        self.endpoints[endpoint.base_url] = EndpointConfig(endpoint.api_version, endpoint.auth)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("notices")
        return data


def load(path: Path) -> Settings:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        s = Settings()
        s.notices.append(f"Could not read settings ({exc}); using defaults.")
        return s
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return _from_json(data)
    except (ValueError, TypeError, KeyError, ConfigError) as exc:
        aside = path.with_name(path.name + ".corrupt")
        try:
            path.replace(aside)
        except OSError:
            aside = path
        s = Settings()
        s.notices.append(f"Settings were unreadable ({exc}); kept them as {aside.name} and started from defaults.")
        return s


def save(settings: Settings, path: Path) -> None:
    write_text_atomically(path, json.dumps(settings.to_json(), indent=2, ensure_ascii=False))


def _preset(raw: dict[str, Any]) -> dict[str, Any]:
    """A reusable start for new chats: its name, system prompt, and default model and effort."""
    effort = raw.get("effort")
    return {
        "name": str(raw["name"]).strip(),
        "system": str(raw.get("system") or ""),
        "model": str(raw["model"]) if raw.get("model") else None,
        "effort": str(effort) if isinstance(effort, str) and effort else None,
    }


def find_preset(settings: Settings, name: str) -> dict[str, Any] | None:
    return next((p for p in settings.presets if p["name"] == name), None)


def save_preset(settings: Settings, name: str, system: str, model: str | None, effort: str | None) -> None:
    """Add a preset, or replace the one of that name."""
    preset = _preset({"name": name, "system": system, "model": model, "effort": effort})
    settings.presets = [p for p in settings.presets if p["name"] != preset["name"]] + [preset]


def _network(raw: object) -> NetworkSettings:
    if not isinstance(raw, dict):
        return NetworkSettings()
    network = NetworkSettings()
    for name in ("proxy", "proxy_url", "proxy_user", "bypass", "ca_file"):
        if name in raw:
            setattr(network, name, str(raw[name]))
    timeout = raw.get("read_timeout")
    if isinstance(timeout, int | float) and not isinstance(timeout, bool):
        network.read_timeout = float(timeout)
    if network.proxy not in ("system", "none", "manual"):
        network.proxy = "system"
    return network


def _from_json(data: dict[str, Any]) -> Settings:
    version = data.get("version", SETTINGS_VERSION)
    if not isinstance(version, int) or version > SETTINGS_VERSION:
        raise ValueError(f"settings version {version!r} is newer than this Parley understands")
    defaults = Settings()
    endpoints: dict[str, EndpointConfig] = {}
    for url, cfg in (data.get("endpoints") or {}).items():
        if isinstance(cfg, dict):
            endpoints[normalize_base_url(url)] = EndpointConfig(
                str(cfg.get("api_version", DEFAULT_API_VERSION)), str(cfg.get("auth", "x-api-key"))
            )
    s = Settings(
        active_endpoint=normalize_base_url(str(data.get("active_endpoint") or defaults.active_endpoint)),
        endpoints=endpoints,
        default_model=str(data.get("default_model") or defaults.default_model),
        default_effort=data.get("default_effort") if isinstance(data.get("default_effort"), str) else None,
        thinking=bool(data.get("thinking", True)),
        thinking_display="omitted" if data.get("thinking_display") == "omitted" else "summarized",
        max_tokens=data["max_tokens"] if isinstance(data.get("max_tokens"), int) else None,
        cache=data.get("cache") is not False,
        cache_ttl="1h" if data.get("cache_ttl") == "1h" else "5m",
        presets=[
            _preset(p) for p in data.get("presets") or [] if isinstance(p, dict) and str(p.get("name", "")).strip()
        ],
        custom_models=[m for m in data.get("custom_models") or [] if isinstance(m, dict) and m.get("id")],
        visible_models=[str(m) for m in data["visible_models"]]
        if isinstance(data.get("visible_models"), list)
        else None,
        collapse_thinking=bool(data.get("collapse_thinking", True)),
        generate_titles=data.get("generate_titles") is True,
        memory=data.get("memory") is True,
        model_sets=[
            {"name": str(m["name"]), "columns": [str(c) for c in m["columns"]]}
            for m in data.get("model_sets") or []
            if isinstance(m, dict) and m.get("name") and isinstance(m.get("columns"), list)
        ],
        theme=data["theme"] if data.get("theme") in ("system", "light", "dark") else "system",
        language=data["language"] if data.get("language") in ("system", *LANGUAGES) else "system",
        network=_network(data.get("network")),
        web=WebDefaults.from_json(data.get("web")),
    )
    s.endpoint()  # validates the active endpoint's version and auth header
    return s
