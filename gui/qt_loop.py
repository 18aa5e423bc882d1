"""The asyncio event loop inside Qt (qasync), with asyncio's async-generator hooks installed.

qasync 0.28 does not install them, so an httpx stream left early would print "async generator
ignored GeneratorExit"; here ``run_forever`` installs the loop's own hooks and restores the old ones.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import qasync


class ParleyEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    def run_forever(self) -> Any:
        with self.asyncgen_hooks():
            return super().run_forever()

    @contextmanager
    def asyncgen_hooks(self) -> Iterator[None]:
        """Async generators left early are closed by a task on this loop (as ``asyncio.run`` does),
        not thrown into synchronously; a loop driven from outside (tests) enters this itself."""
        previous = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(firstiter=self._asyncgen_firstiter_hook, finalizer=self._asyncgen_finalizer_hook)
        try:
            yield
        finally:
            sys.set_asyncgen_hooks(*previous)

    def stop_worker_threads(self) -> None:
        """Finish ``asyncio.to_thread`` work (qasync runs it on QThreads) when the loop is left open,
        as in tests; ``close()`` does this too."""
        executor = getattr(self, "_QEventLoop__default_executor", None)
        if executor is not None:
            executor.shutdown(wait=True)
            self._QEventLoop__default_executor = None
