"""Settings → Tools → Memory: the memory tool on or off, its notes read and edited (here, or in
the file manager: plain Markdown files), and cleared after a confirmation.
Applied at once, as the rest of the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from parley.core.i18n import tr
from parley.core.tools.memory import MemoryTool, memory_folder

from .endpoint_form import note_label
from .flow_layout import FlowLayout
from .memory_dialog import MemoryDialog

if TYPE_CHECKING:
    from .services import Services


class MemoryBox(QFrame):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._services = services
        self.folder = memory_folder(services.ctx.paths.data_dir)
        title = QLabel(tr("Memory"), self)
        title.setObjectName("title")
        self.on = QCheckBox(tr("Let Claude keep a memory across chats"), self)
        self.on.setChecked(services.settings.memory)
        self.note = note_label(
            tr(
                "Claude reads and writes notes in a folder of your profile, without asking: it can reach "
                "nothing else. Each step shows under the reply."
            ),
            self,
        )
        self.count = note_label("", self)
        self.view = QPushButton(tr("View and edit…"), self)
        self.open_folder = QPushButton(tr("Open the memory folder"), self)
        self.clear = QPushButton(tr("Clear the memory…"), self)
        buttons = QWidget(self)
        row = FlowLayout(buttons, left=True)  # wraps when narrow, so Settings never grows wider than its window
        row.addWidget(self.view)
        row.addWidget(self.open_folder)
        row.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.on)
        layout.addWidget(self.note)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.on.toggled.connect(self._on_toggled)
        self.view.clicked.connect(self.show_notes)
        self.open_folder.clicked.connect(self.open)
        self.clear.clicked.connect(self.confirm_clear)
        self.show_count()

    def _files(self) -> int:
        """The notes the memory shows (as View and edit… lists them)."""
        return len(MemoryTool(self.folder).notes()) if self.folder.is_dir() else 0

    def show_count(self) -> None:
        files = self._files()
        self.count.setText(tr("{count} notes kept.").format(count=files) if files else tr("Nothing kept yet."))
        self.clear.setEnabled(files > 0)

    def _on_toggled(self, on: bool) -> None:
        self._services.settings.memory = on
        self._services.save_settings()

    def show_notes(self) -> MemoryDialog:
        dialog = MemoryDialog(MemoryTool(self.folder), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self.show_count)
        dialog.open()
        return dialog

    def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def confirm_clear(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, tr("Clear the memory?"), tr("Claude forgets every note."), parent=self
        )
        clear = box.addButton(tr("Clear"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)

        def on_clicked(button: object) -> None:
            if button is clear:
                self.clear_now()

        box.buttonClicked.connect(on_clicked)
        box.open()

    def clear_now(self) -> None:
        MemoryTool(self.folder).clear()
        self.show_count()
