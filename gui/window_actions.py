"""The window's menu, toolbar and keyboard shortcuts, in one table.

The window hands in what each action does; parts that bring actions of their own (chat settings,
presets) add them with :meth:`WindowActions.add`, so nobody looks the menu or toolbar up. The
menu names every action in words; the toolbar shows the same actions as icons, each with its
name and shortcut as tooltip and accessible name.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QSizePolicy, QToolBar, QToolButton, QWidget

from parley.core.i18n import tr

from .icons import icon

# name, shortcut, toolbar icon (None: menu only). The toolbar's left group comes first; the actions
# after SPLIT sit at its right end. Labels: WindowActions, where tr() can see them.
SPECS: list[tuple[str, str, str | None]] = [
    ("sidebar", "Ctrl+B", "panel-left-close"),
    ("new_chat", "Ctrl+N", "square-pen"),
    ("compare", "Ctrl+Shift+N", "columns-3"),
    ("workspace", "Ctrl+Shift+O", "folder-plus"),
    ("search", "Ctrl+K", None),
    ("settings", "Ctrl+,", "settings"),
    ("export_chat", "Ctrl+E", None),
    ("export_all", "Ctrl+Shift+E", None),
    ("import", "Ctrl+I", None),
    ("stop", "Esc", None),
    ("quit", "Ctrl+Q", None),
]
SPLIT = "workspace"  # the first action of the toolbar's right-hand group
ICON_SIZE = QSize(18, 18)


def tooltip(action: QAction) -> str:
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{action.text()} ({keys})" if keys else action.text()


class WindowActions:
    """The actions by name, the menu and the toolbar they live in."""

    def __init__(self, window: QMainWindow, slots: Mapping[str, Callable[[], object]]) -> None:
        labels = {
            "sidebar": tr("Show or hide the chat list"),
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
        self._window = window
        self.menu = QMenu(tr("&Parley"), window)
        self.toolbar: QToolBar = window.addToolBar(tr("Main"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.setIconSize(ICON_SIZE)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.toolbar.toggleViewAction().setEnabled(False)  # the toolbar is the window's header: it stays
        self.by_name: dict[str, QAction] = {}
        for name, keys, icon_name in SPECS:
            action = QAction(labels[name], window)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, s=slots[name]: s())
            self.menu.addAction(action)
            window.addAction(action)  # its shortcut works wherever the menu lives
            self.by_name[name] = action
            if name == SPLIT:
                spacer = QWidget(self.toolbar)
                spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
                self.toolbar.addWidget(spacer)
            if icon_name is not None:
                action.setIcon(icon(icon_name))
                action.setIconVisibleInMenu(False)
                action.setToolTip(tooltip(action))
                self.toolbar.addAction(action)
                self._name_button(action)
        self.by_name["workspace"].setStatusTip(
            tr("Let Claude view and edit files in a folder you choose, in this chat")
        )
        if sys.platform == "darwin":  # the Mac's own menu bar, at the top of the screen
            window.menuBar().addMenu(self.menu)
        else:  # elsewhere the menu opens from the toolbar's last button: no menu bar row
            self.menu_button = QToolButton(self.toolbar)
            self.menu_button.setIcon(icon("ellipsis-vertical"))
            self.menu_button.setIconSize(ICON_SIZE)
            self.menu_button.setMenu(self.menu)
            self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            self.menu_button.setToolTip(tr("More"))
            self.menu_button.setAccessibleName(tr("Parley menu"))
            self.menu_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.toolbar.addWidget(self.menu_button)
            opener = QAction(self.menu_button)
            opener.setShortcuts([QKeySequence("F10"), QKeySequence("Alt+M")])  # as GNOME apps open their menu
            opener.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            opener.triggered.connect(self.menu_button.showMenu)
            window.addAction(opener)

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def _name_button(self, action: QAction) -> None:
        button = self.toolbar.widgetForAction(action)
        if button is not None:
            button.setAccessibleName(action.text())
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # toolbar buttons are in the Tab order too

    def add(self, name: str, action: QAction, *, before: str, toolbar: bool = False) -> None:
        """Another part's action, in the menu before *before* (and on the toolbar, in its right group)."""
        self.menu.insertAction(self.by_name[before], action)
        self._window.addAction(action)
        self.by_name[name] = action
        if toolbar:
            action.setIconVisibleInMenu(False)
            self.toolbar.insertAction(self.by_name["settings"], action)
            self._name_button(action)

    def add_menu(self, menu: QMenu, *, before: str, button: QToolButton | None = None) -> None:
        """A submenu before *before*; *button* (opening it) goes on the toolbar's right group."""
        self.menu.insertMenu(self.by_name[before], menu)
        if button is not None:
            button.setIconSize(ICON_SIZE)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.toolbar.insertWidget(self.by_name["settings"], button)
