"""The endpoint and its key, shared by Settings and the first-run setup: where requests go (a preset
or a custom base URL, API version, how the key is sent), the API key with where it is kept, a live
connection test, and the models to show.

Keys go to the OS keyring. Without one, the form says so plainly and offers the two ways that
need no file: ``ANTHROPIC_API_KEY``, or a key kept in memory for this session only.
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
from parley.core.secrets import ENV_VAR, KeyringUnavailable, KeyStore, MemoryStore
from parley.core.settings import Settings

from .tasks import TaskRegistry

if TYPE_CHECKING:
    from parley.core.client import MessagesClient

PRESET_LABELS = (
    ("aihubmix", QT_TR_NOOP("AIHubMix (aihubmix.com)")),
    ("anthropic", QT_TR_NOOP("Anthropic (api.anthropic.com)")),
    ("custom", QT_TR_NOOP("Custom base URL")),
)
ClientFactory = Callable[..., "MessagesClient"]  # (endpoint, key, **httpx network options)
NetworkFor = Callable[[], tuple[dict[str, Any] | None, str | None]]  # the client options, or what is wrong


def default_client(endpoint: Endpoint, key: str, **network: Any) -> MessagesClient:
    from parley.core.client import MessagesClient
    from parley.core.network import Timeouts

    return MessagesClient(endpoint, key, timeouts=Timeouts(connect=8.0, read=20.0), **network)


def form_layout() -> QFormLayout:
    """A form whose fields take the width and whose labels sit above them when the page is narrow."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return form


