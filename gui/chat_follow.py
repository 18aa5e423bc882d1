"""Keeping the chat's end in sight while the user reads there.

While an answer streams it has room below its text (MarkdownView.room), so that it does not
grow, and the chat is not laid out again, on every frame. The chat's end is then the text's end,
found from where the text is, not from the scroll range (which lags behind while the chat's
layout catches up). Following it scrolls a few lines at a time: each scroll repaints what it
brings into view, and the scroll bar (about 1.5 ms in all). A fast stream (880 tok/s: some 40
lines a second) would scroll 8 times a second so; it scrolls further instead, what the text
grows in 1/SCROLLS_PER_SECOND s, up to half the view: fewer jumps, and fewer scrolls. The bar
each step repaints is the app's (SlimScrollBar), a quarter of the style sheet's cost.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QScrollArea

from .growing_view import GROW_LINES
from .slim_scroll_bar import SlimScrollBar

if TYPE_CHECKING:
    from .markdown_view import MarkdownView

STICK_DISTANCE = 40  # px from the end that still counts as "at the end"
SCROLLS_PER_SECOND = 2.0  # following a fast stream scrolls about this often (a slow one less)


class FollowEnd:
    def __init__(self, area: QScrollArea, clock: Callable[[], float] = time.monotonic) -> None:
        self._area = area
        area.setVerticalScrollBar(SlimScrollBar())  # (before anything connects to the area's bar)
        self.clock = clock  # (paces the steps; never the calendar)
        self.stuck = True  # the user is at the end: it is followed as the chat grows
        self.growing: MarkdownView | None = None  # the answer streaming with room below its text
        self._scrolled: tuple[float, int] | None = None  # when following last scrolled, and the text's end then

    def at_end(self) -> bool:
        return self._area.verticalScrollBar().value() >= self.end() - STICK_DISTANCE

    def end(self) -> int:
        """The scroll position that shows the chat's end at the bottom."""
        return max(0, min(self._area.verticalScrollBar().maximum(), self._text_end()))

    def _text_end(self) -> int:
        """Where the chat's end is, less the view's height: negative while the text ends above the
        bottom of the view scrolled to the top."""
        area, body, page = self._area, self.growing, self._area.widget()
        if body is None or not body.room() or page is None:
            return area.verticalScrollBar().maximum()
        return body.mapTo(page, QPoint(0, body.height() - body.room())).y() - area.viewport().height()

    def follow(self, always: bool = False) -> None:
        """Scroll to the end (*always*), or when the text's end has left the view; the text's end
        then sits ``_ahead`` px above the bottom (and a short text is not scrolled at all)."""
        bar, text_end, body = self._area.verticalScrollBar(), self._text_end(), self.growing
        ahead = min(body.room(), self._ahead(body, text_end)) if body is not None else 0
        low, high = (max(0, min(bar.maximum(), at)) for at in (text_end, text_end + ahead))
        if always or not low <= bar.value() <= high:
            bar.setValue(high)
            self._scrolled = (self.clock(), text_end) if body is not None else None

    def _ahead(self, body: MarkdownView, text_end: int) -> int:
        """GROW_LINES lines; or, while the text grows faster than that twice a second, what it grew
        in 1/SCROLLS_PER_SECOND s since the last scroll, up to half the view."""
        lines = GROW_LINES * body.fontMetrics().lineSpacing()
        if self._scrolled is None:
            return lines
        at, end = self._scrolled
        elapsed = self.clock() - at
        if elapsed <= 0 or text_end <= end:
            return lines
        pace = (text_end - end) / elapsed / SCROLLS_PER_SECOND
        return max(lines, min(int(pace), self._area.viewport().height() // 2))

    def on_room_changed(self, body: MarkdownView, resized: bool) -> None:
        """A streaming answer's text grew into its room: follow it, by scrolling only. (When its
        height changed too, the scroll range changes once the chat is laid out, and is followed
        then.)"""
        self.growing = body if body.room() else None
        if self.stuck and not resized:
            self.follow()
