"""The comparison's figures under its columns: a table whose best figure in each row stands out,
folded to one line of who did best when there is no room (or the user folds it).

Streaming columns show live figures (time to first token, estimated speed and output, time so
far) from their live turns; the rest come when each finishes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.compare_metrics import MetricRow, best_summary, live_cell
from parley.core.i18n import tr
from parley.core.turn import LiveTurn

from .icons import icon
from .widgets import ElidedLabel

UNFOLD_FROM = 900  # px of compare view height: below it the table starts folded (a summary line shows)


class MetricsSection(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[str] = []  # the metric shown in each table row, by name
        self._chosen: bool | None = None  # the user's fold choice; None: by the room there is
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("disclosure")
        self.toggle.setText(tr("Metrics"))
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(tr("Show or hide the comparison metrics"))
        self.toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.summary = ElidedLabel("", self)
        self.summary.setObjectName("muted")
        self.summary.setAccessibleName(tr("Best figures"))
        self.table = QTableWidget(self)
        self.table.setAccessibleName(tr("Comparison metrics"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle)
        head.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.table)
        self.toggle.toggled.connect(self._on_toggled)
        self._apply(False)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def fit_room(self, height: int) -> None:
        """The compare view is *height* px tall: unfold the table when there is room for it, unless
        the user chose."""
        if self._chosen is None:
            self._apply(height >= UNFOLD_FROM)

    def _on_toggled(self, expanded: bool) -> None:
        self._chosen = expanded
        self._apply(expanded)

    def _apply(self, expanded: bool) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(expanded)
        self.toggle.blockSignals(False)
        self.toggle.setIcon(icon("chevron-down" if expanded else "chevron-right"))
        self.table.setVisible(expanded)
        self.summary.setVisible(not expanded)

    def fill(
        self,
        rows: Sequence[MetricRow],
        headers: list[str],
        names: list[str],
        live: Sequence[LiveTurn | None],
        busy: Sequence[bool],
    ) -> None:
        """Every figure, saved or (for the streaming columns) live; *headers* name the columns in
        full (model and effort), *names* briefly (the model) for the folded summary."""
        table = self.table
        self.rows = [row.name for row in rows]
        table.clear()
        table.setRowCount(len(rows))
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        for c, header in enumerate(headers):
            item = table.horizontalHeaderItem(c)
            if item is not None:
                item.setToolTip(header)
        table.setVerticalHeaderLabels([row.label for row in rows])
        for r, row in enumerate(rows):
            for c, (text, is_best) in enumerate(zip(row.cells, row.best, strict=True)):
                streaming = live[c] is not None or busy[c]
                item = QTableWidgetItem(live_cell(row.name, live[c]) if streaming else text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if is_best and not streaming:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setData(Qt.ItemDataRole.UserRole, "best")
                    item.setForeground(self.palette().link())
                    item.setToolTip(tr("Best of this row"))
                table.setItem(r, c, item)
        self.summary.setText(best_summary(rows, names) or tr("The figures appear as the columns answer."))
        self._fit_height()

    def update_live(self, live: Sequence[LiveTurn | None]) -> None:
        """Only the streaming columns' cells, from their live turns (no store reads)."""
        for c, turn in enumerate(live):
            if turn is None:
                continue
            for r, name in enumerate(self.rows):
                item = self.table.item(r, c)
                if item is not None:
                    item.setText(live_cell(name, turn))

    def _fit_height(self) -> None:
        """Exactly as tall as its rows: a table inside a scroll box would hide figures."""
        header = self.table.horizontalHeader().sizeHint().height()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(header + rows + 2 * self.table.frameWidth())
