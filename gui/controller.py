"""The chat controller: the one owner of the streaming task.

It starts a turn, cancels it exactly once (Stop, new prompt, switching chat, quitting), and resets
the UI in ``finally``. Stream events only record state; a ~30 Hz frame timer moves that state into
the widgets, so a fast stream never floods the UI thread.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from parley.core.accumulator import Accumulator
from parley.core.attachments import Attachment
from parley.core.chat import ChatRunner, TurnOutcome
from parley.core.conversation import text_of
from parley.core.errors import ParleyError
from parley.core.events import BlockStart, BlockStop, StreamEvent, TextDelta, ThinkingDelta
from parley.core.i18n import tr
from parley.core.presentation.notices import error_notice, footer_text, stop_notice
from parley.core.request import ChatOptions
from parley.core.tools.sandbox import Refused
from parley.core.tools.session import ToolObserver, ToolSession

from .chat_view import ChatView
from .live_reply import LiveReply
from .message_widgets import AssistantMessageWidget

FRAME_MS = 33
Turn = Callable[..., Awaitable[TurnOutcome]]
ToolsFor = Callable[[ToolObserver], "ToolSession | None"]  # the chat's tool session, given the step presenter


class ChatController(QObject):
    """Signals: ``busy_changed(bool)``; ``chat_saved(str)`` after a turn touched chat *id*;
    ``notice_posted(object)`` with a Notice not tied to a message (None clears it);
    ``draft_restored(str, list)`` when a turn that sent nothing gives its prompt and files back to the composer;
    ``approve_all_requested()`` when the user chose to apply every edit in this chat without asking."""

    busy_changed = Signal(bool)
    chat_saved = Signal(str)
    notice_posted = Signal(object)
    draft_restored = Signal(str, list)
    approve_all_requested = Signal()

    def __init__(
        self,
        runner_factory: Callable[[], ChatRunner],
        view: ChatView,
        model_name: Callable[[str], str],
        *,
        collapse_thinking: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(view)
        self._runner_factory = runner_factory
        self._view = view
        self._model_name = model_name
        self.collapse_thinking = collapse_thinking
        self._clock = clock
        self.chat_id: str | None = None
        self.approve_all: Callable[[], bool] = lambda: False  # the chat applies edits without asking
        self.task: asyncio.Task[None] | None = None
        self._cancelled = False
        self._live: LiveReply | None = None
        self._frame = QTimer(self)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._on_frame_timeout)

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done()

    # ------------------------------------------------------------ starting and stopping

    def send(
        self,
        prompt: str,
        options: ChatOptions,
        *,
        parent_id: int | None = -1,
        tools: ToolsFor | None = None,
        attachments: Sequence[Attachment] = (),
        shown: str | None = None,
    ) -> bool:
        """Start a turn. Returns False (and posts a notice) when it cannot start; the draft is kept.
        *tools* makes the turn's tool session (the chat's workspace), given the step presenter;
        *shown* is the bubble's text when it differs from the prompt (Continue)."""
        if self.busy:
            return False
        try:
            runner = self._runner_factory()
            runner.check(options)
            session = self._tool_session(tools)
        except ParleyError as error:
            self.notice_posted.emit(error_notice(error))
            return False
        except Refused:  # the workspace folder is gone; the binding posted why
            return False
        self.notice_posted.emit(None)
        files = [(a.block, a.data) for a in attachments]
        user_widget = self._view.add_user(0, prompt if shown is None else shown, files)
        widget = self._view.add_assistant()
        self._view.scroll_to_bottom()
        chat_id = self.chat_id

        def turn(**kw: object) -> Awaitable[TurnOutcome]:
            return runner.ask(
                prompt,
                options,
                chat_id=chat_id,
                parent_id=parent_id,
                tools=session,
                attachments=attachments,
                **kw,  # type: ignore[arg-type]
            )

        self._start(turn, LiveReply(widget, user_widget, prompt, list(attachments)), options)
        return True

    def retry(self, assistant_message_id: int, options: ChatOptions, *, tools: ToolsFor | None = None) -> bool:
        """Answer the prompt before *assistant_message_id* again, as a new branch."""
        if self.busy or self.chat_id is None:
            return False
        runner = self._runner_factory()
        row = runner.store.message(assistant_message_id)
        # A reply that failed before any of it arrived is gone; its widget remembers what it answered.
        shown = next(
            (w for w in self._view.message_widgets() if getattr(w, "message_id", None) == assistant_message_id), None
        )
        parent_id = row.parent_id if row is not None else getattr(shown, "parent_id", None)
        if parent_id is None:
            return False
        try:
            runner.check(options)
            session = self._tool_session(tools)
        except ParleyError as error:
            self.notice_posted.emit(error_notice(error))
            return False
        except Refused:
            return False
        for widget in self._view.message_widgets():
            if isinstance(widget, AssistantMessageWidget) and widget.message_id == assistant_message_id:
                self._view.remove(widget)
        widget = self._view.add_assistant()
        chat_id, user_id = self.chat_id, parent_id

        def turn(**kw: object) -> Awaitable[TurnOutcome]:
            return runner.retry(chat_id, user_id, options, tools=session, **kw)  # type: ignore[arg-type]

        self._start(turn, LiveReply(widget, None, ""), options)
        return True

    def _tool_session(self, tools: ToolsFor | None) -> ToolSession | None:
        if tools is None:
            return None
        from .live_tool_steps import LiveToolSteps

        return tools(LiveToolSteps(self._next_reply, self.approve_all, self._on_approve_all_requested))

    async def _next_reply(self, outcome: TurnOutcome) -> AssistantMessageWidget:
        """A reply that called tools is complete: finish its widget and give the next reply its own.
        Returns the finished widget (its tool steps go there)."""
        live = self._live
        assert live is not None
        await self._catch_up()
        self._finish(live, outcome)
        live.finished = True
        if self.collapse_thinking and live.widget.has_thinking:
            live.widget.thinking.set_expanded(False)
        return live.widget

    def _on_approve_all_requested(self) -> None:
        self.approve_all_requested.emit()

    def live_figures(self) -> tuple[float, float | None, int] | None:
        """While a turn streams: (seconds so far, time to first token, characters of output so far)."""
        live = self._live
        if live is None:
            return None
        first = live.first_token - live.started if live.first_token is not None else None
        return self._clock() - live.started, first, live.output_chars

    def stop(self) -> None:
        """Cancel the running turn, once; what arrived is kept and marked stopped."""
        if self.task is not None and not self.task.done() and not self._cancelled:
            self._cancelled = True
            self.task.cancel()

    async def stop_and_wait(self) -> None:
        task = self.task
        self.stop()
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)

    def _start(self, turn: Turn, live: LiveReply, options: ChatOptions) -> None:
        self._live = live
        self._cancelled = False
        live.widget.set_busy(True)
        self.busy_changed.emit(True)
        self._frame.start()
        self.task = asyncio.ensure_future(self._run(turn, live, options))

    async def _run(self, turn: Turn, first: LiveReply, options: ChatOptions) -> None:
        try:
            outcome = await turn(on_event=self._on_event, on_retry=self._on_retry, on_begin=self._on_begin)
        except asyncio.CancelledError:
            await self._catch_up()
            live = self._live or first
            if not live.finished:  # (stopped between tool steps: the steps say so)
                live.widget.set_status(tr("Stopped — this answer is incomplete."))
        except ParleyError as error:
            await self._catch_up()
            live = self._live or first
            widget = live.widget
            if error.rolled_back and live.user_widget is not None:
                self._view.remove(live.user_widget)
                live.user_widget = None
                notice = error_notice(error)
                self.notice_posted.emit(replace(notice, text=notice.text + tr(" Your message is back in the box.")))
                self._view.remove(widget)
                self.draft_restored.emit(live.draft, live.draft_files)
            else:
                widget.show_notice(error_notice(error, stopped_partial=bool(live.text)))
        else:
            self.chat_id = outcome.chat_id
            await self._catch_up()
            self._finish(self._live or first, outcome)
        finally:
            self._frame.stop()
            (self._live or first).widget.set_busy(False)
            self._live = None
            self.task = None
            self.busy_changed.emit(False)
            if self.chat_id is not None:
                self.chat_saved.emit(self.chat_id)

    async def _catch_up(self) -> None:
        """Lay out what already arrived, a frame's budget at a time, so the end of a burst never stalls."""
        # Frame pacing, not waiting on a condition another task sets: an Event would not fit.
        while not self._flush(final=True):  # noqa: ASYNC110
            await asyncio.sleep(FRAME_MS / 1000)

    def _finish(self, live: LiveReply, outcome: TurnOutcome) -> None:
        widget = live.widget
        content = outcome.message.get("content") or []
        widget.show_summary(content)
        widget.markdown = text_of(content)
        if widget.has_thinking:
            widget.thinking.finish(outcome.thinking_s)
        widget.footer.setText(
            footer_text(
                self._model_name(outcome.model),
                outcome.effort,
                outcome.usage,
                outcome.cost_usd,
                outcome.ttft_s,
                outcome.duration_s,
            )
        )
        widget.show_notice(stop_notice(outcome.stop_reason, outcome.message.get("stop_details")))
        if outcome.stop_reason == "refusal":
            widget.refused = True
            self._view.mark_left_out()
        for note in outcome.notices:
            widget.set_status(note)

    def _on_begin(self, chat_id: str, user_id: int, reply_id: int) -> None:
        """The runner saved the prompt and opened the reply: Retry and Edit now have ids, even if stopped."""
        self.chat_id = chat_id
        live = self._live
        if live is not None and live.finished:  # the next reply of a tool loop
            widget = self._view.add_assistant()
            widget.set_busy(True)
            live = self._live = LiveReply(widget, None, "")
        if live is not None:
            live.widget.message_id = reply_id
            live.widget.parent_id = user_id
            if live.user_widget is not None and not live.user_widget.message_id:
                live.user_widget.message_id = user_id

    # ------------------------------------------------------------ events → frames

    def _on_event(self, event: StreamEvent, acc: Accumulator) -> None:
        live = self._live
        if live is None:
            return
        if isinstance(event, TextDelta | ThinkingDelta):
            if live.first_token is None:
                live.first_token = self._clock()
            live.output_chars += len(event.text if isinstance(event, TextDelta) else event.thinking)
        if isinstance(event, TextDelta):
            live.text_parts.append(event.text)
        elif isinstance(event, ThinkingDelta):
            live.thinking_pending.append(event.thinking)
            live.thinking_streamed.add(event.index)
        elif isinstance(event, BlockStart):
            kind = str(event.block.get("type"))
            live.kinds[event.index] = kind
            if kind in ("thinking", "redacted_thinking") and live.thinking_started is None:
                live.thinking_started = self._clock()
            if kind == "redacted_thinking":
                live.redacted = True
            if kind == "text" and not live.text_started:
                live.text_started = True
                if live.thinking_started is not None:
                    live.thinking_seconds = self._clock() - live.thinking_started
        elif (
            isinstance(event, BlockStop)
            and live.kinds.get(event.index) == "thinking"
            and event.index not in live.thinking_streamed
        ):
            live.omitted = True
        live.dirty = True

    def _on_retry(self, error: ParleyError, delay: float, attempt: int) -> None:
        if self._live is not None:
            self._live.widget.set_status(
                tr("{error}. Retrying in {seconds} s (attempt {attempt})…").format(
                    error=error.message, seconds=f"{delay:.0f}", attempt=attempt + 1
                )
            )

    def _on_frame_timeout(self) -> None:
        self._flush(final=False)

    def _flush_thinking(self, live: LiveReply, final: bool) -> None:
        if live.thinking_started is None and not (live.thinking_pending or live.omitted or live.redacted):
            return  # no thinking in this answer: its panel is never built
        panel = live.widget.thinking
        if live.thinking_started is not None and panel.isHidden():
            panel.show()
            panel.start()
        if live.thinking_pending:
            panel.append("".join(live.thinking_pending))
            live.thinking_pending.clear()
        if final and not panel.isHidden() and live.thinking_seconds is None and live.thinking_started is not None:
            live.thinking_seconds = self._clock() - live.thinking_started
            panel.finish(live.thinking_seconds)
        if live.omitted:
            panel.mark_omitted()
        if live.redacted:
            panel.mark_redacted()

    def _flush(self, final: bool) -> bool:
        """Move what arrived into the widgets; False while the view is still catching up."""
        live = self._live
        if live is None:
            return True
        if not (live.dirty or final or live.behind):
            return True
        live.dirty = False
        self._flush_thinking(live, final)
        new_text = bool(live.text_parts)
        if live.text_parts or final:
            if live.text_started and live.widget.has_thinking:
                panel = live.widget.thinking
                if live.thinking_seconds is not None:
                    panel.finish(live.thinking_seconds)
                if not live.collapsed:
                    live.collapsed = True  # once: if the user opens it again, it stays open
                    if self.collapse_thinking:
                        panel.set_expanded(False)
            live.text += "".join(live.text_parts)
            live.text_parts.clear()
        if new_text or final or live.behind:
            live.behind = not live.widget.body.stream_update(live.text, final=final)
            live.widget.markdown = live.text
        if live.widget.status.isVisible() and live.text and not final:
            live.widget.set_status(None)
        return not live.behind
