"""Compare mode: 2–4 columns answering the same prompt at once, side by side (scrolling sideways
when the window is too narrow for them), with the metrics under them (compare_metrics.py).

The window's composer sends to every column; each column has its own model, effort, thinking
switch, stop and retry. The compare engine (core/compare.py) runs the columns, the same engine
``parley compare`` runs; this view paints them. Saved model sets (Settings) pick the columns in
one go.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QScrollArea, QVBoxLayout, QWidget

from parley.core.compare import MAX_COLUMNS, MIN_COLUMNS, ColumnResult, Comparison
from parley.core.compare_metrics import Metrics, metric_table
from parley.core.errors import ParleyError
from parley.core.i18n import tr
from parley.core.options import ModelChoice
from parley.core.presentation.design import SPACE
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.notices import error_notice
from parley.core.turn import LiveTurn

from .compare_columns import ColumnPane
from .compare_metrics import MetricsSection
from .markdown_view import FRAME_BUDGET
from .quiet_collection import quiet_collection
from .services import Services
from .shown_chat import ShownChat
from .turn_painter import FRAME_MS
from .widgets import ElidedLabel, ElidingComboBox, icon_button

LIVE_MS = 250
COLUMN_MIN_WIDTH = 320  # px per column; narrower windows scroll the columns sideways
DEFAULT_CHOICES = [ModelChoice("claude-opus-4-7", "high"), ModelChoice("claude-sonnet-4-6", "medium")]


class CompareView(QWidget):
    """Signals: ``busy_changed(bool)``; ``chat_saved(str)`` (the comparison's id);
    ``continue_requested(str)`` (a column's chat id); ``notice_posted(object)``."""

    busy_changed = Signal(bool)
    chat_saved = Signal(str)
    continue_requested = Signal(str)
    notice_posted = Signal(object)

    def __init__(
        self, services: Services, renderer: MarkdownRenderer, shown: ShownChat, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._renderer = renderer
        self._shown = shown
        self.comparison: Comparison | None = None
        self.panes: list[ColumnPane] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._running = 0  # turns under way (a comparison, or one column's retry)
        self._was_busy = False
        self.sets = ElidingComboBox(self)
        self.sets.setAccessibleName(tr("Saved model sets"))
        self.save_set = icon_button("bookmark-plus", tr("Save these columns as a model set"), self)
        self.add_button = icon_button("plus", tr("Add a column"), self, text=True)
        self.add_button.setText(tr("Add column"))
        for button in (self.save_set, self.add_button):  # clicking one leaves the focus in the composer
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.title = ElidedLabel(tr("Compare models: one prompt, every column answers at once."), self)
        self.title.setObjectName("title")
        # The columns stand side by side, each at least COLUMN_MIN_WIDTH wide; when they do not fit,
        # the strip scrolls sideways (never stacked: the answers are read next to each other).
        self.strip = QWidget(self)
        self.strip.setObjectName("compareStrip")
        self._columns = QHBoxLayout(self.strip)
        self._columns.setContentsMargins(0, 0, 0, 0)
        self._columns.setSpacing(SPACE[3])
        self.columns_area = QScrollArea(self)
        self.columns_area.setObjectName("compareScroll")
        self.columns_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes into the columns; the area follows
        self.columns_area.setWidgetResizable(True)
        self.columns_area.setFrameShape(QFrame.Shape.NoFrame)
        self.columns_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.columns_area.setWidget(self.strip)
        self.metrics_section = MetricsSection(self)
        self.table = self.metrics_section.table
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.sets)
        bar.addWidget(self.save_set)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE[4], SPACE[2], SPACE[4], SPACE[1])
        layout.setSpacing(SPACE[2])
        layout.addLayout(bar)
        layout.addWidget(self.columns_area, 1)
        layout.addWidget(self.metrics_section)
        self._frame = QTimer(self)  # the columns' replies painted ~30 times a second while they stream
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._paint)
        self._ticker = QTimer(self)  # live figures in the table
        self._ticker.setInterval(LIVE_MS)
        self._ticker.timeout.connect(self._update_live_cells)
        self.sets.activated.connect(self._on_set_chosen)
        self.save_set.clicked.connect(self._on_save_set_clicked)
        self.add_button.clicked.connect(lambda: self.add_column(self._next_choice()))
        self.refresh_sets()

    # ------------------------------------------------------------ columns

    def new(self, choices: list[ModelChoice] | None = None) -> None:
        """A fresh comparison (nothing is saved until the first prompt)."""
        self.comparison = None
        self._clear_columns()
        for choice in choices or self._default_choices():
            self.add_column(choice)
        self.title.setText(tr("Compare models: one prompt, every column answers at once."))
        self._update_table()

    def open(self, compare_id: str, focus_id: int | None = None) -> None:
        s = self._services
        self.comparison = Comparison(s.store, s.runner(), compare_id, s.settings)
        self._clear_columns()
        for column in self.comparison.columns():
            pane = self.add_column(ModelChoice(column.model or "", column.effort, column.thinking))
            pane.load(column, focus_id)
        chat = s.store.find_chat(compare_id)
        self.title.setText(chat.title if chat else "")
        self._update_table()

    def add_column(self, choice: ModelChoice) -> ColumnPane:
        pane = ColumnPane(self._services, self._renderer, choice, self.strip)
        pane.setMinimumWidth(COLUMN_MIN_WIDTH)
        pane.remove_requested.connect(self._on_remove_requested)
        pane.continue_requested.connect(self.continue_requested)
        pane.stop_requested.connect(self._on_stop_requested)
        pane.retry_requested.connect(self._on_retry_requested)
        pane.resend_requested.connect(self._on_resend_requested)
        self._columns.addWidget(pane, 1)
        self.panes.append(pane)
        self._update_buttons()
        return pane

    def _clear_columns(self) -> None:
        self.stop()
        for pane in self.panes:
            pane.setParent(None)
            pane.deleteLater()
        self.panes = []

    def _on_remove_requested(self, pane: ColumnPane) -> None:
        if len(self.panes) > MIN_COLUMNS and self.comparison is None:
            self.panes.remove(pane)
            pane.setParent(None)
            pane.deleteLater()
            self._update_buttons()
            self._update_table()

    def _update_buttons(self) -> None:
        fresh = self.comparison is None
        self.add_button.setEnabled(fresh and len(self.panes) < MAX_COLUMNS)
        for pane in self.panes:
            pane.remove_button.setEnabled(fresh and len(self.panes) > MIN_COLUMNS)

    def _next_choice(self) -> ModelChoice:
        used = {p.choice().model for p in self.panes}
        free = [m.id for m in self._services.visible_models() if m.id not in used]
        return ModelChoice(free[0] if free else self._services.new_chat_model())

    def _default_choices(self) -> list[ModelChoice]:
        known = {m.id for m in self._services.visible_models()}
        choices = [c for c in DEFAULT_CHOICES if c.model in known]
        while len(choices) < MIN_COLUMNS:
            choices.append(ModelChoice(self._services.new_chat_model()))
        return choices

    # ------------------------------------------------------------ sending

    @property
    def busy(self) -> bool:
        """A turn is under way, or a reply is still being laid out (the Stop button stays till then)."""
        return self._running > 0 or any(p.painting for p in self.panes)

    def send(self, prompt: str) -> bool:
        """The prompt to every column (a new comparison is saved, with the shown chat's setup, on
        the first one)."""
        if self.busy:
            return False
        if self.comparison is None:
            s = self._services
            choices = [p.choice() for p in self.panes]
            try:
                self.comparison = Comparison.create(s.store, s.runner(), prompt, choices, s.settings, self._shown.setup)
            except ParleyError as error:
                self.notice_posted.emit(error_notice(error))
                return False
            self._shown.adopt(self.comparison.id)
            for pane, column in zip(self.panes, self.comparison.columns(), strict=True):
                pane.chat_id = column.id
                pane.lock_choices(True)
            self.title.setText(prompt.splitlines()[0][:80] if prompt.strip() else "")
            self._update_buttons()
        work = self.comparison.ask(
            prompt, [p.choice() for p in self.panes], on_begin=self._on_column_begin, on_end=self._on_column_end
        )
        self._run(work, self.panes, prompt)
        return True

    def _run(self, work: Coroutine[Any, Any, object], panes: list[ColumnPane], prompt: str | None) -> None:
        # The columns stream at once, so they share the layout work of a frame: a third more than one
        # view's budget in all (measured, tests/perf/compare_bench.py: smaller shares cost CPU in
        # per-frame overhead, larger ones stall the loop).
        for pane in self.panes:
            pane.view.frame_budget = FRAME_BUDGET * 4 // (3 * len(self.panes))
        for pane in panes:
            if prompt is not None:
                pane.begin_prompt(prompt)
        self._running += 1
        task = self._services.tasks.spawn(self._await(work), name="comparison")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self._on_busy_changed()

    async def _await(self, work: Coroutine[Any, Any, object]) -> None:
        try:
            with quiet_collection():
                await work
        finally:
            self._running -= 1  # the composer and the table learn it at once, not a loop turn later
            self._on_busy_changed()

    def _on_column_begin(self, index: int, _chat_id: str, user_id: int, reply_id: int, live: LiveTurn) -> None:
        if index < len(self.panes):
            self.panes[index].begin_reply(user_id, reply_id, live)

    def _on_column_end(self, index: int, result: ColumnResult) -> None:
        if index < len(self.panes):
            self.panes[index].finish(result)
        self._update_table()

    def _on_stop_requested(self, pane: ColumnPane) -> None:
        if self.comparison is not None and pane in self.panes:
            self.comparison.stop(self.panes.index(pane))

    def _on_retry_requested(self, pane: ColumnPane, message_id: int) -> None:
        comparison, store = self.comparison, self._services.store
        row = store.message(message_id)
        if comparison is None or pane.busy or row is None or row.parent_id is None or pane not in self.panes:
            return
        index = self.panes.index(pane)
        pane.begin_retry(message_id)
        work = comparison.retry(
            index, row.parent_id, pane.choice(), on_begin=self._on_column_begin, on_end=self._on_column_end
        )
        self._run(work, [pane], None)

    def _on_resend_requested(self, pane: ColumnPane) -> None:
        """A column whose prompt failed before anything arrived sends it again, alone."""
        if self.comparison is None or pane.busy or not pane.last_prompt or pane not in self.panes:
            return
        index = self.panes.index(pane)
        work = self.comparison.ask(
            pane.last_prompt,
            [p.choice() for p in self.panes],
            on_begin=self._on_column_begin,
            on_end=self._on_column_end,
            only=[index],
        )
        self._run(work, [pane], pane.last_prompt)

    def stop(self) -> None:
        if self.comparison is not None:
            self.comparison.stop()

    async def finished(self) -> None:
        """Wait until every column's turn is over and its reply laid out."""
        await asyncio.gather(*self._tasks, return_exceptions=True)
        while self.busy:  # noqa: ASYNC110 (frame pacing: the frame timer lays the replies out)
            await asyncio.sleep(FRAME_MS / 1000)

    async def stop_and_wait(self) -> None:
        self.stop()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _on_busy_changed(self) -> None:
        busy = self.busy
        if busy:
            self._frame.start()
            self._ticker.start()
        else:
            self._frame.stop()
            self._ticker.stop()
        self._update_table()
        if busy == self._was_busy:
            return
        self._was_busy = busy
        self.busy_changed.emit(busy)
        if not busy and self.comparison is not None:
            self._services.store.touch_chat(self.comparison.id)
            self.chat_saved.emit(self.comparison.id)

    def _paint(self) -> None:
        for pane in self.panes:
            pane.paint()
        if not self.busy:
            self._on_busy_changed()

    # ------------------------------------------------------------ metrics

    def metrics(self) -> list[Metrics]:
        """Each column's latest reply, as saved (live columns show what they have so far)."""
        out = []
        store = self._services.store
        for pane in self.panes:
            chat_id = pane.chat_id
            last = store.messages_by_id(store.branch_ids(chat_id)[-1:]) if chat_id else []  # the reply only
            reply = last[0] if last and last[0].role == "assistant" else None
            out.append(Metrics.of_reply(reply) if reply is not None else Metrics())
        return out

    def _live(self) -> list[LiveTurn | None]:
        return [p.painter.live if p.busy and p.painter is not None else None for p in self.panes]

    def _update_live_cells(self) -> None:
        self.metrics_section.update_live(self._live())

    def _update_table(self) -> None:
        self.metrics_section.fill(
            metric_table(self.metrics()),
            [p.choice().label(self._services.catalog) for p in self.panes],
            [self._services.model_name(p.choice().model) for p in self.panes],
            self._live(),
            [p.busy for p in self.panes],
        )

    # ------------------------------------------------------------ layout and model sets

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.metrics_section.fit_room(event.size().height())

    def refresh_sets(self) -> None:
        self.sets.clear()
        self.sets.addItem(tr("Model sets…"), None)
        for saved in self._services.settings.model_sets:
            self.sets.addItem(str(saved.get("name")), saved.get("columns"))

    def _on_set_chosen(self, index: int) -> None:
        columns = self.sets.itemData(index)
        self.sets.setCurrentIndex(0)
        if isinstance(columns, list) and columns:
            try:
                lineup = self._services.lineup()
                choices = [ModelChoice.parse(str(c)).for_new_chat(lineup) for c in columns][:MAX_COLUMNS]
            except ParleyError as error:
                self.notice_posted.emit(error_notice(error))
                return
            self.new(choices)

    def _on_save_set_clicked(self) -> None:
        default = " vs ".join(p.choice().label(self._services.catalog) for p in self.panes)
        name, ok = QInputDialog.getText(self, tr("Save model set"), tr("Name"), text=default)
        if ok and name.strip():
            self.save_current_set(name.strip())

    def save_current_set(self, name: str) -> None:
        sets = [s for s in self._services.settings.model_sets if s.get("name") != name]
        sets.append({"name": name, "columns": [p.choice().text() for p in self.panes]})
        self._services.settings.model_sets = sets
        self._services.save_settings()
        self.refresh_sets()
