"""Settings from the window's side: opens Settings (or, on the first run, the setup wizard), stores
what was saved, and applies a new theme at once. A new language is handed on (``language_changed``):
the composition root builds the window again in it, since every label is translated when built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from parley.core.presentation.design import Theme

from .services import Services

if TYPE_CHECKING:
    from .settings_dialog import SettingsDialog
    from .setup_wizard import SetupWizard


class SettingsFlow(QObject):
    """Signals: ``saved()`` once settings are stored (the window refreshes what depends on them);
    ``theme_changed(object)`` with the Theme just applied; ``language_changed(str)`` with the new
    setting."""

    saved = Signal()
    closed = Signal()  # Settings closed, saved or not (Settings → Tools and Web apply at once)
    theme_changed = Signal(object)
    language_changed = Signal(str)

    def __init__(self, services: Services, parent: QWidget) -> None:
        super().__init__(parent)
        self._services = services
        self._parent = parent
        self._theme = services.settings.theme
        self._language = services.settings.language
        self.dialog: SettingsDialog | SetupWizard | None = None
        hints = QGuiApplication.styleHints()
        if hints is not None:  # "Follow the system": the desktop switched between light and dark
            hints.colorSchemeChanged.connect(self._on_system_scheme_changed)

    def _on_system_scheme_changed(self, *_: object) -> None:
        if self._theme == "system":
            self.apply_theme("system")

    def open(self, first_run: bool = False) -> None:
        """Settings, or on the first run (no key yet) the short setup wizard."""
        from .settings_dialog import SettingsDialog
        from .setup_wizard import SetupWizard

        s = self._services
        dialog: SettingsDialog | SetupWizard
        if first_run:
            dialog = SetupWizard(
                s.settings, s.ctx.keys, s.catalog, self._parent, tasks=s.tasks, session_keys=s.ctx.session_keys
            )
        else:
            from .mcp_settings import ToolsForm

            dialog = SettingsDialog(
                s.settings,
                s.ctx.keys,
                s.catalog,
                self._parent,
                tasks=s.tasks,
                session_keys=s.ctx.session_keys,
                tools_form=lambda parent: ToolsForm(s, parent),
            )
        dialog.saved.connect(self._on_dialog_saved)
        dialog.finished.connect(lambda _result: self.closed.emit())
        self.dialog = dialog
        dialog.open()

    def open_tools(self) -> None:
        """Settings at its Tools page (from the composer's Tools menu)."""
        from .settings_dialog import SettingsDialog

        self.open()
        dialog = self.dialog
        if isinstance(dialog, SettingsDialog) and dialog.tools is not None:
            dialog.show_page(dialog.nav.count() - 1)

    def _on_dialog_saved(self) -> None:
        dialog = self.dialog
        if dialog is not None and dialog.listing:
            self._services.ctx.save_listing(dialog.listing)
        self._services.save_settings()
        self.saved.emit()
        settings = self._services.settings
        if settings.theme != self._theme:
            self.apply_theme(settings.theme)
        if settings.language != self._language:
            self._language = settings.language
            self.language_changed.emit(settings.language)

    def apply_theme(self, mode: str) -> Theme | None:
        """Light, dark or the system's, at once: palette, style sheet and icons (they draw in the
        theme's colours when painted); ``theme_changed`` tells the window to render answers again."""
        from . import theme as theme_mod

        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return None
        self._theme = mode
        theme = theme_mod.apply(app, mode)
        self.theme_changed.emit(theme)
        return theme
