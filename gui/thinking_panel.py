"""The collapsible thinking panel shown above each answer.

Live while Claude thinks ("Thinking… 4 s", with a small spinner), "Thought for 9 s" when done,
folded once the answer starts (a setting, or what the user last chose in this chat), and says so
when the model thought without showing its thinking.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from parley.core.i18n import tr
from parley.core.presentation.design import SPACE

from .icons import icon

MAX_BODY_HEIGHT = 260
SPINNER_FRAME_MS = 100  # 10 frames a second, only while thinking: nothing runs once it is done
SPINNER_STEP_DEGREES = 36


class Spinner(QWidget):
    """A small turning arc beside "Thinking…": a quiet sign of life while no text arrives (thinking
    can run for a minute without a word). Its timer runs only while it is shown and spinning."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(14, 14)
        self.angle = 0
        self._timer = QTimer(self)
        self._timer.setInterval(SPINNER_FRAME_MS)
        self._timer.timeout.connect(self._turn)
        self.setAccessibleName(tr("Thinking"))
        self.hide()

    @property
    def spinning(self) -> bool:
        return self._timer.isActive()

    def spin(self, on: bool) -> None:
        self.setVisible(on)
        if on:
            self._timer.start()
        else:
            self._timer.stop()

    def _turn(self) -> None:
        self.angle = (self.angle + SPINNER_STEP_DEGREES) % 360
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.translate(QPointF(self.width() / 2, self.height() / 2))
        painter.rotate(self.angle)
        painter.translate(QPointF(-self.width() / 2, -self.height() / 2))
        icon("loader-circle").paint(painter, self.rect())
        painter.end()


class ThinkingPanel(QFrame):
    """Signals: ``toggled(bool)`` when the user expands (True) or collapses it.

    *clock* (monotonic seconds) times the live "Thinking… N s"; :meth:`start` may bring the live
    turn's clock and when thinking began on it, so the count is right even when the panel appears late.
    """

    toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.setObjectName("thinkingPanel")
        self._clock = clock
        self._since: float | None = None  # when thinking began (while streaming)
        self._shown_seconds = -1  # the whole seconds the header shows now
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
        self.header.setAccessibleName(tr("Thinking summary"))
        self.header.setAccessibleDescription(tr("Shows or hides what Claude thought before answering"))
        self.spinner = Spinner(self)
        self._ticker = QTimer(self)  # the seconds in "Thinking… 4 s"; stopped once done
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self._refresh_title)
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
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(SPACE[1])
        head.addWidget(self.header)
        head.addWidget(self.spinner)
        head.addStretch(1)
        layout.addLayout(head)
        layout.addWidget(self.body)
        self.header.toggled.connect(self._on_header_toggled)
        self.set_expanded(True)
        self._refresh_title()

    # ------------------------------------------------------------ states

    def start(self, since: float | None = None, clock: Callable[[], float] | None = None) -> None:
        """Thinking is under way, since *since* on *clock* (the live turn's; default: now, on the
        panel's own clock)."""
        self._clock = clock or self._clock
        self._streaming = True
        self._since = since if since is not None else self._clock()
        self._shown_seconds = -1
        self.show()
        self.spinner.spin(True)
        self._ticker.start()
        self._refresh_title()

    @property
    def live(self) -> bool:
        """Whether its spinner and its seconds are running."""
        return self._ticker.isActive()

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
        """The model thinks without showing it (display "omitted"): known from the request while it
        thinks, or from a thinking block that ended empty."""
        if not self._omitted:
            self._omitted = True
            self._shown_seconds = -1
            self._refresh_title()

    def mark_redacted(self) -> None:
        if not self._redacted:
            self._redacted = True
            self._shown_seconds = -1
            self._refresh_title()

    def finish(self, seconds: float | None) -> None:
        self._streaming = False
        self._seconds = seconds
        self._ticker.stop()
        self.spinner.spin(False)
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
        hidden = self._omitted and not self.text
        if self._streaming:
            elapsed = int(self._clock() - self._since) if self._since is not None else 0
            if elapsed == self._shown_seconds and self.header.text():
                return  # a tick within the same second: nothing to redraw
            self._shown_seconds = elapsed
            title = tr("Thinking (hidden by the model)…") if hidden else tr("Thinking…")
            if elapsed >= 1:
                title = tr("{thinking} {seconds} s").format(thinking=title, seconds=elapsed)
        elif self._seconds is not None:
            title = (
                tr("Thought for {seconds} s").format(seconds=f"{self._seconds:.0f}")
                if self._seconds >= 1
                else tr("Thought for under a second")
            )
            if hidden:
                title = tr("{thought} (hidden by the model)").format(thought=title)
        else:
            title = tr("Thinking (hidden by the model)") if hidden else tr("Thinking")
        if self._redacted:
            title += tr(" — partly redacted for safety")
        self.header.setText(title)

    def _fit(self, *_: object) -> None:
        """Tall enough for every line (up to MAX_BODY_HEIGHT, then it scrolls). The plain-text layout
        lays blocks out lazily and its document size counts only those; asking each block's rectangle
        lays it out at the current width, so the sum is the whole text's height (and a re-fit at the
        same width gives the same answer: no loop between a scroll bar and a taller body)."""
        layout = self.body.document().documentLayout()
        block = self.body.document().begin()
        text_height = 0.0
        while block.isValid():
            text_height += layout.blockBoundingRect(block).height()
            block = block.next()
        margins = self.body.contentsMargins()
        height = (
            max(int(text_height + 0.999), self.body.fontMetrics().lineSpacing())
            + 2 * int(self.body.document().documentMargin())
            + margins.top()
            + margins.bottom()
            + 2
        )
        height = min(MAX_BODY_HEIGHT, height)
        if height != self.body.height():
            self.body.setFixedHeight(height)
