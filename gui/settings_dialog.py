"""Settings, as pages: General (look, language, thinking, titles), Endpoint & models (where requests
go, the key, a live test, the models to show), Replies (length, caching) and Network (proxy, CA).
Each page scrolls on its own, so a small window never squeezes a field.

Opened with ``open()`` (never ``exec()``), results by signal. Theme and language apply when saved,
with no restart (the window listens to ``saved``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from parley.core.catalog import Catalog
from parley.core.endpoint import Endpoint
from parley.core.errors import ConfigError
from parley.core.i18n import tr
from parley.core.network import client_options
from parley.core.presentation.design import SPACE
from parley.core.secrets import KeyringUnavailable, KeyStore, MemoryStore
from parley.core.settings import Settings

from .endpoint_form import ClientFactory, EndpointForm, KeyForm, ModelList, default_client, form_layout, note_label
from .icons import icon
from .network_form import NetworkForm
from .replies_form import RepliesForm
from .tasks import TaskRegistry
from .web_form import WebForm

LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}  # each in its own language: never translated
PAGE_ICONS = ("sliders-horizontal", "server", "message-square", "network", "globe", "wrench")
WEB_PAGE = 4
MINIMUM = QSize(560, 360)  # the pages scroll below this height; a narrower dialog would cut check boxes


def scrolling(page: QWidget, parent: QWidget) -> QScrollArea:
    """*page* in a scroll area of its own: it keeps its natural height and scrolls when the dialog is short."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; the area follows them
    area.setWidget(page)
    return area


