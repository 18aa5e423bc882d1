"""Hostile model output (tests/gui/test_markdown_view.py's corpus: remote images, raw HTML, scripts,
javascript:/file:/data: links, CSS tricks, bidi and zero-width characters, a 10 MB line, deep nesting,
huge tables) shown as a finished answer and as a stream: no request reaches the loopback canary,
no link but http(s)/mailto survives, and the UI thread is never held more than 100 ms per 100 KB."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QGuiApplication, QTextCharFormat
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from parley.core.presentation.markdown import MarkdownRenderer
from parley.gui.markdown_view import MarkdownView
from tests.gui.test_markdown_view import canary, hostile_corpus  # noqa: F401 (canary is a fixture)

MS_PER_100KB = 100.0
STREAM_PIECE = 100_000  # characters arriving at once while streaming (shown over several frames)


def _budget_ms(text: str) -> float:
    return MS_PER_100KB * max(1.0, len(text) / 100_000)


def _settle(seconds: float = 0.05) -> float:
    """Process events for *seconds*; returns the longest single pass (a stall)."""
    longest, end = 0.0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        QGuiApplication.processEvents()
        longest = max(longest, time.perf_counter() - start)
    return longest


def _links(view: MarkdownView) -> list[str]:
    found = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt: QTextCharFormat = it.fragment().charFormat()
            if fmt.isAnchor():
                found.extend(fmt.anchorHref() for _ in [0])
            it += 1
        block = block.next()
    return found


CORPUS = range(len(hostile_corpus("http://x")))


def _in_a_chat(view: MarkdownView) -> QScrollArea:
    """The view inside a scroll area, as the chat shows it (only what is on screen is painted)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    layout.addWidget(view)
    layout.addStretch()
    area.setWidget(inner)
    area.resize(800, 600)
    area.show()
    return area


@pytest.mark.parametrize("item", CORPUS)
def test_hostile_output_fetches_nothing_runs_nothing_and_never_freezes(qtbot, canary, item: int) -> None:  # noqa: F811
    view = MarkdownView(MarkdownRenderer())
    area = _in_a_chat(view)  # kept: the view lives as long as its scroll area
    qtbot.addWidget(area)
    for text in hostile_corpus(canary.url)[item : item + 1]:
        start = time.perf_counter()
        view.set_markdown(text)
        held = time.perf_counter() - start
        held = max(held, _settle())
        assert held * 1000 <= _budget_ms(text), (text[:60], held)
        for href in _links(view):
            assert href.split(":", 1)[0] in ("http", "https", "mailto", "parley-copy"), href
        assert "<script" not in view.toHtml().lower()

        view.set_markdown("")
        longest = 0.0
        for end in range(STREAM_PIECE, len(text) + STREAM_PIECE, STREAM_PIECE):
            caught_up = False
            while not caught_up:  # one call per frame, as the chat calls it, until all is shown
                start = time.perf_counter()
                caught_up = view.stream_update(text[:end], final=end >= len(text))
                longest = max(longest, time.perf_counter() - start, _settle(0.002))
        assert longest * 1000 <= MS_PER_100KB, (text[:60], longest)
    _settle(0.5)
    assert canary.hits == []
