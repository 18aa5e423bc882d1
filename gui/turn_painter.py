"""Paints a reply that is streaming: a :class:`~parley.core.turn.LiveTurn` into its answer widget.

The core fills the live turn as events arrive; the painter only reads it, a frame at a time
(~30 Hz, driven by its owner's timer), so a fast stream never floods the UI thread. The chat
controller and each compare column use one painter per reply.
"""

from __future__ import annotations

from parley.core.history.fulltext import plain_text
from parley.core.i18n import tr
from parley.core.presentation.notices import stop_notice
from parley.core.turn import LiveTurn, TurnOutcome

from .announce import SPOKEN_CHARS, announce, spoken_start
from .message_widgets import AssistantMessageWidget

FRAME_MS = 33
SPOKEN_SOURCE = 4 * SPOKEN_CHARS  # markdown read to find what is spoken: not a whole 400 KB answer


class TurnPainter:
    def __init__(
        self,
        widget: AssistantMessageWidget,
        live: LiveTurn,
        *,
        collapse_thinking: bool = True,
        paused: AssistantMessageWidget | None = None,
    ) -> None:
        self.widget = widget
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

    def paint(self, final: bool = False) -> bool:
        """Move what arrived into the widget; False while the view is still catching up."""
        live, widget = self.live, self.widget
        if live.version == self._version and not final and not self.behind:
            return True
        self._version = live.version
        self._paint_thinking(final)
        if live.web_version != self._web_version:  # a search or fetch began, has its query, or its results
            self._web_version = live.web_version
            content = live.message().get("content") or []
            widget.show_web(content)
            if self.paused is not None:
                self.paused.settle_web(content)
        text = live.text()
        if len(text) != self._text_len or final or self.behind:
            self._text_len = len(text)
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
