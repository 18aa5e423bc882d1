"""A chat's own settings, kept with the chat: what Claude is told (system prompt), what it may use
(a workspace folder, whether its edits apply without asking, which MCP servers are on, and web
search and fetch), and
how the conversation is kept (compaction).

Stored as one JSON object per chat (``chats.setup``), so a new per-chat option is a field here and
a control in the window: no schema change, no store change. Unknown keys from a newer Parley are
kept when the setup is written back, and a missing key reads as its default.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from .web.options import WebChoice


@dataclass(frozen=True, slots=True)
class ChatSetup:
    system: str | None = None  # the system prompt
    compaction: bool = False  # let the API summarise the start of a long conversation (beta)
    workspace: str | None = None  # the folder the text editor tool works in (None: no tool)
    approve_writes: bool = False  # apply Claude's edits without asking (each can still be undone)
    thinking_open: bool | None = None  # the thinking panels as the user last left them (None: the app's setting)
    mcp_servers: tuple[str, ...] | None = None  # the MCP servers on in this chat (None: the default set)
    approve_tools: bool = False  # run this chat's MCP tool calls without asking ("Approve all in this chat")
    mcp_tools: dict[str, tuple[str, ...]] | None = field(default=None, compare=True)  # server → its tools on (else all)
    web: WebChoice | None = None  # web search and fetch in this chat (None: as the settings say)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # keys this version does not know

    def changed(self, **changes: Any) -> ChatSetup:
        return replace(self, **changes)

    def to_json(self) -> str:
        data = {k: v for k, v in asdict(self).items() if k != "extra"}
        known = {f.name: f.default for f in fields(self) if f.name != "extra"}
        data = {k: v for k, v in data.items() if v != known[k]}  # only what differs from the defaults
        if self.web is not None:
            data["web"] = self.web.to_json()
        return json.dumps({**self.extra, **data}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> ChatSetup:
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        system = data.pop("system", None)
        workspace = data.pop("workspace", None)
        thinking_open = data.pop("thinking_open", None)
        servers = data.pop("mcp_servers", None)
        return cls(
            system=system if isinstance(system, str) and system else None,
            compaction=data.pop("compaction", False) is True,
            workspace=workspace if isinstance(workspace, str) and workspace else None,
            approve_writes=data.pop("approve_writes", False) is True,
            thinking_open=thinking_open if isinstance(thinking_open, bool) else None,
            mcp_servers=tuple(str(n) for n in servers) if isinstance(servers, list) else None,
            approve_tools=data.pop("approve_tools", False) is True,
            mcp_tools=_tool_choice(data.pop("mcp_tools", None)),
            web=WebChoice.from_json(data.pop("web", None)),
            extra=data,
        )


def _tool_choice(raw: object) -> dict[str, tuple[str, ...]] | None:
    """``{"server": ["tool", …]}``: the servers whose tools the chat narrowed (None: every tool)."""
    if not isinstance(raw, dict):
        return None
    return {str(k): tuple(str(t) for t in v) for k, v in raw.items() if isinstance(v, list)}
