"""Formulas as the answer views draw them: a set formula's SVG rasterised at the screen's pixel ratio
(cached, so a formula seen in many messages is drawn once), the signal that tells views waiting
on formulas that some were set, and copied text that carries each formula's source."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QMimeData, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QTextCursor

from parley.core.presentation.design import FONT_READING, Theme
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.presentation.math_store import MathStore

CACHED_IMAGES = 1_000
# The formula thread starts on a burst of new formulas this long after the first: by then the frame
# that asked for them is laid out and painted. Woken at once, it took the GIL from that frame's
# layout: opening a 2,000-message chat with formulas took 365 ms to first paint instead of 170.
WAKE_AFTER_MS = 100


class FormulaSignals(QObject):
    """``ready`` (on the UI thread) after the formula thread set one or more formulas."""

    ready = Signal()


class _WakeLater(QObject):
    """Starts the formula thread's wake-up timer on the UI thread, whichever thread asks (the
    streaming views render on a worker thread: a timer started there would never fire)."""

    _asked = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._asked.connect(self._start)  # (queued when asked on another thread)

    def __call__(self, wake: Callable[[], None]) -> None:
        self._asked.emit(wake)

    def _start(self, wake: Callable[[], None]) -> None:
        QTimer.singleShot(WAKE_AFTER_MS, wake)


_signals: weakref.WeakKeyDictionary[MathStore, FormulaSignals] = weakref.WeakKeyDictionary()
_images: OrderedDict[tuple[str, float], QImage] = OrderedDict()  # by SVG (its hash is cached) and pixel ratio


def window_renderer(theme: Theme) -> MarkdownRenderer:
    """The window's renderer: formulas set on their own thread, aligned on the reading font."""
    store = MathStore()
    store.defer = _WakeLater()
    renderer = MarkdownRenderer(theme, store)
    renderer.set_x_height(reading_x_height())
    return renderer


def signals_for(store: MathStore) -> FormulaSignals:
    """The store's ``ready`` signal: the formula thread emits it, Qt delivers it on the UI thread."""
    signals = _signals.get(store)
    if signals is None:
        signals = _signals[store] = FormulaSignals()
        store.listeners.append(signals.ready.emit)
    return signals


def reading_x_height() -> int:
    """The reading font's x-height as Qt measures it when it centres an inline image."""
    font = QFont()
    font.setPixelSize(FONT_READING)
    return QFontMetrics(font).xHeight()


def formula_image(store: MathStore, number: int, ratio: float) -> QImage | None:
    """Formula *number* drawn for a screen of pixel *ratio*, or None if it is not set (any more)."""
    formula = store.formula(number)
    if formula is None:
        return None
    key = (formula.svg, ratio)
    image = _images.get(key)
    if image is not None:
        _images.move_to_end(key)
        return image
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(
        round(formula.width * ratio), round(formula.height * ratio), QImage.Format.Format_ARGB32_Premultiplied
    )
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(formula.svg.encode())).render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    image.setDevicePixelRatio(ratio)
    _images[key] = image
    while len(_images) > CACHED_IMAGES:
        _images.popitem(last=False)
    return image


def with_formula_sources(mime: QMimeData, selection: QTextCursor, store: MathStore) -> QMimeData:
    """*mime* (a text view's copy of *selection*) as plain text only, each formula's image replaced
    by its LaTeX source."""
    text = selection.selection().toPlainText()
    if "\ufffc" not in text:
        return mime
    sources = iter(_formula_sources(selection, store))
    # Qt's own object, not one made here: the clipboard deletes it after Python has gone, and a
    # QMimeData made in Python calls back into Python when deleted (SIGSEGV at exit). Its formats
    # are filled in lazily, so fill them now and then replace them.
    mime.text()  # (reading a format fills in all of them)
    for kind in mime.formats():
        if kind != "text/plain":  # the HTML's images are formulas no other program can draw
            mime.removeFormat(kind)
    mime.setText("".join(next(sources, "") if ch == "\ufffc" else ch for ch in text))
    return mime


def _formula_sources(selection: QTextCursor, store: MathStore) -> list[str]:
    document, sources = selection.document(), list[str]()
    end = selection.selectionEnd()
    cursor = QTextCursor(document)
    cursor.setPosition(selection.selectionStart())
    while True:
        cursor = document.find("\ufffc", cursor)
        if cursor.isNull() or cursor.selectionEnd() > end:
            return sources
        name = cursor.charFormat().toImageFormat().name()
        formula = store.formula(int(name[12:])) if name.startswith("parley-math:") else None
        fence = "$$" if formula is not None and formula.display else "$"
        sources.append(f"{fence}{formula.source}{fence}" if formula is not None else "")
