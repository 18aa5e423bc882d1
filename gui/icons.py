"""Icons: Lucide's outline set (ISC licence, resources/icons/lucide/LICENSE), drawn in the theme's
colours. Each SVG uses ``currentColor``; the engine fills in the colour for the icon's state (muted
when normal, full text colour when active or checked, the disabled colour when disabled), so an
icon follows light and dark without a second set of files.

One QIcon per (name, colour role) for the whole run: icons are implicitly shared, so every button
showing "copy" shares one engine, which renders each size, state and theme once.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QImage, QPainter, QPixmap

from parley import resources

from .theme import current

LUCIDE = "icons/lucide/{name}.svg"
ON_ACCENT = "accent_text"  # a palette colour by name: the icon on an accent-coloured button


@cache
def _svg(name: str) -> str:
    return resources.path(LUCIDE.format(name=name)).read_text(encoding="utf-8")


class _LucideEngine(QIconEngine):
    def __init__(self, name: str, role: str | None = None) -> None:
        super().__init__()
        self._name = name
        self._role = role  # a palette colour's name (an accent button, a warning), else by state
        self._rendered: dict[tuple[int, int, str], QImage] = {}  # (width, height, colour) → image

    def clone(self) -> QIconEngine:
        return _LucideEngine(self._name, self._role)

    def _colour(self, mode: QIcon.Mode, state: QIcon.State) -> str:
        tokens = current().palette  # read at paint time: a theme change repaints in the new colours
        if self._role is not None and mode != QIcon.Mode.Disabled:
            return str(getattr(tokens, self._role))
        if mode == QIcon.Mode.Disabled:
            return tokens.text_disabled
        if mode in (QIcon.Mode.Active, QIcon.Mode.Selected) or state == QIcon.State.On:
            return tokens.text
        return tokens.text_muted

    def _image(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QImage:
        if size.isEmpty():  # a button laid out with no room yet: nothing to draw (and no painter to start)
            return QImage()
        colour = self._colour(mode, state)
        key = (size.width(), size.height(), colour)
        image = self._rendered.get(key)
        if image is None:
            from PySide6.QtSvg import QSvgRenderer  # after the first paint where possible; ~1 ms

            image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            renderer = QSvgRenderer(QByteArray(_svg(self._name).replace("currentColor", colour).encode("utf-8")))
            side = min(size.width(), size.height())
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF((size.width() - side) / 2, (size.height() - side) / 2, side, side))
            painter.end()
            self._rendered[key] = image
        return image

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        image = self._image(QSize(round(rect.width() * ratio), round(rect.height() * ratio)), mode, state)
        if not image.isNull():
            painter.drawImage(QRectF(rect), image)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return QPixmap.fromImage(self._image(size, mode, state))


@cache
def icon(name: str, role: str | None = None) -> QIcon:
    """The Lucide icon *name* (a file in resources/icons/lucide), in the theme's colours; with *role*
    (a palette field such as "danger" or ON_ACCENT) always in that colour, unless disabled."""
    return QIcon(_LucideEngine(name, role))
