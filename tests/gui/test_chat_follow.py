"""Following a streaming answer: a few lines at a time at a reading pace, further at a fast one
(fewer scrolls, each of which repaints what it brings into view and the scroll bar)."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QWidget

from parley.gui.chat_follow import SCROLLS_PER_SECOND, FollowEnd
from parley.gui.growing_view import GROW_LINES

VIEW = 600  # px: the viewport's height
ROOM = 1_200  # px of blank room below the streaming text (kept out of sight)


class Body(QWidget):
    """Stands in for a streaming answer: its text ends ROOM px above its bottom."""

    def room(self) -> int:
        return ROOM


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _chat(qtbot):
    area = QScrollArea()
    qtbot.addWidget(area)
    page = QWidget()
    page.setFixedSize(400, 40_000)
    area.setWidget(page)
    area.resize(420, VIEW)
    area.show()
    qtbot.waitExposed(area)
    body = Body(page)
    body.setGeometry(0, 0, 400, ROOM)  # no text yet
    clock = Clock()
    follow = FollowEnd(area, clock)
    follow.growing = body
    return area, body, follow, clock


def _stream(area, body, follow, clock, px_per_second: float, seconds: float) -> list[tuple[int, int]]:
    """The text grows at *px_per_second* for *seconds*, a frame every 1/30 s: the scrolls made, and
    where the text's end sat above the view's bottom after each."""
    bar, viewport, scrolls = area.verticalScrollBar(), area.viewport(), []
    text = 0.0
    for _ in range(int(seconds * 30)):
        clock.now += 1 / 30
        text += px_per_second / 30
        body.setFixedHeight(int(text) + ROOM)
        before = bar.value()
        follow.follow()
        end_in_view = int(text) - bar.value()
        assert 0 <= end_in_view <= viewport.height()  # the newest line is always in sight
        if bar.value() != before:
            scrolls.append((bar.value(), viewport.height() - end_in_view))
    return scrolls


def test_at_a_reading_pace_it_scrolls_a_few_lines_at_a_time(qtbot):
    area, body, follow, clock = _chat(qtbot)
    line = body.fontMetrics().lineSpacing()
    scrolls = _stream(area, body, follow, clock, 4 * line, 30)  # 80 tok/s: about 4 lines a second
    assert len(scrolls) > 5
    assert all(abs(below - GROW_LINES * line) <= line for _, below in scrolls)


def test_a_fast_stream_scrolls_about_twice_a_second_up_to_half_the_view(qtbot):
    area, body, follow, clock = _chat(qtbot)
    line = body.fontMetrics().lineSpacing()
    fast = 40 * line  # 880 tok/s: about 40 lines a second
    scrolls = _stream(area, body, follow, clock, fast, 10)
    steps = [below for _, below in scrolls[2:]]
    assert all(GROW_LINES * line < below <= VIEW // 2 + line for below in steps)
    few_lines = fast * 10 / (GROW_LINES * line)  # the scrolls 8-line steps would take
    assert len(scrolls) < few_lines * 0.6
    assert len(scrolls) >= 10 * SCROLLS_PER_SECOND * 0.8


def test_after_a_pause_it_takes_small_steps_again(qtbot):
    area, body, follow, clock = _chat(qtbot)
    line = body.fontMetrics().lineSpacing()
    _stream(area, body, follow, clock, 40 * line, 5)
    clock.now += 20  # the model paused (a tool ran): the next scroll sees a slow pace
    height = body.height()
    body.setFixedHeight(height + VIEW)
    follow.follow()
    end_in_view = body.height() - ROOM - area.verticalScrollBar().value()
    assert abs((area.viewport().height() - end_in_view) - GROW_LINES * line) <= line
