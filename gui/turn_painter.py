"""Paints a reply that is streaming: a :class:`~parley.core.turn.LiveTurn` into its answer widget.

The core fills the live turn as events arrive; the painter only reads it, a frame at a time
(~30 Hz, driven by its owner's timer), so a fast stream never floods the UI thread. The chat
controller and each compare column use one painter per reply.

New answer text waits for a frame that is worth it: one with at least WORTH_CHARS new
characters, or SHOW_WITHIN after the last shown. An update costs about the same whether it
shows 16 characters or 100 (a layout of the line, a repaint, a flush: 1.9 ms), so at a slow
pace (80 tok/s: a delta every 50 ms) showing each delta on its own cost the view twice the
whole stream's other work (tests/perf/paced_bench.py). A fast stream still shows every frame;
a slow one (80 tok/s) about seven times a second, in runs of about eight words: the pace of
Cherry Studio, which shows a streaming block at most every 150 ms. (At 0.1 s the turn took 13%
more main-thread CPU at 80 tok/s, for runs of five words instead of eight.) The answer's first
words, its end and anything else (thinking, searches, status) show at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from parley.core.history.fulltext import plain_text
from parley.core.i18n import tr
from parley.core.presentation.notices import stop_notice
from parley.core.turn import LiveTurn, TurnOutcome

from .announce import SPOKEN_CHARS, announce, spoken_start
from .markdown_worker import MarkdownWorker
from .message_widgets import AssistantMessageWidget

FRAME_MS = 33
WORTH_CHARS = 48  # new characters that make a frame worth showing at once (3 deltas, about 8 words)
SHOW_WITHIN = 0.15  # s: the longest new text waits for more before it shows
SPOKEN_SOURCE = 4 * SPOKEN_CHARS  # markdown read to find what is spoken: not a whole 400 KB answer


class TurnPainter:
    def __init__(
        self,
        widget: AssistantMessageWidget,
        live: LiveTurn,
        *,
        collapse_thinking: bool = True,
        paused: AssistantMessageWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
        off_thread: bool = True,
    ) -> None:
        self.widget = widget
        widget.parts.set_worker(MarkdownWorker.shared() if off_thread else None)  # (see markdown_worker)
        self.paused = paused  # the reply this one continues (pause_turn): its last search ends here
        self.live = live
        self.collapse_thinking = collapse_thinking
        self._version = -1
        self._thinking_shown = 0  # parts of the thinking summary already in the panel
        self._text_len = 0
        self._collapsed = False  # the panel folded once when the answer started (the user may reopen it)
        self.behind = False  # the view is still laying out text that already arrived
        self._status_cleared = False
        self._web_version = 0
        self.clock = clock  # (paces what is shown; never the calendar)
        self._shown_at = 0.0  # when answer text was last shown
        self._holding = False  # new text is waiting for a frame worth showing

    def paint(self, final: bool = False) -> bool:
        """Move what arrived into the widget; False while the view is still catching up."""
        live, widget = self.live, self.widget
        if live.version == self._version and not final and not self.behind and not self._due():
            return True  # (nothing new; or new text that still waits: no work this frame)
        self._version = live.version
        self._paint_thinking(final)
        if live.web_version != self._web_version:  # a search or fetch began, has its query, or its results
            self._web_version = live.web_version
            content = live.message().get("content") or []
            widget.show_web(content)
            if self.paused is not None:
                self.paused.settle_web(content)
        text = live.text()
        changed = len(text) != self._text_len or final or self.behind
        self._holding = changed and not (final or self.behind or self._worth_showing(len(text) - self._text_len))
        if changed and not self._holding:
            self._text_len = len(text)
            self._shown_at = self.clock()
            if live.text_started and widget.has_thinking:
                panel = widget.thinking
                if not live.thinking_open:
                    panel.finish(live.thinking_s)
                if not self._collapsed:
                    self._collapsed = True
                    if self.collapse_thinking:
                        panel.set_expanded(False)
            self.behind = not widget.parts.stream_update(text, final=final)
            widget.markdown = text
        if widget.status.isVisible() and (text or self._thinking_shown) and not self._status_cleared:
            self._status_cleared = True  # "Retrying in 2 s…" is over once the reply arrives
            widget.set_status(None)
        return not self.behind

    def _worth_showing(self, new: int) -> bool:
        """Show *new* characters now (else on a later frame, with what comes meanwhile)."""
        if not self._text_len or not 0 < new < WORTH_CHARS:  # (the first words; or the answer started over)
            return True
        return self.clock() - self._shown_at >= SHOW_WITHIN

    def _due(self) -> bool:
        """Text held back has waited long enough."""
        return self._holding and self.clock() - self._shown_at >= SHOW_WITHIN

    def _paint_thinking(self, final: bool) -> None:
        live = self.live
        if not (live.has_thinking or live.thinking_parts):
            return  # no thinking in this answer: its panel is never built
        panel = self.widget.thinking
        if panel.isHidden():
            panel.show()
        if live.thinking_open and not panel.live and not live.text_started:
            panel.start(live.thinking_started_at, live.clock)  # counts from the first thinking block
        if len(live.thinking_parts) > self._thinking_shown:
            panel.append("".join(live.thinking_parts[self._thinking_shown :]))
            self._thinking_shown = len(live.thinking_parts)
        if final and not live.thinking_open:
            panel.finish(live.thinking_s)
        if live.thinking_omitted:
            panel.mark_omitted()
        if live.thinking_redacted:
            panel.mark_redacted()

    def finish(self, outcome: TurnOutcome, model_name: str) -> None:
        """The reply is over: its summary, footer, how it ended, and the turn's notices."""
        widget = self.widget
        widget.set_status(None)  # a retry's "Retrying…" line is history now; the turn's own notes follow
        content = outcome.message.get("content") or []
        widget.show_summary(content)
        widget.show_web(content)
        widget.show_sources(self.live.sources.sources)
        if widget.has_thinking:
            widget.thinking.finish(outcome.thinking_s)
        if outcome.error is None:
            widget.show_figures(
                model_name, outcome.effort, outcome.usage, outcome.cost_usd, outcome.ttft_s, outcome.duration_s
            )
            widget.show_notice(stop_notice(outcome.stop_reason, outcome.message.get("stop_details")))
            widget.refused = outcome.stop_reason == "refusal"
            if outcome.stop_reason not in ("tool_use", "pause_turn"):  # the answer is complete: say so
                said = tr("{model} answered: {text}").format(
                    model=model_name, text=spoken_start(plain_text(widget.markdown[:SPOKEN_SOURCE]))
                )
                announce(widget, said)
        for note in outcome.notices:
            widget.set_status(note)
