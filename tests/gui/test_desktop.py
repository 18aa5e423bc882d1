"""Desktop integration: a second launch on the same history brings the first window forward and
exits; the window's geometry and splitter come back as they were left."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

from parley.gui import desktop

PARLEY = str(Path(sys.executable).parent / "parley")


def test_a_second_launch_reaches_the_running_instance(qtbot, tmp_path: Path) -> None:
    name = desktop.instance_name(tmp_path)
    assert not desktop.ask_running_instance(name)  # nobody yet
    server = desktop.InstanceServer(name)
    assert server.listening
    with qtbot.waitSignal(server.activated, timeout=5000):
        assert desktop.ask_running_instance(name)
    server.close()
    assert not desktop.ask_running_instance(name)


def test_each_history_has_its_own_instance_and_a_crashed_ones_socket_is_reused(qtbot, tmp_path: Path) -> None:
    assert desktop.instance_name(tmp_path / "a") != desktop.instance_name(tmp_path / "b")
    name = desktop.instance_name(tmp_path / "crashed")
    Path(desktop.server_address(name)).write_bytes(b"")  # left behind by a kill -9
    assert not desktop.ask_running_instance(name)
    server = desktop.InstanceServer(name)
    assert server.listening
    server.close()


def _window(qtbot) -> tuple[QMainWindow, QSplitter]:
    window = QMainWindow()
    splitter = QSplitter(window)
    splitter.addWidget(QLabel("sidebar"))
    splitter.addWidget(QLabel("chat"))
    window.setCentralWidget(splitter)
    qtbot.addWidget(window)
    return window, splitter


def test_geometry_and_splitter_are_restored(qtbot, tmp_path: Path) -> None:
    ini = tmp_path / "window.ini"
    window, splitter = _window(qtbot)
    desktop.WindowState(window, splitter, ini)
    window.resize(700, 520)  # inside the offscreen platform's 800x600 screen
    window.show()
    qtbot.waitExposed(window)
    splitter.setSizes([200, splitter.width() - 200 - splitter.handleWidth()])
    left = splitter.sizes()
    assert left[0] == 200
    window.close()
    assert ini.exists()

    again, again_splitter = _window(qtbot)
    desktop.WindowState(again, again_splitter, ini)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (700, 520)
    assert again_splitter.sizes() == left


def test_launching_parley_twice_opens_one_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "PARLEY_"))}
    env |= {
        "QT_QPA_PLATFORM": "offscreen",
        "PARLEY_DATA_DIR": str(data),
        "PARLEY_LOG": "debug",
        "ANTHROPIC_API_KEY": "sk-ant-test",
        "ANTHROPIC_BASE_URL": "http://127.0.0.1:9",
    }
    first = subprocess.Popen([PARLEY], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        socket_file = Path(desktop.server_address(desktop.instance_name(data)))
        deadline = time.monotonic() + 30
        while not socket_file.exists():
            assert first.poll() is None, "the first Parley exited"
            assert time.monotonic() < deadline, "the first Parley never started listening"
            time.sleep(0.05)
        second = subprocess.run([PARLEY], env=env, capture_output=True, text=True, timeout=30, check=False)
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stdout
        log = data / "logs" / "parley.log"
        deadline = time.monotonic() + 10
        while "brought to the front" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "the first window was not asked to come forward"
            time.sleep(0.05)
        assert first.poll() is None  # still running
    finally:
        first.terminate()
        first.communicate(timeout=10)
