"""The composer's side of the window: which model, effort and thinking it offers (from the settings
or from the chat on screen), the options of the next request, and its drafts: an earlier prompt
taken back to edit, or a prompt that failed before anything was sent coming back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from parley.core.i18n import tr

from .composer import Composer
from .pickers import EffortChoice
from .services import Services
from .shown_chat import ShownChat

if TYPE_CHECKING:
    from parley.core.attachments import Attachment
    from parley.core.request import ChatOptions

NOTE_MS = 8000


class ComposerBinding(QObject):
    def __init__(self, services: Services, composer: Composer, shown: ShownChat) -> None:
        super().__init__(composer)
        self._services = services
        self._composer = composer
        self._shown = shown
        composer.model_picker.model_changed.connect(self._on_model_changed)

    # ------------------------------------------------------------ the model choice

    def reset(self, model_id: str, effort: EffortChoice, thinking: bool) -> None:
        """Offer the visible models with *model_id* chosen, its efforts with *effort*, and *thinking*."""
        s, composer = self._services, self._composer
        composer.model_picker.set_models(s.visible_models(), model_id, s.standing)
        composer.effort_picker.configure(s.catalog.resolve(composer.model_picker.current_model()), effort)
        composer.thinking.setChecked(thinking)

    def reset_for_new_chat(self) -> None:
        s = self._services
        self.reset(s.new_chat_model(), EffortChoice(s.settings.default_effort), s.settings.thinking)

    def refresh(self) -> None:
        """The settings changed (models shown, catalog): offer them, keeping the current choice."""
        composer = self._composer
        self.reset(
            composer.model_picker.current_model(), composer.effort_picker.choice(), composer.thinking.isChecked()
        )

    def choose(self, model_id: str, effort: str | None, budget_tokens: int | None) -> None:
        self._composer.model_picker.select(model_id)
        self._composer.effort_picker.configure(
            self._services.catalog.resolve(model_id), EffortChoice(effort, budget_tokens)
        )

    def options(self) -> ChatOptions:
        """The next request's options: the settings, the composer's model choice, the chat's setup."""
        from parley.core.options import ModelChoice, options_for

        composer = self._composer
        choice = composer.effort_picker.choice()
        model = ModelChoice(
            composer.model_picker.current_model(), choice.effort, composer.thinking.isChecked(), choice.budget_tokens
        )
        return options_for(self._services.settings, model, self._shown.setup)

    def _on_model_changed(self, model_id: str) -> None:
        """Another model: keep the effort if it offers it, else say what it uses instead."""
        picker = self._composer.effort_picker
        note = picker.configure(self._services.catalog.resolve(model_id), picker.choice())
        self._composer.show_note(note, timeout_ms=NOTE_MS)

    # ------------------------------------------------------------ drafts

    def has_draft(self) -> bool:
        return bool(self._composer.text().strip() or self._composer.tray.attachments())

    def remember_model(self) -> None:
        """The model of the last message sent is the default for new chats (saved with the settings)."""
        settings = self._services.settings
        model = self._composer.model_picker.current_model()
        if settings.default_model != model:
            settings.default_model = model
            self._services.save_settings()

    def sent(self) -> None:
        self._composer.set_text("")
        self._composer.tray.clear()
        self._composer.show_note(None)

    def restore(self, text: str, files: list[Attachment]) -> None:
        """A prompt that was not sent comes back, files and all."""
        self._composer.set_text(text)
        self._composer.tray.set_attachments(files)

    def begin_edit(self, message_id: int) -> None:
        """An earlier prompt back in the composer, with its files: sending starts a new branch there."""
        from parley.core.conversation import visible_text

        row = self._services.store.message(message_id)
        if row is None:
            return
        self._shown.begin_edit(row.parent_id)
        self.restore(visible_text(row.content), self._attachments_of(row.content))
        self._composer.show_note(
            tr(
                "Editing an earlier message: sending starts a new branch from there; "
                "the old branch stays in your history."
            )
        )
        self._composer.input.setFocus()

    def _attachments_of(self, content: list[dict[str, object]]) -> list[Attachment]:
        """A sent prompt's files, from the history (those whose bytes are gone are left out)."""
        from parley.core.attachments import Attachment, attachments_in

        files: list[Attachment] = []
        for block in attachments_in(content):
            data = self._services.store.blob(block["sha256"])
            if data is not None:
                files.append(Attachment(block, data))
        return files
