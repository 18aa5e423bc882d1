"""What a screen reader user meets on a screen: every control they can reach has a name, and the
keyboard can reach every control (the focus chain)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QAbstractItemView,
    QAbstractSpinBox,
    QAbstractSlider,
)


def _describe(widget: QWidget) -> str:
    name = widget.objectName() or ""
    parent = widget.parentWidget()
    owner = type(parent).__name__ if parent is not None else "-"
    return f"{type(widget).__name__}{'#' + name if name else ''} in {owner}"


def visible_controls(root: QWidget) -> list[QWidget]:
    """The controls a user can see and use under *root* (scroll bars are the scroll area's)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root) or not widget.isVisible():
            continue
        if isinstance(widget, QAbstractSlider) and widget.objectName().startswith("qt_scrollarea"):
            continue
        if isinstance(widget, QScrollBar):
            continue  # the scroll area's: the keyboard scrolls the area itself
        found.append(widget)
    return found


def _labelled(widget: QWidget) -> bool:
    """A combo box's name must say what it chooses, not only its current value: an accessible name
    of its own, or a label that is its buddy."""
    if widget.accessibleName().strip():
        return True
    return any(label.buddy() is widget for label in widget.window().findChildren(QLabel))


def unnamed(root: QWidget) -> list[str]:
    """Controls under *root* that a screen reader would announce without a name (or, for a combo
    box, with only its current value)."""
    missing = []
    for widget in visible_controls(root):
        face = QAccessible.queryAccessibleInterface(widget)
        name = face.text(QAccessible.Text.Name).strip() if face is not None else ""
        if not name or (isinstance(widget, QComboBox) and not _labelled(widget)):
            missing.append(_describe(widget))
    return missing


def focus_chain(root: QWidget, limit: int = 400) -> list[QWidget]:
    """The widgets Tab visits from the window's first focus, in order (once round)."""
    window = root.window()
    start = QApplication.focusWidget() or window
    seen: list[QWidget] = []
    widget = start.nextInFocusChain()
    while widget is not None and widget is not start and len(seen) < limit:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.window() is window
        ):
            seen.append(widget)
        widget = widget.nextInFocusChain()
    return seen


def unreachable(root: QWidget) -> list[str]:
    """Enabled controls that Tab never reaches (a mouse-only control)."""
    chain = set(focus_chain(root))
    missing = []
    for widget in visible_controls(root):
        if not widget.isEnabled() or widget in chain:
            continue
        proxy = widget.focusProxy()
        if proxy is not None and proxy in chain:
            continue
        if isinstance(widget.parentWidget(), QLineEdit):
            continue  # a line edit's own clear button: Esc or Ctrl+A, Delete do the same from the keyboard
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            missing.append(_describe(widget))
    return missing
