"""MCP: what a tool round trip through a local stdio server costs beyond the server's own time.

The demo server's ``work`` tool sleeps for a few milliseconds and returns how long the call took
inside the server. Parley's round trip is ``McpHub.call`` (the request over the pipe, the SDK on
both sides, the result turned into API blocks), timed on the app's own kind of loop: plain asyncio
(the CLI) and qasync inside a QApplication (the window). Its overhead is the round trip minus the
server's own time; the issue's budget is 20 ms (median of at least 20 calls).

For calibration the same calls go through the bare SDK (``mcp.Client`` over ``stdio_client``, no
Parley code) on the same loop, so what Parley itself adds is the difference of the two medians.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

SERVERS = Path(__file__).resolve().parents[1] / "mcp_servers"
DEMO = [str(SERVERS / "demo.py")]
WORK_MS = 5.0
BUDGET_MS = 20.0


async def _timed_calls(call: Callable[[], Awaitable[float]], calls: int) -> dict[str, float]:
    """*calls* round trips (after 3 untimed): the median overhead over the server's own time, and the
    loop's CPU per call."""
    for _ in range(3):
        await call()
    overheads = []
    cpu0 = time.thread_time()
    for _ in range(calls):
        start = time.perf_counter()
        server_ms = await call()
        overheads.append((time.perf_counter() - start) * 1000 - server_ms)
    return {
        "overhead_ms": statistics.median(overheads),
        "p90_ms": sorted(overheads)[int(0.9 * (len(overheads) - 1))],
        "cpu_ms": (time.thread_time() - cpu0) * 1000 / calls,
    }


async def through_parley(calls: int) -> dict[str, float]:
    from parley.core.mcp.config import MemorySecrets, ServerConfig, ServerList
    from parley.core.mcp.hub import McpHub

    tmp = Path(tempfile.mkdtemp(prefix="parley-mcp-bench-"))
    servers = ServerList(tmp / "mcp-servers.json", MemorySecrets())
    servers.add(ServerConfig("demo", command=sys.executable, args=DEMO), {}, {})
    hub = McpHub(servers, tmp / "logs")
    try:
        box = await hub.toolbox(["demo"])
        tool = box.tools["mcp__demo__work"]

        async def call() -> float:
            blocks, is_error = await hub.call(tool, {"ms": WORK_MS})
            assert not is_error, blocks
            return float(blocks[0]["text"])

        return await _timed_calls(call, calls)
    finally:
        await hub.close()
        shutil.rmtree(tmp, ignore_errors=True)


async def through_bare_sdk(calls: int) -> dict[str, float]:
    from mcp import Client, StdioServerParameters, stdio_client

    params = StdioServerParameters(command=sys.executable, args=DEMO)
    with open(os.devnull, "w", encoding="utf-8") as errlog:  # noqa: ASYNC230 (opened once, before any call)
        async with Client(stdio_client(params, errlog=errlog)) as client:

            async def call() -> float:
                result = await client.call_tool("work", {"ms": WORK_MS})
                return float(result.content[0].text)

            return await _timed_calls(call, calls)


def _on_qasync(coroutine: Callable[[], Awaitable[dict[str, float]]]) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from parley.gui.qt_loop import ParleyEventLoop

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is shown: the loop is what is timed
    app = QApplication.instance() or QApplication([])
    loop = ParleyEventLoop(app)
    try:
        with loop.asyncgen_hooks():
            result: dict[str, float] = loop.run_until_complete(coroutine())
        return result
    finally:
        loop.stop_worker_threads()
        loop.close()


def measure(calls: int = 40) -> dict[str, Any]:
    out: dict[str, Any] = {"calls": calls}
    runs: dict[str, Callable[[], Awaitable[dict[str, float]]]] = {
        "parley": lambda: through_parley(calls),
        "sdk": lambda: through_bare_sdk(calls),
    }
    for loop_name in ("asyncio", "qasync"):
        for who, run in runs.items():
            figures = asyncio.run(run()) if loop_name == "asyncio" else _on_qasync(run)
            for key, value in figures.items():
                out[f"{who}_{loop_name}_{key}"] = value
    return out


def main(calls: int = 40) -> dict[str, Any]:
    r = measure(calls)
    for loop_name, what in (("asyncio", "plain asyncio (the CLI)"), ("qasync", "qasync (the window)")):
        ours, bare = r[f"parley_{loop_name}_overhead_ms"], r[f"sdk_{loop_name}_overhead_ms"]
        print(
            f"MCP round trip over a {WORK_MS:g} ms stdio tool, {what}, median of {calls}: "
            f"+{ours:.2f} ms over the server's own time (p90 +{r[f'parley_{loop_name}_p90_ms']:.2f} ms, "
            f"budget {BUDGET_MS:g} ms) | bare SDK +{bare:.2f} ms | Parley's own part {ours - bare:+.2f} ms | "
            f"loop CPU {r[f'parley_{loop_name}_cpu_ms']:.2f} ms per call vs SDK {r[f'sdk_{loop_name}_cpu_ms']:.2f} ms"
        )
    return r


if __name__ == "__main__":
    main()
