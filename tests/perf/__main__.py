"""``python -m tests.perf``: every benchmark, full size, one line per figure with its baseline."""

from . import stream_bench

stream_bench.main(total_mb=20.0, repeats=5)
