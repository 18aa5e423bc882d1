"""No full garbage-collection pass over the whole app while a reply streams.

Python's collector now and then walks every object it tracks (its oldest generation): with the
window, the history and a long answer in memory that took 50–60 ms, on the UI thread, in the
middle of a streaming frame (P1-paced at 100k tokens: the only two frames over 50 ms). While a
reply streams, what existed before it is set aside (``gc.freeze``): collections walk only what
the reply made, and cycles made meanwhile are still collected. Once the last reply ends,
everything is handed back, and the next full pass (at the collector's own time) sees it all.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_streaming = 0


@contextmanager
def quiet_collection() -> Iterator[None]:
    global _streaming
    if _streaming == 0:
        gc.freeze()
    _streaming += 1
    try:
        yield
    finally:
        _streaming -= 1
        if _streaming == 0:
            gc.unfreeze()
