"""The order Tab visits the window in: the order the user reads it (toolbar, chat list, conversation,
composer), not the order the widgets happened to be made in. Qt appends every new widget to the end
of the window's focus chain; a message added to the conversation is moved to follow the one above it."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QToolBar, QWidget


def order_window(toolbar: QToolBar, parts: Sequence[QWidget]) -> None:
    """Tab goes through the toolbar's buttons, then through each of *parts* in turn."""
    buttons = [w for action in toolbar.actions() if (w := toolbar.widgetForAction(action)) is not None]
    chain([stop for widget in [*buttons, *parts] for stop in stops_below(widget)])


def chain(widgets: Sequence[QWidget]) -> None:
    """Tab visits *widgets* in this order."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def place_after(anchor: QWidget, widget: QWidget) -> QWidget:
    """Move *widget*'s tab stops to follow *anchor*; returns the last of them (or *anchor*)."""
    stops = [s for s in stops_below(widget) if s is not anchor]
    chain([anchor, *stops])
    return stops[-1] if stops else anchor


def fit_in_tab_order(owner: QWidget, part: QWidget) -> None:
    """*part*, built after *owner* was placed, takes its place among *owner*'s tab stops (where its
    layout shows it), not at the end of the window's chain where Qt put it."""
    part_stops = stops_below(part)
    if not part_stops:
        return
    stops = stops_below(owner)
    first = stops.index(part_stops[0]) if part_stops[0] in stops else 0
    anchor = stops[first - 1] if first > 0 else owner.previousInFocusChain()
    if anchor is not None:
        place_after(anchor, part)


def stops_below(root: QWidget) -> list[QWidget]:
    """Tab stops under *root* in the order its layouts show them, top to bottom and left to right
    (a part built later, such as a thinking panel above the answer, sits where it is seen)."""
    if not isinstance(root, QWidget):  # see _in_layout
        return []
    stops = [root] if root.focusPolicy() & Qt.FocusPolicy.TabFocus and root.focusProxy() is None else []
    layout = root.layout()
    placed = _in_layout(layout) if layout is not None else []
    for child in placed:
        stops += stops_below(child)
    for other in root.children():  # widgets outside any layout, in the order they were made
        if isinstance(other, QWidget) and not other.isWindow() and other not in placed:
            stops += stops_below(other)
    return stops


def _in_layout(layout: QLayout) -> list[QWidget]:
    widgets: list[QWidget] = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        # Shiboken may hand back a stale wrapper of another type for a reused address (seen once in
        # CI: a QWidgetItem where a widget was asked for); such an entry is skipped, not followed.
        if isinstance(widget, QWidget):
            widgets.append(widget)
        elif inner is not None:
            widgets += _in_layout(inner)
    return widgets
