"""Which of a chat's messages the conversation has built: a window over the branch's ids.

A chat opens with its newest messages, or with those around a search hit; more are built as the
user scrolls towards either end, and messages far from view are released again, so a hit at the
start of a 20,000-message chat opens as fast as a short chat and memory stays flat however far the
user scrolls. (Building every message after a hit took 16–46 s and 400–520 MB for 2,000 messages.)
Rows are read from the history only when built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWidget

from parley.core.history.store import MessageRow
from parley.core.i18n import tr

FIRST_SHOWN = 12  # a long chat opens with this many of its newest messages (more than a tall window shows)
AROUND_HIT = 3  # messages shown above a search hit
PAGE = 20  # messages built at a time while scrolling
MOST_BUILT = 60  # past this, messages at the far end from where the user scrolls are released


@dataclass
class _Anchor:
    """A message on screen and its distance from the viewport's top: kept still while rows come and go."""

    widget: QWidget
    offset: int


class ChatPaging:
    """Owns the window ``[lo, hi)`` of built ids and the *Show earlier / later messages* buttons.

    The view builds each row (*build*: a widget, or None for rows shown inside another, such as tool
    results), places widgets (*insert* at a column index), and is told when the built set changed
    (*changed*)."""

    def __init__(
        self,
        scroll: QScrollArea,
        column: QVBoxLayout,
        *,
        build: Callable[[MessageRow], QWidget | None],
        insert: Callable[[int, QWidget], None],
        changed: Callable[[], None],
    ) -> None:
        self._scroll, self._column = scroll, column
        self._build, self._insert, self._changed = build, insert, changed
        self.ids: list[int] = []
        self.lo = self.hi = 0
        self.fetch: Callable[[list[int]], list[MessageRow]] = lambda ids: []
        self._widgets: dict[int, QWidget] = {}  # built message id → its widget
        self.anchor: _Anchor | None = None  # set while rows change above or below what is on screen
        self.appended = False  # messages were added below the saved ones (this session's): never released
        parent = column.parentWidget()
        self.earlier_button = self._button(parent, tr("Show earlier messages"), self.load_earlier)
        self.later_button = self._button(parent, tr("Show later messages"), self.load_later)

    @staticmethod
    def _button(parent: QWidget | None, name: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(parent)
        button.setFlat(True)
        button.setAccessibleName(name)
        button.clicked.connect(action)
        button.hide()
        return button

    # ------------------------------------------------------------ the window

    @property
    def earlier(self) -> list[int]:
        return self.ids[: self.lo]

    @property
    def later(self) -> list[int]:
        return self.ids[self.hi :]

    def reset(self) -> None:
        self.ids, self.lo, self.hi, self._widgets, self.anchor, self.appended = [], 0, 0, {}, None, False
        self._update_buttons()

    def open(self, ids: list[int], fetch: Callable[[list[int]], list[MessageRow]], focus_id: int | None) -> None:
        """Build the newest messages of *ids*, or those around *focus_id*."""
        self.ids, self.fetch, self._widgets, self.appended = ids, fetch, {}, False
        focus = ids.index(focus_id) if focus_id in ids else None
        if focus is None:
            self.lo = max(0, len(ids) - FIRST_SHOWN)
            self.hi = len(ids)
        else:
            self.lo = max(0, focus - AROUND_HIT)
            self.hi = min(len(ids), self.lo + FIRST_SHOWN)
        self._build_page(ids[self.lo : self.hi], self._first_index())
        self._update_buttons()

    def contains(self, message_id: int) -> bool:
        return message_id in self.ids[self.lo : self.hi]

    def forget(self, widget: QWidget) -> None:
        """*widget* was removed by the view (a failed turn's reply)."""
        self._widgets = {k: w for k, w in self._widgets.items() if w is not widget}

    def load_earlier(self) -> None:
        """Build the page above the first message shown, keeping what is on screen still."""
        if not self.lo:
            return
        page = self.ids[max(0, self.lo - PAGE) : self.lo]
        too_many = self.hi - self.lo + len(page) > MOST_BUILT and not self.appended
        released = self.ids[self.hi - PAGE : self.hi] if too_many else []
        self._hold_still(released)
        self._build_page(page, self._first_index())
        self.lo -= len(page)
        self._release(released)
        self.hi -= len(released)
        self._update_buttons()
        self._changed()

    def load_later(self) -> None:
        """Build the page below the last message shown, keeping what is on screen still."""
        if self.hi >= len(self.ids):
            return
        page = self.ids[self.hi : self.hi + PAGE]
        released = self.ids[self.lo : self.lo + PAGE] if self.hi - self.lo + len(page) > MOST_BUILT else []
        self._hold_still(released)
        self._build_page(page, self._column.indexOf(self.later_button))
        self.hi += len(page)
        self._release(released)
        self.lo += len(released)
        self._update_buttons()
        self._changed()

    def _build_page(self, page: list[int], at: int) -> None:
        for row in self.fetch(page):
            widget = self._build(row)
            if widget is not None:
                self._insert(at, widget)
                self._widgets[row.id] = widget
                at += 1

    def _release(self, ids: list[int]) -> None:
        for message_id in ids:
            widget = self._widgets.pop(message_id, None)
            if widget is not None:
                self._column.removeWidget(widget)
                widget.deleteLater()

    # ------------------------------------------------------------ keeping the view still

    def _hold_still(self, released: list[int]) -> None:
        """Remember the first message on screen that stays, to keep it where it is once the layout has run."""
        top = self._scroll.verticalScrollBar().value()
        going = {self._widgets.get(i) for i in released}
        for widget in self._column_widgets():
            if widget not in going and widget.y() + widget.height() > top:
                self.anchor = _Anchor(widget, widget.y() - top)
                return
        self.anchor = None

    def restore(self) -> bool:
        """After the layout ran: put the remembered message back where it was (True if there was one)."""
        anchor, self.anchor = self.anchor, None
        if anchor is None:
            return False
        self._scroll.verticalScrollBar().setValue(anchor.widget.y() - anchor.offset)
        return True

    # ------------------------------------------------------------ helpers

    def _first_index(self) -> int:
        return self._column.indexOf(self.earlier_button) + 2  # after the button and the empty hint

    def _column_widgets(self) -> list[QWidget]:
        out = []
        for index in range(self._column.count()):
            item = self._column.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in (self.earlier_button, self.later_button) and not widget.isHidden():
                out.append(widget)
        return out

    def _update_buttons(self) -> None:
        for button, count, one, many in (
            (self.earlier_button, self.lo, tr("Show 1 earlier message"), tr("Show {count} earlier messages")),
            (self.later_button, len(self.ids) - self.hi, tr("Show 1 later message"), tr("Show {count} later messages")),
        ):
            button.setVisible(count > 0)
            button.setText((one if count == 1 else many).format(count=count))
