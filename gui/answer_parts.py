"""A long streaming answer shown in parts: a new text view after every PART_CHARS of settled text.

Qt's text document scans all its frames (code blocks, tables) whenever one is inserted or a table
grows by a row, and walks its blocks to lay out and to paint. In one document, each 40 KB of a
streaming answer cost more the longer the answer was: 1.68x the first 40 KB's at 520 KB
(tests/perf/growth_bench.py). Text rendered for good, ending between top-level blocks, stays in
its view; what follows goes on in a new view below it, so no document grows past about
PART_CHARS while it streams. (A finished answer opened from the history is one view: it is laid
out once.)

Selecting text across two parts is not possible; Copy takes the whole answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .focus_order import fit_in_tab_order
from .markdown_view import MarkdownView
from .markdown_worker import MarkdownWorker

PART_CHARS = 100_000


class AnswerParts(QObject):
    """Signal: ``room_changed(view, resized)`` from the part that streams (see MarkdownView.room)."""

    room_changed = Signal(object, bool)

    def __init__(
        self, owner: QWidget, layout: QVBoxLayout, first: MarkdownView, make: Callable[[], MarkdownView]
    ) -> None:
        super().__init__(owner)
        self._owner = owner
        self._layout = layout
        self._make = make
        self._room_step = 0
        self._frame_budget: int | None = None
        self._worker: MarkdownWorker | None = None
        self.views: list[MarkdownView] = []
        self._starts: list[int] = []  # where each view's text starts in the answer
        self._add(first, 0)

    def stream_update(self, text: str, final: bool = False) -> bool:
        """Show *text* (the whole answer so far); False while still catching up (see MarkdownView)."""
        if len(text) < self._starts[-1]:  # (the answer started over)
            self.reset()
            self.views[0].set_markdown("")
        if not final:
            self._part_off(text)
        return self.views[-1].stream_update(text[self._starts[-1] :], final)

    def _part_off(self, text: str) -> None:
        """The last view keeps what it settled, once that is PART_CHARS; what follows goes on in a
        new view below it. (Checked before an update, not after: with a worker the view is still
        preparing it then, and what it settles may move on.)"""
        view, start = self.views[-1], self._starts[-1]
        settled = 0 if view.preparing else view.settled()
        if settled < PART_CHARS:
            return
        view.stream_update(text[start : start + settled], final=True)  # it keeps what it settled
        part = self._make()
        self._layout.insertWidget(self._layout.indexOf(view) + 1, part)
        self._add(part, start + settled)
        fit_in_tab_order(self._owner, part)

    def reset(self) -> None:
        """Back to the first view alone (a finished answer is shown in one)."""
        for view in self.views[1:]:
            self._layout.removeWidget(view)
            view.deleteLater()
        del self.views[1:], self._starts[1:]

    def show_room(self) -> None:
        """Something shows below the text: no room out of sight between (MarkdownView.room_step)."""
        self.set_room_step(0)

    def set_room_step(self, px: int) -> None:
        self._room_step = px
        for view in self.views:
            view.room_step = px

    def set_frame_budget(self, budget: int) -> None:
        self._frame_budget = budget
        for view in self.views:
            view.frame_budget = budget

    def set_worker(self, worker: MarkdownWorker | None) -> None:
        """The views prepare their streaming updates on *worker*'s thread (None: in the call)."""
        self._worker = worker
        for view in self.views:
            view.worker = worker

    def _add(self, view: MarkdownView, start: int) -> None:
        if self.views:
            view.room_step = self._room_step
            view.worker = self._worker
            if self._frame_budget is not None:
                view.frame_budget = self._frame_budget
        self.views.append(view)
        self._starts.append(start)
        view.room_changed.connect(lambda resized: self.room_changed.emit(view, resized))
