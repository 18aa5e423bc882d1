"""Set formulas, cached by source, display and style, set on a thread of their own.

Setting a formula costs 2–20 ms of pure Python, and the first one ~200 ms (the import and the font):
on the UI thread, an answer with 250 formulas would stall for seconds. The renderer asks with
``lookup``: a formula already set comes back at once; one not yet set is queued for the formula
thread, and the answer shows its source until ``listeners`` hear that it is ready. ``synchronous``
stores (exports, tests) set every formula when asked.
"""

from __future__ import annotations

import atexit
import threading
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import NamedTuple

from .math_typeset import Formula, MathStyle, typeset

CACHE_SIZE = 4_000  # formulas kept (an inline one's SVG is ~5 KB)
NOTIFY_EVERY = 0.05  # s: while a long queue is being set, listeners hear about progress this often
# While the formula thread works, Python hands the GIL over every 0.2 ms instead of every 5 ms: the
# UI thread takes the GIL back after every Qt call, and waiting up to 5 ms each time stalled a frame
# for 500–750 ms while formulas were being set (P1-math); at 0.2 ms the longest stall was ~40 ms.
SWITCH_INTERVAL = 0.0002
IDLE_EXIT = 20.0  # s: the formula thread ends after this long with nothing to set (and starts again when asked)


class Key(NamedTuple):
    source: str
    display: bool
    style: MathStyle


class Failed:
    """The formula could not be set: show its source as code."""


FAILED = Failed()
Result = Formula | Failed | None  # None: queued, not set yet


_running: weakref.WeakSet[MathStore] = weakref.WeakSet()


@atexit.register
def _stop_formula_threads() -> None:
    """Before the interpreter (and Qt with it) goes: a formula thread still running would call its
    listeners into a Qt that is being torn down (CI's pytest exited with SIGSEGV after passing)."""
    for store in list(_running):
        store.stop()


class MathStore:
    def __init__(self, style: MathStyle | None = None, *, synchronous: bool = False) -> None:
        self.style = style or MathStyle()
        self.synchronous = synchronous
        self.listeners: list[Callable[[], None]] = []  # called on the formula thread: hand over to your own
        self._done: OrderedDict[Key, Formula | Failed] = OrderedDict()
        self._ids: dict[Key, int] = {}
        self._keys: dict[int, Key] = {}
        self._queue: deque[Key] = deque()
        self._queued: set[Key] = set()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None
        # Set by the window: when to wake the formula thread for newly queued formulas (after the
        # frame that asked is painted, so the thread does not take the GIL from its layout).
        self.defer: Callable[[Callable[[], None]], None] | None = None
        self._waking = False
        self._stopping = False

    # ------------------------------------------------------------ asking

    def key(self, source: str, display: bool) -> Key:
        return Key(source, display, self.style)

    def lookup(self, key: Key) -> Result:
        """The set formula, FAILED, or None after queueing it (never blocks, unless synchronous)."""
        with self._lock:
            done = self._done.get(key)
            if done is not None:
                self._done.move_to_end(key)
                return done
            if not self.synchronous:
                self._enqueue(key)
                return None
        return self._set(key)

    def state(self, key: Key) -> Result:
        """What ``lookup`` would answer, without queueing anything."""
        with self._lock:
            return self._done.get(key)

    def id_of(self, key: Key) -> int:
        """A small number naming *key* in the HTML (``parley-math:N``)."""
        with self._lock:
            number = self._ids.get(key)
            if number is None:
                number = self._ids[key] = len(self._ids) + 1
                self._keys[number] = key
            return number

    def formula(self, number: int) -> Formula | None:
        """The set formula named *number*, if it is still cached."""
        with self._lock:
            key = self._keys.get(number)
            done = self._done.get(key) if key is not None else None
        return done if isinstance(done, Formula) else None

    def warm(self) -> None:
        """Start the formula thread now (it imports the typesetter), so the first formula is quick."""
        if not self.synchronous:
            with self._lock:
                self._start()

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def is_set(self, number: int) -> bool:
        """Formula *number* is no longer waiting to be set: a view showing its source can render
        again (and find it set, failed, or, dropped from the cache since, queued anew)."""
        with self._lock:
            key = self._keys.get(number)
            return key is not None and key not in self._queued

    # ------------------------------------------------------------ setting

    def _enqueue(self, key: Key) -> None:
        if key in self._queued:
            return
        self._queued.add(key)
        self._queue.append(key)
        if self.defer is None:
            self._start()
            self._wake.notify()
        elif not self._waking:
            self._waking = True
            self.defer(self.wake)

    def wake(self) -> None:
        """Let the formula thread set what is queued."""
        with self._lock:
            self._waking = False
            if self._queue:
                self._start()
                self._wake.notify()

    def _start(self) -> None:
        if self._thread is None and not self._stopping:
            self._thread = threading.Thread(target=self._work, name="parley-formulas", daemon=True)
            _running.add(self)
            self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """End the formula thread (at exit): what is queued is dropped, listeners hear nothing more."""
        with self._lock:
            self._stopping = True
            self._queue.clear()
            self._wake.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _set(self, key: Key) -> Formula | Failed:
        formula = typeset(key.source, key.display, key.style)
        result: Formula | Failed = formula if formula is not None else FAILED
        with self._lock:
            self._done[key] = result
            while len(self._done) > CACHE_SIZE:
                self._done.popitem(last=False)
        return result

    def _work(self) -> None:
        import sys
        import time

        usual = sys.getswitchinterval()
        sys.setswitchinterval(min(usual, SWITCH_INTERVAL))
        typeset("x", False, self.style)  # the import and the font, before anyone waits on them
        last = time.monotonic()
        while True:
            with self._lock:
                if not self._queue and not self._stopping:
                    sys.setswitchinterval(usual)
                    self._wake.wait(IDLE_EXIT)
                    sys.setswitchinterval(min(usual, SWITCH_INTERVAL))
                if not self._queue or self._stopping:
                    sys.setswitchinterval(usual)
                    self._thread = None
                    return
                key = self._queue.popleft()
            self._set(key)
            with self._lock:
                self._queued.discard(key)
                idle = not self._queue
            now = time.monotonic()
            if (idle or now - last >= NOTIFY_EVERY) and not self._stopping:
                last = now
                for listener in list(self.listeners):
                    try:
                        listener()
                    except Exception:  # a listener gone (its window closed) must not end the thread
                        self.listeners.remove(listener)
