"""The conversation: a scrolling column of message widgets.

While an answer streams, the view stays pinned to the bottom only if the user was already there;
scrolling up to read keeps the scroll position still.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from parley.core.chat import text_of
from parley.core.presentation import Notice, footer_text, stop_notice
from parley.core.render import MarkdownRenderer
from parley.core.store import MessageRow

from .empty_state import MARGINS, hint_label
from .message_widgets import AssistantMessageWidget, UserMessageWidget

STICK_DISTANCE = 40  # px from the bottom that still counts as "at the bottom"

STATUS_TEXT = {
    "stopped": "Stopped — this answer is incomplete.",
    "interrupted": "Interrupted — Parley closed while this answer was arriving; what arrived is kept.",
    "error": "This answer failed part way; what arrived is kept.",
}


class ChatView(QScrollArea):
    """Signals: ``edit_requested(int)``, ``retry_requested(int)`` (a message id) and
    ``action_requested(str)`` from a banner."""

    edit_requested = Signal(int)
    retry_requested = Signal(int)
    action_requested = Signal(str)

    def __init__(
        self, renderer: MarkdownRenderer, model_name: Callable[[str], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._model_name = model_name
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Conversation")
        self._container = QWidget(self)
        self._column = QVBoxLayout(self._container)
        self._column.setContentsMargins(*MARGINS)
        self._column.setSpacing(12)
        self._column.addStretch(1)
        self.setWidget(self._container)
        self.empty_label = hint_label(self._container)
        self._column.insertWidget(0, self.empty_label)
        self._stick = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    # ------------------------------------------------------------ building

    def clear(self) -> None:
        while self._column.count() > 1:
            item = self._column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.empty_label:
                widget.deleteLater()
        self._column.insertWidget(0, self.empty_label)
        self.empty_label.show()
        self._stick = True

    def show_messages(self, rows: list[MessageRow]) -> None:
        self.clear()
        for row in rows:
            if row.role == "user":
                self.add_user(row.id, text_of(row.content) or "(attachment)")
            else:
                self.add_finished_assistant(row)
        QTimer.singleShot(0, self, self.scroll_to_bottom)  # bound to self: never fires after it is gone

    def _add(self, widget: QWidget) -> None:
        self.empty_label.hide()
        self._column.insertWidget(self._column.count() - 1, widget)

    def add_user(self, message_id: int, text: str) -> UserMessageWidget:
        widget = UserMessageWidget(message_id, text, self._container)
        widget.edit_requested.connect(self.edit_requested)
        self._add(widget)
        return widget

    def add_assistant(self) -> AssistantMessageWidget:
        widget = AssistantMessageWidget(self._renderer, self._container)
        widget.retry_requested.connect(self.retry_requested)
        widget.action_requested.connect(self.action_requested)
        self._add(widget)
        return widget

    def add_finished_assistant(self, row: MessageRow) -> AssistantMessageWidget:
        widget = self.add_assistant()
        widget.message_id = row.id
        thinking_blocks = [b for b in row.content if b.get("type") in ("thinking", "redacted_thinking")]
        if thinking_blocks:
            thoughts = text_of(row.content, "thinking")
            widget.thinking.show()
            widget.thinking.set_static(
                thoughts,
                row.thinking_s,
                omitted=not thoughts,
                redacted=any(b.get("type") == "redacted_thinking" for b in thinking_blocks),
            )
        widget.markdown = text_of(row.content)
        widget.body.set_markdown(widget.markdown)
        widget.footer.setText(
            footer_text(
                self._model_name(row.model or "?"), row.effort, row.usage, row.cost_usd, row.ttft_s, row.duration_s
            )
        )
        widget.set_status(STATUS_TEXT.get(row.status))
        notice: Notice | None = stop_notice(row.stop_reason, row.stop_details)
        if row.status == "error" and row.error:
            notice = Notice(row.error, "error", ("retry",))
        elif row.status == "interrupted":
            notice = Notice("Parley closed before this answer finished.", "warning", ("retry",))
        widget.show_notice(notice)
        widget.set_busy(False)
        return widget

    def remove(self, widget: QWidget) -> None:
        self._column.removeWidget(widget)
        widget.deleteLater()

    def message_widgets(self) -> list[QWidget]:
        out: list[QWidget] = []
        for i in range(self._column.count()):
            item = self._column.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, UserMessageWidget | AssistantMessageWidget):
                out.append(widget)
        return out

    # ------------------------------------------------------------ scrolling

    def at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.maximum() - bar.value() <= STICK_DISTANCE

    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
        self._stick = True

    def _on_scrolled(self, value: int) -> None:
        self._stick = self.at_bottom()

    def _on_range_changed(self, low: int, high: int) -> None:
        if self._stick:
            self.verticalScrollBar().setValue(high)
