"""Every fault in the matrix through the main window: a banner that says what happened and what to do,
the draft given back when nothing arrived, partial text kept and marked when something did, retries
only where safe, and the window responsive throughout (a 20 ms timer never waits much longer)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from parley.gui.message_widgets import AssistantMessageWidget
from tests.fakeapi import DEFAULT_KEY, FakeAPI
from tests.gui.conftest import send, wait_idle
from tests.reliability.faults import FAULTS, MODEL, Fault, endpoint_for

MAX_STALL_S = 0.25  # the loop is never blocked longer than this while a fault plays out


class StallMeter:
    """The longest gap between ticks of a 20 ms timer: how long the UI thread was unavailable."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> float:
        self._timer.stop()
        return self.longest


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_in_the_window(fault: Fault, qtbot, window, fake_api: FakeAPI, tmp_path: Path) -> None:
    services = window.services
    if fault.read_timeout is not None:
        services.settings.network.read_timeout = fault.read_timeout
    window.composer.model_picker.select(MODEL)
    window.composer.thinking.setChecked(False)
    fault.stage(fake_api)
    with endpoint_for(fault, fake_api, tmp_path) as url:
        services.settings.active_endpoint = url
        services.ctx.keys.set(services.ctx.endpoint, DEFAULT_KEY)
        services.save_settings()
        meter = StallMeter()
        send(qtbot, window, "a question")
        wait_idle(qtbot, window, timeout=30_000)
        longest = meter.stop()
    assert longest < MAX_STALL_S
    assert len(fake_api.messages_requests()) == fault.requests
    answers = [w for w in window.view.message_widgets() if isinstance(w, AssistantMessageWidget)]
    if fault.kept is None:
        banner = window.banner
        assert banner is not None
        assert window.composer.text() == "a question"  # nothing arrived: the draft is back
        assert answers == []
    else:
        banner = answers[-1].banner
        assert banner is not None
        assert answers[-1].markdown.startswith(fault.kept)
        assert "what arrived is kept" in banner.label.text()  # marked as incomplete
        assert "retry" in banner.buttons
    for words in fault.says:
        assert words.lower() in banner.label.text().lower(), banner.label.text()
