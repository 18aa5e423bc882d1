"""One column of a comparison, as the window shows it: its model choice, its own conversation, its
Stop, and "Continue with this one". The compare engine (core/compare.py) runs the column; the pane
paints its replies from their live turns and shows how each ended."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from parley.core.compare import ColumnResult
from parley.core.history.rows import ChatRow
from parley.core.i18n import tr
from parley.core.options import ModelChoice
from parley.core.presentation.design import SPACE
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.notices import error_notice
from parley.core.turn import LiveTurn

from .banner import BannerSlot
from .chat_view import ChatView
from .message_widgets import AssistantMessageWidget
from .pickers import EffortChoice, EffortPicker, ModelPicker
from .services import Services
from .turn_painter import TurnPainter
from .widgets import icon_button


class ColumnPane(QFrame):
    """Signals: ``continue_requested(str)`` with the column's chat id; ``remove_requested(object)``;
    ``stop_requested(object)``; ``retry_requested(object, int)`` (the pane, the answer to replace);
    ``resend_requested(object)`` (the pane: its last prompt failed before anything arrived)."""

    continue_requested = Signal(str)
    remove_requested = Signal(object)
    stop_requested = Signal(object)
    retry_requested = Signal(object, int)
    resend_requested = Signal(object)

    def __init__(
        self, services: Services, renderer: MarkdownRenderer, choice: ModelChoice, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareColumn")
        self._services = services
        self.chat_id: str | None = None
        self.busy = False
        self.painter: TurnPainter | None = None
        self._reply: AssistantMessageWidget | None = None
        self._prompt: QWidget | None = None  # this turn's bubble (taken back if nothing arrived)
        self._ended: ColumnResult | None = None  # the reply is over; its text may still be laying out
        self.last_prompt = ""
        self.model_picker = ModelPicker(self)
        self.effort_picker = EffortPicker(self)
        self.thinking = icon_button("brain", tr("Thinking on or off for this column"), self)
        self.thinking.setObjectName("toggle")
        self.thinking.setCheckable(True)
        self.stop_button = icon_button("circle-stop", tr("Stop this column"), self)
        self.stop_button.setText(tr("Stop"))
        self.stop_button.hide()  # while the column answers; in the place of Remove
        self.remove_button = icon_button("x", tr("Remove this column"), self)
        self.continue_button = QPushButton(tr("Continue as a chat"), self)
        self.continue_button.setToolTip(tr("Continue with this one: its thread becomes a normal chat"))
        self.continue_button.setAccessibleName(tr("Continue this column as a normal chat"))
        self.continue_button.setEnabled(False)
        self.continue_button.hide()
        self.view = ChatView(renderer, services.model_name, self)
        self.view.empty_label.setWordWrap(True)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(2)
        head.addWidget(self.model_picker, 3)
        head.addWidget(self.effort_picker, 2)
        head.addWidget(self.thinking)
        head.addWidget(self.remove_button)
        head.addWidget(self.stop_button)
        foot = QHBoxLayout()  # shown only once the column has a thread to continue
        foot.setContentsMargins(0, 0, 0, 0)
        foot.addStretch(1)
        foot.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE[2], SPACE[2], SPACE[2], SPACE[2])
        layout.setSpacing(SPACE[1])
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        self._notice_layout = QVBoxLayout()
        layout.addLayout(self._notice_layout)
        self.banners = BannerSlot(self._notice_layout, self, self._on_banner_action)
        layout.addLayout(foot)
        self.model_picker.model_changed.connect(self._on_model_changed)
        self.stop_button.clicked.connect(lambda: self.stop_requested.emit(self))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.continue_button.clicked.connect(self._on_continue_clicked)
        self.view.retry_requested.connect(lambda message_id: self.retry_requested.emit(self, message_id))
        self.set_choice(choice)

    # ------------------------------------------------------------ choices

    def set_choice(self, choice: ModelChoice) -> None:
        self.model_picker.set_models(self._services.visible_models(), choice.model, self._services.standing)
        model = self._services.catalog.resolve(self.model_picker.current_model())
        self.effort_picker.configure(model, EffortChoice(choice.effort, choice.budget_tokens))
        self.thinking.setChecked(choice.thinking)

    def choice(self) -> ModelChoice:
        effort = self.effort_picker.choice()
        return ModelChoice(
            self.model_picker.current_model(), effort.effort, self.thinking.isChecked(), effort.budget_tokens
        )

    def lock_choices(self, locked: bool) -> None:
        """Once a comparison has started, a column keeps its model (its thread belongs to it)."""
        self.model_picker.setEnabled(not locked)
        self.model_picker.setProperty("locked", locked)  # styled as the column's title, not greyed out
        self.model_picker.style().unpolish(self.model_picker)
        self.model_picker.style().polish(self.model_picker)
        self.remove_button.setVisible(not locked and not self.busy)

    def _on_model_changed(self, model_id: str) -> None:
        model = self._services.catalog.resolve(model_id)
        self.effort_picker.configure(model, self.effort_picker.choice())

    # ------------------------------------------------------------ the thread

    def load(self, column: ChatRow, focus_id: int | None = None) -> None:
        self.chat_id = column.id
        self.set_choice(ModelChoice(column.model or self._services.new_chat_model(), column.effort, column.thinking))
        store = self._services.store
        self.view.show_branch(store.branch_ids(column.id, through=focus_id), store.messages_by_id, focus_id)
        self.lock_choices(True)
        self._set_busy(False)

    def begin_prompt(self, prompt: str) -> None:
        """The column's turn starts: its bubble, and a busy answer waiting for the reply."""
        self.banners.show(None)
        self.last_prompt = prompt
        self._prompt = self.view.add_user(0, prompt)
        self._begin()

    def begin_retry(self, message_id: int) -> None:
        """Answer again: the old answer's widget gives way (it stays in the history as a branch)."""
        self.banners.show(None)
        self._prompt = None
        for widget in self.view.message_widgets():
            if isinstance(widget, AssistantMessageWidget) and widget.message_id == message_id:
                self.view.remove(widget)
        self._begin()

    def _begin(self) -> None:
        self._reply = self.view.add_assistant()
        self._reply.set_busy(True)
        self.view.scroll_to_bottom()
        self.painter = None
        self._ended = None
        self._set_busy(True)

    def begin_reply(self, user_id: int, reply_id: int, live: LiveTurn) -> None:
        """The engine opened the reply: paint it from *live*."""
        if self._reply is None:
            return
        paused = None
        if self.painter is not None and self._reply.message_id not in (None, reply_id):
            paused = self._reply  # the answer went on after a pause: the rest in a reply of its own
            self.painter.paint(final=True)
            paused.show_web(self.painter.live.message().get("content") or [])
            paused.show_sources(self.painter.live.sources.sources)
            paused.set_busy(False)
            self._reply = self.view.add_assistant()
            self._reply.set_busy(True)
        self._reply.message_id = reply_id
        self._reply.parent_id = user_id
        self.painter = TurnPainter(
            self._reply, live, collapse_thinking=self._services.settings.collapse_thinking, paused=paused
        )

    @property
    def painting(self) -> bool:
        """A reply is streaming or its last text is still being laid out."""
        return self.painter is not None

    def paint(self) -> None:
        """One frame: what arrived moves into the reply; once the reply is over and all of it is
        laid out, how it ended is shown."""
        if self.painter is None:
            return
        caught_up = self.painter.paint(final=self._ended is not None)
        if self._ended is not None and caught_up:
            self._show_end(self._ended)

    def finish(self, result: ColumnResult) -> None:
        """The column's reply is over: how it ended is shown once its text is all laid out."""
        self._ended = result
        self._set_busy(False)
        if self.painter is None:
            self._show_end(result)
        else:
            self.paint()

    def _show_end(self, result: ColumnResult) -> None:
        widget = self._reply
        if widget is not None:
            outcome = result.outcome
            if result.cancelled:
                widget.set_status(tr("Stopped — this answer is incomplete."))
            elif outcome is not None and self.painter is not None:
                self.painter.finish(outcome, self._services.model_name(outcome.model))
            error = result.error
            if error is not None and (outcome is None or outcome.reply_id is None):
                self.view.remove(widget)  # nothing arrived: the failure says why in the column's banner
                if self._prompt is not None and outcome is not None and outcome.rolled_back:
                    self.view.remove(self._prompt)
                self.banners.show(error_notice(error))
            elif error is not None:
                widget.show_notice(error_notice(error, stopped_partial=bool(result.text)))
            widget.set_busy(False)
        self._reply = None
        self._prompt = None
        self.painter = None
        self._ended = None
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.stop_button.setVisible(busy)
        self.remove_button.setVisible(not busy and self.model_picker.isEnabled())
        has_thread = self.chat_id is not None and not self._services.store.chat_is_empty(self.chat_id)
        self.continue_button.setEnabled(not busy and has_thread)
        self.continue_button.setVisible(not busy and has_thread)

    def _on_banner_action(self, action: str) -> None:
        if action == "retry" and not self.busy:
            self.resend_requested.emit(self)
        elif action == "pick_model":
            self.model_picker.setEnabled(True)
            self.model_picker.showPopup()

    def _on_continue_clicked(self) -> None:
        if self.chat_id is not None:
            self.continue_requested.emit(self.chat_id)
