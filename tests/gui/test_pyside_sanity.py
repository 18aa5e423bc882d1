"""The Qt binding itself must not corrupt the interpreter.

PySide6 6.12.0 on CPython 3.11 decremented None's reference count on every void-returning call,
so a long session aborted with "deallocating None". This fails on any such release.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget


def test_void_calls_do_not_leak_references_to_none(qapp):
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.update()
        QCoreApplication.sendPostedEvents()
    assert sys.getrefcount(None) - before > -100
    widget.deleteLater()
