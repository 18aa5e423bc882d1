"""What a chat's turns may use besides the model, in one place: its workspace folder (the bar and
its binding), the MCP servers that are on (their binding, the composer's Tools menu, prompts and
resources) and the memory; and the tool session the controller asks for at each turn."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QBoxLayout, QWidget

from .mcp_binding import McpBinding
from .mcp_extras import McpExtras
from .tools_menu import ToolsMenu
from .web_toggle import WebToggle
from .widgets import add_centred
from .workspace import WorkspaceBar, WorkspaceBinding

if TYPE_CHECKING:
    from .composer import Composer
    from .controller import ToolsFor
    from .services import Services
    from .shown_chat import ShownChat


class ChatTools(QObject):
    def __init__(
        self,
        services: Services,
        shown: ShownChat,
        composer: Composer,
        reading: QBoxLayout,
        window: QWidget,
        open_tools_settings: Callable[[], None],
    ) -> None:
        super().__init__(window)
        bar = WorkspaceBar(window)
        add_centred(reading, bar)
        self.workspace = WorkspaceBinding(shown, services.store, bar, window)
        self.mcp = McpBinding(services, shown)
        self.extras = McpExtras(services, self.mcp, composer, self)  # prompts (/) and resources
        self.menu = ToolsMenu(self.mcp, shown, composer.tools, open_tools_settings, self.extras.list_resources, self)
        self.web = WebToggle(services, shown, composer.web, self)

    def session_factory(self) -> ToolsFor | None:
        """The chat's tool session for the next turn: its workspace folder's editor, the MCP
        servers that are on, and the memory (None with none of them)."""
        open_mcp, memory = self.mcp.opener(), self.mcp.memory()
        if not self.workspace.folder and open_mcp is None and memory is None:
            return None
        return lambda observer: self.workspace.session(observer, open_mcp, memory)
