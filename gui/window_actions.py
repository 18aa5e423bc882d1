"""The window's menu, toolbar and keyboard shortcuts, in one table.

The window hands in what each action does; parts that bring actions of their own (chat settings,
presets) add them with :meth:`WindowActions.add`, so nobody looks the menu or toolbar up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from parley.core.i18n import tr

# name, shortcut, on the toolbar (labels: WindowActions, where tr() can see them)
SPECS: list[tuple[str, str, bool]] = [
    ("new_chat", "Ctrl+N", True),
    ("compare", "Ctrl+Shift+N", True),
    ("workspace", "Ctrl+Shift+O", True),
    ("search", "Ctrl+K", False),
    ("settings", "Ctrl+,", False),
    ("export_chat", "Ctrl+E", False),
    ("export_all", "Ctrl+Shift+E", False),
    ("import", "Ctrl+I", False),
    ("stop", "Esc", False),
    ("quit", "Ctrl+Q", False),
]


class WindowActions:
    """The actions by name, the menu and the toolbar they live in."""

    def __init__(self, window: QMainWindow, slots: Mapping[str, Callable[[], object]]) -> None:
        labels = {
            "new_chat": tr("New chat"),
            "compare": tr("Compare models"),
            "workspace": tr("Attach a folder…"),
            "search": tr("Search chats"),
            "settings": tr("Settings…"),
            "export_chat": tr("Export this chat…"),
            "export_all": tr("Export all chats…"),
            "import": tr("Import chats…"),
            "stop": tr("Stop the answer"),
            "quit": tr("Quit"),
        }
        self.menu: QMenu = window.menuBar().addMenu(tr("&Parley"))
        self.toolbar: QToolBar = window.addToolBar(tr("Main"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.by_name: dict[str, QAction] = {}
        for name, keys, on_toolbar in SPECS:
            action = QAction(labels[name], window)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, s=slots[name]: s())
            self.menu.addAction(action)
            self.by_name[name] = action
            if on_toolbar:
                action.setToolTip(
                    f"{action.text()} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                )
                self.toolbar.addAction(action)
        self.by_name["workspace"].setStatusTip(
            tr("Let Claude view and edit files in a folder you choose, in this chat")
        )

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def add(self, name: str, action: QAction, *, before: str, toolbar: bool = False) -> None:
        """Another part's action, in the menu before *before* (and on the toolbar)."""
        self.menu.insertAction(self.by_name[before], action)
        self.by_name[name] = action
        if toolbar:
            self.toolbar.addAction(action)

    def add_menu(self, menu: QMenu, *, before: str, button: QWidget | None = None) -> None:
        """A submenu before *before*; *button* (opening it) goes on the toolbar."""
        self.menu.insertMenu(self.by_name[before], menu)
        if button is not None:
            self.toolbar.addWidget(button)
