"""Export and import from the window: choose format and file, write or read off the UI thread,
report the result in words."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QWidget,
)

from parley.core.errors import ParleyError
from parley.core.history.store import Store
from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.transfer.export import Format, write_export
from parley.core.transfer.importers import ImportReport, import_file

from .tasks import TaskRegistry

FORMATS: list[tuple[str, Format, str]] = [
    (QT_TR_NOOP("Markdown (.md)"), "md", QT_TR_NOOP("Markdown (*.md)")),
    (QT_TR_NOOP("JSON — complete, can be imported again (.json)"), "json", QT_TR_NOOP("JSON (*.json)")),
    (QT_TR_NOOP("Web page (.html)"), "html", QT_TR_NOOP("Web page (*.html)")),
]


class ExportOptions(QDialog):
    def __init__(self, parent: QWidget, what: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export {what}").format(what=what))
        self.format = QComboBox(self)
        self.format.setAccessibleName(tr("Export format"))
        for label, fmt, _ in FORMATS:
            self.format.addItem(label, fmt)
        self.thinking = QCheckBox(tr("Include the thinking summaries"), self)
        self.thinking.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Choose file…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Format"), self.format)
        form.addRow(self.thinking)
        form.addRow(buttons)


def export_shown(parent: QWidget, store: Store, chat_id: str | None, status: Callable[[str, int], None]) -> None:
    """File → Export this chat: the chat or comparison shown, or a word on the status bar without one."""
    if chat_id is None:
        status(tr("Open a chat to export it (or export all chats)."), 6000)
    else:
        export_chats(parent, store, chat_id)


def export_chats(parent: QWidget, store: Store, chat_id: str | None) -> None:
    """Export one chat, or all (*chat_id* None): options, then a native save dialog."""
    chat = store.find_chat(chat_id) if chat_id else None
    ids = [chat.id] if chat else [c.id for c in store.list_chats(limit=-1)]
    if not ids:
        tell(parent, tr("Export"), tr("There are no chats to export yet."))
        return
    options = ExportOptions(parent, tr("this chat") if chat else tr("all {count} chats").format(count=len(ids)))
    if options.exec() != QDialog.DialogCode.Accepted:
        return
    fmt: Format = options.format.currentData()
    pattern = tr(next(p for _, f, p in FORMATS if f == fmt))
    stem = _safe_name(chat.title) if chat else "parley-chats"
    path, _ = QFileDialog.getSaveFileName(parent, tr("Export to"), str(Path.home() / f"{stem}.{fmt}"), pattern)
    if not path:
        return
    try:
        write_export(store, ids, fmt, Path(path), thinking=options.thinking.isChecked())
    except OSError as exc:
        tell(
            parent,
            tr("Export failed"),
            tr("Could not write {path}: {reason}").format(path=path, reason=exc.strerror or exc),
            warning=True,
        )
        return
    done = tr("Exported {count} chat(s) to {path}").format(count=len(ids), path=path)
    parent.window().statusBar().showMessage(done, 8000)  # type: ignore[attr-defined]


def tell(parent: QWidget, title: str, text: str, *, warning: bool = False) -> QMessageBox:
    """A window-modal message that does not block the event loop (streams and imports go on)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
        title,
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("transferResult")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _safe_name(title: str) -> str:
    keep = "".join(c if c.isalnum() or c in " -_" else " " for c in title)
    return "-".join(keep.split())[:60] or "chat"


def import_chats(
    parent: QWidget, database: Path, done: Callable[[], None], *, tasks: TaskRegistry, path: str | None = None
) -> asyncio.Task[None]:
    """Ask for a file (unless *path* is given) and import it in a worker thread, on its own connection."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            parent, tr("Import chats"), str(Path.home()), tr("Chat exports (*.json *.zip);;All files (*)")
        )
    chosen = path

    async def run() -> None:
        if not chosen:
            return
        try:
            report = await asyncio.to_thread(_import_in_thread, database, Path(chosen))
        except ParleyError as exc:
            tell(
                parent,
                tr("Import failed"),
                tr("{error}\n\nNothing was changed.").format(error=exc.user_message),
                warning=True,
            )
            return
        done()
        tell(parent, tr("Import"), _report_text(report))

    return tasks.spawn(run(), name="import")


def _import_in_thread(database: Path, path: Path) -> ImportReport:
    with Store(database) as store:
        return import_file(store, path)


def _report_text(report: ImportReport) -> str:
    imported = tr("{format}: imported {count} chats.") if report.added != 1 else tr("{format}: imported 1 chat.")
    text = imported.format(format=tr(report.format), count=report.added)
    if report.skipped:
        skipped = tr("{count} were already in your history.")
        if report.skipped == 1:
            skipped = tr("1 was already in your history.")
        text += " " + skipped.format(count=report.skipped)
    return text
