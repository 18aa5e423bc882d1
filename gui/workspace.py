"""A chat's workspace folder: the bar above the composer, attaching and detaching, undo of edits.

The folder is saved with the chat (``chats.workspace``); a new chat keeps the chosen folder until
its first message creates it. "Apply edits without asking" is saved per chat too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from parley.core.i18n import tr
from parley.core.presentation.notices import Notice

if TYPE_CHECKING:
    from parley.core.history.store import ChatRow, Store
    from parley.core.tools.session import ToolObserver, ToolSession

    from .main_window import MainWindow


class WorkspaceBar(QFrame):
    """Signals: ``attach_requested()``, ``detach_requested()``, ``approve_all_toggled(bool)``."""

    attach_requested = Signal()
    detach_requested = Signal()
    approve_all_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspaceBar")
        self.label = QLabel(self)
        self.label.setAccessibleName(tr("Workspace folder"))
        self.approve_all = QCheckBox(tr("Apply edits without asking"), self)
        self.approve_all.setToolTip(tr("Claude's edits in this chat are applied at once; each can still be undone"))
        change = QPushButton(tr("Change…"), self)
        change.setAccessibleName(tr("Choose another workspace folder"))
        detach = QPushButton(tr("Detach"), self)
        detach.setAccessibleName(tr("Detach the workspace folder from this chat"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 4, 24, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.approve_all)
        layout.addWidget(change)
        layout.addWidget(detach)
        change.clicked.connect(self.attach_requested)
        detach.clicked.connect(self.detach_requested)
        self.approve_all.toggled.connect(self.approve_all_toggled)
        self.hide()

    def show_folder(self, folder: str | None, approve_all: bool) -> None:
        if folder is None:
            self.hide()
            return
        home = str(Path.home())
        shown = "~" + folder[len(home) :] if folder.startswith(home + "/") else folder
        self.label.setText(tr("Workspace: Claude can view and edit files in {folder}").format(folder=shown))
        self.label.setToolTip(folder)
        self.approve_all.blockSignals(True)
        self.approve_all.setChecked(approve_all)
        self.approve_all.blockSignals(False)
        self.show()


class WorkspaceBinding(QObject):
    """The shown chat's workspace. Signals: ``notice_posted(object)`` (a Notice, or None);
    ``undone(int, str)`` after an edit was undone (edit id, what was done)."""

    notice_posted = Signal(object)
    undone = Signal(int, str)

    def __init__(self, store: Store, bar: WorkspaceBar, parent: QWidget) -> None:
        super().__init__(parent)
        self._store = store
        self.bar = bar
        self._parent = parent
        self.chat_id: str | None = None
        self.folder: str | None = None
        self.approve_all = False
        self._dialog: QFileDialog | None = None
        bar.attach_requested.connect(self.choose_folder)
        bar.detach_requested.connect(self.detach)
        bar.approve_all_toggled.connect(self.set_approve_all)

    def show_chat(self, chat: ChatRow | None) -> None:
        """Follow the chat shown (None: a new chat, which starts without a folder)."""
        self.chat_id = chat.id if chat else None
        self.folder = chat.workspace if chat else None
        self.approve_all = chat.approve_writes if chat else False
        self.bar.show_folder(self.folder, self.approve_all)

    def chat_saved(self, chat_id: str) -> None:
        """A new chat got its id: keep its folder and approval with it."""
        if self.chat_id is None and self.folder is not None:
            self.chat_id = chat_id
            self._store.update_chat(chat_id, workspace=self.folder, approve_writes=self.approve_all)

    def choose_folder(self) -> None:
        dialog = QFileDialog(self._parent, tr("Choose a folder Claude may view and edit"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if self.folder:
            dialog.setDirectory(self.folder)
        dialog.fileSelected.connect(self.attach)
        self._dialog = dialog
        dialog.open()

    def attach(self, folder: str) -> None:
        if not folder or not Path(folder).is_dir():
            self.notice_posted.emit(Notice(tr("{path} is not a folder.").format(path=folder or "?"), "error"))
            return
        self.folder = str(Path(folder).resolve())
        if self.chat_id is not None:
            self._store.update_chat(self.chat_id, workspace=self.folder)
        self.bar.show_folder(self.folder, self.approve_all)
        self.notice_posted.emit(None)

    def detach(self) -> None:
        self.folder = None
        if self.chat_id is not None:
            self._store.update_chat(self.chat_id, workspace=None)
        self.bar.show_folder(None, False)

    def set_approve_all(self, on: bool) -> None:
        self.approve_all = on
        if self.chat_id is not None:
            self._store.update_chat(self.chat_id, approve_writes=on)
        self.bar.show_folder(self.folder, on)

    def session(self, observer: ToolObserver) -> ToolSession | None:
        """The tool session for the next message, None without a folder; a folder that is gone posts
        a notice and raises ``Refused``."""
        if self.folder is None:
            return None
        from parley.core.tools.sandbox import Refused
        from parley.core.tools.session import ToolSession

        try:
            return ToolSession.open(self._store, self.folder, observer)
        except Refused as refusal:
            self.notice_posted.emit(
                Notice(tr("{reason}. Choose it again or detach it.").format(reason=refusal), "error")
            )
            raise

    # ------------------------------------------------------------ undo

    def undo(self, edit_id: int, *, force: bool = False) -> None:
        from parley.core.tools.sandbox import Refused
        from parley.core.tools.session import UndoConflict, undo_edit

        try:
            done = undo_edit(self._store, edit_id, force=force)
        except UndoConflict as conflict:
            self._confirm_forced_undo(edit_id, str(conflict))
            return
        except (Refused, OSError) as error:
            self.notice_posted.emit(Notice(tr("Could not undo the edit: {reason}").format(reason=error), "error"))
            return
        self.undone.emit(edit_id, done)

    def _confirm_forced_undo(self, edit_id: int, why: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Undo this edit?"), why + ".", parent=self._parent)
        box.setInformativeText(tr("Undo anyway and put back the file as it was before Claude's edit?"))
        undo = box.addButton(tr("Undo anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)

        def on_clicked(button: object) -> None:
            if button is undo:
                self.undo(edit_id, force=True)

        box.buttonClicked.connect(on_clicked)
        box.open()


def install_workspace(w: MainWindow) -> WorkspaceBinding:
    """The bar above the composer and its wiring to the window, the controller and the view."""
    from parley.core.tools.session import edit_views

    store = w.services.store
    bar = WorkspaceBar(w)
    layout = w.right_layout
    layout.insertWidget(layout.indexOf(w.composer), bar)
    binding = WorkspaceBinding(store, bar, w)
    w.controller.approve_all = lambda: binding.approve_all
    w.controller.approve_all_requested.connect(lambda: binding.set_approve_all(True))
    w.view.edit_lookup = lambda chat_id, ids: edit_views(store, chat_id, ids)
    w.view.undo_requested.connect(binding.undo)
    binding.notice_posted.connect(w.show_notice)

    def on_undone(edit_id: int, done: str) -> None:
        for step in w.view.steps():
            if step.edit_id == edit_id:
                step.set_status("undone")
        w.composer.show_note(
            tr("{done}. Claude will be told with your next message.").format(done=done), timeout_ms=8000
        )

    binding.undone.connect(on_undone)
    return binding
