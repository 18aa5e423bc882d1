"""Settings → Network: system proxy, no proxy, or a proxy the user names (HTTP, HTTPS, SOCKS5) with
a user name and a password (kept in the keyring), hosts that bypass it, and an extra CA certificate."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.network import NetworkSettings, password_slot
from parley.core.secrets import KeyStore, MemoryStore

MODES = (
    ("system", QT_TR_NOOP("Use the system proxy settings")),
    ("none", QT_TR_NOOP("No proxy")),
    ("manual", QT_TR_NOOP("Use this proxy:")),
)


class NetworkForm(QWidget):
    def __init__(self, settings: NetworkSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox(self)
        for value, label in ((v, tr(text)) for v, text in MODES):
            self.mode.addItem(label, value)
        self.mode.setAccessibleName(tr("Proxy"))
        self.url = QLineEdit(settings.proxy_url, self)
        self.url.setPlaceholderText(tr("http://proxy.example:3128 or socks5://127.0.0.1:1080"))
        self.url.setAccessibleName(tr("Proxy address"))
        self.user = QLineEdit(settings.proxy_user, self)
        self.user.setPlaceholderText(tr("User name (optional)"))
        self.user.setAccessibleName(tr("Proxy user name"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("Password (kept in the system keyring; leave empty to keep it)"))
        self.password.setAccessibleName(tr("Proxy password"))
        self.bypass = QLineEdit(settings.bypass, self)
        self.bypass.setPlaceholderText(tr("Go direct to: localhost, *.corp.example"))
        self.bypass.setAccessibleName(tr("Hosts that bypass the proxy"))
        self.ca_file = QLineEdit(settings.ca_file, self)
        self.ca_file.setPlaceholderText(tr("Also trust this CA certificate (PEM), for proxies that inspect TLS"))
        self.ca_file.setAccessibleName(tr("Extra CA certificate"))
        browse = QPushButton(tr("Choose…"), self)
        browse.setAccessibleName(tr("Choose a CA certificate file"))
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.mode)
        form.addRow(tr("Address"), self.url)
        form.addRow(tr("User"), self.user)
        form.addRow(tr("Password"), self.password)
        form.addRow(tr("Bypass"), self.bypass)
        form.addRow(tr("CA certificate"), ca_row)
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
        dialog = QFileDialog(
            self, tr("Choose a CA certificate"), filter=tr("Certificates (*.pem *.crt *.cer);;All files (*)")
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.ca_file.setText)
        self._dialog = dialog
        dialog.open()
