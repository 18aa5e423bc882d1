"""Web search and web fetch: the app's defaults, a chat's own choice, and the tool definitions.

Reference tools-and-mcp.md §A-B. The basic tool versions are used (``web_search_20250305``,
``web_fetch_20250910``): the later ones run inside a code-execution container and add blocks a
chat client does not show, and only the basic ones are ZDR-eligible by default. Both tools are on
by default for Anthropic's own endpoint; on a proxy or custom endpoint the user turns them on,
since a proxy may not pass server tools through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

JSON = dict[str, Any]
SEARCH_TYPE = "web_search_20250305"
FETCH_TYPE = "web_fetch_20250910"
SEARCH_NAME = "web_search"
FETCH_NAME = "web_fetch"
SERVER_TOOL_NAMES = (SEARCH_NAME, FETCH_NAME)
DEFAULT_MAX_SEARCHES = 5
DEFAULT_MAX_FETCHES = 5
MAX_USES_LIMIT = 50
FETCH_MAX_CONTENT_TOKENS = 50_000  # a fetched page past this is cut by the API (about 200 KB of text)
LOCATION_FIELDS = ("city", "region", "country", "timezone")
# A bare domain, optionally with a path; "*" only in the path (server-tools#domain-filtering).
_DOMAIN = re.compile(r"^(?=.{1,253}(/|$))([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(/[^\s]*)?$")


def domain_problem(entry: str) -> str | None:
    """Why the API would refuse *entry* as an allowed or blocked domain (None: it is fine)."""
    text = entry.strip()
    if "://" in text:
        return f"{text!r}: give the domain without http:// or https://"
    if not text.isascii():
        return f"{text!r}: use the ASCII form of the domain (punycode, xn--…)"
    host = text.split("/", 1)[0]
    if "*" in host:
        return f"{text!r}: a * may appear only in the path, never in the domain"
    if not _DOMAIN.match(text.lower()):
        return f"{text!r} is not a domain such as example.com or example.com/docs"
    return None


def parse_domains(text: str) -> tuple[str, ...]:
    """Domains from a comma-, space- or line-separated list, in order, without repeats."""
    return tuple(dict.fromkeys(d.strip().lower() for d in re.split(r"[,\s]+", text) if d.strip()))


@dataclass(frozen=True, slots=True)
class WebChoice:
    """What one chat chose; None everywhere means "as the settings say". Kept with the chat
    (``ChatSetup.web``), so ``parley ask --chat ID`` and the window continue with it."""

    search: bool | None = None
    fetch: bool | None = None
    max_searches: int | None = None
    allowed_domains: tuple[str, ...] | None = None

    def to_json(self) -> JSON:
        data = {
            "search": self.search,
            "fetch": self.fetch,
            "max_searches": self.max_searches,
            "allowed_domains": list(self.allowed_domains) if self.allowed_domains is not None else None,
        }
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_json(cls, raw: object) -> WebChoice | None:
        if not isinstance(raw, dict):
            return None
        domains = raw.get("allowed_domains")
        return cls(
            search=raw["search"] if isinstance(raw.get("search"), bool) else None,
            fetch=raw["fetch"] if isinstance(raw.get("fetch"), bool) else None,
            max_searches=_count(raw.get("max_searches")),
            allowed_domains=tuple(str(d) for d in domains) if isinstance(domains, list) else None,
        )


@dataclass
class WebDefaults:
    """The app's web settings (Settings → Web). ``search``/``fetch`` None: on at Anthropic only."""

    search: bool | None = None
    fetch: bool | None = None
    max_searches: int = DEFAULT_MAX_SEARCHES
    max_fetches: int = DEFAULT_MAX_FETCHES
    allowed_domains: list[str] = field(default_factory=list)
    blocked_domains: list[str] = field(default_factory=list)
    location: dict[str, str] = field(default_factory=dict)  # city, region, country (ISO 3166-1), timezone (IANA)

    @classmethod
    def from_json(cls, raw: object) -> WebDefaults:
        if not isinstance(raw, dict):
            return cls()
        location = raw.get("location")
        if not isinstance(location, dict):
            location = {}
        return cls(
            search=raw["search"] if isinstance(raw.get("search"), bool) else None,
            fetch=raw["fetch"] if isinstance(raw.get("fetch"), bool) else None,
            max_searches=_count(raw.get("max_searches")) or DEFAULT_MAX_SEARCHES,
            max_fetches=_count(raw.get("max_fetches")) or DEFAULT_MAX_FETCHES,
            allowed_domains=_domains(raw.get("allowed_domains")),
            blocked_domains=_domains(raw.get("blocked_domains")),
            location={k: str(location[k]).strip() for k in LOCATION_FIELDS if str(location.get(k) or "").strip()},
        )

    def resolve(self, choice: WebChoice | None, *, at_anthropic: bool) -> WebOptions:
        """What a request sends: the chat's choice over these defaults."""
        choice = choice or WebChoice()
        search = choice.search if choice.search is not None else self.search
        fetch = choice.fetch if choice.fetch is not None else self.fetch
        allowed = choice.allowed_domains if choice.allowed_domains is not None else tuple(self.allowed_domains)
        return WebOptions(
            search=at_anthropic if search is None else search,
            fetch=at_anthropic if fetch is None else fetch,
            max_searches=choice.max_searches or self.max_searches,
            max_fetches=self.max_fetches,
            allowed_domains=allowed,
            blocked_domains=() if allowed else tuple(self.blocked_domains),  # the API takes one or the other
            location=tuple((k, self.location[k]) for k in LOCATION_FIELDS if self.location.get(k)),
        )


