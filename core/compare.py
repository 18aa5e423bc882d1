"""Compare models side by side: one prompt, 2–4 columns answering at the same time.

A comparison is a chat of kind ``compare``; each column is a chat of kind ``column`` with its own
model choice and thread, so follow-ups continue each column's own conversation (its thinking blocks
echoed to its own model). The comparison's setup (system prompt) is every column's setup.

This is the one compare engine: the CLI and the window both run :class:`Comparison`. Columns run
concurrently on one client; a failing or stopped column never stops the others. Every figure comes
from the column's :class:`~parley.core.turn.LiveTurn` (time to first token has one definition,
there), or from the saved reply, which the runner wrote from the same record.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .chat import ChatRunner
from .chat_setup import ChatSetup
from .compare_metrics import Metrics
from .conversation import text_of, title_from_prompt
from .errors import InvalidOptions, ParleyError
from .events import StreamEvent
from .history.rows import ChatRow
from .history.store import Store
from .options import ModelChoice, options_for
from .settings import Settings
from .turn import LiveTurn, TurnOutcome

MIN_COLUMNS, MAX_COLUMNS = 2, 4
ColumnEventSink = Callable[[int, StreamEvent, LiveTurn], None]
ColumnBeginSink = Callable[[int, str, int, int, LiveTurn], None]  # column, chat, prompt id, reply id, reply
ColumnEndSink = Callable[[int, "ColumnResult"], None]


@dataclass
class ColumnResult:
    """One column's answer to one prompt: its outcome (complete or failed), or that it was stopped."""

    index: int
    choice: ModelChoice
    chat_id: str
    live: LiveTurn | None = None  # the column's reply as it arrived
    outcome: TurnOutcome | None = None
    cancelled: bool = False

    @property
    def answered(self) -> bool:
        return self.outcome is not None and not self.outcome.failed

    @property
    def error(self) -> ParleyError | None:
        return self.outcome.error if self.outcome is not None else None

    @property
    def message(self) -> dict[str, object]:
        if self.outcome is not None:
            return self.outcome.message
        return self.live.message() if self.live is not None else {}

    @property
    def usage(self) -> dict[str, object]:
        usage = self.message.get("usage")
        return dict(usage) if isinstance(usage, dict) else {}

    @property
    def text(self) -> str:
        content = self.message.get("content")
        return text_of(content) if isinstance(content, list) else ""

    @property
    def thinking(self) -> str:
        content = self.message.get("content")
        return text_of(content, "thinking") if isinstance(content, list) else ""

    @property
    def stop_reason(self) -> str | None:
        if self.cancelled:
            return "stopped"
        if self.outcome is None or self.outcome.failed:
            return "error"
        return self.outcome.stop_reason

    @property
    def cost_usd(self) -> float | None:
        """The column's whole turn: a paused answer's continuations, and its searches, included."""
        return self.outcome.turn_cost_usd if self.outcome is not None else None

    def metrics(self) -> Metrics:
        return Metrics.of_turn(self.live, self.usage, self.cost_usd, self.stop_reason, finished=self.answered)

    def to_json(self) -> dict[str, object]:
        m = self.metrics()
        return {
            "model": self.choice.model,
            "effort": self.choice.effort,
            "text": self.text,
            "thinking": self.thinking,
            "stop_reason": self.stop_reason,
            "ttft_s": _round(m.ttft_s),
            "tokens_per_s": _round(m.tokens_per_s),
            "total_s": _round(self.live.duration_s if self.live is not None else None),
            "usage": self.usage,
            "cost_usd": self.cost_usd,
            "notices": list(self.outcome.notices) if self.outcome is not None else [],
            "error": self.error.user_message if self.error is not None else None,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


class Comparison:
    """A comparison in the store, and the running of prompts across its columns."""

    def __init__(self, store: Store, runner: ChatRunner, compare_id: str, settings: Settings) -> None:
        self.store = store
        self.runner = runner
        self.id = compare_id
        self.settings = settings
        self._tasks: dict[int, asyncio.Task[TurnOutcome]] = {}

    @classmethod
    def create(
        cls,
        store: Store,
        runner: ChatRunner,
        prompt: str,
        choices: Sequence[ModelChoice],
        settings: Settings,
        setup: ChatSetup = ChatSetup(),
    ) -> Comparison:
        """A new comparison with one column per choice, all with *setup*: each choice is checked
        before anything is saved, then everything is saved in one transaction."""
        if not MIN_COLUMNS <= len(choices) <= MAX_COLUMNS:
            raise InvalidOptions(f"A comparison has {MIN_COLUMNS} to {MAX_COLUMNS} columns, not {len(choices)}")
        for choice in choices:
            runner.check(options_for(settings, choice, setup))
        names = " vs ".join(choice.label(runner.catalog) for choice in choices)
        title = title_from_prompt(prompt)
        with store.transaction():
            compare_id = store.create_chat(title, kind="compare", model=names, setup=setup)
            for i, choice in enumerate(choices):
                store.create_chat(
                    f"{title} — {choice.label(runner.catalog)}",
                    kind="column",
                    model=choice.model,
                    effort=choice.effort,
                    thinking=choice.thinking,
                    setup=setup,
                    compare_id=compare_id,
                    column_index=i,
                )
        return cls(store, runner, compare_id, settings)

    @property
    def setup(self) -> ChatSetup:
        chat = self.store.find_chat(self.id)
        return chat.setup if chat is not None else ChatSetup()

    def columns(self) -> list[ChatRow]:
        return self.store.columns(self.id)

    def choices(self) -> list[ModelChoice]:
        return [ModelChoice(c.model or "", c.effort, c.thinking) for c in self.columns()]

    async def ask(
        self,
        prompt: str,
        choices: Sequence[ModelChoice] | None = None,
        *,
        on_event: ColumnEventSink | None = None,
        on_begin: ColumnBeginSink | None = None,
        on_end: ColumnEndSink | None = None,
        max_tokens: int | None = None,
        only: Sequence[int] | None = None,
    ) -> list[ColumnResult]:
        """Send *prompt* to every column at once (or to the columns *only* names: sending again
        where it failed); each continues its own thread."""
        choices = list(choices) if choices is not None else self.choices()
        columns = self.columns()
        results = [
            ColumnResult(i, c, col.id)
            for i, (c, col) in enumerate(zip(choices, columns, strict=True))
            if only is None or i in only
        ]
        await asyncio.gather(*(self._run(r, on_event, on_begin, on_end, max_tokens, prompt=prompt) for r in results))
        self.store.touch_chat(self.id)
        return results

    async def retry(
        self,
        index: int,
        prompt_id: int,
        choice: ModelChoice,
        *,
        on_event: ColumnEventSink | None = None,
        on_begin: ColumnBeginSink | None = None,
        on_end: ColumnEndSink | None = None,
    ) -> ColumnResult:
        """A new answer in one column to one of its prompts (the old answer stays as a branch)."""
        result = ColumnResult(index, choice, self.columns()[index].id)
        await self._run(result, on_event, on_begin, on_end, None, retry_of=prompt_id)
        return result

    def stop(self, index: int | None = None) -> None:
        """Stop one column, or all of them; what arrived is kept and marked stopped."""
        for i, task in list(self._tasks.items()):
            if index is None or i == index:
                task.cancel()

    async def _run(
        self,
        result: ColumnResult,
        on_event: ColumnEventSink | None,
        on_begin: ColumnBeginSink | None,
        on_end: ColumnEndSink | None,
        max_tokens: int | None,
        *,
        prompt: str | None = None,
        retry_of: int | None = None,
    ) -> None:
        def begun(chat_id: str, user_id: int, reply_id: int, live: LiveTurn) -> None:
            result.live = live
            if on_begin is not None:
                on_begin(result.index, chat_id, user_id, reply_id, live)

        def seen(event: StreamEvent, live: LiveTurn) -> None:
            if on_event is not None:
                on_event(result.index, event, live)

        options = options_for(self.settings, result.choice, self.setup, max_tokens=max_tokens)
        if retry_of is not None:
            work = self.runner.retry(result.chat_id, retry_of, options, on_event=seen, on_begin=begun)
        else:
            assert prompt is not None
            work = self.runner.ask(prompt, options, chat_id=result.chat_id, on_event=seen, on_begin=begun)
        task = asyncio.ensure_future(work)
        self._tasks[result.index] = task
        try:
            result.outcome = await task
        except asyncio.CancelledError:
            result.cancelled = True
            if not task.cancelled():  # the comparison itself is being cancelled: pass it on
                raise
        except ParleyError as error:  # refused before sending (an option this model rejects)
            result.outcome = _refused(result, error)
        finally:
            self._tasks.pop(result.index, None)
            if on_end is not None:
                on_end(result.index, result)


def _refused(result: ColumnResult, error: ParleyError) -> TurnOutcome:
    return TurnOutcome(
        result.chat_id, result.choice.model, result.choice.effort, {}, None, None, 0.0, None, error=error
    )
