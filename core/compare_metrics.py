"""The figures a comparison puts side by side: per column (:class:`Metrics`, from a live reply or a
saved one), as a table with each row's best cell, as a one-line summary when the table is folded,
and as estimates while a column still streams."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .history.rows import MessageRow
from .i18n import QT_TR_NOOP, tr
from .turn import LiveTurn


@dataclass(frozen=True)
class Metrics:
    """The figures a comparison puts side by side, from a live reply or a saved one. Time to first
    token is :attr:`LiveTurn.ttft_s`; speed is output tokens over the time after the first token."""

    ttft_s: float | None = None
    tokens_per_s: float | None = None
    total_s: float | None = None
    input_tokens: float | None = None
    output_tokens: float | None = None
    cache_read: float | None = None
    cost_usd: float | None = None
    stop_reason: str | None = None

    @classmethod
    def of_turn(
        cls,
        live: LiveTurn | None,
        usage: dict[str, object],
        cost: float | None,
        stop_reason: str | None,
        *,
        finished: bool,
    ) -> Metrics:
        ttft = live.ttft_s if live is not None else None
        duration = live.duration_s if live is not None else None
        out = _num(usage.get("output_tokens"))
        return cls(
            ttft,
            _speed(out, ttft, duration),
            duration if finished else None,
            _num(usage.get("input_tokens")),
            out,
            _num(usage.get("cache_read_input_tokens")),
            cost,
            stop_reason,
        )

    @classmethod
    def of_reply(cls, row: MessageRow) -> Metrics:
        u = row.usage or {}
        out = _num(u.get("output_tokens"))
        reason = row.stop_reason if row.status == "complete" else row.status
        return cls(
            row.ttft_s,
            _speed(out, row.ttft_s, row.duration_s),
            row.duration_s,
            _num(u.get("input_tokens")),
            out,
            _num(u.get("cache_read_input_tokens")),
            row.cost_usd,
            reason,
        )


def _speed(tokens: float | None, ttft: float | None, duration: float | None) -> float | None:
    if tokens is None or ttft is None or duration is None or duration <= ttft:
        return None
    return tokens / (duration - ttft)


@dataclass(frozen=True)
class MetricRow:
    """One figure across the columns: its name (a Metrics field), label, cells and the best cells."""

    name: str
    label: str
    cells: list[str]
    best: list[bool]


# name, label, higher is better, format
METRIC_ROWS: list[tuple[str, str, bool, str]] = [
    ("ttft_s", QT_TR_NOOP("First token (s)"), False, "{:.2f}"),
    ("tokens_per_s", QT_TR_NOOP("Tokens/s"), True, "{:.0f}"),
    ("total_s", QT_TR_NOOP("Total (s)"), False, "{:.2f}"),
    ("input_tokens", QT_TR_NOOP("Input tokens"), False, "{:,.0f}"),
    ("output_tokens", QT_TR_NOOP("Output tokens"), False, "{:,.0f}"),
    ("cache_read", QT_TR_NOOP("Cache read"), True, "{:,.0f}"),
    ("cost_usd", QT_TR_NOOP("Cost (US$)"), False, "{:.4f}"),
]
STOP_LABEL = QT_TR_NOOP("Stop reason")


def metric_table(columns: Sequence[Metrics]) -> list[MetricRow]:
    """Rows of formatted cells, each with which cells hold the row's best figure."""
    rows = []
    for name, label, higher, fmt in METRIC_ROWS:
        values: list[float | None] = [getattr(m, name) for m in columns]
        known = [v for v in values if v is not None]
        # A best figure only where columns differ: equal input tokens are nobody's win.
        best = (max(known) if higher else min(known)) if len(set(known)) > 1 else None
        rows.append(
            MetricRow(
                name,
                tr(label),
                ["—" if v is None else fmt.format(v) for v in values],
                [best is not None and v == best for v in values],
            )
        )
    stops = [m.stop_reason or "—" for m in columns]
    rows.append(MetricRow("stop_reason", tr(STOP_LABEL), stops, [False] * len(columns)))
    return rows


SUMMARY_ROWS = ("ttft_s", "total_s", "cost_usd")  # what a folded metrics table still tells


def best_summary(rows: Sequence[MetricRow], columns: Sequence[str]) -> str:
    """One line for a folded metrics table: which column (by its name in *columns*) did best on time
    to first token, total time and cost (``First token (s): Claude Haiku 4.5 (0.41) · …``); empty
    until a row has a best."""
    parts = []
    for row in rows:
        if row.name in SUMMARY_ROWS and True in row.best:
            best = row.best.index(True)
            parts.append(
                tr("{metric}: {column} ({value})").format(metric=row.label, column=columns[best], value=row.cells[best])
            )
    return " · ".join(parts)


def live_cell(name: str, live: LiveTurn | None, chars_per_token: int = 4) -> str:
    """A streaming column's figure for the metric *name*: time to first token, an estimated speed
    and output (≈: the API reports output tokens at the end), the time so far; the rest come when
    it finishes."""
    if live is None:
        return "—"
    tokens = live.output_chars / chars_per_token
    first, elapsed = live.ttft_s, live.duration_s
    if name == "ttft_s":
        return f"{first:.2f}" if first is not None else "…"
    if name == "tokens_per_s" and first is not None and elapsed > first:
        return f"≈{tokens / (elapsed - first):.0f}"
    if name == "total_s":
        return f"{elapsed:.1f}…"
    if name == "output_tokens":
        return f"≈{tokens:,.0f}"
    return "…"


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
