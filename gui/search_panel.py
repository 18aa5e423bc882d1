"""Full-text search results in the sidebar: hits with highlighted snippets (their markdown shown as
plain words), and filters (model, dates, thinking) in a popover under the filter button.

Searching is a local SQLite FTS5 query (milliseconds, no network), run 150 ms after the last key.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TypedDict

from PySide6.QtCore import QDate, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.history.search_thread import BackgroundSearch
from parley.core.history.store import SearchHit, Store
from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.presentation.design import SPACE

from .theme import current
from .widgets import ElidedLabel, icon_button

DEBOUNCE_MS = 150


class _Filters(TypedDict):
    model: str | None
    since: float | None
    until: float | None
    include_thinking: bool


DATE_PRESETS = [
    (QT_TR_NOOP("Any time"), None),
    (QT_TR_NOOP("Today"), 0),
    (QT_TR_NOOP("Past 7 days"), 7),
    (QT_TR_NOOP("Past 30 days"), 30),
    (QT_TR_NOOP("Past year"), 365),
    (QT_TR_NOOP("Custom range…"), -1),
]
HitRole = Qt.ItemDataRole.UserRole + 10


class SearchPanel(QWidget):
    """Signals: ``hit_activated(str, int)``: a chat id and a message id (0 when the title matched)."""

    hit_activated = Signal(str, int)
    _found = Signal(int, object)  # (ticket, hits) from the search thread

    def __init__(
        self,
        store: Store,
        model_name: Callable[[str], str],
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._model_name = model_name
        self._today = today
        self._query = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_in_background)
        # Typing searches on a thread of its own; each keystroke's search supersedes the one before.
        self._background = BackgroundSearch(store.path, self._found.emit)
        self._ticket = 0
        self._found.connect(self._on_found)
        self.filters = QFrame(self, Qt.WindowType.Popup)  # the filters open from the filter button
        self.filters.setObjectName("popover")
        self.model_filter = QComboBox(self.filters)
        self.model_filter.setAccessibleName(tr("Only chats with this model"))
        self.date_filter = QComboBox(self.filters)
        self.date_filter.setAccessibleName(tr("Only messages from this time"))
        for label, days in ((tr(text), d) for text, d in DATE_PRESETS):
            self.date_filter.addItem(label, days)
        self.thinking = QCheckBox(tr("Search the thinking summaries too"), self.filters)
        self.thinking.setAccessibleName(tr("Search the thinking summaries too"))
        self.thinking.toggled.connect(self._schedule)
        now = today()
        self.since = QDateEdit(self.filters)
        self.until = QDateEdit(self.filters)
        for edit, name in ((self.since, tr("From date")), (self.until, tr("To date, inclusive"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setDate(QDate(now.year, now.month, now.day))
            edit.hide()
            edit.dateChanged.connect(self._schedule)
        self.since.setDate(QDate(now.year, now.month, now.day).addMonths(-1))
        reset = QPushButton(tr("Clear filters"), self.filters)
        reset.clicked.connect(self.clear_filters)
        form = QFormLayout(self.filters)
        form.setContentsMargins(SPACE[3], SPACE[3], SPACE[3], SPACE[3])
        form.addRow(tr("Model"), self.model_filter)
        form.addRow(tr("When"), self.date_filter)
        form.addRow(tr("From"), self.since)
        form.addRow(tr("To"), self.until)
        form.addRow(self.thinking)
        form.addRow(reset)
        self._date_rows = (self.since, self.until)
        self.filter_button = icon_button("list-filter", tr("Filter the results"), self)
        self.filter_button.setCheckable(True)
        self.filter_button.setObjectName("toggle")
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName(tr("Search results"))
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = ElidedLabel("", self)
        self.status.setObjectName("muted")
        top = QHBoxLayout()
        top.setContentsMargins(SPACE[1], 0, 0, 0)
        top.addWidget(self.status, 1)
        top.addWidget(self.filter_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        self.filter_button.clicked.connect(self._on_filter_button_clicked)
        self.model_filter.currentIndexChanged.connect(self._schedule)
        self.date_filter.currentIndexChanged.connect(self._on_date_preset_changed)
        self.results.itemActivated.connect(self._on_item_activated)
        self.results.itemClicked.connect(self._on_item_activated)
        self.refresh_models()

    def refresh_models(self) -> None:
        current = self.model_filter.currentData()
        self.model_filter.blockSignals(True)
        self.model_filter.clear()
        self.model_filter.addItem(tr("Any model"), None)
        for model_id in self._store.chat_models():
            self.model_filter.addItem(self._model_name(model_id), model_id)
        found = self.model_filter.findData(current)
        self.model_filter.setCurrentIndex(max(found, 0))
        self.model_filter.blockSignals(False)

    def set_query(self, text: str) -> None:
        self._query = text
        self._schedule()

    def _schedule(self) -> None:
        self._timer.start()

    def _on_date_preset_changed(self) -> None:
        custom = self.date_filter.currentData() == -1
        form = self.filters.layout()
        for edit in self._date_rows:
            if isinstance(form, QFormLayout):
                form.setRowVisible(edit, custom)
            edit.setVisible(custom)
        self._schedule()

    def filtered(self) -> bool:
        """Whether a filter narrows the results (the filter button then shows as on)."""
        return self.model_filter.currentIndex() > 0 or self.date_filter.currentIndex() > 0 or self.thinking.isChecked()

    def clear_filters(self) -> None:
        self.model_filter.setCurrentIndex(0)
        self.date_filter.setCurrentIndex(0)
        self.thinking.setChecked(False)

    def _on_filter_button_clicked(self) -> None:
        self.filter_button.setChecked(self.filtered())
        self.filters.adjustSize()
        below = self.filter_button.mapToGlobal(QPoint(self.filter_button.width(), self.filter_button.height()))
        self.filters.move(below.x() - self.filters.width(), below.y() + 2)
        self.filters.show()
        self.model_filter.setFocus()

    def date_range(self) -> tuple[float | None, float | None]:
        days = self.date_filter.currentData()
        if days is None:
            return None, None
        if days == -1:
            first = date(self.since.date().year(), self.since.date().month(), self.since.date().day())
            last = date(self.until.date().year(), self.until.date().month(), self.until.date().day())
            since = datetime.combine(first, time.min).timestamp()
            until = datetime.combine(last + timedelta(days=1), time.min).timestamp()
            return since, until
        return datetime.combine(self._today() - timedelta(days=days), time.min).timestamp(), None

    def _filters(self) -> _Filters:
        since, until = self.date_range()
        return {
            "model": self.model_filter.currentData() or None,
            "since": since,
            "until": until,
            "include_thinking": self.thinking.isChecked(),
        }

    def run_in_background(self) -> None:
        """Search on the search thread (the debounce timer calls this); the hits come to ``_on_found``."""
        self._timer.stop()
        self.filter_button.setChecked(self.filtered())
        self._ticket = self._background.submit(self._query, **self._filters())

    def _on_found(self, ticket: int, hits: list[SearchHit]) -> None:
        if ticket == self._ticket:  # (an older search's hits, delivered late, are dropped)
            self._show(hits)

    def run(self) -> list[SearchHit]:
        """Search now, here (Enter, and tests); returns the hits shown."""
        self._timer.stop()
        self._ticket = -1  # what the search thread still delivers is older: dropped
        self.filter_button.setChecked(self.filtered())
        hits = self._store.search(self._query, **self._filters())
        self._show(hits)
        return hits

    def _show(self, hits: list[SearchHit]) -> None:
        self.results.clear()
        for hit in hits:
            self._add(hit)
        if not self._query.strip():
            self.status.setText(tr("Type to search every chat, offline."))
        else:
            count = f"{len(hits)}{'+' if len(hits) >= 50 else ''}"
            found = tr("{count} results") if len(hits) != 1 else tr("{count} result")
            none = (
                tr("No matches. Try other words or filters.") if self.filtered() else tr("No matches. Try fewer words.")
            )
            self.status.setText(found.format(count=count) if hits else none)
        if hits:
            self.results.setCurrentRow(0)

    def _add(self, hit: SearchHit) -> None:
        when = datetime.fromtimestamp(hit.created_at).strftime("%Y-%m-%d")
        who = tr("You") if hit.role == "user" else self._model_name(hit.model) if hit.model else tr("Title")
        muted = current().palette.text_muted
        label = QLabel(
            f"<b>{html.escape(hit.chat_title)}</b><br>"
            f"<span>{hit.snippet.marked('<b><u>', '</u></b>', html.escape)}</span><br>"
            f"<small style='color:{muted}'>{html.escape(who)} · {when}</small>"
        )
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setContentsMargins(SPACE[2], SPACE[1], SPACE[2], SPACE[1])
        label.setMinimumWidth(1)  # a long snippet wraps; it never widens the sidebar
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        item = QListWidgetItem(self.results)
        item.setData(HitRole, (hit.chat_id, hit.message_id or 0))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{hit.chat_title}: {hit.snippet.text}")
        self.results.setItemWidget(item, label)
        self._fit_item(item, label)

    def _fit_item(self, item: QListWidgetItem, label: QWidget) -> None:
        """The row as tall as its wrapped text at the list's width."""
        width = self.results.viewport().width()
        item.setSizeHint(QSize(width, label.heightForWidth(width)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for row in range(self.results.count()):
            item = self.results.item(row)
            label = self.results.itemWidget(item)
            if label is not None:
                self._fit_item(item, label)

    def flush(self) -> None:
        """Run a search still waiting for its debounce, so Enter acts on exactly what was typed."""
        if self._timer.isActive():
            self.run()

    def activate_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._on_item_activated(item)

    def move_selection(self, step: int) -> None:
        if self.results.count():
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, self.results.currentRow() + step)))

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        chat_id, message_id = item.data(HitRole)
        self.hit_activated.emit(chat_id, message_id)
