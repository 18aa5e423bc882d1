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
from parley.core.store import Store
from parley.core.transfer.export import Format, write_export
from parley.core.transfer.importers import ImportReport, import_file

FORMATS: list[tuple[str, Format, str]] = [
    ("Markdown (.md)", "md", "Markdown (*.md)"),
    ("JSON — complete, can be imported again (.json)", "json", "JSON (*.json)"),
    ("Web page (.html)", "html", "Web page (*.html)"),
]


class ExportOptions(QDialog):
    def __init__(self, parent: QWidget, what: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export {what}")
        self.format = QComboBox(self)
        self.format.setAccessibleName("Export format")
        for label, fmt, _ in FORMATS:
            self.format.addItem(label, fmt)
        self.thinking = QCheckBox("Include the thinking summaries", self)
        self.thinking.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow(self.thinking)
        form.addRow(buttons)


def export_chats(parent: QWidget, store: Store, chat_id: str | None) -> None:
    """Export one chat, or all (*chat_id* None): options, then a native save dialog."""
    chat = store.find_chat(chat_id) if chat_id else None
    ids = [chat.id] if chat else [c.id for c in store.list_chats(limit=-1)]
    if not ids:
        tell(parent, "Export", "There are no chats to export yet.")
        return
    options = ExportOptions(parent, "this chat" if chat else f"all {len(ids)} chats")
    if options.exec() != QDialog.DialogCode.Accepted:
        return
    fmt: Format = options.format.currentData()
    pattern = next(p for _, f, p in FORMATS if f == fmt)
    stem = _safe_name(chat.title) if chat else "parley-chats"
    path, _ = QFileDialog.getSaveFileName(parent, "Export to", str(Path.home() / f"{stem}.{fmt}"), pattern)
    if not path:
        return
    try:
        write_export(store, ids, fmt, Path(path), thinking=options.thinking.isChecked())
    except OSError as exc:
        tell(parent, "Export failed", f"Could not write {path}: {exc.strerror or exc}", warning=True)
        return
    parent.window().statusBar().showMessage(f"Exported {len(ids)} chat(s) to {path}", 8000)  # type: ignore[attr-defined]


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
    parent: QWidget, database: Path, done: Callable[[], None], path: str | None = None
) -> asyncio.Task[None]:
    """Ask for a file (unless *path* is given) and import it in a worker thread, on its own connection."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Import chats", str(Path.home()), "Chat exports (*.json *.zip);;All files (*)"
        )
    chosen = path

    async def run() -> None:
        if not chosen:
            return
        try:
            report = await asyncio.to_thread(_import_in_thread, database, Path(chosen))
        except ParleyError as exc:
            tell(parent, "Import failed", f"{exc.user_message}\n\nNothing was changed.", warning=True)
            return
        done()
        tell(parent, "Import", _report_text(report))

    return asyncio.ensure_future(run())


def _import_in_thread(database: Path, path: Path) -> ImportReport:
    with Store(database) as store:
        return import_file(store, path)


def _report_text(report: ImportReport) -> str:
    text = f"{report.format}: imported {report.added} chat{'s' if report.added != 1 else ''}."
    if report.skipped:
        text += f" {report.skipped} {'was' if report.skipped == 1 else 'were'} already in your history."
    return text
