"""The composer's Web switch: web search and fetch on or off in the shown chat.

Its state is what the next request sends: the chat's own choice (``ChatSetup.web``) over the
settings (Settings → Web), where both are on for Anthropic's endpoint and off on a proxy or
custom endpoint until the user turns them on. Switching it makes the chat's own choice, kept with
the chat; the limits and domains the chat chose are kept too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QToolButton

from parley.core.i18n import tr
from parley.core.web.options import WebChoice, WebOptions

if TYPE_CHECKING:
    from .services import Services
    from .shown_chat import ShownChat


class WebToggle(QObject):
    def __init__(
        self, services: Services, shown: ShownChat, button: QToolButton, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._shown = shown
        self.button = button
        button.toggled.connect(self._on_toggled)
        shown.switched.connect(lambda _chat: self.refresh())
        shown.setup_changed.connect(lambda _new, _old: self.refresh())
        self.refresh()

    def options(self) -> WebOptions:
        settings = self._services.settings
        return settings.web.resolve(self._shown.setup.web, at_anthropic=settings.endpoint().preset == "anthropic")

    def refresh(self) -> None:
        web = self.options()
        self.button.blockSignals(True)
        self.button.setChecked(web.on)
        self.button.blockSignals(False)
        if web.on:
            tip = tr(
                "Claude may search the web (up to {n} searches an answer) and read pages; answers cite their sources"
            )
            self.button.setToolTip(tip.format(n=web.max_searches) if web.search else tr("Claude may read web pages"))
        else:
            self.button.setToolTip(tr("Web search and fetch are off in this chat"))

    def _on_toggled(self, on: bool) -> None:
        chosen = self._shown.setup.web or WebChoice()
        self._shown.change(web=replace(chosen, search=on, fetch=on))
