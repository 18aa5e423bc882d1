"""The window's menu, toolbar and keyboard shortcuts, in one table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from parley.core.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Callable

    from .main_window import MainWindow


def install_actions(w: MainWindow) -> dict[str, QAction]:
    specs: list[tuple[str, str, str, Callable[[], object]]] = [
        ("new_chat", tr("New chat"), "Ctrl+N", w.new_chat),
        ("compare", tr("Compare models"), "Ctrl+Shift+N", w.new_comparison),
        ("workspace", tr("Attach a folder…"), "Ctrl+Shift+O", lambda: w.workspace.choose_folder()),
        ("search", tr("Search chats"), "Ctrl+K", w.focus_search),
        ("settings", tr("Settings…"), "Ctrl+,", w.open_settings),
        ("export_chat", tr("Export this chat…"), "Ctrl+E", lambda: _export_current(w)),
        ("export_all", tr("Export all chats…"), "Ctrl+Shift+E", lambda: w.export_chats(None)),
        ("import", tr("Import chats…"), "Ctrl+I", lambda: _import(w)),
        ("stop", tr("Stop the answer"), "Esc", w.stop_answer),
        ("quit", tr("Quit"), "Ctrl+Q", w.close),
    ]
    menu = w.menuBar().addMenu(tr("&Parley"))
    actions: dict[str, QAction] = {}
    for name, label, keys, slot in specs:
        action = QAction(label, w)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False, s=slot: s())
        menu.addAction(action)
        actions[name] = action
    toolbar = w.addToolBar(tr("Main"))
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    actions["workspace"].setStatusTip(tr("Let Claude view and edit files in a folder you choose, in this chat"))
    for name in ("new_chat", "compare", "workspace"):
        action = actions[name]
        action.setToolTip(f"{action.text()} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        toolbar.addAction(action)
    return actions


def _export_current(w: MainWindow) -> None:
    chat_id = w.compare_mode.comparison_id or (None if w.compare_mode.active else w.controller.chat_id)
    if chat_id is None:
        w.statusBar().showMessage(tr("Open a chat to export it (or export all chats)."), 6000)
        return
    w.export_chats(chat_id)


def _import(w: MainWindow) -> None:
    from .transfer_dialogs import import_chats

    import_chats(w, w.services.store.path, w.refresh_sidebar)
