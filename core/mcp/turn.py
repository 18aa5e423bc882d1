"""MCP tools in one chat's tool loop: which calls need the user's yes, running them, and the record.

By default nothing runs without the user's yes. A call runs without asking when the user allowed
that tool once and for all (per server: ``always_allow``), allowed every call in this chat, or the
server is marked trusted and the tool says it only reads (``readOnlyHint``; a hint is trusted only
from a trusted server). A declined call tells Claude so, and the chat goes on.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .hub import McpHub, Toolbox
from .translate import JSON, McpTool, plain_result

DECLINED = "Error: the user declined this call; it was not run."
NOT_ASKED = (
    "Error: this call needs the user's approval, and nobody can give it in this non-interactive run "
    "(the user may allow tools with --approve-tools); it was not run."
)

APPROVE, REJECT, ALWAYS, WHOLE_CHAT = "approve", "reject", "always", "chat"
Ask = Callable[[McpTool, JSON], Awaitable[str]]  # the user's choice: APPROVE, REJECT, ALWAYS or WHOLE_CHAT
Opener = Callable[[], Awaitable["McpTurn"]]  # starts a chat's servers when its first request needs them


@dataclass(frozen=True, slots=True)
class McpCallRecord:
    """One call as it went: for steps under the reply and ``--json``'s ``tool_calls``."""

    server: str
    tool: str
    input: JSON
    approved: bool
    is_error: bool
    result: str
    seconds: float

    def as_json(self) -> JSON:
        return {
            "server": self.server,
            "tool": self.tool,
            "input": self.input,
            "approved": self.approved,
            "is_error": self.is_error,
            "result": self.result,
        }


class McpTurn:
    """The MCP tools of one chat's request, and how its calls are approved."""

    def __init__(
        self,
        hub: McpHub,
        toolbox: Toolbox,
        *,
        approve_all: bool = False,
        on_approve_all: Callable[[], None] | None = None,
    ) -> None:
        self.hub = hub
        self.toolbox = toolbox
        self.approve_all = approve_all  # "Approve all in this chat", or the CLI's --approve-tools
        self._on_approve_all = on_approve_all  # the chat keeps that choice
        self.records: list[McpCallRecord] = []

    @classmethod
    async def open(
        cls,
        hub: McpHub,
        servers: list[str],
        *,
        only: dict[str, list[str]] | None = None,
        approve_all: bool = False,
        on_approve_all: Callable[[], None] | None = None,
    ) -> McpTurn:
        toolbox = await hub.toolbox(servers, only)
        return cls(hub, toolbox, approve_all=approve_all, on_approve_all=on_approve_all)

    def tool(self, api_name: str) -> McpTool | None:
        return self.toolbox.tools.get(api_name)

    def needs_approval(self, tool: McpTool) -> bool:
        config = self.hub.servers.find(tool.server)
        if self.approve_all or config is None:
            return not self.approve_all
        return not (tool.name in config.always_allow or (config.trusted and tool.read_only))

    async def run(self, tool: McpTool, arguments: JSON, ask: Ask | None) -> tuple[list[JSON], bool, McpCallRecord]:
        """Ask if need be (*ask* None: nobody can be asked), then run: the result's blocks and error flag."""
        if self.needs_approval(tool):
            choice = await ask(tool, arguments) if ask is not None else REJECT
            if choice == ALWAYS:
                self._allow_always(tool)
            elif choice == WHOLE_CHAT:
                self.approve_all = True
                if self._on_approve_all is not None:
                    self._on_approve_all()
            if choice not in (APPROVE, ALWAYS, WHOLE_CHAT):
                text = DECLINED if ask is not None else NOT_ASKED
                record = McpCallRecord(tool.server, tool.name, arguments, False, True, text, 0.0)
                self.records.append(record)
                return [{"type": "text", "text": text}], True, record
        started = time.monotonic()
        blocks, is_error = await self.hub.call(tool, arguments)
        record = McpCallRecord(
            tool.server, tool.name, arguments, True, is_error, plain_result(blocks), time.monotonic() - started
        )
        self.records.append(record)
        return blocks, is_error, record

    def _allow_always(self, tool: McpTool) -> None:
        config = self.hub.servers.find(tool.server)
        if config is not None and tool.name not in config.always_allow:
            config.always_allow.append(tool.name)
            self.hub.servers.save()


def tool_result(tool_use_id: str, blocks: list[JSON], is_error: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "tool_result", "tool_use_id": tool_use_id}
    if blocks:
        out["content"] = blocks
    if is_error:
        out["is_error"] = True
    return out