def page_widget(title: str, parent: QWidget) -> tuple[QWidget, QVBoxLayout]:
    page = QWidget(parent)
    page.setObjectName("settingsPage")
    layout = QVBoxLayout(page)
    layout.setContentsMargins(SPACE[5], SPACE[4], SPACE[5], SPACE[4])
    layout.setSpacing(SPACE[3])
    heading = QLabel(title, page)
    heading.setObjectName("pageTitle")
    heading.setWordWrap(True)
    layout.addWidget(heading)
    return page, layout


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
        session_keys: MemoryStore | None = None,
        client_factory: ClientFactory = default_client,
        tools_form: Callable[[QWidget], QWidget] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Parley settings"))
        self.setModal(True)
        self._settings = settings
        self._keys = keys
        self._catalog = catalog
        self.listing: list[dict[str, object]] | None = None  # the endpoint's model list, once tested

        # General
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
        self.collapse = QCheckBox(tr("Fold the thinking once the answer starts"), self)
        self.collapse.setChecked(settings.collapse_thinking)
        self.titles = QCheckBox(tr("Name new chats automatically"), self)
        self.titles.setChecked(settings.generate_titles)
        # Endpoint & models
        self.endpoint_form = EndpointForm(settings.endpoint(), self)
        self.preset, self.base_url = self.endpoint_form.preset, self.endpoint_form.base_url
        self.version, self.auth = self.endpoint_form.version, self.endpoint_form.auth
        self.network = NetworkForm(settings.network, self)
        self.key_form = KeyForm(
            self.endpoint_form.endpoint,
            keys,
            session_keys if session_keys is not None else MemoryStore(),
            self._network_options,
            self,
            tasks=tasks,
            client_factory=client_factory,
        )
        self.key, self.key_note = self.key_form.key, self.key_form.key_note
        self.test_button, self.test_result = self.key_form.test_button, self.key_form.test_result
        self.models = ModelList(settings, catalog, self)
        self.replies = RepliesForm(settings, self)
        self.web = WebForm(settings, self)
        self.tools = tools_form(self) if tools_form is not None else None  # Tools: the MCP servers
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()

        self.nav = QListWidget(self)
        self.nav.setObjectName("settingsNav")
        self.nav.setAccessibleName(tr("Settings pages"))
        self.nav.setIconSize(QSize(16, 16))
        self.pages = QStackedWidget(self)
        for name, build in (
            (tr("General"), self._general_page),
            (tr("Endpoint & models"), self._endpoint_page),
            (tr("Replies"), self._replies_page),
            (tr("Network"), self._network_page),
            (tr("Web"), self._web_page),
            *([(tr("Tools"), self._tools_page)] if self.tools is not None else []),
        ):
            QListWidgetItem(icon(PAGE_ICONS[self.pages.count()]), name, self.nav)
            self.pages.addWidget(scrolling(build(name), self.pages))
        self.nav.setFixedWidth(max(150, self.nav.sizeHintForColumn(0) + 24))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setProperty("primary", True)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        foot = QVBoxLayout()
        foot.setContentsMargins(SPACE[4], SPACE[2], SPACE[4], SPACE[3])
        foot.addWidget(self.error)
        foot.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(body, 1)
        layout.addLayout(foot)

        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.endpoint_form.changed.connect(self.key_form.refresh_note)
        self.key_form.listing_received.connect(self._on_listing_received)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.finished.connect(lambda _result: self.key_form.stop())
        self.nav.setCurrentRow(0)
        self._fit_parent(parent)

    def _fit_parent(self, parent: QWidget | None) -> None:
        """Roomy, but never larger than the window it opens over."""
        self.setMinimumSize(MINIMUM)
        width, height = 760, 560
        if parent is not None:
            width = min(width, max(MINIMUM.width(), parent.width() - 40))
            height = min(height, max(MINIMUM.height(), parent.height() - 40))
        self.resize(width, height)

    # ------------------------------------------------------------ pages

    def _general_page(self, title: str) -> QWidget:
        page, layout = page_widget(title, self)
        form = form_layout()
        form.addRow(tr("Theme"), self.theme)
        form.addRow(tr("Language"), self.language)
        layout.addLayout(form)
        layout.addWidget(self.collapse)
        layout.addWidget(self.titles)
        layout.addWidget(
            note_label(tr("A short title written by the cheapest model: a fraction of a cent per chat."), page)
        )
        layout.addStretch(1)
        return page

    def _endpoint_page(self, title: str) -> QWidget:
        page, layout = page_widget(title, self)
        layout.addWidget(self.endpoint_form)
        form = form_layout()
        form.addRow(tr("API key"), self.key_form)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Models to show"), page))
        layout.addWidget(self.models, 1)
        return page

    def _replies_page(self, title: str) -> QWidget:
        page, layout = page_widget(title, self)
        layout.addWidget(self.replies)
        layout.addStretch(1)
        return page

    def _network_page(self, title: str) -> QWidget:
        page, layout = page_widget(title, self)
        layout.addWidget(self.network)
        layout.addStretch(1)
        return page

    def _web_page(self, title: str) -> QWidget:
        page, layout = page_widget(title, self)
        layout.addWidget(self.web)
        layout.addStretch(1)
        return page

    def _tools_page(self, title: str) -> QWidget:
        page, layout = page_widget(title, self)
        if self.tools is not None:
            layout.addWidget(self.tools)
        layout.addStretch(1)
        return page

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    # ------------------------------------------------------------ helpers

    def endpoint(self) -> Endpoint:
        """The endpoint as currently entered (raises ConfigError for an unusable URL)."""
        return self.endpoint_form.endpoint()

    def chosen_models(self) -> list[str]:
        return self.models.chosen()

    def _network_options(self) -> tuple[dict[str, Any] | None, str | None]:
        try:
            network = self.network.value()
            return client_options(network, self.network.keys_for_test(self._keys, network)), None
        except ConfigError as error:
            return None, error.user_message

    def _on_listing_received(self, listing: list[dict[str, object]]) -> None:
        self._catalog = self._catalog.merged_with_endpoint(listing)
        self.listing = listing
        self.models.fill(self._catalog)

    # ------------------------------------------------------------ save

    def _show_error(self, text: str, page: int) -> None:
        self.error.setText(text)
        self.error.show()
        self.show_page(page)

    def _on_save(self) -> None:
        try:
            endpoint = self.endpoint()
        except ConfigError as error:
            self._show_error(error.user_message, 1)
            return
        try:
            network = self.network.value()
            self.network.save_password(self._keys, network)
        except ConfigError as error:
            self._show_error(error.user_message, 3)
            return
        try:
            web = self.web.value()
        except ConfigError as error:
            self._show_error(error.user_message, WEB_PAGE)
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
        self._settings.collapse_thinking = self.collapse.isChecked()
        self._settings.generate_titles = self.titles.isChecked()
        self._settings.theme = str(self.theme.currentData())
        self._settings.language = str(self.language.currentData())
        self.replies.apply(self._settings)
        self._settings.network = network
        self._settings.web = web
        self.saved.emit()
        self.accept()
