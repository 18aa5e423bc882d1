"""First run: a short wizard in three steps. Where requests go, the API key (tested live as soon as
it is pasted), and the models to offer. Everything it sets can be changed later in Settings.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from parley.core.catalog import Catalog
from parley.core.errors import ConfigError
from parley.core.i18n import tr
from parley.core.network import client_options
from parley.core.presentation.design import SPACE
from parley.core.secrets import KeyringUnavailable, KeyStore, MemoryStore
from parley.core.settings import Settings

from .endpoint_form import ClientFactory, EndpointForm, KeyForm, ModelList, default_client, note_label
from .settings_dialog import MINIMUM, page_widget, scrolling
from .tasks import TaskRegistry

TEST_DELAY_MS = 700  # after the last keystroke (or a paste), the key is tested


class SetupWizard(QDialog):
    """Signals: ``saved()`` once the endpoint, the key and the models are stored."""

    saved = Signal()

    def __init__(
        self,
        settings: Settings,
        keys: KeyStore,
        catalog: Catalog,
        parent: QWidget | None = None,
        *,
        tasks: TaskRegistry,
        session_keys: MemoryStore | None = None,
        client_factory: ClientFactory = default_client,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Set up Parley"))
        self.setModal(True)
        self._settings = settings
        self._keys = keys
        self._catalog = catalog
        self.listing: list[dict[str, object]] | None = None
        self.endpoint_form = EndpointForm(settings.endpoint(), self)
        self.key_form = KeyForm(
            self.endpoint_form.endpoint,
            keys,
            session_keys if session_keys is not None else MemoryStore(),
            lambda: self._network(),
            self,
            tasks=tasks,
            client_factory=client_factory,
        )
        self.models = ModelList(settings, catalog, self)
        self.steps = QStackedWidget(self)
        self.step_label = QLabel(self)
        self.step_label.setObjectName("muted")
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.back_button = QPushButton(tr("Back"), self)
        self.next_button = QPushButton(tr("Next"), self)
        self.next_button.setProperty("primary", True)
        self.next_button.setDefault(True)
        self._add_step(
            tr("Where should Parley send your messages?"),
            tr(
                "AIHubMix and Anthropic both serve Claude; pick the one your key is for. A custom base URL "
                "works with any proxy that speaks the Messages API."
            ),
            self.endpoint_form,
        )
        self._add_step(
            tr("Your API key"),
            tr("Paste the key for this endpoint. Parley tests it at once, and keeps it in the system keyring."),
            self.key_form,
        )
        self._add_step(
            tr("Which models should the pickers offer?"),
            tr("You can change this, and add custom model IDs, in Settings at any time."),
            self.models,
        )
        foot = QHBoxLayout()
        foot.addWidget(self.step_label, 1)
        foot.addWidget(self.back_button)
        foot.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, SPACE[3])
        layout.addWidget(self.steps, 1)
        error_row = QVBoxLayout()
        error_row.setContentsMargins(SPACE[5], 0, SPACE[5], 0)
        error_row.addWidget(self.error)
        error_row.addLayout(foot)
        layout.addLayout(error_row)
        self._test_timer = QTimer(self)
        self._test_timer.setSingleShot(True)
        self._test_timer.setInterval(TEST_DELAY_MS)
        self._test_timer.timeout.connect(self.key_form.start_test)
        self.key_form.key.textChanged.connect(lambda text: self._test_timer.start() if text.strip() else None)
        self.key_form.listing_received.connect(self._on_listing_received)
        self.endpoint_form.changed.connect(self.key_form.refresh_note)
        self.back_button.clicked.connect(lambda: self.go(self.steps.currentIndex() - 1))
        self.next_button.clicked.connect(self._on_next_clicked)
        self.finished.connect(lambda _result: self.key_form.stop())
        self.setMinimumSize(MINIMUM)
        width, height = 640, 480
        if parent is not None:
            width = min(width, max(MINIMUM.width(), parent.width() - 40))
            height = min(height, max(MINIMUM.height(), parent.height() - 40))
        self.resize(width, height)
        self.go(0)

    def _add_step(self, title: str, explanation: str, body: QWidget) -> None:
        page, layout = page_widget(title, self.steps)
        layout.addWidget(note_label(explanation, page))
        layout.addWidget(body, 1 if isinstance(body, ModelList) else 0)
        if not isinstance(body, ModelList):
            layout.addStretch(1)
        self.steps.addWidget(scrolling(page, self.steps))

    def go(self, step: int) -> None:
        step = max(0, min(self.steps.count() - 1, step))
        self.steps.setCurrentIndex(step)
        self.error.hide()
        last = step == self.steps.count() - 1
        self.back_button.setVisible(step > 0)
        self.next_button.setText(tr("Start chatting") if last else tr("Next"))
        self.step_label.setText(tr("Step {step} of {count}").format(step=step + 1, count=self.steps.count()))
        if step == 1:
            self.key_form.refresh_note()
            self.key_form.key.setFocus()

    def _on_next_clicked(self) -> None:
        step = self.steps.currentIndex()
        try:
            endpoint = self.endpoint_form.endpoint()
        except ConfigError as error:
            self._show_error(error.user_message, 0)
            return
        if step == 1 and not self.key_form.key_for_test(endpoint):
            self._show_error(tr("Paste your API key to go on (or set ANTHROPIC_API_KEY and start Parley again)."), 1)
            return
        if step < self.steps.count() - 1:
            self.go(step + 1)
            return
        try:
            self.key_form.save(endpoint)
        except KeyringUnavailable as error:
            self._show_error(error.user_message + " " + tr("Or keep the key for this session only."), 1)
            return
        except ConfigError as error:
            self._show_error(error.user_message, 1)
            return
        self._settings.set_endpoint(endpoint)
        self.models.apply()
        self.saved.emit()
        self.accept()

    def _show_error(self, text: str, step: int) -> None:
        self.go(step)
        self.error.setText(text)
        self.error.show()

    def _network(self) -> tuple[dict[str, Any] | None, str | None]:
        try:
            return client_options(self._settings.network, self._keys), None
        except ConfigError as error:
            return None, error.user_message

    def _on_listing_received(self, listing: list[dict[str, object]]) -> None:
        self._catalog = self._catalog.merged_with_endpoint(listing)
        self.listing = listing
        self.models.fill(self._catalog)
        self.error.hide()
        if self.steps.currentIndex() == 1:
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
