"""What a careful eye checks on every screen, as code: text cut off without an ellipsis, widgets on
top of each other or pushed out of their parent, and a window whose minimum size grew.

``problems(root)`` walks every visible widget under *root* and returns one line per problem (an
empty list is a clean screen). tests/gui/test_layout.py runs it on every screen of the gallery.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QLabel,
    QLayout,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QWidget,
)

from parley.gui.widgets import ElidedLabel, ElidingComboBox

SLACK = 2  # px: rounding in Qt's own metrics
MAX_MINIMUM = QSize(640, 480)


def _name(widget: QWidget) -> str:
    text = ""
    for attr in ("text", "currentText"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            text = str(getter())[:40]
            break
    parent = widget.parentWidget()
    where = f"{type(parent).__name__}#{parent.objectName()}" if parent is not None else "-"
    return f"{type(widget).__name__}#{widget.objectName()} {text!r} in {where}"


def _visible(root: QWidget) -> Iterator[QWidget]:
    for widget in root.findChildren(QWidget):
        if widget.isVisible() and widget.window() is root.window() and widget.width() > 0:
            yield widget


def _plain_width(label: QLabel) -> int:
    text = label.text()
    if label.textFormat().name != "PlainText" and ("<" in text or "&" in text):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setHtml(text)
        doc.setDocumentMargin(0)
        return int(doc.idealWidth())
    return max((label.fontMetrics().horizontalAdvance(line) for line in text.splitlines()), default=0)


def clipped_text(widget: QWidget) -> str | None:
    """Why *widget*'s text does not fit, or None."""
    if isinstance(widget, ElidedLabel | ElidingComboBox):
        return None  # they end in "…" by design (the full text is their tooltip)
    if isinstance(widget, QLabel):
        if not widget.text() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return None
        room = widget.contentsRect()
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + SLACK:
                return f"wrapped text needs {needed} px of height, has {widget.height()}"
            return None
        needed = _plain_width(widget)
        if needed > room.width() + SLACK:
            return f"text needs {needed} px, has {room.width()}"
        return None
    if isinstance(widget, QComboBox):
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, widget
        )
        needed = widget.fontMetrics().horizontalAdvance(widget.currentText())
        if needed > field.width() + SLACK:
            return f"current item needs {needed} px, the field has {field.width()}"
        return None
    if isinstance(widget, QToolButton) and widget.toolButtonStyle().name == "ToolButtonIconOnly":
        return None  # its text is its tooltip and accessible name
    if isinstance(widget, QPushButton | QCheckBox | QToolButton) and widget.text():
        hint = widget.minimumSizeHint() if isinstance(widget, QCheckBox) else widget.sizeHint()
        if isinstance(widget, QPushButton):
            hint = widget.minimumSizeHint()
        if hint.width() > widget.width() + SLACK:
            return f"needs {hint.width()} px, has {widget.width()}"
    return None


def _layout_widgets(layout: QLayout) -> Iterator[QWidget]:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is not None:
            yield item.widget()
        elif item.layout() is not None:
            yield from _layout_widgets(item.layout())


def cut_by_scroll_area(area: QWidget) -> str | None:
    """A scroll area that does not scroll sideways, holding content wider than itself."""
    if not isinstance(area, QScrollArea) or area.widget() is None:
        return None
    if area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        return None
    content, room = area.widget().width(), area.viewport().width()
    return f"its content is {content} px wide in {room} px, cut off at the right" if content > room + SLACK else None


def placement(parent: QWidget) -> list[str]:
    """Widgets that *parent*'s layout placed on top of each other or outside it."""
    layout = parent.layout()
    if layout is None or isinstance(parent, QAbstractScrollArea):
        return []
    shown = [w for w in _layout_widgets(layout) if w.isVisible() and not w.geometry().isEmpty()]
    found = []
    bounds = parent.rect()
    for i, widget in enumerate(shown):
        box: QRect = widget.geometry()
        if not bounds.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(box):
            found.append(f"{_name(widget)} at {box.getRect()} outside its parent {bounds.getRect()}")
        for other in shown[i + 1 :]:
            overlap = box.intersected(other.geometry())
            if overlap.width() > SLACK and overlap.height() > SLACK:
                found.append(f"{_name(widget)} overlaps {_name(other)} by {overlap.width()}×{overlap.height()} px")
    return found


def problems(root: QWidget) -> list[str]:
    """Every layout problem on *root*'s screen (its window, or a dialog)."""
    found: list[str] = []
    window = root.window()
    if isinstance(window, QMainWindow):
        for size, what in ((window.minimumSize(), "minimum size"), (window.minimumSizeHint(), "content's minimum")):
            if size.width() > MAX_MINIMUM.width() or size.height() > MAX_MINIMUM.height():
                found.append(f"the window's {what} is {size.width()}×{size.height()}, over 640×480")
    for widget in [root, *_visible(root)]:
        why = (clipped_text(widget) if widget is not root else None) or cut_by_scroll_area(widget)
        if why:
            found.append(f"{_name(widget)}: {why}")
        found += placement(widget)
    return found
