"""The chat's app-painted scroll bar looks as the style sheet's does, and its handle is where the
style hit-tests it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QScrollArea, QScrollBar, QStyle, QStyleOptionSlider, QWidget

from parley.gui import theme
from parley.gui.slim_scroll_bar import SlimScrollBar


@pytest.fixture
def themed(qapp):
    yield qapp
    _areas.clear()
    qapp.setStyleSheet("")
    qapp.setPalette(QPalette())


_areas: list[QScrollArea] = []  # (kept alive for the test: the bar is the area's)


def _bar_image(qtbot, bar: QScrollBar | None, value: int, content: int) -> tuple[QImage, QScrollBar]:
    area = QScrollArea()
    _areas.append(area)
    qtbot.addWidget(area)
    if bar is not None:
        area.setVerticalScrollBar(bar)
    page = QWidget()
    page.setMinimumHeight(content)
    area.setWidget(page)
    area.resize(400, 500)
    area.show()
    qtbot.waitExposed(area)
    shown = area.verticalScrollBar()
    shown.setValue(value)
    return shown.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32), shown


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize(("value", "content"), [(0, 2_000), (700, 2_000), (1_500, 2_000), (30_000, 60_000)])
def test_it_paints_the_style_sheets_handle_pixel_for_pixel(qtbot, themed, mode, value, content):
    theme.apply(themed, mode)
    styled, plain = _bar_image(qtbot, None, value, content)
    slim, bar = _bar_image(qtbot, SlimScrollBar(), value, content)
    assert (bar.width(), bar.height(), bar.value()) == (plain.width(), plain.height(), plain.value())
    assert slim.size() == styled.size()
    handle = QColor(theme.current().palette.scrollbar).rgb()
    assert any(slim.pixel(slim.width() // 2, y) == handle for y in range(slim.height()))  # (drawn at all)
    assert slim == styled


def test_its_handle_is_where_the_style_finds_it_for_the_mouse(qtbot, themed):
    theme.apply(themed, "light")
    _, bar = _bar_image(qtbot, SlimScrollBar(), 900, 4_000)
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    handle = bar.style().subControlRect(
        QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, bar
    )
    image = bar.grab().toImage()
    colour = QColor(theme.current().palette.scrollbar).rgb()
    middle = handle.center()
    assert image.pixel(middle.x(), middle.y()) == colour
    assert image.pixel(middle.x(), handle.top() - 2) != colour
    assert image.pixel(middle.x(), handle.bottom() + 2) != colour
    assert (
        bar.style().hitTestComplexControl(QStyle.ComplexControl.CC_ScrollBar, option, middle, bar)
        == QStyle.SubControl.SC_ScrollBarSlider
    )
    assert Qt.Orientation.Vertical == bar.orientation()
