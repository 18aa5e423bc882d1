"""The window's export and import: the ⋮ menu's three actions and the chat list's *Export…*.
The dialogs and the exporters load when first used, not at start-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from parley.core.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from .services import Services


class ChatTransfers:
    """*current* gives the chat (or comparison) shown, if any; *imported* runs after an import."""

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        current: Callable[[], str | None],
        imported: Callable[[], None],
    ) -> None:
        self._window, self._services = window, services
        self._current, self._imported = current, imported

    def export(self, chat_id: str | None) -> None:
        """One chat, or all of them (None)."""
        from .transfer_dialogs import export_chats

        export_chats(self._window, self._services.store, chat_id)

    def export_current(self) -> None:
        chat_id = self._current()
        if chat_id is None:
            self._window.statusBar().showMessage(tr("Open a chat to export it (or export all chats)."), 6000)
        else:
            self.export(chat_id)

    def import_chats(self) -> None:
        from .transfer_dialogs import import_chats

        import_chats(self._window, self._services.store.path, self._imported, tasks=self._services.tasks)
