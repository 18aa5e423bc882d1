"""The collapsible thinking panel shown above each answer.

Live while the summary streams ("Thinking…"), "Thought for N s" when done, collapsed once the
answer starts (a setting), and says so when the model thought without showing its thinking.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from parley.core.i18n import tr
from parley.core.presentation.design import SPACE

from .icons import icon

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
        self.header.setObjectName("thinkingHeader")
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setCheckable(True)
        self.header.setAutoRaise(True)
        self.header.setIconSize(QSize(14, 14))
        self.header.setCursor(Qt.CursorShape.PointingHandCursor)
        self.header.setAccessibleName(tr("Show or hide the thinking summary"))
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("thinkingBody")
        self.body.setReadOnly(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setAccessibleName(tr("Thinking summary"))
        self.body.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # The body re-fits whenever its text re-flows: new thinking, or a new width (the plain-text
        # layout re-flows on a resize without saying so: the resize is watched too).
        self.body.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.body.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE[3], 0, 0, 0)
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self._fit)  # once the text has re-flowed at the new width
        return False

    def _on_header_toggled(self, expanded: bool) -> None:
        self._apply_expanded(expanded)
        self.toggled.emit(expanded)

    def _apply_expanded(self, expanded: bool) -> None:
        self.header.setIcon(icon("chevron-down" if expanded else "chevron-right"))
        self.setProperty("expanded", expanded)  # the rule beside the text shows only when it is open
        self.style().unpolish(self)
        self.style().polish(self)
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

    def _fit(self, *_: object) -> None:
        """Tall enough for every line (up to MAX_BODY_HEIGHT, then it scrolls): the plain-text layout
        measures its document in lines, re-flowed at the current width."""
        lines = max(1, int(self.body.document().size().height()))
        margins = self.body.contentsMargins()
        height = (
            lines * self.body.fontMetrics().lineSpacing()
            + 2 * int(self.body.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + 2
        )
        height = min(MAX_BODY_HEIGHT, height)
        if height != self.body.height():
            self.body.setFixedHeight(height)
