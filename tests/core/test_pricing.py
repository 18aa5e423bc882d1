"""Cost arithmetic against the documented prices (reference §2 and §8)."""

from __future__ import annotations

import pytest

from parley.core.catalog import load_shipped
from parley.core.pricing import billed_tokens, cost_usd

CATALOG = load_shipped()


def test_plain_usage():
    # Opus 4.7: $5 in, $25 out per MTok
    assert cost_usd(
        {"input_tokens": 1_000_000, "output_tokens": 100_000}, CATALOG.resolve("claude-opus-4-7").prices
    ) == pytest.approx(7.5)


DOCUMENTED_USAGE = {  # the reference's example usage (§8)
    "input_tokens": 50,
    "cache_creation_input_tokens": 248,
    "cache_read_input_tokens": 100_000,
    "cache_creation": {"ephemeral_5m_input_tokens": 148, "ephemeral_1h_input_tokens": 100},
    "output_tokens": 503,
}


@pytest.mark.parametrize(
    ("model", "rates"),
    [
        ("claude-sonnet-4-6", (3, 3.75, 6, 0.3, 15)),  # in; writes 5m / 1h; read; out
        ("claude-opus-4-7", (5, 6.25, 10, 0.5, 25)),
    ],
)
def test_cache_reads_and_writes_with_breakdown(model, rates):
    base, write_5m, write_1h, read, out = rates
    expected = (50 * base + 148 * write_5m + 100 * write_1h + 100_000 * read + 503 * out) / 1e6
    assert cost_usd(DOCUMENTED_USAGE, CATALOG.resolve(model).prices) == pytest.approx(expected)


def test_writes_without_breakdown_use_the_requested_ttl():
    usage = {"input_tokens": 0, "cache_creation_input_tokens": 1_000_000, "output_tokens": 0}
    p = CATALOG.resolve("claude-haiku-4-5").prices
    assert cost_usd(usage, p) == pytest.approx(1.25)
    assert cost_usd(usage, p, cache_ttl="1h") == pytest.approx(2.0)


def test_compaction_iterations_are_summed():
    usage = {
        "input_tokens": 10,
        "output_tokens": 20,
        "iterations": [
            {"type": "compaction", "input_tokens": 180_000, "output_tokens": 3_500},
            {"type": "message", "input_tokens": 10, "output_tokens": 20},
        ],
    }
    assert billed_tokens(usage)["input"] == 180_010
    assert billed_tokens(usage)["output"] == 3_520


def test_unknown_prices_give_none_and_junk_counts_are_ignored():
    assert cost_usd({"input_tokens": 5}, None) is None
    assert (
        cost_usd(
            {"input_tokens": "many", "output_tokens": -3, "cache_read_input_tokens": True},
            CATALOG.resolve("claude-opus-4-7").prices,
        )
        == 0
    )
