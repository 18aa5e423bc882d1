"""Attachments on screen: the tray of files waiting in the composer, the strip of files under a sent
prompt (thumbnails for images, a labelled card for PDFs and text), and a viewer for a full image.

Everything is drawn from the bytes the history keeps, so attachments show offline too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QSize, Qt, Signal
from PySide6.QtGui import QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.i18n import QT_TR_NOOP, tr

if TYPE_CHECKING:  # the composer is built before the first paint; file handling loads on first use
    from parley.core.attachments import Attachment

JSON = dict[str, Any]
THUMB = 64  # px: the thumbnail's longer side
FILE_FILTER = QT_TR_NOOP(
    "Images, PDFs and text (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.md *.py *.json *.csv);;All files (*)"
)
MAX_PER_MESSAGE = 20


def thumbnail(data: bytes, side: int = THUMB) -> QPixmap | None:
    """A scaled copy of an image's bytes, or None when Qt cannot read it."""
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return QPixmap.fromImage(
        image.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    )


class AttachmentCard(QFrame):
    """One file: its thumbnail (images) or kind, its name; optionally a remove button.

    Signals: ``removed()`` (its × was clicked); ``opened()`` (an image was clicked)."""

    removed = Signal()
    opened = Signal()

    def __init__(self, block: JSON, data: bytes | None, *, removable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from parley.core.attachments import describe

        self.setObjectName("attachmentCard")
        self.block = block
        self.data = data
        label = describe(block)
        self.setToolTip(label)
        self.setAccessibleName(tr("Attached file {name}").format(name=label))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(6)
        self.picture = QLabel(self)
        pixmap = thumbnail(data) if data is not None and block.get("kind") == "image" else None
        if pixmap is not None:
            self.picture.setPixmap(pixmap)
            self.picture.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.picture.setText(_badge(block, data is not None))
            self.picture.setObjectName("attachmentBadge")
            self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.picture.setFixedSize(THUMB, 40)
        layout.addWidget(self.picture)
        name = QLabel(_elide(str(block.get("name") or "file")), self)
        name.setObjectName("muted")
        layout.addWidget(name)
        if removable:
            remove = QToolButton(self)
            remove.setText("×")
            remove.setAutoRaise(True)
            remove.setAccessibleName(tr("Remove {name}").format(name=block.get("name")))
            remove.setToolTip(tr("Remove this file"))
            remove.clicked.connect(self.removed)
            layout.addWidget(remove)

    def mouseReleaseEvent(self, event: Any) -> None:
        if self.block.get("kind") == "image" and self.data is not None:
            self.opened.emit()
        super().mouseReleaseEvent(event)


def _badge(block: JSON, available: bool) -> str:
    if not available:
        return "missing"
    return {"pdf": "PDF", "text": "TEXT", "image": "IMAGE"}.get(str(block.get("kind")), "FILE")


def _elide(name: str, limit: int = 28) -> str:
    return name if len(name) <= limit else name[: limit - 10] + "…" + name[-9:]


class AttachmentStrip(QWidget):
    """The files of one message, in a row that wraps into a scroll when there are many."""

    def __init__(
        self,
        files: Sequence[tuple[JSON, bytes | None]],
        *,
        removable: bool = False,
        on_remove: Callable[[int], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.cards: list[AttachmentCard] = []
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for n, (block, data) in enumerate(files):
            card = AttachmentCard(block, data, removable=removable, parent=self)
            card.opened.connect(lambda c=card: show_image(c.data or b"", str(c.block.get("name")), self))
            if on_remove is not None:
                card.removed.connect(lambda i=n: on_remove(i))
            row.addWidget(card)
            self.cards.append(card)
        row.addStretch(1)
        inner = QWidget(self)
        inner.setObjectName("attachmentRow")  # transparent (theme.py): the bubble's colour shows through
        inner.setLayout(row)
        scroll = QScrollArea(self)
        scroll.setObjectName("attachmentScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the files; the strip follows them
        scroll.viewport().setAutoFillBackground(False)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedHeight(THUMB + 24)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)


class AttachmentTray(QWidget):
    """Files waiting to be sent with the next prompt.

    Signals: ``changed()`` after files were added or removed; ``refused(str)`` with why a file was not added."""

    changed = Signal()
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._files: list[Attachment] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._strip: AttachmentStrip | None = None
        self.hide()

    def attachments(self) -> list[Attachment]:
        return list(self._files)

    def set_attachments(self, files: Sequence[Attachment]) -> None:
        self._files = list(files)
        self._rebuild()

    def clear(self) -> None:
        self.set_attachments([])

    def add_paths(self, paths: Sequence[Path]) -> None:
        from parley.core.attachments import read_attachment
        from parley.core.errors import InvalidOptions

        problems = []
        for path in paths:
            try:
                self._add(read_attachment(path))
            except InvalidOptions as error:
                problems.append(error.user_message)
        self._rebuild()
        if problems:
            self.refused.emit(" ".join(problems))

    def add_bytes(self, name: str, data: bytes) -> None:
        from parley.core.attachments import attachment_from_bytes
        from parley.core.errors import InvalidOptions

        try:
            self._add(attachment_from_bytes(name, data))
        except InvalidOptions as error:
            self.refused.emit(error.user_message)
        self._rebuild()

    def add_mime(self, mime: QMimeData) -> bool:
        """Files or an image from a paste or a drop; False when *mime* holds neither."""
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if paths:
            self.add_paths(paths)
            return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                from PySide6.QtCore import QBuffer, QIODevice

                buffer = QBuffer()
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                image.save(buffer, "PNG")  # type: ignore[call-overload]  # (the stubs say bytes; it takes str)
                self.add_bytes(f"pasted-image-{len(self._files) + 1}.png", bytes(buffer.data().data()))
                return True
        return False

    def _add(self, attachment: Attachment) -> None:
        from parley.core.errors import InvalidOptions

        if any(f.block["sha256"] == attachment.block["sha256"] for f in self._files):
            return  # the same file twice is sent once
        if len(self._files) >= MAX_PER_MESSAGE:
            raise InvalidOptions(tr("A message can carry at most {count} files").format(count=MAX_PER_MESSAGE))
        self._files.append(attachment)

    def _remove(self, index: int) -> None:
        if 0 <= index < len(self._files):
            del self._files[index]
            self._rebuild()

    def _rebuild(self) -> None:
        if self._strip is not None:
            self._strip.deleteLater()
            self._strip = None
        if self._files:
            self._strip = AttachmentStrip(
                [(f.block, f.data) for f in self._files], removable=True, on_remove=self._remove, parent=self
            )
            self._layout.addWidget(self._strip)
        self.setVisible(bool(self._files))
        self.changed.emit()


def pick_files(parent: QWidget, tray: AttachmentTray) -> None:
    """The platform's file dialog (non-blocking); chosen files join the tray."""
    dialog = QFileDialog(parent, tr("Attach files"))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setNameFilter(tr(FILE_FILTER))
    dialog.filesSelected.connect(lambda names: tray.add_paths([Path(n) for n in names]))
    dialog.open()


def show_image(data: bytes, name: str, parent: QWidget) -> None:
    """The image at up to the screen's size, in a dialog of its own."""
    image = QImage.fromData(data)
    if image.isNull():
        return
    dialog = QDialog(parent)
    dialog.setWindowTitle(name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    label = QLabel(dialog)
    screen = parent.screen().availableSize() if parent.screen() is not None else QSize(1200, 900)
    limit = QSize(int(screen.width() * 0.8), int(screen.height() * 0.8))
    pixmap = QPixmap.fromImage(image)
    if pixmap.width() > limit.width() or pixmap.height() > limit.height():
        pixmap = pixmap.scaled(limit, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    label.setPixmap(pixmap)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(buttons)
    dialog.open()


class DropToTray(QObject):
    """Files dropped anywhere on a widget (the conversation) join the composer's tray."""

    def __init__(self, target: QWidget, tray: AttachmentTray) -> None:
        super().__init__(target)
        self._tray = tray
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(event, QDropEvent):
            mime = event.mimeData()
            if mime.hasUrls() or mime.hasImage():
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent) and self._tray.add_mime(event.mimeData()):
            event.acceptProposedAction()
            return True
        return super().eventFilter(watched, event)
