"""Setup and settings: endpoint, API key (keyring only), connection test, models to show, display.

Opened with ``open()`` (never ``exec()``), results by signal. The key goes to the OS keyring; if
there is none, the dialog says so and points to ``ANTHROPIC_API_KEY``: no plaintext fallback.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.catalog import Catalog
from parley.core.endpoint import API_VERSIONS, PRESETS, Endpoint
from parley.core.errors import ConfigError, ParleyError
from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.network import client_options
from parley.core.secrets import ENV_VAR, KeyStore
from parley.core.settings import Settings

from .network_form import NetworkForm
from .replies_form import RepliesForm
from .tasks import TaskRegistry

if TYPE_CHECKING:
    from parley.core.client import MessagesClient

PRESET_LABELS = (
    ("aihubmix", QT_TR_NOOP("AIHubMix (aihubmix.com)")),
    ("anthropic", QT_TR_NOOP("Anthropic (api.anthropic.com)")),
    ("custom", QT_TR_NOOP("Custom base URL")),
)
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}  # each in its own language: never translated
ClientFactory = Callable[..., "MessagesClient"]  # (endpoint, key, **httpx network options)


def _default_client(endpoint: Endpoint, key: str, **network: Any) -> MessagesClient:
    from parley.core.client import MessagesClient
    from parley.core.network import Timeouts

    return MessagesClient(endpoint, key, timeouts=Timeouts(connect=8.0, read=20.0), **network)


class SettingsDialog(QDialog):
    """Signals: ``saved()`` after settings (and possibly the key) were stored."""

    saved = Signal()

    def __init__(
        self,
        settings: Settings,
        keys: KeyStore,
        catalog: Catalog,
        parent: QWidget | None = None,
        *,
        tasks: TaskRegistry,
        client_factory: ClientFactory = _default_client,
        first_run: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Set up Parley") if first_run else tr("Parley settings"))
        self.setModal(True)
        self._settings = settings
        self._keys = keys
        self._catalog = catalog
        self._client_factory = client_factory
        self._tasks = tasks
        self._test_task: asyncio.Task[None] | None = None
        self.listing: list[dict[str, object]] | None = None  # the endpoint's model list, once tested
        endpoint = settings.endpoint()

        self.preset = QComboBox(self)
        for key, label in PRESET_LABELS:
            self.preset.addItem(tr(label), key)
        self.preset.setAccessibleName(tr("Endpoint"))
        self.base_url = QLineEdit(endpoint.base_url, self)
        self.base_url.setAccessibleName(tr("Base URL"))
        self.version = QComboBox(self)
        self.version.addItems(list(API_VERSIONS))
        self.version.setCurrentText(endpoint.api_version)
        self.version.setAccessibleName(tr("API version"))
        self.auth = QComboBox(self)
        self.auth.addItem(tr("x-api-key header"), "x-api-key")
        self.auth.addItem(tr("Authorization: Bearer"), "bearer")
        self.auth.setCurrentIndex(max(0, self.auth.findData(endpoint.auth)))
        self.auth.setAccessibleName(tr("How the key is sent"))
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(tr("API key"))
        self.key.setPlaceholderText(tr("Paste your API key; it is stored in the system keyring"))
        self.key_note = QLabel(self)
        self.key_note.setObjectName("muted")
        self.key_note.setWordWrap(True)
        self.test_button = QPushButton(tr("Test connection"), self)
        self.test_button.setAccessibleName(tr("Test connection"))
        self.test_result = QLabel(self)
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(tr("Connection test result"))
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.models = QListWidget(self)
        self.models.setAccessibleName(tr("Models to show"))
        self.collapse = QCheckBox(tr("Collapse the thinking panel once the answer starts"), self)
        self.collapse.setChecked(settings.collapse_thinking)
        self.titles = QCheckBox(
            tr("Name new chats with a short title written by the cheapest model (small cost)"), self
        )
        self.titles.setChecked(settings.generate_titles)
        self.theme = QComboBox(self)
        for value, label in (("system", tr("Follow the system")), ("light", tr("Light")), ("dark", tr("Dark"))):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.theme.setAccessibleName(tr("Theme"))
        self.language = QComboBox(self)
        self.language.addItem(tr("Follow the system"), "system")
        for value, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, value)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setAccessibleName(tr("Language"))
        self.language.setToolTip(tr("Parley speaks the new language the next time it starts"))
        self.network = NetworkForm(settings.network, self)
        self.replies = RepliesForm(settings, self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b")
        self.error.hide()

        form = QFormLayout()
        form.addRow(tr("Endpoint"), self.preset)
        form.addRow(tr("Base URL"), self.base_url)
        form.addRow(tr("API version"), self.version)
        form.addRow(tr("Send the key as"), self.auth)
        form.addRow(tr("API key"), self.key)
        form.addRow("", self.key_note)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form.addRow("", test_row)
        form.addRow(tr("Models to show"), self.models)
        form.addRow(tr("Thinking"), self.collapse)
        form.addRow(tr("Titles"), self.titles)
        form.addRow(tr("Theme"), self.theme)
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("Replies"), self.replies)
        form.addRow(tr("Network"), self.network)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.base_url.editingFinished.connect(self._refresh_key_note)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.finished.connect(self._on_finished)

        self.preset.setCurrentIndex(self.preset.findData(endpoint.preset))
        self._on_preset_changed()
        self._fill_models(catalog)

    # ------------------------------------------------------------ helpers

    def endpoint(self) -> Endpoint:
        """The endpoint as currently entered (raises ConfigError for an unusable URL)."""
        return Endpoint(self.base_url.text(), self.version.currentText(), self.auth.currentData())

    def _fill_models(self, catalog: Catalog) -> None:
        visible = set(self._settings.visible_models or catalog.ids())
        self.models.clear()
        for model in catalog:
            item = QListWidgetItem(f"{model.display_name}  ({model.id})", self.models)
            item.setData(Qt.ItemDataRole.UserRole, model.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if model.id in visible else Qt.CheckState.Unchecked)

    def chosen_models(self) -> list[str]:
        return [
            self.models.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.models.count())
            if self.models.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _on_preset_changed(self, *_: object) -> None:
        preset = self.preset.currentData()
        if preset in PRESETS:
            self.base_url.setText(PRESETS[preset])
        self.base_url.setReadOnly(preset != "custom")
        self._refresh_key_note()

    def _refresh_key_note(self) -> None:
        if os.environ.get(ENV_VAR):
            self.key_note.setText(
                tr("{variable} is set in the environment and is used instead of a stored key.").format(variable=ENV_VAR)
            )
            return
        try:
            stored = self._keys.get(self.endpoint())
        except ConfigError as error:
            self.key_note.setText(error.user_message)
            return
        self.key_note.setText(
            tr("A key for this endpoint is stored in the system keyring; leave empty to keep it.")
            if stored
            else tr("No key stored for this endpoint yet.")
        )

    def _key_for_test(self, endpoint: Endpoint) -> str | None:
        typed = self.key.text().strip()
        if typed:
            return typed
        env = os.environ.get(ENV_VAR, "").strip()
        if env:
            return env
        try:
            return self._keys.get(endpoint)
        except ConfigError:
            return None

    # ------------------------------------------------------------ test connection

    def _on_test_button_clicked(self) -> None:
        if self._test_task is not None and not self._test_task.done():
            return
        try:
            endpoint = self.endpoint()
        except ConfigError as error:
            self.test_result.setText(error.user_message)
            return
        key = self._key_for_test(endpoint)
        if not key:
            self.test_result.setText(tr("Enter an API key first."))
            return
        try:
            network = self.network.value()
            options = client_options(network, self.network.keys_for_test(self._keys, network))
        except ConfigError as error:
            self.test_result.setText(f"✗ {error.user_message}")
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(tr("Connecting to {endpoint}…").format(endpoint=endpoint.label))
        self._test_task = self._tasks.spawn(self._test(endpoint, key, options), name="test connection")

    async def _test(self, endpoint: Endpoint, key: str, network: dict[str, Any]) -> None:
        try:
            async with self._client_factory(endpoint, key, **network) as client:
                listing = await client.list_models()
        except ParleyError as error:
            self.test_result.setText(f"✗ {error.user_message}")
        else:
            claude = [m for m in listing if str(m.get("id", "")).startswith("claude")]
            self.test_result.setText(
                tr("✓ Connected to {endpoint}: {count} models available ({claude} Claude).").format(
                    endpoint=endpoint.label, count=len(listing), claude=len(claude)
                )
            )
            self._catalog = self._catalog.merged_with_endpoint(listing)
            self.listing = listing
            self._fill_models(self._catalog)
        finally:
            self.test_button.setEnabled(True)

    # ------------------------------------------------------------ save

    def _on_save(self) -> None:
        try:
            endpoint = self.endpoint()
            network = self.network.value()
            typed = self.key.text().strip()
            if typed:
                self._keys.set(endpoint, typed)
            self.network.save_password(self._keys, network)
        except ConfigError as error:
            self.error.setText(error.user_message)
            self.error.show()
            return
        self._settings.set_endpoint(endpoint)
        chosen = self.chosen_models()
        self._settings.visible_models = chosen if chosen and len(chosen) < self.models.count() else None
        self._settings.collapse_thinking = self.collapse.isChecked()
        self._settings.generate_titles = self.titles.isChecked()
        self._settings.theme = str(self.theme.currentData())
        self._settings.language = str(self.language.currentData())
        self.replies.apply(self._settings)
        self._settings.network = network
        self.key.clear()
        self.saved.emit()
        self.accept()

    def _on_finished(self, result: int) -> None:
        if self._test_task is not None and not self._test_task.done():
            self._test_task.cancel()
