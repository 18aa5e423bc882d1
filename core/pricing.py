"""Cost of a reply from its usage and the catalog's prices, cache reads and writes included."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .catalog import Prices


def billed_tokens(usage: Mapping[str, Any]) -> dict[str, int]:
    """Input, output, cache-write (5m/1h) and cache-read token counts that are billed.

    With compaction, ``usage.iterations`` lists every sampling pass and the top-level counts leave
    the compaction pass out, so the iterations are summed instead (reference §1.5).
    """
    sources: list[Mapping[str, Any]]
    iterations = usage.get("iterations")
    if isinstance(iterations, list) and iterations:
        sources = [it for it in iterations if isinstance(it, Mapping)]
    else:
        sources = [usage]
    totals = {"input": 0, "output": 0, "cache_write_5m": 0, "cache_write_1h": 0, "cache_read": 0}
    for src in sources:
        totals["input"] += _int(src.get("input_tokens"))
        totals["output"] += _int(src.get("output_tokens"))
        totals["cache_read"] += _int(src.get("cache_read_input_tokens"))
        breakdown = src.get("cache_creation")
        if isinstance(breakdown, Mapping) and breakdown:
            totals["cache_write_5m"] += _int(breakdown.get("ephemeral_5m_input_tokens"))
            totals["cache_write_1h"] += _int(breakdown.get("ephemeral_1h_input_tokens"))
        else:
            totals["cache_write_5m"] += _int(src.get("cache_creation_input_tokens"))
    return totals


SEARCH_USD = 10 / 1000  # web search: $10 per 1,000 searches, plus tokens (a failed search is not billed)


def server_tool_uses(usage: Mapping[str, Any]) -> dict[str, int]:
    """Web searches and fetches the API ran for one reply (``usage.server_tool_use``, a final total)."""
    raw = usage.get("server_tool_use")
    raw = raw if isinstance(raw, Mapping) else {}
    return {"searches": _int(raw.get("web_search_requests")), "fetches": _int(raw.get("web_fetch_requests"))}


def cost_usd(usage: Mapping[str, Any], prices: Prices | None, *, cache_ttl: str = "5m") -> float | None:
    """Dollars for one reply, or None when the model's prices are unknown.

    Writes without a per-TTL breakdown are charged at the TTL the request asked for.
    """
    if prices is None:
        return None
    t = billed_tokens(usage)
    if cache_ttl == "1h" and not isinstance(usage.get("cache_creation"), Mapping):
        t["cache_write_1h"] += t["cache_write_5m"]
        t["cache_write_5m"] = 0
    dollars = (
        t["input"] * prices.input
        + t["output"] * prices.output
        + t["cache_write_5m"] * prices.cache_write_5m
        + t["cache_write_1h"] * prices.cache_write_1h
        + t["cache_read"] * prices.cache_read
    ) / 1_000_000
    dollars += server_tool_uses(usage)["searches"] * SEARCH_USD  # fetches cost only their tokens
    return round(dollars, 8)


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def context_tokens(usage: Mapping[str, Any]) -> int:
    """How much of the context window a reply's request and answer filled (the last sampling pass:
    with compaction, the conversation after the summary)."""
    iterations = usage.get("iterations")
    source: Mapping[str, Any] = usage
    if isinstance(iterations, list) and iterations and isinstance(iterations[-1], Mapping):
        source = iterations[-1]
    return (
        _int(source.get("input_tokens"))
        + _int(source.get("cache_creation_input_tokens"))
        + _int(source.get("cache_read_input_tokens"))
        + _int(source.get("output_tokens"))
    )


@dataclass(frozen=True, slots=True)
class ChatTotals:
    """What a chat cost so far, and how much of its input the prompt cache served."""

    cost_usd: float | None  # None: no reply had a known price
    replies: int
    input_tokens: int  # all input: uncached, written to the cache, and read from it
    cache_read_tokens: int
    cache_write_tokens: int
    output_tokens: int

    @property
    def cache_hit_rate(self) -> float | None:
        return self.cache_read_tokens / self.input_tokens if self.input_tokens else None


def chat_totals(replies: Iterable[tuple[Mapping[str, Any] | None, float | None]]) -> ChatTotals:
    """Sum (usage, cost) of every reply in a chat, every branch included: all of it was paid for."""
    cost: float | None = None
    n = inputs = reads = writes = outputs = 0
    for usage, dollars in replies:
        n += 1
        if dollars is not None:
            cost = (cost or 0.0) + dollars
        t = billed_tokens(usage or {})
        write = t["cache_write_5m"] + t["cache_write_1h"]
        inputs += t["input"] + write + t["cache_read"]
        reads += t["cache_read"]
        writes += write
        outputs += t["output"]
    return ChatTotals(round(cost, 8) if cost is not None else None, n, inputs, reads, writes, outputs)
