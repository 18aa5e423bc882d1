"""The composer: the prompt box with its attached files, the model and effort pickers, thinking
switch and Send/Stop.

Enter sends, Shift+Enter inserts a new line, Esc stops a running answer. Files join by the Attach
button, by pasting (files or an image) and by dropping them on the box.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from parley.core.i18n import tr
from parley.core.presentation.design import SPACE

from .attachment_views import AttachmentTray, pick_files
from .icons import ON_ACCENT, icon
from .pickers import EffortPicker, ModelPicker
from .widgets import add_centred, icon_button

MAX_LINES = 10  # the prompt box grows up to this many lines, then scrolls
NARROW_CARD = 700  # px: a narrower composer shows the Thinking and Web switches and the Tools button as icons only


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
    """Signals: ``send_requested(str)`` with the prompt; ``stop_requested()``.

    A card at the foot of the conversation, as wide as its reading column: attached files, the
    prompt (it grows with what is typed, up to a limit, then scrolls), and one row of controls.
    """

    send_requested = Signal(str)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = QFrame(self)
        self.card.setObjectName("composerCard")
        self.tray = AttachmentTray(self.card)
        self.tray.refused.connect(lambda why: self.show_note(why, timeout_ms=10000))
        self.input = PromptEdit(self.tray, self.card)
        self.input.setObjectName("composerInput")
        self.input.setPlaceholderText(tr("Message Claude…"))
        self.input.setAccessibleName(tr("Message to send"))
        self.input.setTabChangesFocus(True)
        self.input.installEventFilter(self)
        self.input.document().documentLayout().documentSizeChanged.connect(self._fit_input)
        self.model_picker = ModelPicker(self.card)
        self.effort_picker = EffortPicker(self.card)
        for picker in (self.model_picker, self.effort_picker):
            picker.setObjectName("composerPicker")
        self.thinking = icon_button("brain", tr("Thinking"), self.card, text=True, word_optional=True)
        self.thinking.setCheckable(True)
        self.thinking.setObjectName("toggle")
        self.thinking.setAccessibleName(tr("Thinking on or off"))
        self.thinking.setToolTip(tr("Let the model think before it answers; its summary shows above the answer"))
        self.thinking.setChecked(True)
        self.web = icon_button("globe", tr("Web"), self.card, text=True, word_optional=True)  # (web_toggle.py)
        self.web.setCheckable(True)
        self.web.setObjectName("toggle")
        self.web.setAccessibleName(tr("Web search and fetch on or off"))
        self.tools = icon_button("wrench", tr("Tools"), self.card, text=True, word_optional=True)  # (tools_menu.py)
        self.tools.setObjectName("toggle")
        self.tools.setAccessibleName(tr("MCP servers on in this chat"))
        self.tools.hide()
        self.note = QLabel(self)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.note.hide()
        self._note_timer = QTimer(self)  # a child: it dies with the composer, never fires into a dead widget
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(lambda: self.show_note(None))
        self.send_button = QToolButton(self.card)
        self.send_button.setObjectName("sendButton")
        self.send_button.setIconSize(QSize(18, 18))
        self.send_button.setFixedSize(34, 34)
        self.send_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.send_button.clicked.connect(self._on_send_button_clicked)
        self.attach_button = icon_button("paperclip", tr("Attach files"), self.card)
        self.attach_button.setText(tr("Attach…"))
        self.attach_button.setToolTip(tr("Attach images, PDFs or text files (or paste them, or drop them here)"))
        self.attach_button.clicked.connect(lambda: pick_files(self, self.tray))
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(SPACE[1])
        controls.addWidget(self.attach_button)
        controls.addWidget(self.model_picker, 0)
        controls.addWidget(self.effort_picker, 0)
        controls.addWidget(self.thinking)
        controls.addWidget(self.web)
        controls.addWidget(self.tools)
        controls.addStretch(1)
        controls.addWidget(self.send_button)
        inner = QVBoxLayout(self.card)
        inner.setContentsMargins(SPACE[3], SPACE[2], SPACE[2], SPACE[2])
        inner.setSpacing(SPACE[1])
        inner.addWidget(self.tray)
        inner.addWidget(self.input)
        inner.addLayout(controls)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE[4], SPACE[1], SPACE[4], SPACE[4])
        layout.setSpacing(SPACE[1])
        add_centred(layout, self.note)  # in the conversation's reading column
        add_centred(layout, self.card)
        self._busy = False
        self.set_busy(False)
        self._fit_input()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-fit once styled and laid out (the style sheet sets the prompt's font), and drop the
        words of the thinking and Web switches and the Tools button when the card is narrow (their icons and
        tooltips stay)."""
        super().resizeEvent(event)
        narrow = self.card.width() < NARROW_CARD
        style = Qt.ToolButtonStyle.ToolButtonIconOnly if narrow else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        for button in (self.thinking, self.web, self.tools):
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)
        self._fit_input()

    def _fit_input(self, *_: object) -> None:
        """The prompt box grows with its text, from one line to ten, then scrolls."""
        wanted = int(self.input.document().size().height())  # the plain-text layout counts lines
        lines = min(MAX_LINES, max(1, wanted))
        scrolls = wanted > MAX_LINES
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded if scrolls else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        if self.input.verticalScrollBarPolicy() != policy:
            self.input.setVerticalScrollBarPolicy(policy)
        margins = self.input.contentsMargins()
        height = (
            lines * self.input.fontMetrics().lineSpacing()
            + 2 * int(self.input.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + 8  # the style sheet's padding
        )
        if height != self.input.height():
            self.input.setFixedHeight(height)

    # ------------------------------------------------------------ state

    def show_pickers(self, shown: bool) -> None:
        """Compare mode hides them: each column has its own."""
        for widget in (self.model_picker, self.effort_picker, self.thinking, self.attach_button):
            widget.setVisible(shown)
        self.tray.setVisible(shown and bool(self.tray.attachments()))  # comparisons send text only

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send_button.setText(tr("Stop") if busy else tr("Send"))
        self.send_button.setIcon(icon("square" if busy else "arrow-up", ON_ACCENT))
        self.send_button.setProperty("busy", busy)
        self.send_button.style().unpolish(self.send_button)
        self.send_button.style().polish(self.send_button)
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
