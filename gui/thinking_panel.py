"""The collapsible thinking panel shown above each answer.

Live while the summary streams ("Thinking…"), "Thought for N s" when done, collapsed once the
answer starts (a setting), and says so when the model thought without showing its thinking.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from parley.core.i18n import tr

MAX_BODY_HEIGHT = 260


class ThinkingPanel(QFrame):
    """Signals: ``toggled(bool)`` when the user expands (True) or collapses it."""

    toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thinkingPanel")
        self._seconds: float | None = None
        self._omitted = False
        self._redacted = False
        self._streaming = False
        self._has_thoughts = False  # real thinking text, as opposed to the "not shown" placeholder
        self.header = QToolButton(self)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setCheckable(True)
        self.header.setAutoRaise(True)
        self.header.setAccessibleName(tr("Show or hide the thinking summary"))
        self.body = QPlainTextEdit(self)
        self.body.setReadOnly(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setAccessibleName(tr("Thinking summary"))
        self.body.setMaximumHeight(MAX_BODY_HEIGHT)
        self.body.setStyleSheet("QPlainTextEdit { background: transparent; color: palette(placeholder-text); }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.header.toggled.connect(self._on_header_toggled)
        self.set_expanded(True)
        self._refresh_title()

    # ------------------------------------------------------------ states

    def start(self) -> None:
        self._streaming = True
        self.show()
        self._refresh_title()

    def append(self, text: str) -> None:
        cursor = self.body.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if not self._has_thoughts:
            self.body.clear()
        self._has_thoughts = self._has_thoughts or bool(text)
        cursor.insertText(text)
        if self.is_expanded() and not self.body.isVisible():
            self.body.show()
        self._fit()
        bar = self.body.verticalScrollBar()
        if bar is not None:
            bar.setValue(bar.maximum())

    def mark_omitted(self) -> None:
        """The model thought, but sent no summary (display "omitted")."""
        self._omitted = True
        self._refresh_title()

    def mark_redacted(self) -> None:
        self._redacted = True
        self._refresh_title()

    def finish(self, seconds: float | None) -> None:
        self._streaming = False
        self._seconds = seconds
        self._refresh_title()

    def set_static(
        self, text: str, seconds: float | None, *, omitted: bool, redacted: bool = False, expanded: bool = False
    ) -> None:
        """A finished message loaded from history."""
        self.body.setPlainText(text)
        self._has_thoughts = bool(text)
        self._omitted = omitted and not text
        self._redacted = redacted
        self.finish(seconds)
        self._fit()
        self.set_expanded(expanded)

    @property
    def text(self) -> str:
        return self.body.toPlainText() if self._has_thoughts else ""

    def is_expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.header.blockSignals(True)
        self.header.setChecked(expanded)
        self.header.blockSignals(False)
        self._apply_expanded(expanded)

    # ------------------------------------------------------------ internals

    def _on_header_toggled(self, expanded: bool) -> None:
        self._apply_expanded(expanded)
        self.toggled.emit(expanded)

    def _apply_expanded(self, expanded: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded and (bool(self.text) or self._omitted))
        if self._omitted and not self.text:
            self.body.setPlainText(tr("The model thought about this but did not show its thinking."))

    def _refresh_title(self) -> None:
        if self._streaming:
            title = tr("Thinking…")
        elif self._seconds is not None:
            title = (
                tr("Thought for {seconds} s").format(seconds=f"{self._seconds:.0f}")
                if self._seconds >= 1
                else tr("Thought for under a second")
            )
        else:
            title = tr("Thinking")
        if self._omitted and not self.text:
            title += tr(" — thinking not shown by the model")
        if self._redacted:
            title += tr(" — partly redacted for safety")
        self.header.setText(title)

    def _fit(self) -> None:
        doc = self.body.document()
        lines = doc.lineCount() if doc is not None else 1
        metrics = self.body.fontMetrics()
        self.body.setFixedHeight(min(MAX_BODY_HEIGHT, max(1, lines) * metrics.lineSpacing() + 12))
