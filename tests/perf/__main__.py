"""``python -m tests.perf``: every benchmark, full size, one line per figure with its baseline."""

from . import (
    citations_bench,
    compare_bench,
    deep_hit_bench,
    growth_bench,
    history_bench,
    math_bench,
    mcp_bench,
    paced_bench,
    render_bench,
    save_bench,
    search_bench,
    sidebar_bench,
    startup_bench,
    stream_bench,
)

stream_bench.main(total_mb=20.0, repeats=5)
startup_bench.main(chats=10_000, repeats=5)
render_bench.main(chars=400_000, naive_chars=100_000)
paced_bench.main(chars=80_000, slow_chars=8_000)
citations_bench.main(citations=100, chars=200_000)
growth_bench.main()
history_bench.main(chats=10_000, per_chat=20, long_chat=2_000, repeats=3)
compare_bench.main(chars=60_000)
math_bench.main(inline=200, display=50)
sidebar_bench.main(chats=50_000)
deep_hit_bench.main()
search_bench.main(chats=50_000, per_chat=20)
save_bench.main()
mcp_bench.main(calls=40)
