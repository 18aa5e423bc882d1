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


def _painter(qtbot):
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
    return TurnPainter(widget, live, clock=clock), live, clock, widget, view


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
