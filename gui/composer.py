"""The composer: the prompt box with its attached files, the model and effort pickers, thinking
switch and Send/Stop.

Enter sends, Shift+Enter inserts a new line, Esc stops a running answer. Files join by the Attach
button, by pasting (files or an image) and by dropping them on the box.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.i18n import tr

from .attachment_views import AttachmentTray, pick_files
from .pickers import EffortPicker, ModelPicker


class PromptEdit(QPlainTextEdit):
    """The prompt box: pasted or dropped files and images go to the tray instead of the text."""

    def __init__(self, tray: AttachmentTray, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tray = tray

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasUrls() or source.hasImage() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if (source.hasUrls() or source.hasImage()) and self._tray.add_mime(source):
            return
        super().insertFromMimeData(source)


class Composer(QWidget):
    """Signals: ``send_requested(str)`` with the prompt; ``stop_requested()``."""

    send_requested = Signal(str)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tray = AttachmentTray(self)
        self.tray.refused.connect(lambda why: self.show_note(why, timeout_ms=10000))
        self.input = PromptEdit(self.tray, self)
        self.input.setObjectName("composerInput")
        self.input.setPlaceholderText(tr("Message Claude…"))
        self.input.setAccessibleName(tr("Message to send"))
        self.input.setTabChangesFocus(True)
        self.input.setFixedHeight(84)
        self.input.installEventFilter(self)
        self.model_picker = ModelPicker(self)
        self.effort_picker = EffortPicker(self)
        self.thinking = QCheckBox(tr("Thinking"), self)
        self.thinking.setAccessibleName(tr("Thinking on or off"))
        self.thinking.setToolTip(tr("Let the model think before it answers; its summary shows above the answer"))
        self.thinking.setChecked(True)
        self.note = QLabel(self)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.note.hide()
        self._note_timer = QTimer(self)  # a child: it dies with the composer, never fires into a dead widget
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(lambda: self.show_note(None))
        self.send_button = QPushButton(tr("Send"), self)
        self.send_button.setAccessibleName(tr("Send message"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.attach_button = QToolButton(self)
        self.attach_button.setText(tr("Attach…"))
        self.attach_button.setAccessibleName(tr("Attach files"))
        self.attach_button.setToolTip(tr("Attach images, PDFs or text files (or paste them, or drop them here)"))
        self.attach_button.clicked.connect(lambda: pick_files(self, self.tray))
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.attach_button)
        controls.addWidget(self.model_picker)
        controls.addWidget(self.effort_picker)
        controls.addWidget(self.thinking)
        controls.addStretch(1)
        controls.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 6, 24, 12)
        layout.addWidget(self.note)
        layout.addWidget(self.tray)
        layout.addWidget(self.input)
        layout.addLayout(controls)
        self._busy = False

    # ------------------------------------------------------------ state

    def show_pickers(self, shown: bool) -> None:
        """Compare mode hides them: each column has its own."""
        for widget in (self.model_picker, self.effort_picker, self.thinking, self.attach_button):
            widget.setVisible(shown)
        self.tray.setVisible(shown and bool(self.tray.attachments()))  # comparisons send text only

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send_button.setText(tr("Stop") if busy else tr("Send"))
        self.send_button.setAccessibleName(tr("Stop the answer") if busy else tr("Send message"))
        self.send_button.setToolTip(tr("Stop (Esc)") if busy else tr("Send (Enter)"))

    @property
    def busy(self) -> bool:
        return self._busy

    def text(self) -> str:
        return self.input.toPlainText()

    def set_text(self, text: str) -> None:
        self.input.setPlainText(text)
        cursor = self.input.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.input.setTextCursor(cursor)

    def show_note(self, text: str | None, timeout_ms: int = 0) -> None:
        """A short line above the prompt; with *timeout_ms* it clears itself."""
        self._note_timer.stop()
        self.note.setText(text or "")
        self.note.setVisible(bool(text))
        if text and timeout_ms:
            self._note_timer.start(timeout_ms)

    # ------------------------------------------------------------ keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            key_event: Any = event
            assert isinstance(key_event, QKeyEvent)
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    return False  # a new line
                self._request_send()
                return True
            if key_event.key() == Qt.Key.Key_Escape and self._busy:
                self.stop_requested.emit()
                return True
        return super().eventFilter(watched, event)

    def _on_send_button_clicked(self) -> None:
        if self._busy:
            self.stop_requested.emit()
        else:
            self._request_send()

    def _request_send(self) -> None:
        if self._busy:
            return
        text = self.text()
        if text.strip() or self.tray.attachments():
            self.send_requested.emit(text)
