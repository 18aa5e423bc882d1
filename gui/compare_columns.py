"""One column of a comparison: its own model, effort and thinking switch, its own conversation
view and controller (streaming, thinking panel, stop, retry), and "Continue with this one"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from parley.core.compare import ColumnSpec
from parley.core.history.store import ChatRow
from parley.core.i18n import tr
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.request import ChatOptions

from .chat_view import ChatView
from .controller import ChatController
from .message_widgets import BannerSlot
from .pickers import EffortChoice, EffortPicker, ModelPicker
from .services import Services


class ColumnPane(QFrame):
    """Signals: ``continue_requested(str)`` with the column's chat id; ``remove_requested(object)``."""

    continue_requested = Signal(str)
    remove_requested = Signal(object)

    def __init__(
        self, services: Services, renderer: MarkdownRenderer, spec: ColumnSpec, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareColumn")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._services = services
        self.model_picker = ModelPicker(self)
        self.effort_picker = EffortPicker(self)
        self.thinking = QCheckBox(tr("Thinking"), self)
        self.thinking.setAccessibleName(tr("Thinking on or off for this column"))
        self.stop_button = QPushButton(tr("Stop"), self)
        self.stop_button.setAccessibleName(tr("Stop this column"))
        self.stop_button.setEnabled(False)
        self.remove_button = QPushButton("✕", self)
        self.remove_button.setAccessibleName(tr("Remove this column"))
        self.remove_button.setToolTip(tr("Remove this column"))
        self.remove_button.setFixedWidth(28)
        self.continue_button = QPushButton(tr("Continue as a chat"), self)
        self.continue_button.setToolTip(tr("Continue with this one: its thread becomes a normal chat"))
        self.continue_button.setAccessibleName(tr("Continue this column as a normal chat"))
        self.continue_button.setEnabled(False)
        self.view = ChatView(renderer, services.model_name, self)
        self.controller = ChatController(
            services.runner, self.view, services.model_name, collapse_thinking=services.settings.collapse_thinking
        )
        for combo in (self.model_picker, self.effort_picker):  # four columns must fit a laptop screen
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.view.empty_label.setWordWrap(True)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.model_picker, 1)
        head.addWidget(self.effort_picker)
        head.addWidget(self.thinking)
        head.addWidget(self.remove_button)
        foot = QHBoxLayout()
        foot.setContentsMargins(0, 0, 0, 0)
        foot.addWidget(self.stop_button)
        foot.addStretch(1)
        foot.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        self._notice_layout = QVBoxLayout()
        layout.addLayout(self._notice_layout)
        self.banners = BannerSlot(self._notice_layout, self, self._on_banner_action)
        layout.addLayout(foot)
        self.last_prompt = ""
        self.model_picker.model_changed.connect(self._on_model_changed)
        self.stop_button.clicked.connect(self.controller.stop)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.continue_button.clicked.connect(self._on_continue_clicked)
        self.view.retry_requested.connect(self._on_retry_requested)
        self.controller.busy_changed.connect(self._on_busy_changed)
        self.controller.notice_posted.connect(self.banners.show)  # a failing column says so in place
        self.set_spec(spec)

    # ------------------------------------------------------------ choices

    def set_spec(self, spec: ColumnSpec) -> None:
        self.model_picker.set_models(self._services.visible_models(), spec.model, self._services.standing)
        model = self._services.catalog.resolve(self.model_picker.current_model())
        self.effort_picker.configure(model, EffortChoice(spec.effort, spec.budget_tokens))
        self.thinking.setChecked(spec.thinking)

    def spec(self) -> ColumnSpec:
        choice = self.effort_picker.choice()
        return ColumnSpec(
            self.model_picker.current_model(), choice.effort, self.thinking.isChecked(), choice.budget_tokens
        )

    def options(self) -> ChatOptions:
        s = self._services.settings
        return self.spec().options(max_tokens=s.max_tokens)

    def lock_choices(self, locked: bool) -> None:
        """Once a comparison has started, a column keeps its model (its thread belongs to it)."""
        for widget in (self.model_picker, self.remove_button):
            widget.setEnabled(not locked)

    def _on_model_changed(self, model_id: str) -> None:
        model = self._services.catalog.resolve(model_id)
        self.effort_picker.configure(model, self.effort_picker.choice())

    # ------------------------------------------------------------ thread

    def load(self, column: ChatRow, focus_id: int | None = None) -> None:
        self.controller.chat_id = column.id
        self.set_spec(ColumnSpec(column.model or self._services.settings.default_model, column.effort, column.thinking))
        store = self._services.store
        self.view.show_branch(store.branch_ids(column.id, through=focus_id), store.messages_by_id, focus_id)
        self.lock_choices(True)
        self.continue_button.setEnabled(not store.chat_is_empty(column.id))

    def send(self, prompt: str) -> bool:
        self.last_prompt = prompt
        return self.controller.send(prompt, self.options())

    def _on_banner_action(self, action: str) -> None:
        if action == "retry" and self.last_prompt and not self.controller.busy:
            self.send(self.last_prompt)
        elif action == "pick_model":
            self.model_picker.setEnabled(True)
            self.model_picker.showPopup()

    def _on_retry_requested(self, message_id: int) -> None:
        self.controller.retry(message_id, self.options())

    def _on_busy_changed(self, busy: bool) -> None:
        self.stop_button.setEnabled(busy)
        has_thread = self.controller.chat_id is not None and not self._services.store.chat_is_empty(
            self.controller.chat_id
        )
        self.continue_button.setEnabled(not busy and has_thread)

    def _on_continue_clicked(self) -> None:
        if self.controller.chat_id is not None:
            self.continue_requested.emit(self.controller.chat_id)
