"""One widget per message in the conversation: the user's prompts and Claude's answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from parley.core.conversation import text_of
from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.presentation.citations import Source, cited_markdown
from parley.core.presentation.design import SPACE
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.notices import Notice, footer_brief, footer_text, stop_notice
from parley.core.presentation.web_steps import apply_result, result_blocks, web_calls

from .answer_parts import AnswerParts
from .banner import Banner, BannerSlot
from .focus_order import fit_in_tab_order
from .markdown_view import MarkdownView
from .message_parts import ActionRow, BranchSwitcher, StatsLine, VersionsSlot, copy_text
from .thinking_panel import ThinkingPanel

if TYPE_CHECKING:
    from parley.core.history.rows import MessageRow

    from .tool_steps import ToolStepWidget
    from .web_steps import SourcesPanel, WebStepWidget

BUBBLE_SHARE = 0.8  # a prompt's bubble is at most this share of the reading column


SAVED_STATUS = {  # how a saved answer that did not finish says so
    "stopped": QT_TR_NOOP("Stopped — this answer is incomplete."),
    "interrupted": QT_TR_NOOP("Interrupted — Parley closed while this answer was arriving; what arrived is kept."),
    "error": QT_TR_NOOP("This answer failed part way; what arrived is kept."),
}


class UserMessageWidget(QWidget):
    """A prompt: a compact bubble on the right of the reading column, its actions under it.

    Signals: ``edit_requested(int)`` with the message id."""

    edit_requested = Signal(int)
    branch_requested = Signal(int)  # another version of this prompt, by id

    def __init__(
        self,
        message_id: int,
        text: str,
        parent: QWidget | None = None,
        files: Sequence[tuple[dict[str, Any], bytes | None]] = (),
    ) -> None:
        super().__init__(parent)
        self.message_id = message_id
        self.text = text
        self.bubble = QFrame(self)
        self.bubble.setObjectName("userBubble")
        self.label = QLabel(text, self.bubble)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.label.setAccessibleName(tr("Your message"))
        self.action_row = ActionRow(self)
        self.action_row.watch_focus(self.label)
        edit = self.action_row.add("pencil", tr("Edit this message and send it again"))
        copy = self.action_row.add("copy", tr("Copy this message"))
        edit.setText(tr("Edit"))
        copy.setText(tr("Copy"))
        edit.clicked.connect(lambda: self.edit_requested.emit(self.message_id))
        copy.clicked.connect(lambda: copy_text(self.text))
        inner = self._inner = QVBoxLayout(self.bubble)
        inner.setContentsMargins(SPACE[3] + 2, SPACE[2], SPACE[3] + 2, SPACE[2])
        self.files = None
        if files:
            from .attachment_views import AttachmentStrip

            self.files = AttachmentStrip(files, parent=self.bubble)
            inner.addWidget(self.files)
        self.label.setVisible(bool(text))
        inner.addWidget(self.label)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.bubble)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addStretch(1)
        actions.addWidget(self.action_row)
        self.versions_slot = VersionsSlot(self, actions, self.action_row, self.branch_requested.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addLayout(actions)
        self._natural = _natural_width(self.label, text)

    @property
    def versions(self) -> BranchSwitcher | None:
        """The ‹ 2/3 › switcher, once this prompt has a second version (an edit)."""
        return self.versions_slot.switcher

    def resizeEvent(self, event: QResizeEvent) -> None:
        """As wide as its text, at most most of the column: short prompts stay compact bubbles."""
        super().resizeEvent(event)
        inner = self._inner.contentsMargins()
        margins = inner.left() + inner.right() + 2 * self.bubble.frameWidth()
        files = self.files.sizeHint().width() if self.files is not None else 0
        cap = max(120, int(event.size().width() * BUBBLE_SHARE))
        width = min(cap, max(self._natural, files) + margins + 4)
        if self.bubble.width() != width:
            self.bubble.setFixedWidth(width)

    def mark_left_out(self) -> None:
        """Claude declined this prompt: it stays in the history, dimmed, but is not sent again."""
        self.setProperty("leftOut", True)
        self.bubble.setProperty("leftOut", True)
        self.setToolTip(tr("Left out of the conversation: Claude declined this message, so it is not sent again."))
        self.label.setAccessibleDescription(tr("Left out of the conversation"))
        for widget in (self.bubble, self.label):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


def _natural_width(label: QLabel, text: str) -> int:
    """The width *text* needs on one line per paragraph (long lines wrap at the bubble's cap)."""
    metrics = label.fontMetrics()
    return max((metrics.horizontalAdvance(line) for line in text.splitlines()[:200]), default=0)


class AssistantMessageWidget(QWidget):
    """An answer: thinking panel, markdown body, footer, actions and an optional banner.

    Signals: ``retry_requested(int)`` with the message id; ``action_requested(str)`` from its banner.
    """

    retry_requested = Signal(int)
    action_requested = Signal(str)
    undo_requested = Signal(int)
    thinking_toggled = Signal(bool)  # the user opened (True) or folded its thinking panel
    branch_requested = Signal(int)  # another version of this answer, by id

    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_id: int | None = None
        self.parent_id: int | None = None  # the prompt (or tool results) this answers
        self.refused = False  # Claude declined: this exchange is left out of the conversation
        self.steps: dict[str, ToolStepWidget] = {}  # tool_use id → its step
        self.web_steps: dict[str, WebStepWidget] = {}  # server_tool_use id → its web search or fetch
        self._sources: SourcesPanel | None = None  # built when the answer cites something
        self.markdown = ""
        self.summary: QWidget | None = None  # compaction's "earlier conversation summarised"
        self._thinking: ThinkingPanel | None = None  # built when an answer has thinking to show
        self.body = MarkdownView(renderer, self)  # (a long answer streams on in more views: self.parts)
        self.stats = StatsLine(self)
        self.footer = self.stats.footer  # every figure; the stats line shows the brief ones
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.status.hide()
        self.action_row = ActionRow(self)
        self.action_row.watch_focus(self.body)
        self.copy_button = self.action_row.add("copy", tr("Copy this answer as markdown"))
        self.copy_button.setText(tr("Copy"))
        self.retry_button = self.action_row.add("rotate-ccw", tr("Ask for this answer again"))
        self.retry_button.setText(tr("Retry"))
        self.copy_button.clicked.connect(lambda: copy_text(self.markdown))
        self.retry_button.clicked.connect(self._on_retry_clicked)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.stats, 1, Qt.AlignmentFlag.AlignTop)
        actions.addWidget(self.action_row, 0, Qt.AlignmentFlag.AlignTop)
        self.versions_slot = VersionsSlot(self, actions, self.action_row, self.branch_requested.emit)
        self._banner_slot = QVBoxLayout()
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE[1])
        self._web_layout = QVBoxLayout()
        self._web_layout.setSpacing(2)
        layout.addLayout(self._web_layout)  # the searches come before the text they inform
        layout.addWidget(self.body)
        self.parts = AnswerParts(self, layout, self.body, lambda: MarkdownView(renderer, self))
        self._steps_layout = QVBoxLayout()
        self._steps_layout.setSpacing(2)
        layout.addLayout(self._steps_layout)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addLayout(self._banner_slot)
        self._banners = BannerSlot(self._banner_slot, self, self.action_requested.emit)
        self.set_busy(False)

    @property
    def versions(self) -> BranchSwitcher | None:
        """The ‹ 2/3 › switcher, once this answer has a second version."""
        return self.versions_slot.switcher

    def show_saved(self, row: MessageRow, model_name: str, *, thinking_open: bool = False) -> None:
        """A finished answer from the history: its thinking (open as *thinking_open*), text, figures,
        how it ended."""
        self.message_id = row.id
        thinking_blocks = [b for b in row.content if b.get("type") in ("thinking", "redacted_thinking")]
        if thinking_blocks:
            thoughts = text_of(row.content, "thinking")
            self.thinking.show()
            self.thinking.set_static(
                thoughts,
                row.thinking_s,
                omitted=not thoughts,
                redacted=any(b.get("type") == "redacted_thinking" for b in thinking_blocks),
                expanded=thinking_open,
            )
        self.show_summary(row.content)
        self.markdown, sources = cited_markdown(row.content)
        self.show_web(row.content)
        self.show_sources(sources)
        self.parts.reset()
        self.body.set_markdown(self.markdown)
        self.show_figures(model_name, row.effort, row.usage, row.cost_usd, row.ttft_s, row.duration_s)
        status = SAVED_STATUS.get(row.status)
        self.set_status(tr(status) if status else None)
        self.refused = row.stop_reason == "refusal"
        notice: Notice | None = stop_notice(row.stop_reason, row.stop_details)
        if row.status == "error" and row.error:
            notice = Notice(row.error, "error", ("retry",))
        elif row.status == "interrupted":
            notice = Notice(tr("Parley closed before this answer finished."), "warning", ("retry",))
        self.show_notice(notice)
        self.set_busy(False)

    def show_figures(
        self,
        model: str,
        effort: str | None,
        usage: dict[str, Any] | None,
        cost: float | None,
        ttft_s: float | None,
        duration_s: float | None,
    ) -> None:
        """The answer's figures: the brief line, and all of them behind its disclosure arrow."""
        self.stats.set_text(
            footer_brief(model, cost, duration_s), footer_text(model, effort, usage, cost, ttft_s, duration_s)
        )

    @property
    def thinking(self) -> ThinkingPanel:
        """The thinking panel (hidden until shown), built on first use: most answers in a long chat
        have none, and an unused panel cost ~150 KB (tests/perf/history_bench.py P5)."""
        if self._thinking is None:
            self._thinking = ThinkingPanel(self)
            self._thinking.toggled.connect(self.thinking_toggled)
            self._thinking.hide()
            self._layout.insertWidget(self._layout.indexOf(self.body), self._thinking)
            fit_in_tab_order(self, self._thinking)  # Tab reaches the thinking before the answer
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
        if text:
            self.parts.show_room()  # the line shows below the text: no room out of sight between

    def show_notice(self, notice: Notice | None) -> None:
        self._banners.show(notice)
        if notice is not None:
            self.parts.show_room()

    def show_summary(self, content: list[dict[str, Any]]) -> None:
        """Compaction summarised the conversation before this answer: say so, summary expandable."""
        from .summary_panel import SummaryPanel, summary_of

        summary = summary_of(content)
        if summary is not None and self.summary is None:
            self.summary = SummaryPanel(summary, self)
            layout = self.layout()
            if isinstance(layout, QVBoxLayout):
                layout.insertWidget(0, self.summary)

    def show_web(self, content: list[dict[str, Any]]) -> None:
        """A step for each web search or fetch in *content*, brought up to date."""
        calls = web_calls(content)
        if not calls:
            return
        from .web_steps import WebStepWidget

        for call in calls:
            step = self.web_steps.get(call.id)
            if step is None:
                step = self.web_steps[call.id] = WebStepWidget(call, self)
                self._web_layout.addWidget(step)
            else:
                step.update_call(call)

    def settle_web(self, content: list[dict[str, Any]]) -> None:
        """Results, in the reply that went on after this paused one, of the searches still running here."""
        for call_id, block in result_blocks(content).items():
            step = self.web_steps.get(call_id)
            if step is not None and not step.call.done:
                apply_result(step.call, block)
                step.update_call(step.call)

    def show_sources(self, sources: list[Source]) -> None:
        """The Sources list under the answer (hidden when it cites nothing)."""
        if not sources and self._sources is None:
            return
        if self._sources is None:
            from .web_steps import SourcesPanel

            self._sources = SourcesPanel(self)
            self._layout.insertWidget(self._layout.indexOf(self.status), self._sources)
        self._sources.set_sources(sources)

    @property
    def sources(self) -> SourcesPanel | None:
        return self._sources

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
            self.parts.show_room()  # the steps show below the text: no room out of sight between
            self.set_busy(False)
        return added

    def _on_retry_clicked(self) -> None:
        if self.message_id is not None:
            self.retry_requested.emit(self.message_id)


def last_answer_of(widgets: Sequence[QWidget]) -> tuple[int | None, str]:
    """The latest answer's id and its markdown ((None, "") without one)."""
    answers = [w for w in widgets if isinstance(w, AssistantMessageWidget)]
    return (answers[-1].message_id, answers[-1].markdown) if answers else (None, "")


def warm_up(renderer: MarkdownRenderer, parent: QWidget) -> None:
    """Pay first-use costs (text layout, fonts, the code highlighter) while the user is still typing.

    Without it the first answer's first frame took ~60 ms more than the rest.
    """
    renderer.math.warm()  # the formula thread imports its typesetter (~200 ms) off the UI thread
    widget = AssistantMessageWidget(renderer, parent)
    widget.hide()
    widget.thinking.append("warming up")
    widget.body.stream_update("## Warm-up\n\n- item\n\n```python\nprint('x')\n```\n\n| a |\n|---|\n| 1 |", final=True)
    widget.deleteLater()
