"""The composer's Tools button: which MCP servers are on in the shown chat.

A chat starts with the default set (Settings → Tools: the servers in use); ticking a server in
the menu makes the chat's own choice, kept with the chat (``ChatSetup.mcp_servers``). The button
shows how many are on, and hides while there is no server at all. *Attach a resource…* lists the
servers' resources (gui/mcp_extras.py); *Choose tools…* narrows a server's tools in this chat
(gui/mcp_tool_choice.py); *Manage tools…* opens Settings → Tools.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu, QToolButton

from parley.core.i18n import tr

if TYPE_CHECKING:
    from .mcp_binding import McpBinding
    from .shown_chat import ShownChat


class ToolsMenu(QObject):
    def __init__(
        self,
        binding: McpBinding,
        shown: ShownChat,
        button: QToolButton,
        manage: Callable[[], None],
        attach_resource: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._attach_resource = attach_resource
        self._binding = binding
        self._shown = shown
        self.button = button
        self._manage = manage
        self.menu = QMenu(button)
        button.setMenu(self.menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu.aboutToShow.connect(self._fill)
        shown.switched.connect(lambda _chat: self.refresh())
        shown.setup_changed.connect(lambda _new, _old: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        available = self._binding.available()
        on = len(self._binding.names())
        self.button.setVisible(bool(available))
        self.button.setText(tr("Tools · {count}").format(count=on) if on else tr("Tools"))
        self.button.setToolTip(
            tr("{count} of {total} MCP servers on in this chat").format(count=on, total=len(available))
        )

    def _fill(self) -> None:
        self.menu.clear()
        heading = self.menu.addAction(tr("MCP servers on in this chat"))
        heading.setEnabled(False)
        on = set(self._binding.names())
        for name in self._binding.available():
            action = self.menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name in on)
            action.toggled.connect(lambda checked, name=name: self.set_on(name, checked))
        self.menu.addSeparator()
        choose = self.menu.addAction(tr("Choose tools…"), self.choose_tools)
        choose.setEnabled(bool(on))
        attach = self.menu.addAction(tr("Attach a resource…"), self._attach_resource)
        attach.setEnabled(bool(on))
        self.menu.addAction(tr("Manage tools…"), self._manage)

    def choose_tools(self) -> None:
        from .mcp_tool_choice import ToolChoiceDialog

        self.dialog = ToolChoiceDialog(self._binding.services, self._binding, self._shown, self.button.window())
        self.dialog.open()

    def set_on(self, name: str, on: bool) -> None:
        chosen = [n for n in self._binding.names() if n != name] + ([name] if on else [])
        order = self._binding.available()
        self._shown.change(mcp_servers=tuple(n for n in order if n in chosen))
