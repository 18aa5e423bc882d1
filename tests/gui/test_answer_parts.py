"""A long streaming answer goes on in a new view after every PART_CHARS of settled text
(gui/answer_parts.py): together the parts show what one view would."""

from __future__ import annotations

import pytest

from parley.core.presentation.markdown import MarkdownRenderer
from parley.gui import answer_parts
from parley.gui.chat_view import ChatView
from parley.gui.markdown_view import MarkdownView
from parley.gui.markdown_worker import MarkdownWorker
from tests.perf.paced_bench import make_rich_answer


def _lines(views: list[MarkdownView]) -> list[str]:
    return [line.rstrip() for view in views for line in view.toPlainText().splitlines() if line.strip()]


@pytest.mark.parametrize("worker", [False, True])
def test_a_long_answer_streams_on_in_parts_that_show_what_one_view_shows(qtbot, monkeypatch, worker):
    monkeypatch.setattr(answer_parts, "PART_CHARS", 4_000)
    answer = make_rich_answer(20_000)
    view = ChatView(MarkdownRenderer(), lambda model: model)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    widget = view.add_assistant()
    if worker:  # (as the app streams: updates prepared on the worker's thread, shown when ready)
        widget.parts.set_worker(MarkdownWorker.shared())
    for end in range(116, len(answer) + 116, 116):
        while not widget.parts.stream_update(answer[:end]):
            pass
        qtbot.waitUntil(lambda: not widget.parts.views[-1].preparing, timeout=5000)
    while not widget.parts.stream_update(answer, final=True):
        pass
    parts = widget.parts.views
    assert len(parts) >= 4
    assert all(isinstance(part, MarkdownView) for part in parts)
    whole = MarkdownView(MarkdownRenderer())
    qtbot.addWidget(whole)
    whole.set_markdown(answer)
    assert _lines(parts) == _lines([whole])
    assert all(part.room() == 0 for part in parts)  # each fits its text: no blank between parts
    later = [part for part in parts[1:] if "def step" in part.toPlainText()]
    assert later
    assert all(part.code(0) is not None and part.code(0) in answer for part in later)  # each its own Copy links
    assert widget.layout().indexOf(parts[1]) == widget.layout().indexOf(parts[0]) + 1


def test_an_answer_shown_again_whole_is_one_view(qtbot, monkeypatch):
    monkeypatch.setattr(answer_parts, "PART_CHARS", 2_000)
    answer = make_rich_answer(8_000)
    view = ChatView(MarkdownRenderer(), lambda model: model)
    qtbot.addWidget(view)
    widget = view.add_assistant()
    for end in range(116, 7_000, 116):
        while not widget.parts.stream_update(answer[:end]):
            pass
    assert len(widget.parts.views) > 1
    widget.parts.stream_update(answer[:500])  # the answer started over: one view again
    assert len(widget.parts.views) == 1
    assert widget.body.toPlainText().strip()
    widget.parts.reset()
    widget.body.set_markdown(answer)
    assert len(widget.parts.views) == 1
