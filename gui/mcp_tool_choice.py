"""Which tools of the chat's MCP servers are on: a tree of the servers and their tools (the servers
start to list them). Unticked tools are not sent in this chat (``ChatSetup.mcp_tools``); a server
left whole keeps every tool, including ones it adds later."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from parley.core.i18n import tr

from .endpoint_form import note_label

if TYPE_CHECKING:
    from .mcp_binding import McpBinding
    from .services import Services
    from .shown_chat import ShownChat


class ToolChoiceDialog(QDialog):
    def __init__(
        self, services: Services, binding: McpBinding, shown: ShownChat, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Tools in this chat"))
        self._services, self._shown = services, shown
        self._names = binding.names()
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(tr("Tools in this chat"))
        self.status = note_label(tr("Starting the servers to list their tools…"), self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Claude may call the ticked tools in this chat."), self))
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.resize(460, 420)
        self.loading = services.tasks.spawn(self._load(), name="list MCP tools")

    async def _load(self) -> None:
        hub = self._services.mcp_hub()
        failures = await hub.ensure(self._names)
        chosen = self._shown.setup.mcp_tools or {}
        for name in self._names:
            conn = hub.connections.get(name)
            if name in failures or conn is None:
                continue
            server = QTreeWidgetItem(self.tree, [name])
            server.setFlags(server.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            for tool in conn.tools:
                item = QTreeWidgetItem(server, [tool.name])
                item.setToolTip(0, tool.description)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                on = name not in chosen or tool.name in chosen[name]
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            server.setExpanded(True)
        self.status.setText(
            tr("Could not start: {names}").format(names=", ".join(sorted(failures))) if failures else ""
        )
        self.status.setVisible(bool(failures))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def choice(self) -> dict[str, tuple[str, ...]]:
        """Server → its ticked tools, for the servers with any left unticked."""
        out: dict[str, tuple[str, ...]] = {}
        servers = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        for server in (s for s in servers if s is not None):
            tools = [t for t in (server.child(j) for j in range(server.childCount())) if t is not None]
            ticked = tuple(t.text(0) for t in tools if t.checkState(0) == Qt.CheckState.Checked)
            if len(ticked) < len(tools):
                out[server.text(0)] = ticked
        return out

    def _on_ok(self) -> None:
        choice = self.choice()
        earlier = {k: v for k, v in (self._shown.setup.mcp_tools or {}).items() if k not in self._names}
        merged = {**earlier, **choice}  # (servers not shown now keep their choice)
        self._shown.change(mcp_tools=merged or None)
        self.accept()
