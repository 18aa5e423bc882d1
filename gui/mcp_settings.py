"""Settings → Tools: the MCP servers whose tools Claude may use.

Each server shows how it is reached and its state: not started yet (it starts when a chat needs
it), starting, connected with its tools and their descriptions, or failed with the tail of its
stderr. It can be checked (started now), switched off, trusted (its read-only tools run without
asking) or removed. Servers are added by hand or imported from Claude Desktop. Changes to the
server list apply at once (tokens go to the keyring as they are entered), as ``parley mcp`` does.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.errors import ConfigError
from parley.core.i18n import tr
from parley.core.mcp import claude_desktop
from parley.core.mcp.config import ServerConfig, ServerList

from .endpoint_form import form_layout, note_label
from .widgets import ElidedLabel

if TYPE_CHECKING:
    from .services import Services


KEPT = "(kept)"  # a secret shown when a server is edited: its value stays in the keyring, unseen
EXAMPLE_NAME = "github"  # examples are identifiers, not words: never translated
EXAMPLES = {
    "http": ("https://example.com/mcp", "Authorization=Bearer …"),
    "stdio": ("npx -y @modelcontextprotocol/server-memory", "GITHUB_TOKEN=…"),
}


def _pairs(text: str) -> dict[str, str]:
    """``K=V`` lines (blank lines skipped); raises ConfigError naming a line that is not one."""
    out = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(tr("Line {number} is not NAME=value: {line}").format(number=number, line=line.strip()))
        out[key.strip()] = value.strip()
    return out


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


class AddServerDialog(QDialog):
    """A server by hand: a command (stdio) or a URL (streamable HTTP), with its secrets; or, with
    *editing*, one that exists (its secrets shown as kept, never their values)."""

    def __init__(self, servers: ServerList, parent: QWidget | None = None, editing: ServerConfig | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            tr("Edit the MCP server {name}").format(name=editing.name) if editing else tr("Add an MCP server")
        )
        self._servers = servers
        self._editing = editing
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(EXAMPLE_NAME)
        self.kind = QComboBox(self)
        self.kind.addItem(tr("A command on this computer (stdio)"), "stdio")
        self.kind.addItem(tr("An address (streamable HTTP)"), "http")
        self.target = QLineEdit(self)
        self.secrets = QPlainTextEdit(self)
        self.secrets.setFixedHeight(72)
        self.secrets_label = QLabel(self)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        form: QFormLayout = form_layout()
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Kind"), self.kind)
        form.addRow(tr("Command or address"), self.target)
        form.addRow(self.secrets_label, self.secrets)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note_label(tr("Secret values are kept in the system keyring, never in a file."), self))
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._on_kind)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        self._on_kind()
        if editing is not None:
            self._fill(editing)
        self.resize(520, self.sizeHint().height())

    def _fill(self, server: ServerConfig) -> None:
        self.name.setText(server.name)
        self.name.setReadOnly(True)
        self.kind.setCurrentIndex(1 if server.url else 0)
        self.target.setText(server.url or shlex.join([server.command, *server.args]))
        names = server.headers if server.url else server.env
        self.secrets.setPlainText("\n".join(f"{name}={KEPT}" for name in names))

    def _on_kind(self) -> None:
        http = self.kind.currentData() == "http"
        target, secrets = EXAMPLES["http" if http else "stdio"]
        self.target.setPlaceholderText(target)
        self.secrets_label.setText(tr("Headers (NAME=value)") if http else tr("Environment (NAME=value)"))
        self.secrets.setPlaceholderText(secrets)

    def _on_ok(self) -> None:
        http = self.kind.currentData() == "http"
        target = self.target.text().strip()
        try:
            secrets = _pairs(self.secrets.toPlainText())
            if self._editing is not None:  # a value left as kept: the one in the keyring
                old = self._servers.values(self._editing, "header" if self._editing.url else "env")
                secrets = {k: old.get(k, "") if v == KEPT else v for k, v in secrets.items()}
            if http:
                server = ServerConfig(self.name.text().strip(), url=target)
                env, headers = {}, secrets
            else:
                words = shlex.split(target)
                if not words:
                    raise ConfigError(tr("Give the command that starts the server"))
                server = ServerConfig(self.name.text().strip(), command=words[0], args=words[1:])
                env, headers = secrets, {}
            if self._editing is not None:
                self._servers.update(server, env, headers)
            else:
                self._servers.add(server, env, headers)
        except (ConfigError, ValueError) as error:
            self.error.setText(getattr(error, "user_message", str(error)))
            self.error.show()
            return
        self.accept()


class ServerRow(QFrame):
    def __init__(self, server: ServerConfig, form: ToolsForm) -> None:
        super().__init__(form)
        self.setObjectName("card")
        self.server = server
        self._form = form
        title = QLabel(server.name, self)
        title.setObjectName("title")
        target = ElidedLabel(server.describe(), self)  # a long command ends in "…" (whole in its tooltip)
        target.setObjectName("muted")
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.tools = note_label("", self)
        self.tools.setTextFormat(Qt.TextFormat.PlainText)
        self.tools.hide()
        self.on = QCheckBox(tr("Use in chats"), self)
        self.on.setChecked(server.enabled and server.default_on)
        self.trusted = QCheckBox(tr("Trusted: its read-only tools run without asking"), self)
        self.trusted.setChecked(server.trusted)
        self.check = QPushButton(tr("Check"), self)
        self.check.setToolTip(tr("Start the server now and list its tools"))
        self.edit = QPushButton(tr("Edit…"), self)
        self.remove = QPushButton(tr("Remove"), self)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.check)
        head.addWidget(self.edit)
        head.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(target)
        layout.addWidget(self.state)
        layout.addWidget(self.tools)
        layout.addWidget(self.on)
        layout.addWidget(self.trusted)
        self.on.toggled.connect(self._on_toggled)
        self.trusted.toggled.connect(self._on_toggled)
        self.check.clicked.connect(lambda: form.check(self))
        self.remove.clicked.connect(lambda: form.remove(self))
        self.edit.clicked.connect(lambda: form.edit(self))
        self.show_state()

    def _on_toggled(self) -> None:
        on, trusted = self.on.isChecked(), self.trusted.isChecked()
        self._form.change(self.server.name, enabled=on, default_on=True, trusted=trusted)

    def show_state(self) -> None:
        conn = self._form.services.mcp_connection(self.server.name)
        self.state.setProperty("state", "")
        if conn is None or conn.state == "stopped":
            self.state.setText(tr("Not started: it starts when a chat first needs it."))
        elif conn.state == "starting":
            self.state.setText(tr("Starting…"))
        elif conn.state == "connected":
            self.state.setProperty("state", "ok")
            self.state.setText(tr("Connected, with {count} tools").format(count=len(conn.tools)))
            self.tools.setText("\n".join(f"{t.name} — {_first_line(t.description)}" for t in conn.tools))
            self.tools.setVisible(bool(conn.tools))
        else:
            self.state.setProperty("state", "fail")
            self.state.setText(tr("Failed: {why}").format(why=conn.describe_failure()))
            self.tools.hide()
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)


class ToolsForm(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._rows: list[ServerRow] = []
        self.note = note_label(
            tr(
                "Claude can use the tools of these MCP servers. Each call is shown before it runs, and "
                "nothing runs without your yes unless you allow it. Changes here apply at once."
            ),
            self,
        )
        self.empty = note_label(tr("No servers yet. Add one, or import those of Claude Desktop."), self)
        self.list = QVBoxLayout()
        self.list.setSpacing(8)
        self.add_button = QPushButton(tr("Add server…"), self)
        self.import_button = QPushButton(tr("Import from Claude Desktop…"), self)
        self.message = note_label("", self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        from .memory_settings import MemoryBox

        self.memory = MemoryBox(services, self)
        servers_title = QLabel(tr("MCP servers"), self)
        servers_title.setObjectName("title")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.memory)
        layout.addSpacing(8)
        layout.addWidget(servers_title)
        layout.addWidget(self.note)
        layout.addWidget(self.empty)
        layout.addLayout(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add)
        self.import_button.clicked.connect(self.choose_import)
        self.refresh()

    def refresh(self) -> None:
        for row in self._rows:
            self.list.removeWidget(row)
            row.deleteLater()
        servers = self.services.mcp_servers()
        self._rows = [ServerRow(server, self) for server in servers.servers]
        for row in self._rows:
            self.list.addWidget(row)
        self.empty.setVisible(not self._rows)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("error" if error else "muted")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.show()

    def change(self, name: str, **fields: object) -> None:
        servers = self.services.mcp_servers()
        server = servers.find(name)
        if server is None:
            return
        for key, value in fields.items():
            setattr(server, key, value)
        servers.save()

    def check(self, row: ServerRow) -> None:
        async def start() -> None:
            row.state.setText(tr("Starting…"))
            row.check.setEnabled(False)
            try:
                await self.services.mcp_hub().ensure([row.server.name])
            finally:
                row.check.setEnabled(True)
                row.show_state()

        self.services.tasks.spawn(start(), name=f"check MCP server {row.server.name}")

    def remove(self, row: ServerRow) -> None:
        try:
            removed = self.services.mcp_servers().remove(row.server.name)
        except ConfigError as error:
            self.say(error.user_message, error=True)
            return
        self.say(tr("Removed {name} and its secrets.").format(name=removed.name))
        self.refresh()

    def edit(self, row: ServerRow) -> None:
        dialog = AddServerDialog(self.services.mcp_servers(), self, editing=row.server)
        dialog.accepted.connect(lambda: self.edited(row.server.name))
        dialog.open()
        self.editor = dialog

    def edited(self, name: str) -> None:
        """A server changed: a running one stops, to start as it is now when next needed."""
        self.services.tasks.spawn(self.services.mcp_hub().forget(name), name=f"stop MCP server {name}")
        self.refresh()

    def add(self) -> None:
        dialog = AddServerDialog(self.services.mcp_servers(), self)
        dialog.accepted.connect(self.refresh)
        dialog.open()

    def choose_import(self) -> None:
        """A file dialog at Claude Desktop's own configuration (chosen already when it exists), so
        one click imports it, or the user picks another file."""
        standard = claude_desktop.default_path()
        folder = standard.parent if standard.parent.is_dir() else standard.parent.parent
        dialog = QFileDialog(self, tr("Claude Desktop's configuration"), str(folder), "JSON (*.json)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        if standard.exists():
            dialog.selectFile(str(standard))
        dialog.fileSelected.connect(self.import_from)
        dialog.open()
        self.import_dialog = dialog

    def import_from(self, path: str) -> None:
        from pathlib import Path

        servers = self.services.mcp_servers()
        try:
            found = claude_desktop.read(Path(path))
        except ConfigError as error:
            self.say(error.user_message, error=True)  # nothing changed
            return
        added = []
        try:
            for item in found:
                if servers.find(item.server.name) is None:
                    servers.add(item.server, item.env, item.headers)
                    added.append(item.server.name)
        except ConfigError as error:
            self.say(error.user_message, error=True)
        else:
            names = ", ".join(added) if added else tr("none new")
            self.say(tr("Imported from {path}: {names}").format(path=path, names=names))
        self.refresh()
