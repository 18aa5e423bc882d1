"""The one owner of the app's background tasks.

Every coroutine the window starts (a turn, a comparison, counting tokens, naming a chat, testing a
connection, an import) is spawned here, so quitting can cancel and await all of them, and a test
can fail when one outlives the window. Widgets never call ``asyncio.ensure_future`` themselves.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # asyncio loads after the first paint (the services are made before it)
    import asyncio

T = TypeVar("T")


class TaskRegistry:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, T], *, name: str) -> asyncio.Task[T]:
        """Run *coro* on the app's loop; the registry keeps it until it is done."""
        import asyncio

        task = asyncio.ensure_future(coro)
        task.set_name(name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def pending(self) -> list[asyncio.Task[Any]]:
        return [t for t in self._tasks if not t.done()]

    def names(self) -> list[str]:
        return sorted(t.get_name() for t in self.pending())

    async def aclose(self) -> None:
        """Cancel every task still running and wait until each has finished (it cleans up in
        ``finally``: a turn saves what arrived)."""
        import asyncio

        while pending := self.pending():
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
