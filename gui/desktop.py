"""Desktop integration: one Parley per history (a second launch brings the first to the front), and the
window's size, place and splitter restored from last time.

The check for a running Parley uses only the standard library (a Unix socket, or a named pipe on
Windows), so a normal start pays nothing for it before the first paint; QtNetwork's server, which the
second launch talks to, is set up after the window is painted.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Signal
from PySide6.QtWidgets import QMainWindow, QSplitter

ACTIVATE = b"activate\n"


def instance_name(data_dir: Path) -> str:
    """One name per user and history: two data dirs may run side by side (as the tests do)."""
    import zlib  # (not hashlib: it loads OpenSSL, ~3.5 MB and ~3 ms, before the first paint)

    key = f"{getpass.getuser()}|{data_dir.resolve()}".encode()
    return f"parley-{zlib.crc32(key):08x}{zlib.adler32(key):08x}"  # 64 bits from two unrelated checksums


def server_address(name: str) -> str:
    """What QLocalServer listens on: a pipe name on Windows, a short socket path elsewhere."""
    if sys.platform == "win32":
        return name
    import tempfile  # (the standard library's heavier modules load only when needed: start-up time)

    return os.path.join(tempfile.gettempdir(), f"{name}.sock")


def ask_running_instance(name: str) -> bool:
    """True if a Parley on this history is running; it has been asked to bring its window forward."""
    try:
        if sys.platform == "win32":
            with open(rf"\\.\pipe\{name}", "wb") as pipe:
                pipe.write(ACTIVATE)
            return True
        address = server_address(name)
        if not os.path.exists(address):
            return False  # the usual start: no socket file, so no need to load the socket module (~7 ms)
        import socket

        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2.0)
            sock.connect(address)
            sock.sendall(ACTIVATE)
        return True
    except OSError:  # nobody listening (or a socket left by a crash): this is the first Parley
        return False


class InstanceServer(QObject):
    """Listens for later launches; ``activated`` when one asks for the window."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        address = server_address(name)
        QLocalServer.removeServer(address)  # a socket file left behind by a crash
        self.listening = self._server.listen(address)
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            if conn is None:
                return
            conn.readyRead.connect(self._read)
            if conn.bytesAvailable():
                self._take(conn)

    def _read(self) -> None:
        conn = self.sender()
        if conn is not None:
            self._take(conn)

    def _take(self, conn: QObject) -> None:
        if ACTIVATE.strip() in bytes(conn.readAll().data()):  # type: ignore[attr-defined]
            conn.readyRead.disconnect(self._read)  # type: ignore[attr-defined]
            conn.deleteLater()
            self.activated.emit()

    def close(self) -> None:
        self._server.close()


def bring_to_front(window: QMainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


class WindowState(QObject):
    """Restores the window's geometry and splitter from *path* (an ini file beside the history) and
    saves them when the window closes."""

    def __init__(self, window: QMainWindow, splitter: QSplitter, path: Path) -> None:
        super().__init__(window)
        self._window = window
        self._splitter = splitter
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)
        self.restore()
        window.installEventFilter(self)

    def restore(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self._window.restoreGeometry(geometry)
        splitter = self._settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self._splitter.restoreState(splitter)

    def save(self) -> None:
        self._settings.setValue("window/geometry", self._window.saveGeometry())
        self._settings.setValue("window/splitter", self._splitter.saveState())
        self._settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.save()
        return False
