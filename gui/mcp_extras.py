"""MCP servers' prompts and resources in the composer.

- Typing ``/`` in an empty composer lists the prompts of the chat's servers; choosing one asks
  for its arguments (if it has any) and puts its text in the composer, to edit and send.
- *Attach a resource…* (the Tools menu) lists the servers' resources; choosing one attaches it
  as a file would be (text inline, images and PDFs as such), under the same limits.
Servers start when the menu first needs them; one that fails is named in the composer's note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QMenu, QVBoxLayout, QWidget

from parley.core.i18n import tr

if TYPE_CHECKING:
    from parley.core.mcp.connection import ListedPrompt

    from .composer import Composer
    from .mcp_binding import McpBinding
    from .services import Services

SHOWN_DESCRIPTION = 70  # characters of a prompt's or resource's description in the menu


def _label(name: str, server: str, description: str) -> str:
    return f"{name}  ·  {server}" + (f"  —  {_short(description)}" if description else "")


def _short(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= SHOWN_DESCRIPTION else line[: SHOWN_DESCRIPTION - 1] + "…"


class ArgumentsDialog(QDialog):
    """A prompt's arguments, one field each (required ones must be filled)."""

    def __init__(self, prompt: ListedPrompt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Use the prompt {name}").format(name=prompt.name))
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, required, description in prompt.arguments:
            field = QLineEdit(self)
            field.setPlaceholderText(description or (tr("required") if required else tr("optional")))
            form.addRow(name + (" *" if required else ""), field)
            self.fields[name] = field
        self._required = [name for name, required, _ in prompt.arguments if required]
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)

    def values(self) -> dict[str, str]:
        return {name: field.text() for name, field in self.fields.items() if field.text()}

    def _on_ok(self) -> None:
        missing = [name for name in self._required if not self.fields[name].text().strip()]
        if missing:
            self.fields[missing[0]].setFocus()
            return
        self.accept()


class McpExtras(QObject):
    def __init__(
        self, services: Services, binding: McpBinding, composer: Composer, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._binding = binding
        self._composer = composer
        self.menu = QMenu(composer)  # (the open menu: prompts or resources)
        composer.input.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        if self._composer.input.toPlainText() == "/" and self._binding.names():
            self._services.tasks.spawn(self.show_prompts(), name="list MCP prompts")

    def _say(self, failures: dict[str, str]) -> None:
        if failures:
            self._composer.show_note(
                tr("An MCP server could not start: {why}").format(why="; ".join(failures.values())), timeout_ms=10000
            )

    def _popup(self) -> None:
        box = self._composer.input
        self.menu.popup(box.mapToGlobal(QPoint(0, 0)) - QPoint(0, self.menu.sizeHint().height()))

    async def show_prompts(self) -> None:
        found, failures = await self._services.mcp_hub().prompts(self._binding.names())
        entries = [
            (
                _label(f"/{prompt.name}", server, prompt.description),
                "",
                partial(self.choose_prompt, server, prompt),
            )
            for server, prompt in found
        ]
        self._show(failures, entries, tr("No prompts in this chat's MCP servers"))

    def _show(
        self, failures: dict[str, str], entries: Sequence[tuple[str, str, Callable[[], object]]], empty: str
    ) -> None:
        """The menu of *entries* (label, tooltip, what choosing does) above the composer."""
        self._say(failures)
        self.menu.clear()
        if not entries:
            self.menu.addAction(empty).setEnabled(False)
        for label, tip, chosen in entries:
            action = self.menu.addAction(label)
            action.setToolTip(tip)
            action.triggered.connect(lambda _=False, chosen=chosen: chosen())
        self._popup()

    def choose_prompt(self, server: str, prompt: ListedPrompt) -> None:
        if not prompt.arguments:
            self._services.tasks.spawn(self.use_prompt(server, prompt.name, {}), name="get an MCP prompt")
            return
        dialog = ArgumentsDialog(prompt, self._composer)
        dialog.accepted.connect(
            lambda: self._services.tasks.spawn(
                self.use_prompt(server, prompt.name, dialog.values()), name="get an MCP prompt"
            )
        )
        dialog.open()
        self.arguments_dialog = dialog

    async def use_prompt(self, server: str, name: str, arguments: dict[str, str]) -> None:
        from parley.core.mcp.connection import McpFailure

        try:
            conn = await self._services.mcp_hub().running(server)
            text = await conn.prompt_text(name, arguments)
        except McpFailure as failure:
            self._say({server: str(failure)})
            return
        self._composer.set_text(text)
        self._composer.input.setFocus()

    def list_resources(self) -> None:
        self._services.tasks.spawn(self.show_resources(), name="list MCP resources")

    async def show_resources(self) -> None:
        found, failures = await self._services.mcp_hub().resources(self._binding.names())
        entries = [
            (
                _label(item.name, server, item.description),
                item.uri,
                partial(self._attach_soon, server, item.uri, item.name),
            )
            for server, item in found
        ]
        self._show(failures, entries, tr("No resources in this chat's MCP servers"))

    def _attach_soon(self, server: str, uri: str, name: str) -> None:
        self._services.tasks.spawn(self.attach(server, uri, name), name="read an MCP resource")

    async def attach(self, server: str, uri: str, name: str) -> None:
        from parley.core.mcp.connection import McpFailure

        try:
            data = await (await self._services.mcp_hub().running(server)).read(uri)
        except McpFailure as failure:
            self._say({server: str(failure)})
            return
        self._composer.tray.add_bytes(name, data)  # (checked as a dropped file is; refusals say why)
