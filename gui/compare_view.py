"""Compare mode: 2–4 columns answering the same prompt at once, side by side (stacked when the
window is narrow), with a metrics table whose best figure in each row stands out.

The window's composer sends to every column; each column has its own model, effort, thinking
switch, stop and retry. Saved model sets (Settings) pick the columns in one go.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from parley.core.compare import MAX_COLUMNS, MIN_COLUMNS, ColumnSpec, Comparison, Metrics, metric_table
from parley.core.errors import ParleyError
from parley.core.i18n import tr
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.notices import error_notice

from .compare_columns import ColumnPane
from .markdown_view import FRAME_BUDGET
from .services import Services

LIVE_MS = 250
CHARS_PER_TOKEN = 4  # for the live estimate only; the API reports output tokens at the end
COLUMN_MIN_WIDTH = 300  # below this per column, columns stack vertically
DEFAULT_SPECS = [ColumnSpec("claude-opus-4-7", "high"), ColumnSpec("claude-sonnet-4-6", "medium")]


class CompareView(QWidget):
    """Signals: ``busy_changed(bool)``; ``chat_saved(str)`` (the comparison's id);
    ``continue_requested(str)`` (a column's chat id); ``notice_posted(object)``."""

    busy_changed = Signal(bool)
    chat_saved = Signal(str)
    continue_requested = Signal(str)
    notice_posted = Signal(object)

    def __init__(self, services: Services, renderer: MarkdownRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._renderer = renderer
        self.comparison: Comparison | None = None
        self.panes: list[ColumnPane] = []
        self.sets = QComboBox(self)
        self.sets.setAccessibleName(tr("Saved model sets"))
        self.save_set = QPushButton(tr("Save set…"), self)
        self.save_set.setAccessibleName(tr("Save these columns as a model set"))
        self.add_button = QPushButton(tr("Add column"), self)
        self.add_button.setAccessibleName(tr("Add a column"))
        for button in (self.save_set, self.add_button):  # clicking one leaves the focus in the composer
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.title = QLabel(tr("Compare models: one prompt, every column answers at once."), self)
        self.title.setObjectName("muted")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.table = QTableWidget(self)
        self.table.setAccessibleName(tr("Comparison metrics"))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(250)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.sets)
        bar.addWidget(self.save_set)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 4)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.table)
        self._ticker = QTimer(self)  # live figures while columns stream
        self._ticker.setInterval(LIVE_MS)
        self._ticker.timeout.connect(self._update_live_cells)
        self.sets.activated.connect(self._on_set_chosen)
        self.save_set.clicked.connect(self._on_save_set_clicked)
        self.add_button.clicked.connect(lambda: self.add_column(self._next_spec()))
        self.refresh_sets()

    # ------------------------------------------------------------ columns

    def new(self, specs: list[ColumnSpec] | None = None) -> None:
        """A fresh comparison (nothing is saved until the first prompt)."""
        self.comparison = None
        self._clear_columns()
        for spec in specs or self._default_specs():
            self.add_column(spec)
        self.title.setText(tr("Compare models: one prompt, every column answers at once."))
        self._update_table()

    def open(self, compare_id: str, focus_id: int | None = None) -> None:
        self.comparison = Comparison(self._services.store, self._services.runner(), compare_id)
        self._clear_columns()
        for column in self.comparison.columns():
            pane = self.add_column(ColumnSpec(column.model or "", column.effort, column.thinking))
            pane.load(column, focus_id)
        chat = self._services.store.find_chat(compare_id)
        self.title.setText(chat.title if chat else "")
        self._update_table()

    def add_column(self, spec: ColumnSpec) -> ColumnPane:
        pane = ColumnPane(self._services, self._renderer, spec, self.splitter)
        pane.remove_requested.connect(self._on_remove_requested)
        pane.continue_requested.connect(self.continue_requested)
        pane.controller.busy_changed.connect(self._on_column_busy_changed)
        self.splitter.addWidget(pane)
        self.panes.append(pane)
        self._update_buttons()
        self._relayout()
        return pane

    def _clear_columns(self) -> None:
        for pane in self.panes:
            pane.controller.stop()
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

    def _next_spec(self) -> ColumnSpec:
        used = {p.spec().model for p in self.panes}
        free = [m.id for m in self._services.visible_models() if m.id not in used]
        return ColumnSpec(free[0] if free else self._services.new_chat_model())

    def _default_specs(self) -> list[ColumnSpec]:
        known = {m.id for m in self._services.visible_models()}
        specs = [s for s in DEFAULT_SPECS if s.model in known]
        while len(specs) < MIN_COLUMNS:
            specs.append(ColumnSpec(self._services.new_chat_model()))
        return specs

    # ------------------------------------------------------------ sending

    @property
    def busy(self) -> bool:
        return any(p.controller.busy for p in self.panes)

    def send(self, prompt: str) -> bool:
        """The prompt to every column (a new comparison is saved on the first one)."""
        if self.busy:
            return False
        if self.comparison is None:
            try:
                self.comparison = Comparison.create(
                    self._services.store, self._services.runner(), prompt, [p.spec() for p in self.panes]
                )
            except ParleyError as error:
                self.notice_posted.emit(error_notice(error))
                return False
            for pane, column in zip(self.panes, self.comparison.columns(), strict=True):
                pane.controller.chat_id = column.id
                pane.lock_choices(True)
            self.title.setText(prompt.splitlines()[0][:80] if prompt.strip() else "")
            self._update_buttons()
        # The columns stream at once, so they share the layout work of a frame: a third more than one
        # view's budget in all (measured, tests/perf/compare_bench.py: smaller shares cost CPU in
        # per-frame overhead, larger ones stall the loop).
        for pane in self.panes:
            pane.view.frame_budget = FRAME_BUDGET * 4 // (3 * len(self.panes))
        started = [pane.send(prompt) for pane in self.panes]
        self._update_table()
        return any(started)

    def stop(self) -> None:
        for pane in self.panes:
            pane.controller.stop()

    def _on_column_busy_changed(self, _busy: bool) -> None:
        self._update_table()
        if self.busy:
            self._ticker.start()
        else:
            self._ticker.stop()
        self.busy_changed.emit(self.busy)
        if not self.busy and self.comparison is not None:
            self._services.store.touch_chat(self.comparison.id)
            self.chat_saved.emit(self.comparison.id)

    # ------------------------------------------------------------ metrics

    def metrics(self) -> list[Metrics]:
        """Each column's latest reply, as saved (live columns show what they have so far)."""
        out = []
        store = self._services.store
        for pane in self.panes:
            chat_id = pane.controller.chat_id
            last = store.messages_by_id(store.branch_ids(chat_id)[-1:]) if chat_id else []  # the reply only
            reply = last[0] if last and last[0].role == "assistant" else None
            out.append(Metrics.of_reply(reply) if reply is not None else Metrics())
        return out

    def _update_live_cells(self) -> None:
        """Only the streaming columns' cells, from what their controllers counted (no store reads)."""
        for c, pane in enumerate(self.panes):
            figures = pane.controller.live_figures()
            if figures is None:
                continue
            for r in range(self.table.rowCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setText(_live_cell(r, figures))

    def _update_table(self) -> None:
        rows = metric_table(self.metrics())
        self.table.clear()
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(len(self.panes))
        self.table.setHorizontalHeaderLabels([p.spec().label(self._services.catalog) for p in self.panes])
        self.table.setVerticalHeaderLabels([label for label, _, _ in rows])
        live = [p.controller.live_figures() for p in self.panes]
        for r, (_, cells, best) in enumerate(rows):
            for c, (text, is_best) in enumerate(zip(cells, best, strict=True)):
                busy = live[c] is not None
                item = QTableWidgetItem(_live_cell(r, live[c]) if busy else text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if is_best and not busy:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(QBrush(QColor(60, 170, 90, 60)))
                    item.setToolTip(tr("Best of this row"))
                self.table.setItem(r, c, item)

    # ------------------------------------------------------------ layout and model sets

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        wide = self.width() >= COLUMN_MIN_WIDTH * max(1, len(self.panes))
        self.splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)

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
                specs = [ColumnSpec.parse(str(c)).for_new_column(lineup) for c in columns][:MAX_COLUMNS]
            except ParleyError as error:
                self.notice_posted.emit(error_notice(error))
                return
            self.new(specs)

    def _on_save_set_clicked(self) -> None:
        default = " vs ".join(p.spec().label(self._services.catalog) for p in self.panes)
        name, ok = QInputDialog.getText(self, tr("Save model set"), tr("Name"), text=default)
        if ok and name.strip():
            self.save_current_set(name.strip())

    def save_current_set(self, name: str) -> None:
        sets = [s for s in self._services.settings.model_sets if s.get("name") != name]
        sets.append({"name": name, "columns": [p.spec().text() for p in self.panes]})
        self._services.settings.model_sets = sets
        self._services.save_settings()
        self.refresh_sets()


def _live_cell(row: int, figures: tuple[float, float | None, int] | None) -> str:
    """A streaming column's figure for metric row *row* (see METRIC_ROWS): time to first token,
    an estimated speed, elapsed time and estimated output; the rest come when it finishes."""
    if figures is None:
        return "—"
    elapsed, first, chars = figures
    tokens = chars / CHARS_PER_TOKEN
    if row == 0:
        return f"{first:.2f}" if first is not None else "…"
    if row == 1 and first is not None and elapsed > first:
        return f"≈{tokens / (elapsed - first):.0f}"
    if row == 2:
        return f"{elapsed:.1f}…"
    if row == 4:
        return f"≈{tokens:,.0f}"
    return "…"
