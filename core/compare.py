"""Compare models side by side: one prompt, 2–4 columns answering at the same time.

A comparison is a chat of kind ``compare``; each column is a chat of kind ``column`` with its own
model, effort and thread, so follow-ups continue each column's own conversation (its thinking
blocks echoed to its own model). Columns run concurrently on one client; a failing or cancelled
column never stops the others. Metrics come from the real event times of each stream.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .accumulator import Accumulator
from .catalog import Catalog
from .chat import ChatRunner, TurnOutcome
from .conversation import text_of, title_from_prompt
from .errors import InvalidOptions, ParleyError
from .events import StreamEvent, TextDelta, ThinkingDelta
from .history.store import ChatRow, MessageRow, Store
from .request import ChatOptions
from .retirement import Lineup, carry_over

MIN_COLUMNS, MAX_COLUMNS = 2, 4
ColumnSink = Callable[[int, StreamEvent, Accumulator], None]


@dataclass(frozen=True)
class ColumnSpec:
    """What one column runs: a model, and optionally an effort or thinking budget."""

    model: str
    effort: str | None = None
    thinking: bool = True
    budget_tokens: int | None = None

    @classmethod
    def parse(cls, text: str) -> ColumnSpec:
        """``MODEL``, ``MODEL:EFFORT``, ``MODEL:BUDGET`` (a number: thinking tokens) or ``MODEL:off``."""
        model, _, rest = text.strip().partition(":")
        if not model:
            raise InvalidOptions(f"No model in {text!r}", hint="Write MODEL or MODEL:EFFORT, e.g. claude-opus-4-7:high")
        if not rest:
            return cls(model)
        if rest == "off":
            return cls(model, thinking=False)
        if rest.isdigit():
            return cls(model, budget_tokens=int(rest))
        return cls(model, effort=rest)

    def text(self) -> str:
        """The ``MODEL[:EFFORT]`` form ``parse`` reads (saved model sets, the CLI)."""
        if not self.thinking:
            return f"{self.model}:off"
        if self.budget_tokens:
            return f"{self.model}:{self.budget_tokens}"
        return f"{self.model}:{self.effort}" if self.effort else self.model

    def label(self, catalog: Catalog) -> str:
        known = catalog.get(self.model)
        name = known.display_name if known else self.model
        detail = (
            "no thinking"
            if not self.thinking
            else self.effort or (f"{self.budget_tokens} thinking tokens" if self.budget_tokens else "")
        )
        return f"{name} · {detail}" if detail else name

    def for_new_column(self, lineup: Lineup) -> ColumnSpec:
        """This spec, or, for a model no longer offered (retired), its successor with the thinking
        choice carried over (a budget becomes an effort)."""
        target = lineup.for_new_chat(self.model)
        if target == self.model:
            return self
        catalog = lineup.catalog
        moved = carry_over(self.options(), catalog.resolve(self.model), catalog.resolve(target))
        return ColumnSpec(moved.model, moved.effort, moved.thinking, moved.budget_tokens)

    def options(self, max_tokens: int | None = None, system: str | None = None) -> ChatOptions:
        return ChatOptions(
            model=self.model,
            thinking=self.thinking,
            effort=self.effort,
            budget_tokens=self.budget_tokens,
            max_tokens=max_tokens,
            system=system,
        )


@dataclass
class ColumnResult:
    """One column's answer to one prompt, with the figures compared across columns."""

    index: int
    spec: ColumnSpec
    chat_id: str
    outcome: TurnOutcome | None = None
    error: ParleyError | None = None
    cancelled: bool = False
    started_at: float = 0.0
    first_token_at: float | None = None
    finished_at: float = 0.0
    _stream: Accumulator | None = field(default=None, repr=False)  # what arrived so far

    @property
    def answered(self) -> bool:
        return self.outcome is not None

    @property
    def ttft_s(self) -> float | None:
        return None if self.first_token_at is None else self.first_token_at - self.started_at

    @property
    def total_s(self) -> float:
        return self.finished_at - self.started_at

    @property
    def output_tokens(self) -> int | None:
        tokens = self.usage.get("output_tokens")
        return int(tokens) if isinstance(tokens, int) else None

    @property
    def tokens_per_s(self) -> float | None:
        """Output tokens over the time from the first token to the end (generation speed)."""
        if self.first_token_at is None or self.output_tokens is None:
            return None
        span = self.finished_at - self.first_token_at
        return self.output_tokens / span if span > 0 else None

    def _partial(self) -> dict[str, object]:
        """The message as far as it arrived (a failed or stopped column keeps its text)."""
        if self.error is not None and isinstance(self.error.partial, dict):
            return self.error.partial
        return self._stream.snapshot() if self._stream is not None else {}

    @property
    def usage(self) -> dict[str, object]:
        if self.outcome is not None:
            return dict(self.outcome.usage)
        usage = self._partial().get("usage")
        return dict(usage) if isinstance(usage, dict) else {}

    @property
    def text(self) -> str:
        if self.outcome is not None:
            return self.outcome.text
        content = self._partial().get("content")
        return text_of(content) if isinstance(content, list) else ""

    @property
    def thinking(self) -> str:
        if self.outcome is not None:
            return self.outcome.thinking
        content = self._partial().get("content")
        return text_of(content, "thinking") if isinstance(content, list) else ""

    @property
    def stop_reason(self) -> str | None:
        if self.cancelled:
            return "stopped"
        return self.outcome.stop_reason if self.outcome is not None else "error"

    @property
    def cost_usd(self) -> float | None:
        return self.outcome.cost_usd if self.outcome is not None else None

    def to_json(self) -> dict[str, object]:
        return {
            "model": self.spec.model,
            "effort": self.spec.effort,
            "text": self.text,
            "thinking": self.thinking,
            "stop_reason": self.stop_reason,
            "ttft_s": _round(self.ttft_s),
            "tokens_per_s": _round(self.tokens_per_s),
            "total_s": _round(self.total_s),
            "usage": self.usage,
            "cost_usd": self.cost_usd,
            "error": self.error.user_message if self.error is not None else None,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


class Comparison:
    """A comparison in the store, and the running of prompts across its columns."""

    def __init__(self, store: Store, runner: ChatRunner, compare_id: str) -> None:
        self.store = store
        self.runner = runner
        self.id = compare_id
        self._tasks: dict[int, asyncio.Task[TurnOutcome]] = {}

    @classmethod
    def create(cls, store: Store, runner: ChatRunner, prompt: str, specs: Sequence[ColumnSpec]) -> Comparison:
        """A new comparison with one column per spec (checked against the catalog before anything is saved)."""
        if not MIN_COLUMNS <= len(specs) <= MAX_COLUMNS:
            raise InvalidOptions(f"A comparison has {MIN_COLUMNS} to {MAX_COLUMNS} columns, not {len(specs)}")
        for spec in specs:
            runner.check(spec.options())
        names = " vs ".join(spec.label(runner.catalog) for spec in specs)
        with store.transaction():
            compare_id = store.create_chat(title_from_prompt(prompt), kind="compare", model=names)
            for i, spec in enumerate(specs):
                store.create_chat(
                    f"{title_from_prompt(prompt)} — {spec.label(runner.catalog)}",
                    kind="column",
                    model=spec.model,
                    effort=spec.effort,
                    thinking=spec.thinking,
                    compare_id=compare_id,
                    column_index=i,
                )
        return cls(store, runner, compare_id)

    def columns(self) -> list[ChatRow]:
        return self.store.columns(self.id)

    def specs(self) -> list[ColumnSpec]:
        return [ColumnSpec(c.model or "", c.effort, c.thinking) for c in self.columns()]

    async def ask(
        self,
        prompt: str,
        specs: Sequence[ColumnSpec] | None = None,
        *,
        on_event: ColumnSink | None = None,
        max_tokens: int | None = None,
    ) -> list[ColumnResult]:
        """Send *prompt* to every column at once; each continues its own thread."""
        specs = list(specs) if specs is not None else self.specs()
        columns = self.columns()
        results = [ColumnResult(i, spec, col.id) for i, (spec, col) in enumerate(zip(specs, columns, strict=True))]
        await asyncio.gather(*(self._run(r, prompt, on_event, max_tokens) for r in results))
        self.store.touch_chat(self.id)
        return results

    async def ask_column(
        self,
        index: int,
        prompt: str,
        spec: ColumnSpec | None = None,
        *,
        on_event: ColumnSink | None = None,
        max_tokens: int | None = None,
    ) -> ColumnResult:
        """One column alone (a retry, or after it was stopped)."""
        column = self.columns()[index]
        result = ColumnResult(index, spec or self.specs()[index], column.id)
        await self._run(result, prompt, on_event, max_tokens)
        return result

    def stop(self, index: int | None = None) -> None:
        """Stop one column, or all of them; what arrived is kept and marked stopped."""
        for i, task in list(self._tasks.items()):
            if index is None or i == index:
                task.cancel()

    async def _run(
        self, result: ColumnResult, prompt: str, on_event: ColumnSink | None, max_tokens: int | None
    ) -> None:
        def seen(event: StreamEvent, acc: Accumulator) -> None:
            result._stream = acc
            if result.first_token_at is None and _is_output(event):
                result.first_token_at = time.monotonic()
            if on_event is not None:
                on_event(result.index, event, acc)

        result.started_at = time.monotonic()
        task = asyncio.ensure_future(
            self.runner.ask(prompt, result.spec.options(max_tokens), chat_id=result.chat_id, on_event=seen)
        )
        self._tasks[result.index] = task
        try:
            result.outcome = await task
        except asyncio.CancelledError:
            result.cancelled = True
            if not task.cancelled():  # the comparison itself is being cancelled: pass it on
                raise
        except ParleyError as error:
            result.error = error
        finally:
            result.finished_at = time.monotonic()
            self._tasks.pop(result.index, None)


def _is_output(event: StreamEvent) -> bool:
    """The first thinking or text delta: what "time to first token" means for a user watching."""
    return isinstance(event, TextDelta | ThinkingDelta)


@dataclass(frozen=True)
class Metrics:
    """The figures a comparison puts side by side, from a live result or a saved reply."""

    ttft_s: float | None = None
    tokens_per_s: float | None = None
    total_s: float | None = None
    input_tokens: float | None = None
    output_tokens: float | None = None
    cache_read: float | None = None
    cost_usd: float | None = None
    stop_reason: str | None = None

    @classmethod
    def of_result(cls, r: ColumnResult) -> Metrics:
        u = r.usage
        return cls(
            r.ttft_s,
            r.tokens_per_s,
            r.total_s if r.answered else None,
            _num(u.get("input_tokens")),
            _num(u.get("output_tokens")),
            _num(u.get("cache_read_input_tokens")),
            r.cost_usd,
            r.stop_reason,
        )

    @classmethod
    def of_reply(cls, row: MessageRow) -> Metrics:
        u = row.usage or {}
        out = _num(u.get("output_tokens"))
        speed = None
        if out is not None and row.duration_s is not None and row.ttft_s is not None and row.duration_s > row.ttft_s:
            speed = out / (row.duration_s - row.ttft_s)
        reason = row.stop_reason if row.status == "complete" else row.status
        return cls(
            row.ttft_s,
            speed,
            row.duration_s,
            _num(u.get("input_tokens")),
            out,
            _num(u.get("cache_read_input_tokens")),
            row.cost_usd,
            reason,
        )


# label, field, higher is better, format
METRIC_ROWS: list[tuple[str, str, bool, str]] = [
    ("First token (s)", "ttft_s", False, "{:.2f}"),
    ("Tokens/s", "tokens_per_s", True, "{:.0f}"),
    ("Total (s)", "total_s", False, "{:.2f}"),
    ("Input tokens", "input_tokens", False, "{:,.0f}"),
    ("Output tokens", "output_tokens", False, "{:,.0f}"),
    ("Cache read", "cache_read", True, "{:,.0f}"),
    ("Cost (US$)", "cost_usd", False, "{:.4f}"),
]


def metric_table(columns: Sequence[Metrics]) -> list[tuple[str, list[str], list[bool]]]:
    """Rows of formatted cells, each with which cells hold the row's best figure."""
    rows = []
    for label, name, higher, fmt in METRIC_ROWS:
        values: list[float | None] = [getattr(m, name) for m in columns]
        known = [v for v in values if v is not None]
        # A best figure only where columns differ: equal input tokens are nobody's win.
        best = (max(known) if higher else min(known)) if len(set(known)) > 1 else None
        rows.append(
            (
                label,
                ["—" if v is None else fmt.format(v) for v in values],
                [best is not None and v == best for v in values],
            )
        )
    rows.append(("Stop", [m.stop_reason or "—" for m in columns], [False] * len(columns)))
    return rows


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
