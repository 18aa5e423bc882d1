"""One widget per message in the conversation, and the banner that explains stops and errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.notices import Notice

from .markdown_view import MarkdownView
from .thinking_panel import ThinkingPanel

if TYPE_CHECKING:
    from .tool_steps import ToolStepWidget

ACTION_LABELS = {
    "settings": QT_TR_NOOP("Open settings"),
    "retry": QT_TR_NOOP("Retry"),
    "retry_other_model": QT_TR_NOOP("Retry with another model…"),
    "continue": QT_TR_NOOP("Continue"),
    "raise_limit": QT_TR_NOOP("Answer again with a higher limit"),
    "use_successor": QT_TR_NOOP("Continue on {model}"),
    "new_chat": QT_TR_NOOP("New chat"),
    "pick_model": QT_TR_NOOP("Pick another model"),
}


def _copy(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)


def _link_button(text: str, accessible: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setAutoRaise(True)
    button.setAccessibleName(accessible)
    button.setToolTip(accessible)
    return button


class Banner(QFrame):
    """Signals: ``action_requested(str)`` with one of the notice's actions."""

    action_requested = Signal(str)

    def __init__(self, notice: Notice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("severity", notice.severity)
        self.notice = notice
        self.label = QLabel(notice.text, self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName(f"{notice.severity}: {notice.text}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        self.buttons: dict[str, QPushButton] = {}
        for action in notice.actions:
            label = tr(ACTION_LABELS[action]).format(model=notice.successor_name or notice.successor or "")
            button = QPushButton(label, self)
            button.setAccessibleName(label)
            # "use_successor" names its model: "use_successor:claude-sonnet-4-6" (answer_actions reads it)
            wire = f"{action}:{notice.successor}" if action == "use_successor" else action
            button.clicked.connect(lambda _=False, a=wire: self.action_requested.emit(a))
            layout.addWidget(button)
            self.buttons[action] = button


class BannerSlot:
    """A place in a layout that shows at most one banner; a new notice replaces the old one."""

    def __init__(self, layout: QVBoxLayout, parent: QWidget, on_action: Callable[[str], object]) -> None:
        self._layout = layout
        self._parent = parent
        self._on_action = on_action
        self.banner: Banner | None = None

    def show(self, notice: Notice | None) -> None:
        if self.banner is not None:
            self.banner.deleteLater()
            self.banner = None
        if notice is None:
            return
        self.banner = Banner(notice, self._parent)
        self.banner.action_requested.connect(self._on_action)
        self._layout.addWidget(self.banner)


class UserMessageWidget(QFrame):
    """Signals: ``edit_requested(int)`` with the message id."""

    edit_requested = Signal(int)

    def __init__(
        self,
        message_id: int,
        text: str,
        parent: QWidget | None = None,
        files: Sequence[tuple[dict[str, Any], bytes | None]] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("userBubble")
        self.message_id = message_id
        self.text = text
        self.label = QLabel(text, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName(tr("Your message"))
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        edit = _link_button(tr("Edit"), tr("Edit this message and send it again"), self)
        copy = _link_button(tr("Copy"), tr("Copy this message"), self)
        edit.clicked.connect(lambda: self.edit_requested.emit(self.message_id))
        copy.clicked.connect(lambda: _copy(self.text))
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(edit)
        actions.addWidget(copy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        self.files = None
        if files:
            from .attachment_views import AttachmentStrip

            self.files = AttachmentStrip(files, parent=self)
            layout.addWidget(self.files)
        self.label.setVisible(bool(text))
        layout.addWidget(self.label)
        layout.addLayout(actions)

    def mark_left_out(self) -> None:
        """Claude declined this prompt: it stays in the history, dimmed, but is not sent again."""
        self.setProperty("leftOut", True)
        self.setToolTip(tr("Left out of the conversation: Claude declined this message, so it is not sent again."))
        self.label.setAccessibleDescription(tr("Left out of the conversation"))
        self.style().unpolish(self)
        self.style().polish(self)
        for label in self.findChildren(QLabel):
            label.style().unpolish(label)
            label.style().polish(label)


class AssistantMessageWidget(QWidget):
    """An answer: thinking panel, markdown body, footer, actions and an optional banner.

    Signals: ``retry_requested(int)`` with the message id; ``action_requested(str)`` from its banner.
    """

    retry_requested = Signal(int)
    action_requested = Signal(str)
    undo_requested = Signal(int)

    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_id: int | None = None
        self.parent_id: int | None = None  # the prompt (or tool results) this answers
        self.refused = False  # Claude declined: this exchange is left out of the conversation
        self.steps: dict[str, ToolStepWidget] = {}  # tool_use id → its step
        self.markdown = ""
        self.summary: QWidget | None = None  # compaction's "earlier conversation summarised"
        self._thinking: ThinkingPanel | None = None  # built when an answer has thinking to show
        self.body = MarkdownView(renderer, self)
        self.footer = QLabel(self)
        self.footer.setObjectName("footer")
        self.footer.setWordWrap(True)
        self.footer.setAccessibleName(tr("Message details"))
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.hide()
        self.copy_button = _link_button(tr("Copy"), tr("Copy this answer as markdown"), self)
        self.retry_button = _link_button(tr("Retry"), tr("Ask for this answer again"), self)
        self.copy_button.clicked.connect(lambda: _copy(self.markdown))
        self.retry_button.clicked.connect(self._on_retry_clicked)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.footer, 1)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.retry_button)
        self._banner_slot = QVBoxLayout()
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.body)
        self._steps_layout = QVBoxLayout()
        self._steps_layout.setSpacing(2)
        layout.addLayout(self._steps_layout)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addLayout(self._banner_slot)
        self._banners = BannerSlot(self._banner_slot, self, self.action_requested.emit)
        self.set_busy(False)

    @property
    def thinking(self) -> ThinkingPanel:
        """The thinking panel (hidden until shown), built on first use: most answers in a long chat
        have none, and an unused panel cost ~150 KB (tests/perf/history_bench.py P5)."""
        if self._thinking is None:
            self._thinking = ThinkingPanel(self)
            self._thinking.hide()
            self._layout.insertWidget(self._layout.indexOf(self.body), self._thinking)
        return self._thinking

    @property
    def has_thinking(self) -> bool:
        return self._thinking is not None and not self._thinking.isHidden()

    @property
    def banner(self) -> Banner | None:
        return self._banners.banner

    def set_busy(self, busy: bool) -> None:
        self.copy_button.setEnabled(not busy and bool(self.markdown))
        self.copy_button.setVisible(bool(self.markdown) or not self.steps)
        # A reply that called tools is one step of a longer answer: Retry belongs to the final reply.
        self.retry_button.setVisible(not busy and self.message_id is not None and not self.steps)
        if not busy:
            self.body.setVisible(bool(self.markdown.strip()) or not self.steps)

    def set_status(self, text: str | None) -> None:
        self.status.setText(text or "")
        self.status.setVisible(bool(text))

    def show_notice(self, notice: Notice | None) -> None:
        self._banners.show(notice)

    def show_summary(self, content: list[dict[str, Any]]) -> None:
        """Compaction summarised the conversation before this answer: say so, summary expandable."""
        from .summary_panel import SummaryPanel, summary_of

        summary = summary_of(content)
        if summary is not None and self.summary is None:
            self.summary = SummaryPanel(summary, self)
            layout = self.layout()
            if isinstance(layout, QVBoxLayout):
                layout.insertWidget(0, self.summary)

    def add_steps(self, content: list[dict[str, Any]]) -> list[ToolStepWidget]:
        """A step for each tool call in *content* that has none yet."""
        from parley.core.tools.session import ToolCall

        from .tool_steps import ToolStepWidget

        added = []
        for call in ToolCall.all_in(content):
            if call.id in self.steps:
                continue
            step = ToolStepWidget(call, self)
            step.undo_requested.connect(self.undo_requested)
            self._steps_layout.addWidget(step)
            self.steps[call.id] = step
            added.append(step)
        if added:
            self.set_busy(False)
        return added

    def _on_retry_clicked(self) -> None:
        if self.message_id is not None:
            self.retry_requested.emit(self.message_id)
