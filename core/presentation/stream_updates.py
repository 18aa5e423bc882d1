"""A streaming view's updates, prepared without Qt: so they may be made off the UI thread.

The view hands each text to ``UpdatePreparer`` (on the worker's thread, or in the call) and then
applies the ``PreparedUpdate`` to its document; the streaming renderer's attributes describe the
rest of the update (``appended``, ``open_code``, ``kept``…), and the view reads them only between
two preparations. One preparer per streamed answer: an update prepared for an answer the view no
longer shows changes nothing it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from .markdown import CodeStyle, MarkdownRenderer
from .markdown_stream import OpenCode, StreamingRenderer


@dataclass(frozen=True)
class CodeSpans:
    """Complete lines of an open code block (*code*), highlighted in advance (see
    ``MarkdownRenderer.code_spans``): used when they are the lines the view appends."""

    code: str
    spans: list[tuple[str, CodeStyle]]


@dataclass(frozen=True)
class PreparedUpdate:
    """The HTML of blocks closed and of the open tail (see ``StreamingRenderer.update``), and the
    open code block's new complete lines, highlighted."""

    closed: str
    tail: str
    spans: CodeSpans | None


class UpdatePreparer:
    def __init__(self, renderer: MarkdownRenderer) -> None:
        self.stream = StreamingRenderer(renderer)
        self._renderer = renderer
        self._code: OpenCode | None = None  # the open code block as the last update left it

    def __call__(self, text: str, final: bool) -> PreparedUpdate:
        closed, tail = self.stream.update(text, final)
        code, spans = self.stream.open_code, None
        if code is not None:  # its new lines, from the line the view shows plain (the last, incomplete)
            last = self._code
            shown = last.code if last is not None and not closed and last.start == code.start else ""
            begin, end = shown.rfind("\n") + 1, code.code.rfind("\n") + 1
            if end > begin and code.code.startswith(shown):
                lines = code.code[begin:end]
                spans = CodeSpans(lines, self._renderer.code_spans(lines, code.lang))
        self._code = code
        return PreparedUpdate(closed, tail, spans)
