"""The painter shows a streaming answer's new text in frames worth showing (gui/turn_painter.py):
at once when enough arrived, else within SHOW_WITHIN; the first words, the end and a restart at once."""

from __future__ import annotations

from parley.core.events import BlockStart, MessageStart, TextDelta
from parley.core.presentation.markdown import MarkdownRenderer
from parley.core.turn import LiveTurn
from parley.gui.chat_view import ChatView
from parley.gui.turn_painter import SHOW_WITHIN, WORTH_CHARS, TurnPainter


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def _painter(qtbot, off_thread: bool = False):
    view = ChatView(MarkdownRenderer(), lambda model: model)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    widget = view.add_assistant()
    qtbot.waitUntil(widget.isVisible, timeout=3000)
    clock = Clock()
    live = LiveTurn(clock)
    live.new_attempt()
    live.observe(MessageStart({"content": []}))
    live.observe(BlockStart(0, {"type": "text", "text": ""}))
    return TurnPainter(widget, live, clock=clock, off_thread=off_thread), live, clock, widget, view


def _shown(widget) -> str:
    return widget.parts.views[0].toPlainText()


def test_new_text_waits_for_a_frame_worth_showing_and_never_longer_than_show_within(qtbot):
    painter, live, clock, widget, _chat = _painter(qtbot)  # (the chat owns the widget: kept alive here)
    live.observe(TextDelta(0, "The first words "))
    painter.paint()
    assert _shown(widget) == "The first words"  # the answer's first words: at once

    clock.now += 0.033
    live.observe(TextDelta(0, "arrive at once, "))  # 16 characters: not worth a frame of their own
    painter.paint()
    assert _shown(widget) == "The first words"
    clock.now += 0.033
    painter.paint()  # a frame with nothing new: still waiting
    assert _shown(widget) == "The first words"
    clock.now += SHOW_WITHIN
    painter.paint()  # it waited long enough
    assert _shown(widget) == "The first words arrive at once,"

    clock.now += 0.01
    live.observe(TextDelta(0, "and a burst " * (WORTH_CHARS // 12 + 1)))
    painter.paint()  # enough for a frame: at once, however recent the last one
    assert _shown(widget).endswith("and a burst")

    clock.now += 0.01
    live.observe(TextDelta(0, "then the end."))
    painter.paint(final=True)  # the end: at once
    assert _shown(widget).endswith("and a burst then the end.")


def test_a_held_frame_still_shows_everything_but_the_answer_text(qtbot):
    painter, live, clock, widget, _chat = _painter(qtbot)  # (the chat owns the widget: kept alive here)
    live.observe(TextDelta(0, "Start "))
    painter.paint()
    widget.set_status("Retrying in 2 s…")
    clock.now += 0.01
    live.observe(TextDelta(0, "more"))
    painter.paint()  # the text waits; the reply has arrived, so the retry note goes
    assert _shown(widget) == "Start"
    assert not widget.status.isVisible()


def test_off_the_ui_thread_each_update_shows_when_ready_in_order_and_the_end_at_once(qtbot):
    """The app's painter has its view's updates prepared on the worker's thread: a frame asks,
    a later one finds it shown; text that came meanwhile follows; the end is shown in its call."""
    painter, live, clock, widget, _chat = _painter(qtbot, off_thread=True)
    view = widget.parts.views[0]
    live.observe(TextDelta(0, "The first words "))
    assert painter.paint() is True  # (being prepared: it shows when ready, with no other call)
    assert view.preparing
    assert _shown(widget) == ""
    qtbot.waitUntil(lambda: _shown(widget) == "The first words", timeout=5000)
    clock.now += 1
    live.observe(TextDelta(0, "and more, " * 10))
    painter.paint()
    clock.now += 1
    live.observe(TextDelta(0, "\n\n```python\nprint(1)\n"))
    painter.paint()  # (asked while the words before are being prepared: shown after them)
    qtbot.waitUntil(lambda: not view.preparing, timeout=5000)
    assert _shown(widget).split()[-2:] == ["Copy", "print(1)"]
    live.observe(TextDelta(0, "```\n\nThe end."))
    painter.paint(final=True)
    assert not view.preparing
    assert _shown(widget).split()[-4:] == ["Copy", "print(1)", "The", "end."]
    assert view.code(0) == "print(1)\n"
