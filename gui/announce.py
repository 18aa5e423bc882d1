"""Spoken news for screen readers: a finished reply, an error, a tool asking for approval.

Qt's accessibility announcement event reaches the platform's screen reader where the platform
supports it (AT-SPI on Linux, UI Automation on Windows, NSAccessibility on macOS). The same news is
also emitted as a signal, so the window (and tests) can see what was said.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

SPOKEN_CHARS = 400  # a finished reply is read up to here; the rest is in the conversation


class Announcer(QObject):
    """``announced(str, bool)``: the text, and whether it interrupts (assertive) or waits (polite)."""

    announced = Signal(str, bool)


announcer = Announcer()


def announce(source: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have the screen reader say *text*, on behalf of *source* (a widget on screen)."""
    text = " ".join(text.split())
    if not text:
        return
    if QAccessible.isActive():
        event = QAccessibleAnnouncementEvent(source, text)
        politeness = QAccessible.AnnouncementPoliteness
        event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
        QAccessible.updateAccessibility(event)
    announcer.announced.emit(text, assertive)


def spoken_start(text: str) -> str:
    """The start of a long text, cut at a word, for reading aloud."""
    if len(text) <= SPOKEN_CHARS:
        return text
    cut = text.rfind(" ", 0, SPOKEN_CHARS)
    return text[: cut if cut > 0 else SPOKEN_CHARS] + "…"