@dataclass(frozen=True, slots=True)
class WebOptions:
    """The web tools one request sends."""

    search: bool = False
    fetch: bool = False
    max_searches: int = DEFAULT_MAX_SEARCHES
    max_fetches: int = DEFAULT_MAX_FETCHES
    allowed_domains: tuple[str, ...] = ()
    blocked_domains: tuple[str, ...] = ()
    location: tuple[tuple[str, str], ...] = ()

    @property
    def on(self) -> bool:
        return self.search or self.fetch

    def names(self) -> tuple[str, ...]:
        return tuple(n for n, on in ((SEARCH_NAME, self.search), (FETCH_NAME, self.fetch)) if on)

    def changed(self, **changes: Any) -> WebOptions:
        return replace(self, **changes)

    def definitions(self) -> list[JSON]:
        """The tools' entries for the request's ``tools`` list."""
        filters: JSON = {}
        if self.allowed_domains:
            filters["allowed_domains"] = list(self.allowed_domains)
        elif self.blocked_domains:
            filters["blocked_domains"] = list(self.blocked_domains)
        out: list[JSON] = []
        if self.search:
            search: JSON = {"type": SEARCH_TYPE, "name": SEARCH_NAME, "max_uses": self.max_searches, **filters}
            if self.location:
                search["user_location"] = {"type": "approximate", **dict(self.location)}
            out.append(search)
        if self.fetch:
            fetch_filters = {k: [d.split("/", 1)[0] for d in v] for k, v in filters.items()}  # fetch matches domains
            out.append(
                {
                    "type": FETCH_TYPE,
                    "name": FETCH_NAME,
                    "max_uses": self.max_fetches,
                    **{k: list(dict.fromkeys(v)) for k, v in fetch_filters.items()},
                    "citations": {"enabled": True},
                    "max_content_tokens": FETCH_MAX_CONTENT_TOKENS,
                }
            )
        return out


def _count(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return min(value, MAX_USES_LIMIT)
    return None


def _domains(raw: object) -> list[str]:
    return [str(d).strip().lower() for d in raw if str(d).strip()] if isinstance(raw, list) else []
