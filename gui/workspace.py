"""A chat's workspace folder: the bar above the composer, attaching and detaching, undo of edits.

The folder and "Apply edits without asking" are part of the chat's setup, which the shown chat
owns (a new chat keeps them until its first message creates it); this module only shows and
changes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtWidgets import QCheckBox, QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QWidget

from parley.core.i18n import tr
from parley.core.presentation.notices import Notice

from .icons import icon
from .widgets import ElidedLabel, icon_button

if TYPE_CHECKING:
    from parley.core.history.store import Store
    from parley.core.mcp.turn import Opener
    from parley.core.tools.memory import MemoryTool
    from parley.core.tools.session import ToolObserver, ToolSession

    from .shown_chat import ShownChat


class WorkspaceBar(QFrame):
    """Signals: ``attach_requested()``, ``detach_requested()``, ``approve_all_toggled(bool)``."""

    attach_requested = Signal()
    detach_requested = Signal()
    approve_all_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspaceBar")
        mark = QLabel(self)
        mark.setPixmap(icon("folder-open").pixmap(QSize(16, 16)))
        mark.setAccessibleName(tr("Workspace folder"))
        self.label = ElidedLabel("", self)
        self.label.setObjectName("muted")
        self.label.setAccessibleName(tr("Workspace folder"))
        self.approve_all = QCheckBox(tr("Apply edits without asking"), self)
        self.approve_all.setToolTip(tr("Claude's edits in this chat are applied at once; each can still be undone"))
        change = icon_button("folder-plus", tr("Choose another workspace folder"), self)
        change.setText(tr("Change…"))
        detach = icon_button("x", tr("Detach the workspace folder from this chat"), self)
        detach.setText(tr("Detach"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(mark)
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
        self.approve_all.blockSignals(True)
        self.approve_all.setChecked(approve_all)
        self.approve_all.blockSignals(False)
        self.show()


class WorkspaceBinding(QObject):
    """The shown chat's workspace: the bar follows the chat's setup, and the bar's choices change it.
    Signals: ``notice_posted(object)`` (a Notice, or None); ``undone(int, str)`` after an edit was
    undone (edit id, what was done)."""

    notice_posted = Signal(object)
    undone = Signal(int, str)

    def __init__(self, shown: ShownChat, store: Store, bar: WorkspaceBar, parent: QWidget) -> None:
        super().__init__(parent)
        self._shown = shown
        self._store = store
        self.bar = bar
        self._parent = parent
        self._dialog: QFileDialog | None = None
        self._enabled = True
        bar.attach_requested.connect(self.choose_folder)
        bar.detach_requested.connect(self.detach)
        bar.approve_all_toggled.connect(self.set_approve_all)
        shown.switched.connect(self._on_shown_switched)
        shown.setup_changed.connect(self._on_shown_setup_changed)

    @property
    def folder(self) -> str | None:
        return self._shown.setup.workspace

    def enable(self, on: bool) -> None:
        """Comparisons use no workspace: the bar hides while one is shown."""
        self._enabled = on
        self._show()

    def _show(self) -> None:
        setup = self._shown.setup
        self.bar.show_folder(setup.workspace if self._enabled else None, setup.approve_writes)

    def _on_shown_switched(self, _chat: object) -> None:
        self._show()

    def _on_shown_setup_changed(self, _new: object, _old: object) -> None:
        self._show()

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
        self._shown.change(workspace=str(Path(folder).resolve()))
        self.notice_posted.emit(None)

    def detach(self) -> None:
        self._shown.change(workspace=None, approve_writes=False)

    def set_approve_all(self, on: bool) -> None:
        self._shown.change(approve_writes=on)

    def session(
        self, observer: ToolObserver, open_mcp: Opener | None = None, memory: MemoryTool | None = None
    ) -> ToolSession | None:
        """The tool session for the next message (the folder's editor, *open_mcp*'s servers and the
        *memory*), None with none of them; a folder that is gone posts a notice and raises ``Refused``."""
        if self.folder is None and open_mcp is None and memory is None:
            return None
        from parley.core.tools.sandbox import Refused
        from parley.core.tools.session import ToolSession

        try:
            return ToolSession.open(self._store, self.folder, observer, open_mcp=open_mcp, memory=memory)
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
