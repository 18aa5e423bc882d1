"""Settings → Network: system proxy, no proxy, or a proxy the user names (HTTP, HTTPS, SOCKS5) with
a user name and a password (kept in the keyring), hosts that bypass it, and an extra CA certificate."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from parley.core.network import NetworkSettings, password_slot
from parley.core.secrets import KeyStore, MemoryStore

MODES = (
    ("system", "Use the system proxy settings"),
    ("none", "No proxy"),
    ("manual", "Use this proxy:"),
)


class NetworkForm(QWidget):
    def __init__(self, settings: NetworkSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox(self)
        for value, label in MODES:
            self.mode.addItem(label, value)
        self.mode.setAccessibleName("Proxy")
        self.url = QLineEdit(settings.proxy_url, self)
        self.url.setPlaceholderText("http://proxy.example:3128 or socks5://127.0.0.1:1080")
        self.url.setAccessibleName("Proxy address")
        self.user = QLineEdit(settings.proxy_user, self)
        self.user.setPlaceholderText("User name (optional)")
        self.user.setAccessibleName("Proxy user name")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Password (kept in the system keyring; leave empty to keep it)")
        self.password.setAccessibleName("Proxy password")
        self.bypass = QLineEdit(settings.bypass, self)
        self.bypass.setPlaceholderText("Go direct to: localhost, *.corp.example")
        self.bypass.setAccessibleName("Hosts that bypass the proxy")
        self.ca_file = QLineEdit(settings.ca_file, self)
        self.ca_file.setPlaceholderText("Also trust this CA certificate (PEM), for proxies that inspect TLS")
        self.ca_file.setAccessibleName("Extra CA certificate")
        browse = QPushButton("Choose…", self)
        browse.setAccessibleName("Choose a CA certificate file")
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.mode)
        form.addRow("Address", self.url)
        form.addRow("User", self.user)
        form.addRow("Password", self.password)
        form.addRow("Bypass", self.bypass)
        form.addRow("CA certificate", ca_row)
        self._manual_rows = (self.url, self.user, self.password, self.bypass)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        browse.clicked.connect(self._on_browse_clicked)
        self.mode.setCurrentIndex(max(0, self.mode.findData(settings.proxy)))
        self._on_mode_changed()
        self._dialog: QFileDialog | None = None

    def value(self) -> NetworkSettings:
        """What is entered; raises ConfigError (with what to fix) when it cannot work."""
        network = NetworkSettings(
            str(self.mode.currentData()),
            self.url.text().strip(),
            self.user.text().strip(),
            self.bypass.text().strip(),
            self.ca_file.text().strip(),
        )
        network.check()
        return network

    def save_password(self, keys: KeyStore, network: NetworkSettings) -> None:
        typed = self.password.text()
        if network.proxy == "manual" and network.proxy_user and typed:
            keys.set(password_slot(network), typed)
        self.password.clear()

    def keys_for_test(self, keys: KeyStore, network: NetworkSettings) -> KeyStore:
        """The keyring, or the password just typed (a test before saving)."""
        if not self.password.text():
            return keys
        typed = MemoryStore()
        typed.set(password_slot(network), self.password.text())
        return typed

    def _on_mode_changed(self, *_: object) -> None:
        manual = self.mode.currentData() == "manual"
        for widget in self._manual_rows:
            widget.setEnabled(manual)

    def _on_browse_clicked(self) -> None:
        dialog = QFileDialog(self, "Choose a CA certificate", filter="Certificates (*.pem *.crt *.cer);;All files (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.ca_file.setText)
        self._dialog = dialog
        dialog.open()
