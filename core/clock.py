"""The calendar as a dependency: everything that compares against today asks a :class:`Clock`.

Retirement dates, "Today / Yesterday" groups, search date ranges and ``retry-after`` dates all
depend on what day it is. Reading the system calendar in those places would make their tests pass
this month and fail the next, so they take a clock instead; the composition roots (``Context``)
make the one real clock, and tests pass a :class:`FixedClock`.

``PARLEY_TODAY=YYYY-MM-DD`` shifts the real clock to that day (the time of day is kept). It is how
tests and demos run the real ``parley`` process on a chosen date.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

TODAY_VARIABLE = "PARLEY_TODAY"


class Clock(Protocol):
    def today(self) -> date:
        """The local date."""
        ...

    def time(self) -> float:
        """Wall-clock seconds since the epoch (what timestamps and HTTP dates compare against)."""
        ...


@dataclass(frozen=True, slots=True)
class SystemClock:
    """The machine's clock, optionally shifted by whole days (``PARLEY_TODAY``)."""

    shift_days: int = 0

    def today(self) -> date:
        return date.today() + timedelta(days=self.shift_days)

    def time(self) -> float:
        return time.time() + self.shift_days * 86_400


@dataclass(frozen=True, slots=True)
class FixedClock:
    """A clock that always says the same thing: for tests."""

    day: date
    seconds: float | None = None  # epoch seconds; default: noon, local time, on *day*

    def today(self) -> date:
        return self.day

    def time(self) -> float:
        if self.seconds is not None:
            return self.seconds
        return datetime(self.day.year, self.day.month, self.day.day, 12).timestamp()


def system_clock(environ: dict[str, str] | None = None) -> Clock:
    """The real clock, shifted to ``PARLEY_TODAY`` when that is set to a valid date."""
    raw = (os.environ if environ is None else environ).get(TODAY_VARIABLE, "").strip()
    if not raw:
        return SystemClock()
    try:
        wanted = date.fromisoformat(raw)
    except ValueError:
        return SystemClock()
    return SystemClock((wanted - date.today()).days)
