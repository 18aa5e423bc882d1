"""The chat controller: the one owner of the shown chat's running turn.

It starts a turn (through the task registry), cancels it exactly once (Stop, a new prompt,
switching chat, quitting) and resets the UI in ``finally``. The core fills a
:class:`~parley.core.turn.LiveTurn` per reply; a frame timer (~30 Hz) lets a
:class:`~.turn_painter.TurnPainter` move it into the widgets. Which chat, its settings and where
the prompt goes come from :class:`~.shown_chat.ShownChat`; a new chat is adopted there once its
first message created it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from parley.core.attachments import Attachment
from parley.core.chat import ChatRunner
from parley.core.errors import ParleyError
from parley.core.i18n import tr
from parley.core.presentation.notices import Notice, error_notice
from parley.core.request import ChatOptions
from parley.core.tools.sandbox import Refused
from parley.core.tools.session import ToolObserver, ToolSession
from parley.core.turn import LiveTurn, TurnOutcome

from .chat_view import ChatView
from .message_widgets import AssistantMessageWidget, UserMessageWidget
from .quiet_collection import quiet_collection
from .shown_chat import ShownChat
from .turn_painter import FRAME_MS, TurnPainter

TurnCall = Callable[..., Awaitable[TurnOutcome]]  # the runner call of one turn, given its sinks
ToolsFor = Callable[[ToolObserver], "ToolSession | None"]  # the chat's tool session, given the step presenter
Spawn = Callable[[Coroutine[Any, Any, None], str], "asyncio.Task[None]"]


@dataclass
class _Turn:
    """The widgets of the turn being answered, and the draft to give back if nothing arrives."""

    widget: AssistantMessageWidget
    user_widget: UserMessageWidget | None
    draft: str = ""
    draft_files: list[Attachment] = field(default_factory=list)
    painter: TurnPainter | None = None
    finished: bool = False  # a reply that called tools: the next reply gets a widget when it begins
    before: AssistantMessageWidget | None = None  # the paused answer this turn goes on from (Continue)


class ChatController(QObject):
    """Signals: ``busy_changed(bool)``; ``chat_saved(str)`` after a turn touched chat *id*;
    ``reply_saved()`` when a reply ended and the turn goes on (tool calls, a pause): its figures count now;
    ``notice_posted(object)`` with a Notice not tied to a message (None clears it);
    ``draft_restored(str, list)`` when a turn that sent nothing gives its prompt and files back to the composer;
    ``approve_all_requested()`` when the user chose to apply every edit in this chat without asking."""

    busy_changed = Signal(bool)
    chat_saved = Signal(str)
    reply_saved = Signal()
    notice_posted = Signal(object)
    draft_restored = Signal(str, list)
    approve_all_requested = Signal()

    def __init__(
        self,
        runner_factory: Callable[[], ChatRunner],
        view: ChatView,
        shown: ShownChat,
        model_name: Callable[[str], str],
        spawn: Spawn,
        *,
        collapse_thinking: bool = True,
    ) -> None:
        super().__init__(view)
        self._runner_factory = runner_factory
        self._view = view
        self._shown = shown
        self._model_name = model_name
        self._spawn = spawn
        self.collapse_thinking = collapse_thinking
        self.task: asyncio.Task[None] | None = None
        self._cancelled = False
        self._turn: _Turn | None = None
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
        tools: ToolsFor | None = None,
        attachments: Sequence[Attachment] = (),
        shown: str | None = None,
    ) -> bool:
        """Send *prompt* in the shown chat, after the message the shown chat says (the leaf, or an
        earlier one being edited). Returns False (and posts a notice) when it cannot start; the
        draft is kept. *tools* makes the turn's tool session; *shown* is the bubble's text when it
        differs from the prompt (Continue)."""
        if self.busy:
            return False
        runner, session = self._prepare(options, tools)
        if runner is None:
            return False
        chat_id, parent_id, setup = self._shown.id, self._shown.edit_parent, self._shown.setup
        if self._shown.editing and chat_id is not None:
            self._show_branch_through(runner, chat_id, parent_id)  # the edit replaces what followed
        files = [(a.block, a.data) for a in attachments]
        user_widget = self._view.add_user(0, prompt if shown is None else shown, files)
        widget = self._view.add_assistant()
        self._view.scroll_to_bottom()

        def turn(**sinks: Any) -> Awaitable[TurnOutcome]:
            return runner.ask(
                prompt,
                options,
                chat_id=chat_id,
                setup=setup,
                parent_id=parent_id,
                tools=session,
                attachments=attachments,
                **sinks,
            )

        self._start(turn, _Turn(widget, user_widget, prompt, list(attachments)))
        return True

    def retry(self, assistant_message_id: int, options: ChatOptions, *, tools: ToolsFor | None = None) -> bool:
        """Answer the prompt before *assistant_message_id* again, as a new branch."""
        chat_id = self._shown.id
        if self.busy or chat_id is None:
            return False
        store = self._runner_factory().store
        row = store.message(assistant_message_id)
        # A reply that failed before any of it arrived is gone; its widget remembers what it answered.
        old = self._widget_for(assistant_message_id)
        parent_id = row.parent_id if row is not None else getattr(old, "parent_id", None)
        if parent_id is None:
            return False
        runner, session = self._prepare(options, tools)
        if runner is None:
            return False
        if old is not None:
            self._view.remove(old)
        widget = self._view.add_assistant()

        def turn(**sinks: Any) -> Awaitable[TurnOutcome]:
            return runner.retry(chat_id, parent_id, options, tools=session, **sinks)

        self._start(turn, _Turn(widget, None))
        return True

    def resume(self, reply_id: int, options: ChatOptions, *, tools: ToolsFor | None = None) -> bool:
        """Let the answer the API paused (``pause_turn``) go on, in a reply of its own below it."""
        chat_id = self._shown.id
        if self.busy or chat_id is None:
            return False
        runner, session = self._prepare(options, tools)
        if runner is None:
            return False
        paused = self._widget_for(reply_id)
        if paused is not None:
            paused.show_notice(None)
        widget = self._view.add_assistant()

        def turn(**sinks: Any) -> Awaitable[TurnOutcome]:
            return runner.resume(chat_id, reply_id, options, tools=session, **sinks)

        self._start(turn, _Turn(widget, None, before=paused))
        return True

    def _prepare(self, options: ChatOptions, tools: ToolsFor | None) -> tuple[ChatRunner | None, ToolSession | None]:
        try:
            runner = self._runner_factory()
            runner.check(options)
            session = self._tool_session(tools)
        except ParleyError as error:
            self.notice_posted.emit(error_notice(error))
            return None, None
        except Refused:  # the workspace folder is gone; the binding posted why
            return None, None
        self.notice_posted.emit(None)
        return runner, session

    def _show_branch_through(self, runner: ChatRunner, chat_id: str, parent_id: int | None) -> None:
        store = runner.store
        if parent_id is None:
            self._view.clear()
        else:
            self._view.show_branch(store.branch_ids(chat_id, parent_id), store.messages_by_id)  # up to it

    def _widget_for(self, message_id: int) -> AssistantMessageWidget | None:
        for widget in self._view.message_widgets():
            if isinstance(widget, AssistantMessageWidget) and widget.message_id == message_id:
                return widget
        return None

    def _tool_session(self, tools: ToolsFor | None) -> ToolSession | None:
        if tools is None:
            return None
        from .live_tool_steps import LiveToolSteps

        approve_all: Callable[[], bool] = lambda: self._shown.setup.approve_writes  # noqa: E731
        return tools(
            LiveToolSteps(self._next_reply, approve_all, self._on_approve_all_requested, self._on_servers_unavailable)
        )

    def _on_servers_unavailable(self, why: dict[str, str]) -> None:
        """MCP servers that could not start: the user sees why (Claude is told their tools are off)."""
        lines = "\n".join(why.values())
        self.notice_posted.emit(
            Notice(tr("An MCP server could not start; its tools are off for now.\n{why}").format(why=lines), "error")
        )

    async def _next_reply(self, outcome: TurnOutcome) -> AssistantMessageWidget:
        """A reply that called tools is complete: finish its widget; the next reply gets its own.
        Returns the finished widget (its tool steps go there)."""
        turn = self._turn
        assert turn is not None
        await self._catch_up()
        if turn.painter is not None:
            turn.painter.finish(outcome, self._model_name(outcome.model))
        if outcome.stop_reason == "pause_turn":
            turn.widget.show_notice(None)  # the turn goes on by itself: no Continue here
        turn.finished = True
        self.reply_saved.emit()
        if self._fold_thinking() and turn.widget.has_thinking:
            turn.widget.thinking.set_expanded(False)
        return turn.widget

    def _fold_thinking(self) -> bool:
        """Fold the thinking once the answer starts: as the user last left it in this chat, else
        as the app's setting says."""
        chosen = self._shown.setup.thinking_open
        return self.collapse_thinking if chosen is None else not chosen

    def _on_approve_all_requested(self) -> None:
        self.approve_all_requested.emit()

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

    def _start(self, turn: TurnCall, pending: _Turn) -> None:
        self._turn = pending
        self._cancelled = False
        pending.widget.set_busy(True)
        self.busy_changed.emit(True)
        self._frame.start()
        self.task = self._spawn(self._run(turn, pending), "chat turn")

    async def _run(self, turn: TurnCall, first: _Turn) -> None:
        made: str | None = None  # the chat the turn wrote to, once its rows exist

        def begun(chat_id: str, user_id: int, reply_id: int, live: LiveTurn) -> None:
            nonlocal made
            made = chat_id
            if self._shown.is_new:  # the chat exists now: settings changed from here on are its own
                self._shown.adopt(chat_id)
            self._on_begin(user_id, reply_id, live)

        try:
            with quiet_collection():
                outcome = await turn(on_retry=self._on_retry, on_begin=begun, on_reply_done=self._next_reply)
        except asyncio.CancelledError:
            await self._catch_up()
            current = self._turn or first
            if not current.finished:  # (stopped between tool steps: the steps say so)
                current.widget.set_status(tr("Stopped — this answer is incomplete."))
        else:
            await self._catch_up()
            self._show_outcome(self._turn or first, outcome)
            if outcome.rolled_back:
                self._shown.forget(outcome.chat_id)
            made = None if outcome.rolled_back else outcome.chat_id
        finally:
            self._frame.stop()
            (self._turn or first).widget.set_busy(False)
            self._turn = None
            self.task = None
            if made is not None:
                self._shown.adopt(made)
                self._shown.end_edit()
            self.busy_changed.emit(False)
            if made is not None:
                self.chat_saved.emit(made)

    def _show_outcome(self, turn: _Turn, outcome: TurnOutcome) -> None:
        error = outcome.error
        if error is not None and outcome.rolled_back:
            if turn.user_widget is not None:
                self._view.remove(turn.user_widget)
                turn.user_widget = None
            notice = error_notice(error)
            self.notice_posted.emit(replace(notice, text=notice.text + tr(" Your message is back in the box.")))
            self._view.remove(turn.widget)
            self.draft_restored.emit(turn.draft, turn.draft_files)
            return
        if turn.painter is not None:
            turn.painter.finish(outcome, self._model_name(outcome.model))
        if error is not None:
            turn.widget.show_notice(error_notice(error, stopped_partial=bool(outcome.text)))
        elif turn.widget.refused:
            self._view.mark_left_out()

    def _on_begin(self, user_id: int, reply_id: int, live: LiveTurn) -> None:
        """The runner saved the prompt and opened the reply: Retry and Edit now have ids, even if stopped."""
        turn = self._turn
        if turn is None:
            return
        # The reply before, in this turn: a search it began may end in this one (a pause, or mixed calls).
        paused = turn.widget if turn.finished else turn.before
        if turn.finished:  # the next reply of a tool loop, or of a paused answer
            widget = self._view.add_assistant()
            widget.set_busy(True)
            turn = self._turn = _Turn(widget, None)
        turn.widget.message_id = reply_id
        turn.widget.parent_id = user_id
        turn.painter = TurnPainter(turn.widget, live, collapse_thinking=self._fold_thinking(), paused=paused)
        if turn.user_widget is not None and not turn.user_widget.message_id:
            turn.user_widget.message_id = user_id

    def _on_retry(self, error: ParleyError, delay: float, attempt: int) -> None:
        if self._turn is not None:
            self._turn.widget.set_status(
                tr("{error}. Retrying in {seconds} s (attempt {attempt})…").format(
                    error=error.message, seconds=f"{delay:.0f}", attempt=attempt + 1
                )
            )

    # ------------------------------------------------------------ frames

    def _on_frame_timeout(self) -> None:
        self._paint(final=False)

    def _paint(self, final: bool) -> bool:
        turn = self._turn
        if turn is None or turn.painter is None:
            return True
        return turn.painter.paint(final)

    async def _catch_up(self) -> None:
        """Lay out what already arrived, a frame's budget at a time, so the end of a burst never stalls."""
        # Frame pacing, not waiting on a condition another task sets: an Event would not fit.
        while not self._paint(final=True):  # noqa: ASYNC110
            await asyncio.sleep(FRAME_MS / 1000)
