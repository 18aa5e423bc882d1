"""The asyncio event loop inside Qt (qasync), with asyncio's async-generator hooks installed.

qasync 0.28 does not install them, so an httpx stream left early would print "async generator
ignored GeneratorExit"; here ``run_forever`` installs the loop's own hooks and restores the old ones.
"""

from __future__ import annotations

import sys
from typing import Any

import qasync


class ParleyEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    def run_forever(self) -> Any:
        previous = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(firstiter=self._asyncgen_firstiter_hook, finalizer=self._asyncgen_finalizer_hook)
        try:
            return super().run_forever()
        finally:
            sys.set_asyncgen_hooks(*previous)

    def stop_worker_threads(self) -> None:
        """Finish ``asyncio.to_thread`` work (qasync runs it on QThreads) when the loop is left open,
        as in tests; ``close()`` does this too."""
        executor = getattr(self, "_QEventLoop__default_executor", None)
        if executor is not None:
            executor.shutdown(wait=True)
            self._QEventLoop__default_executor = None
