"""A read-only view of model output that is safe to show and pleasant to read.

It never loads a resource (``loadResource`` answers only the formulas the renderer set), opens
only http(s)/mailto links, and only in the system browser; ``parley-copy:N`` links copy code block
N to the clipboard. Copied text carries formulas as their LaTeX source. Focus shows as a tint.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFocusEvent, QGuiApplication, QPalette, QTextOption
from PySide6.QtWidgets import QFrame, QWidget

from parley.core.i18n import tr
from parley.core.presentation.markdown import SAFE_SCHEMES, MarkdownRenderer

from .growing_view import GrowingTextView
from .math_images import formula_image, with_formula_sources
from .theme import current


class SafeTextView(GrowingTextView):
    """Signals: ``code_copied(str)`` after a Copy link put code on the clipboard;
    ``link_opened(str)`` after a safe link went to the system browser."""

    code_copied = Signal(str)
    link_opened = Signal(str)

    def __init__(self, renderer: MarkdownRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self.blocked_resources = 0  # how often Qt asked for a resource (all refused)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setObjectName("markdown")  # the theme's style sheet: no frame, no background
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(2)
        self.setAccessibleName(tr("Message text"))
        self.anchorClicked.connect(self._on_anchor_clicked)

    def code(self, index: int) -> str | None:
        """The source of code block *index* (for its Copy link)."""
        return None

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copied text carries each formula as its LaTeX source, not as an image."""
        return with_formula_sources(super().createMimeDataFromSelection(), self.textCursor(), self._renderer.math)

    # ------------------------------------------------------------ safety

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Nothing is ever fetched while rendering model output: no images, no stylesheets; only
        the renderer's own formulas (``parley-math:N``) are drawn.

        An empty QByteArray, not None: PySide6 6.12 mis-counts references to a None returned here
        and eventually aborts ("deallocating None").
        """
        name = url.toString() if isinstance(url, QUrl) else str(url)
        if name.startswith("parley-math:") and name[12:].isdigit():
            image = formula_image(self._renderer.math, int(name[12:]), self.devicePixelRatioF())
            if image is not None:
                return image
        self.blocked_resources += 1
        return QByteArray()

    def _on_anchor_clicked(self, url: QUrl) -> None:
        raw = url.toString()
        if url.scheme() == "parley-copy":
            code = self.code(int(url.path() or -1)) if url.path().isdigit() else None
            if code is not None:
                clipboard = QGuiApplication.clipboard()
                if clipboard is not None:
                    clipboard.setText(code)
                self.code_copied.emit(code)
            return
        if raw.lower().startswith(SAFE_SCHEMES):
            QDesktopServices.openUrl(url)
            self.link_opened.emit(raw)

    # ------------------------------------------------------------ focus

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Focus shows as a tint behind the text. Set on the viewport here, not by a ``:focus`` rule in
        the style sheet: such a rule is matched on every repaint of a streaming answer (P1's stall)."""
        super().focusInEvent(event)
        viewport = self.viewport()
        tinted = viewport.palette()
        tinted.setColor(QPalette.ColorRole.Base, QColor(current().palette.hover))
        viewport.setPalette(tinted)
        viewport.setAutoFillBackground(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().setAutoFillBackground(False)
