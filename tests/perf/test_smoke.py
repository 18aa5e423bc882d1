"""A fast smoke of each benchmark on every CI run (full runs: PARLEY_PERF=1 .ci/run)."""

from __future__ import annotations

import pytest

from tests.perf import stream_bench

pytestmark = pytest.mark.perf


def test_stream_parse_smoke_matches_sdk_and_is_not_slower():
    r = stream_bench.main(total_mb=1.0, repeats=1)
    assert r["same"] == 1.0  # our final messages equal the official SDK's on the same bytes
    assert r["ratio"] >= 1.0
