"""Folding the chat list away: by the toolbar button or Ctrl+B, and on its own when the window is
too narrow for it and the conversation both.

Below ``AUTO_FOLD_WIDTH`` the list folds itself and comes back when the window widens again,
unless the user folded or unfolded it by hand meanwhile: their choice wins until the next fold
on its own.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QWidget

from parley.core.i18n import tr

from .icons import icon

AUTO_FOLD_WIDTH = 900  # px of window: below it the chat list folds itself
SIDEBAR_WIDTH = 260


class SidebarFold(QObject):
    """Owns whether *sidebar* (the first widget of *splitter*) shows; *action* toggles it."""

    def __init__(self, window: QWidget, splitter: QSplitter, sidebar: QWidget, action: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._splitter = splitter
        self._sidebar = sidebar
        self._action = action
        self._auto_folded = False  # folded because the window got narrow (it unfolds when it widens)
        self._narrow = False
        window.installEventFilter(self)
        self._sync()

    @property
    def shown(self) -> bool:
        return not self._sidebar.isHidden()

    def toggle(self) -> None:
        """The user's choice (toolbar, Ctrl+B): it holds until the window crosses the width again."""
        self._auto_folded = False
        self.set_shown(not self.shown)
        if self.shown and self._sidebar.width() < 120:  # unfolded after a fold: give it its width back
            sizes = self._splitter.sizes()
            total = sum(sizes)
            self._splitter.setSizes([min(SIDEBAR_WIDTH, total // 2), max(0, total - min(SIDEBAR_WIDTH, total // 2))])

    def reveal(self) -> None:
        """Unfold the chat list if it is folded (to search it)."""
        if not self.shown:
            self.toggle()

    def set_shown(self, shown: bool) -> None:
        self._sidebar.setVisible(shown)
        self._sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self.fit(self._window.width())
        return False

    def fit(self, width: int) -> None:
        """The window is *width* px wide: fold when it just became narrow, unfold when it widened."""
        narrow = width < AUTO_FOLD_WIDTH
        if narrow == self._narrow:
            return
        self._narrow = narrow
        if narrow and self.shown:
            self._auto_folded = True
            self.set_shown(False)
        elif not narrow and self._auto_folded:
            self._auto_folded = False
            self.set_shown(True)

    def _sync(self) -> None:
        shown = self.shown
        self._action.setIcon(icon("panel-left-close" if shown else "panel-left-open"))
        self._action.setText(tr("Hide the chat list") if shown else tr("Show the chat list"))
        keys = self._action.shortcut().toString()
        self._action.setToolTip(f"{self._action.text()} ({keys})" if keys else self._action.text())
