"""Chat settings: the chat's system prompt, its compaction switch, and presets to start from or save."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.catalog import ModelInfo
from parley.core.i18n import QT_TR_NOOP, tr

COMPACTION_HELP = QT_TR_NOOP(
    "When the conversation passes 150,000 input tokens, the API summarises its start and carries on from "
    "the summary (beta). The summary shows in the chat."
)


class ChatSettingsDialog(QDialog):
    """Signals: ``applied(str, bool)`` with the system prompt and the compaction switch;
    ``preset_saved(str, str)`` with a preset's name and system prompt; ``preset_deleted(str)``."""

    applied = Signal(str, bool)
    preset_saved = Signal(str, str)
    preset_deleted = Signal(str)

    def __init__(
        self,
        system: str,
        compaction: bool,
        model: ModelInfo,
        presets: list[dict[str, Any]],
        *,
        has_replies: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Chat settings"))
        self.setMinimumWidth(560)
        self._presets = [dict(p) for p in presets]  # this dialog's copy, kept in step with its own saves
        self.preset = QComboBox(self)
        self.preset.setAccessibleName(tr("Start from a preset"))
        self.preset.addItem(tr("Start from a preset…"), None)
        for p in presets:
            self.preset.addItem(p["name"], p["name"])
        self.preset.activated.connect(self._on_preset_chosen)
        self.save_preset = QPushButton(tr("Save as preset…"), self)
        self.save_preset.clicked.connect(self._on_save_preset)
        self.delete_preset = QPushButton(tr("Delete preset"), self)
        self.delete_preset.setEnabled(False)
        self.delete_preset.clicked.connect(self._on_delete_preset)
        presets_row = QHBoxLayout()
        presets_row.addWidget(self.preset, 1)
        presets_row.addWidget(self.save_preset)
        presets_row.addWidget(self.delete_preset)
        self.system = QPlainTextEdit(system, self)
        self.system.setAccessibleName(tr("System prompt"))
        self.system.setPlaceholderText(tr("How Claude should behave in this chat (optional)"))
        self.system.setMinimumHeight(160)
        self.compaction = QCheckBox(tr("Summarise the start when the chat grows long"), self)
        self.compaction.setChecked(compaction and model.compaction)
        self.compaction.setEnabled(model.compaction)
        self.compaction.setToolTip(tr(COMPACTION_HELP))
        note = (
            tr(COMPACTION_HELP)
            if model.compaction
            else tr("{model} cannot summarise long chats.").format(model=model.display_name)
        )
        self.compaction_note = QLabel(note, self)
        self.compaction_note.setObjectName("muted")
        self.compaction_note.setWordWrap(True)
        self.cache_note = QLabel(
            tr("Changing the system prompt starts the prompt cache over: the next reply pays to cache the chat again.")
            if has_replies
            else "",
            self,
        )
        self.cache_note.setObjectName("muted")
        self.cache_note.setWordWrap(True)
        self.cache_note.setVisible(has_replies)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(presets_row)
        layout.addWidget(QLabel(tr("System prompt"), self))
        layout.addWidget(self.system, 1)
        layout.addWidget(self.cache_note)
        layout.addWidget(self.compaction)
        layout.addWidget(self.compaction_note)
        layout.addWidget(buttons)

    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset.itemData(index)
        self.delete_preset.setEnabled(name is not None)
        preset = next((p for p in self._presets if p["name"] == name), None)
        if preset is not None:
            self.system.setPlainText(preset["system"])

    def _on_save_preset(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(tr("Save as preset"))
        dialog.setLabelText(tr("Name of the preset (its system prompt, and this chat's model and effort):"))
        current = self.preset.currentData()
        dialog.setTextValue(current or "")
        dialog.textValueSelected.connect(self._save_named)
        dialog.open()

    def _save_named(self, name: str) -> None:
        name = name.strip()
        if not name:
            return
        self.preset_saved.emit(name, self.system.toPlainText())
        self._presets = [p for p in self._presets if p["name"] != name] + [
            {"name": name, "system": self.system.toPlainText()}
        ]
        if self.preset.findData(name) < 0:
            self.preset.addItem(name, name)
        self.preset.setCurrentIndex(self.preset.findData(name))
        self.delete_preset.setEnabled(True)

    def _on_delete_preset(self) -> None:
        name = self.preset.currentData()
        if name is None:
            return
        self.preset_deleted.emit(name)
        self._presets = [p for p in self._presets if p["name"] != name]
        self.preset.removeItem(self.preset.currentIndex())
        self.preset.setCurrentIndex(0)
        self.delete_preset.setEnabled(False)

    def _on_accepted(self) -> None:
        self.applied.emit(self.system.toPlainText().strip(), self.compaction.isChecked())
        self.accept()
