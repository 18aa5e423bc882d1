"""The task registry: every background task is known by name; closing cancels and awaits them all."""

from __future__ import annotations

import asyncio

from parley.gui.tasks import TaskRegistry


def test_closing_cancels_and_awaits_every_task(qtbot, qloop) -> None:
    registry = TaskRegistry()
    cleaned: list[str] = []

    async def forever(name: str) -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            cleaned.append(name)  # a turn saves what arrived here

    async def quick() -> int:
        return 7

    done = registry.spawn(quick(), name="quick")
    registry.spawn(forever("a"), name="a")
    registry.spawn(forever("b"), name="b")
    qtbot.waitUntil(done.done, timeout=2000)
    assert done.result() == 7
    assert registry.names() == ["a", "b"]  # a finished task is forgotten
    closing = asyncio.ensure_future(registry.aclose())
    qtbot.waitUntil(closing.done, timeout=2000)
    assert sorted(cleaned) == ["a", "b"]
    assert registry.pending() == []
