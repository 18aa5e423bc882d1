"""A fast smoke of each benchmark on every CI run (full runs: PARLEY_PERF=1 .ci/run)."""

from __future__ import annotations

import pytest

from tests.perf import history_bench, startup_bench, stream_bench
from tests.perf.isolated import run_isolated

pytestmark = pytest.mark.perf


def test_stream_parse_smoke_matches_sdk_and_is_not_slower():
    r = stream_bench.main(total_mb=1.0, repeats=1)
    assert r["same"] == 1.0  # our final messages equal the official SDK's on the same bytes
    assert r["ratio"] >= 1.0


def test_startup_smoke():
    r = startup_bench.main(chats=300, repeats=1)
    assert 0 < r["bare_s"] < 30
    assert 0 < r["parley_s"] < 30
    assert 0 < r["stack_s"] < 30  # the plain-Qt calibration frame painted too
    assert 0 < r["mcp_s"] < 30  # with MCP servers configured (it raises if one started before the first paint)


def test_render_smoke():
    r = run_isolated("render_bench", chars=20_000, naive_chars=10_000)
    assert r["cpu_s"] > 0
    assert r["floor_s"] > 0
    assert r["stall_ms"] < 1000


def test_history_smoke():
    r = history_bench.main(chats=200, per_chat=10, long_chat=300, repeats=1)
    assert 0 < r["search_median_ms"] < 1000
    assert r["widgets"] <= 60  # a long chat builds only what it shows
    assert r["open_ms"] > 0
    assert r["rss_mb"] > 0
    assert r["bare_rss_mb"] < r["stack_rss_mb"]  # the calibration child built its widgets and loaded its libraries


def test_compare_smoke():
    r = run_isolated("compare_bench", chars=8_000)
    assert r["four_cpu_s"] > 0
    assert r["singles_cpu_s"] > 0
    assert r["stall_ms"] < 1000


def test_math_smoke():
    r = run_isolated("math_bench", inline=20, display=5, open_chat=False)
    assert r["images"] == 25  # every formula was set and drawn
    assert r["floor_s"] > 0
    assert r["stall_ms"] < 1000


def test_sidebar_smoke():
    r = run_isolated("sidebar_bench", chats=3_000)
    assert r["rows"] > 3_000  # every chat, and the group headers
    assert r["first_ms"] > 0


def test_deep_hit_smoke():
    r = run_isolated("deep_hit_bench", sizes=[300], scroll=100, repeats=1)
    assert r["widgets_300"] <= 20  # only the messages around the hit
    assert r["widgets_end_300"] <= 60  # messages far from view were released while scrolling


def test_search_smoke():
    from tests.perf import search_bench

    r = search_bench.main(chats=500, per_chat=10)
    assert r["messages"] == 5_000
    assert 0 < r["median_ms"] < 1000


def test_save_smoke():
    from tests.perf import save_bench

    r = save_bench.main(rounds=1)
    assert r["new_1200000_ms"] < r["whole_1200000_ms"]  # only what is new is written


def test_paced_smoke():
    r = run_isolated("paced_bench", chars=4_000, slow_chars=600, rounds=1)
    for label in ("fast", "slow"):
        assert r[f"{label}_cpu_s"] > 0
        assert r[f"{label}_floor_s"] > 0
        assert r[f"{label}_stall_ms"] < 1000
        assert r[f"{label}_event_plain_us"] > 0
        assert r[f"{label}_updates"] > 0  # the view was updated as the text came
        assert r[f"{label}_qt_update_ms"] > 0  # and Qt's own cost of an update was measured


def test_citations_smoke():
    r = run_isolated("citations_bench", citations=20, rounds=1, chars=20_000)
    assert r["sources"] == 10
    assert r["cpu_s"] > 0
    assert r["floor_s"] > 0
    assert r["stall_ms"] < 1000


def test_growth_smoke():
    r = run_isolated("growth_bench", chars=130_000, rounds=1)
    assert r["segments"] == 3
    assert r["first_ms"] > 0


def test_mcp_round_trip_smoke():
    from tests.perf.mcp_bench import BUDGET_MS

    r = run_isolated("mcp_bench", calls=20)
    for loop in ("asyncio", "qasync"):
        assert r[f"parley_{loop}_overhead_ms"] < BUDGET_MS  # over the server's own time (measured: 2-4 ms)
        assert r[f"sdk_{loop}_overhead_ms"] > 0  # the bare SDK's calibration ran too