def note_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class EndpointForm(QWidget):
    """Preset, base URL, API version and how the key is sent. Signals: ``changed()``."""

    changed = Signal()

    def __init__(self, endpoint: Endpoint, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        form = form_layout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Endpoint"), self.preset)
        form.addRow(tr("Base URL"), self.base_url)
        form.addRow(tr("API version"), self.version)
        form.addRow(tr("Send the key as"), self.auth)
        self.setLayout(form)
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.base_url.editingFinished.connect(self.changed)
        self.preset.setCurrentIndex(self.preset.findData(endpoint.preset))
        self._on_preset_changed()

    def endpoint(self) -> Endpoint:
        """The endpoint as entered (raises ConfigError for an unusable URL)."""
        return Endpoint(self.base_url.text(), self.version.currentText(), self.auth.currentData())

    def _on_preset_changed(self, *_: object) -> None:
        preset = self.preset.currentData()
        if preset in PRESETS:
            self.base_url.setText(PRESETS[preset])
        self.base_url.setReadOnly(preset != "custom")
        self.changed.emit()


class KeyForm(QWidget):
    """The API key, where it is kept, and a live test of the endpoint with it.

    Signals: ``tested(bool)`` after a test (True: connected); ``listing_received(object)`` with
    the endpoint's model list.
    """

    tested = Signal(bool)
    listing_received = Signal(object)

    def __init__(
        self,
        endpoint: Callable[[], Endpoint],
        keys: KeyStore,
        session_keys: MemoryStore,
        network: NetworkFor,
        parent: QWidget | None = None,
        *,
        tasks: TaskRegistry,
        client_factory: ClientFactory = default_client,
    ) -> None:
        super().__init__(parent)
        self._endpoint = endpoint
        self._keys = keys
        self._session_keys = session_keys
        self._network = network
        self._tasks = tasks
        self._client_factory = client_factory
        self._test_task: asyncio.Task[None] | None = None
        self.keyring_missing = False
        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName(tr("API key"))
        self.key.setPlaceholderText(tr("Paste your API key"))
        self.key_note = note_label("", self)
        self.session_only = QCheckBox(tr("Keep the key for this session only"), self)
        self.session_only.setToolTip(tr("Kept in memory, never on disk; forgotten when Parley quits"))
        self.session_only.hide()
        self.test_button = QPushButton(tr("Test connection"), self)
        self.test_button.setAccessibleName(tr("Test connection"))
        self.test_result = QLabel(self)
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName(tr("Connection test result"))
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.setContentsMargins(0, 0, 0, 0)
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_result, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key)
        layout.addWidget(self.key_note)
        layout.addWidget(self.session_only)
        layout.addLayout(test_row)
        self.test_button.clicked.connect(self.start_test)
        self.refresh_note()

    # ------------------------------------------------------------ where the key is

    def refresh_note(self) -> None:
        """Say where the key for the entered endpoint comes from (and when there is no keyring)."""
        if os.environ.get(ENV_VAR):
            self._set_note(
                tr("{variable} is set in the environment and is used instead of a stored key.").format(variable=ENV_VAR)
            )
            return
        try:
            endpoint = self._endpoint()
        except ConfigError as error:
            self._set_note(error.user_message)
            return
        if self._session_keys.get(endpoint):
            self._set_note(
                tr("A key for this endpoint is kept for this session only; it is forgotten when Parley quits.")
            )
            return
        try:
            stored = self._keys.get(endpoint)
        except KeyringUnavailable:
            self._set_note(
                tr(
                    "No system keyring is available on this computer, so Parley cannot save your key (it never "
                    "writes keys to a file). Set {variable} before starting Parley, or keep the key for this "
                    "session only."
                ).format(variable=ENV_VAR),
                keyring_missing=True,
            )
            return
        except ConfigError as error:
            self._set_note(error.user_message)
            return
        self._set_note(
            tr("A key for this endpoint is stored in the system keyring; leave empty to keep it.")
            if stored
            else tr("Your key is stored in the system keyring, never in a file.")
        )

    def _set_note(self, text: str, *, keyring_missing: bool = False) -> None:
        self.key_note.setText(text)
        self.keyring_missing = keyring_missing
        self.session_only.setVisible(keyring_missing)

    def typed(self) -> str:
        return self.key.text().strip()

    def key_for_test(self, endpoint: Endpoint) -> str | None:
        """The typed key, else the one Parley would use."""
        if self.typed():
            return self.typed()
        env = os.environ.get(ENV_VAR, "").strip()
        if env:
            return env
        try:
            return self._session_keys.get(endpoint) or self._keys.get(endpoint)
        except ConfigError:
            return None

    def save(self, endpoint: Endpoint) -> None:
        """Keep the typed key: in the keyring, or in memory when the user chose this session only.
        Raises ConfigError (KeyringUnavailable) when it has nowhere safe to go."""
        typed = self.typed()
        if typed and self.keyring_missing and self.session_only.isChecked():
            self._session_keys.set(endpoint, typed)
        elif typed:
            self._keys.set(endpoint, typed)
        self.key.clear()

    # ------------------------------------------------------------ the connection test

    def start_test(self) -> None:
        if self._test_task is not None and not self._test_task.done():
            return
        try:
            endpoint = self._endpoint()
        except ConfigError as error:
            self.test_result.setText(error.user_message)
            return
        key = self.key_for_test(endpoint)
        if not key:
            self.test_result.setText(tr("Enter an API key first."))
            return
        options, problem = self._network()
        if options is None:
            self.test_result.setText(f"✗ {problem}")
            return
        self.test_button.setEnabled(False)
        self._mark("")
        self.test_result.setText(tr("Connecting to {endpoint}…").format(endpoint=endpoint.label))
        self._test_task = self._tasks.spawn(self._test(endpoint, key, options), name="test connection")

    async def _test(self, endpoint: Endpoint, key: str, network: dict[str, Any]) -> None:
        try:
            async with self._client_factory(endpoint, key, **network) as client:
                listing = await client.list_models()
        except ParleyError as error:
            self.test_result.setText(f"✗ {error.user_message}")
            self._mark("fail")
            self.tested.emit(False)
        else:
            claude = [m for m in listing if str(m.get("id", "")).startswith("claude")]
            self.test_result.setText(
                tr("✓ Connected to {endpoint}: {count} models available ({claude} Claude).").format(
                    endpoint=endpoint.label, count=len(listing), claude=len(claude)
                )
            )
            self._mark("ok")
            self.listing_received.emit(listing)
            self.tested.emit(True)
        finally:
            self.test_button.setEnabled(True)

    def _mark(self, state: str) -> None:
        """The result in the theme's success or danger colour (theme.py: ``QLabel[state=…]``)."""
        self.test_result.setProperty("state", state)
        self.test_result.style().unpolish(self.test_result)
        self.test_result.style().polish(self.test_result)

    def stop(self) -> None:
        if self._test_task is not None and not self._test_task.done():
            self._test_task.cancel()


class ModelList(QListWidget):
    """The models to offer in the pickers, each with a check box."""

    def __init__(self, settings: Settings, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setAccessibleName(tr("Models to show"))
        self.setMinimumHeight(120)
        self.fill(catalog)

    def fill(self, catalog: Catalog) -> None:
        visible = set(self._settings.visible_models or catalog.ids())
        self.clear()
        for model in catalog:
            item = QListWidgetItem(f"{model.display_name}  ({model.id})", self)
            item.setData(Qt.ItemDataRole.UserRole, model.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if model.id in visible else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def apply(self) -> None:
        """All models checked means "show what the catalog has" (new models appear on their own)."""
        chosen = self.chosen()
        self._settings.visible_models = chosen if chosen and len(chosen) < self.count() else None
