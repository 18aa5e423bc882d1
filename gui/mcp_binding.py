"""The tools a chat's turns get besides its workspace: the MCP servers that are on (started by the
shared hub when a turn first needs them, never before the first paint), and the memory tool when
the user turned it on.

*Approve all in this chat* is kept with the chat (``ChatSetup.approve_tools``): its later turns,
in this session or the next, run their calls without asking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parley.core.mcp.turn import McpTurn, Opener
    from parley.core.tools.memory import MemoryTool

    from .services import Services
    from .shown_chat import ShownChat


class McpBinding:
    def __init__(self, services: Services, shown: ShownChat) -> None:
        self.services = services
        self._services = services
        self._shown = shown

    def available(self) -> list[str]:
        """The servers the user keeps in use (Settings → Tools)."""
        return [s.name for s in self._services.mcp_servers().servers if s.enabled]

    def names(self) -> list[str]:
        """The servers on in the shown chat: its own choice, or the default set."""
        servers = self._services.mcp_servers()
        chosen = self._shown.setup.mcp_servers
        if chosen is None:
            return servers.default_set()
        usable = {s.name for s in servers.servers if s.enabled}
        return [name for name in chosen if name in usable]

    def opener(self) -> Opener | None:
        """Starts the chat's servers for its next turn; None when no server is on."""
        names = self.names()
        if not names:
            return None
        shown = self._shown

        async def open_turn() -> McpTurn:
            from parley.core.mcp.turn import McpTurn

            return await McpTurn.open(
                self._services.mcp_hub(),
                names,
                only={k: list(v) for k, v in (shown.setup.mcp_tools or {}).items()},
                approve_all=shown.setup.approve_tools,
                on_approve_all=lambda: shown.change(approve_tools=True),
            )

        return open_turn

    def memory(self) -> MemoryTool | None:
        """The memory tool, when the user turned it on (Settings → Tools)."""
        if not self._services.settings.memory:
            return None
        from parley.core.tools.memory import MemoryTool, memory_folder

        return MemoryTool(memory_folder(self._services.ctx.paths.data_dir))
