"""Settings → Tools → Memory → View and edit…: the memory's notes, each read and edited here.

Every read and write goes through the memory tool's own sandbox (``MemoryTool.read_note`` and
``write_note``), so what the user edits is exactly what Claude reads, and nothing outside the memory
folder can be reached from here either. Unsaved changes are never dropped without asking.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.tools.memory import PREFIX, MemoryTool, note_path
from parley.core.tools.sandbox import Refused

from .endpoint_form import note_label

NO_NOTES = QT_TR_NOOP("No notes yet. Claude writes its notes here while the memory is on; you can add one too.")
NOTE_NAME_HINT = QT_TR_NOOP("A name such as preferences.md, or a path such as projects/parley.md")


class MemoryDialog(QDialog):
    def __init__(self, tool: MemoryTool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Memory"))
        self.setMinimumSize(480, 320)
        room = parent.window().size() if parent is not None else None  # never larger than the window it opens over
        self.resize(min(820, room.width() - 40) if room else 820, min(540, room.height() - 40) if room else 540)
        self.tool = tool
        self.current: str | None = None
        self._loaded = ""
        self.notes = QListWidget(self)
        self.notes.setAccessibleName(tr("Notes"))
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName(tr("Note"))
        self.editor.setPlaceholderText(tr(NO_NOTES))
        self.status = note_label("", self)
        self.new = QPushButton(tr("New note…"), self)
        self.delete = QPushButton(tr("Delete note…"), self)
        self.save = QPushButton(tr("Save"), self)
        self.save.setDefault(False)
        self.save.setAutoDefault(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_now)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(tr("Notes"), side))
        side_layout.addWidget(self.notes, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(side)
        split.addWidget(self.editor)
        split.setStretchFactor(1, 1)
        split.setSizes([self.width() * 3 // 10, self.width() * 7 // 10])
        split.setChildrenCollapsible(False)
        buttons = QHBoxLayout()
        for button in (self.new, self.delete, self.save):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.notes.currentItemChanged.connect(self._on_note_chosen)
        self.editor.modificationChanged.connect(self._show_buttons)
        self.new.clicked.connect(self.ask_new_note)
        self.delete.clicked.connect(self.confirm_delete)
        self.save.clicked.connect(self.save_now)
        self.reload()

    # ------------------------------------------------------------ listing

    def reload(self, select: str | None = None) -> None:
        """List the notes again (Claude may have written some meanwhile) and show *select* or the first."""
        self.notes.blockSignals(True)
        self.notes.clear()
        for path in self.tool.notes():
            item = QListWidgetItem(path.removeprefix(PREFIX + "/"), self.notes)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
        self.notes.blockSignals(False)
        wanted = select or self.current
        rows = [self.notes.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.notes.count())]
        row = rows.index(wanted) if wanted in rows else (0 if rows else -1)
        self.current = None
        if row >= 0:
            self.notes.setCurrentRow(row)  # loads it (_on_note_chosen)
        else:
            self._load(None)

    def _on_note_chosen(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        path = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if path == self.current:
            return
        if not self.may_leave():
            self.notes.blockSignals(True)
            self.notes.setCurrentRow(self.notes.row(previous) if previous is not None else -1)
            self.notes.blockSignals(False)
            return
        self._load(path)

    def _load(self, path: str | None) -> None:
        self.current = path
        self.status.clear()
        text, editable = "", path is not None
        if path is not None:
            try:
                text = self.tool.read_note(path)
            except Refused as refusal:
                self.status.setText(str(refusal))
                editable = False
        self._loaded = text  # what the note held when shown: a save checks Claude did not change it since
        self.editor.setPlainText(text)
        self.editor.setReadOnly(not editable)
        self.editor.document().setModified(False)
        self._show_buttons()

    def _unsaved(self) -> bool:
        return self.current is not None and self.editor.document().isModified()

    def _show_buttons(self) -> None:
        self.save.setEnabled(self._unsaved())
        self.delete.setEnabled(self.current is not None)

    # ------------------------------------------------------------ changes

    def save_now(self) -> bool:
        if not self._unsaved():
            return True
        assert self.current is not None
        if not self._still_as_loaded():
            return False
        try:
            self.tool.write_note(self.current, self.editor.toPlainText())
        except (Refused, OSError) as error:
            self.status.setText(tr("Not saved: {reason}").format(reason=error))
            return False
        self._loaded = self.editor.toPlainText()
        self.editor.document().setModified(False)
        self.status.setText(tr("Saved."))
        return True

    def _still_as_loaded(self) -> bool:
        """True when the note on disk is as it was shown (or is gone), or the user chose to replace
        what Claude wrote meanwhile (a chat can write a note while this is open)."""
        assert self.current is not None
        try:
            now = self.tool.read_note(self.current)
        except Refused:
            return True  # deleted meanwhile (or unreadable): saving writes it again
        if now == self._loaded:
            return True
        return self._confirm(
            tr("Replace the note?"),
            tr("Claude changed {note} after you opened it. Replace its changes with yours?").format(note=self.current),
        )

    def _confirm(self, title: str, text: str) -> bool:
        """Yes or Cancel, Cancel the default: what cannot be undone waits for a yes."""
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
        answer = QMessageBox.question(self, title, text, buttons, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def may_leave(self) -> bool:
        """True when the shown note has no unsaved changes, or the user saved or dropped them."""
        if not self._unsaved():
            return True
        answer = QMessageBox.question(
            self,
            tr("Save the note?"),
            tr("{note} has changes that are not saved.").format(note=self.current),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save_now()
        return answer == QMessageBox.StandardButton.Discard

    def ask_new_note(self) -> None:
        if not self.may_leave():
            return
        name, ok = QInputDialog.getText(self, tr("New note"), tr(NOTE_NAME_HINT))
        if not ok or not name.strip():
            return
        path = note_path(name)
        if path in self.tool.notes():
            exists = tr("{note} already exists").format(note=path)
            self.status.setText(tr("Not created: {reason}").format(reason=exists))
            return
        try:
            self.tool.write_note(path, "")
        except (Refused, OSError) as error:
            self.status.setText(tr("Not created: {reason}").format(reason=error))
            return
        self.editor.document().setModified(False)
        self.reload(select=path)
        self.editor.setFocus()

    def confirm_delete(self) -> None:
        if self.current is None:
            return
        if not self._confirm(tr("Delete the note?"), tr("Claude forgets {note}.").format(note=self.current)):
            return
        try:
            self.tool.delete_note(self.current)
        except (Refused, OSError) as error:
            self.status.setText(tr("Not deleted: {reason}").format(reason=error))
            return
        self.editor.document().setModified(False)
        self.current = None
        self.reload()

    def done(self, result: int) -> None:  # Close, Escape and the window's own button all end here
        if self.may_leave():
            super().done(result)
