"""What the buttons on an answer's banner do (Retry, Continue, Retry with another model, …).

They need a few things the window has: :class:`ChatActions` names exactly those, and the window
provides them. Nothing here reaches into the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QMenu, QWidget

from parley.core.catalog import Catalog, ModelInfo
from parley.core.i18n import tr
from parley.core.request import ChatOptions


class ChatActions(Protocol):
    """What a banner's buttons may ask of the window."""

    def options(self) -> ChatOptions: ...
    def send_draft(self) -> None: ...
    def has_draft(self) -> bool: ...
    def send_continuation(self, prompt: str, shown: str) -> None: ...
    def retry(self, message_id: int, options: ChatOptions | None = None) -> None: ...
    def resume(self, message_id: int) -> None: ...
    def last_answer(self) -> tuple[int | None, str]: ...  # the latest answer's id and its markdown
    def choose_model(self, model_id: str, effort: str | None, budget_tokens: int | None) -> None: ...
    def open_settings(self) -> None: ...
    def new_chat(self) -> None: ...
    def pick_model(self) -> None: ...


class AnswerActions:
    def __init__(
        self,
        chat: ChatActions,
        catalog: Callable[[], Catalog],
        models: Callable[[], Sequence[ModelInfo]],
        menu_parent: QWidget,
    ) -> None:
        self._chat = chat
        self._catalog = catalog
        self._models = models
        self._menu_parent = menu_parent

    def run(self, wire: str) -> None:
        """One banner button: an action name, or ``use_successor:<model id>``."""
        action, _, successor = wire.partition(":")
        last, _ = self._chat.last_answer()
        if action == "use_successor" and successor:
            self.continue_on(successor, last)
        elif action == "raise_limit" and last is not None:
            self.raise_limit(last)
        elif action == "settings":
            self._chat.open_settings()
        elif action == "retry" and last is not None:
            self._chat.retry(last)
        elif action == "retry" and self._chat.has_draft():
            self._chat.send_draft()
        elif action == "continue":
            self.continue_answer()
        elif action == "resume" and last is not None:
            self._chat.resume(last)  # a paused answer goes on as it was: nothing new is sent
        elif action == "new_chat":
            self._chat.new_chat()
        elif action == "pick_model":
            self._chat.pick_model()
        elif action == "retry_other_model" and last is not None:
            self.offer_other_models(last)

    def continue_answer(self) -> None:
        """Resend with the documented continuation prompt (4.6+ cannot prefill the cut answer)."""
        from parley.core.conversation import CONTINUE_SHOWN, continuation_prompt

        _, cut = self._chat.last_answer()
        self._chat.send_continuation(continuation_prompt(cut), CONTINUE_SHOWN)

    def continue_on(self, successor: str, last_answer: int | None) -> None:
        """Move the chat to a retired model's successor, its thinking choice carried over (a budget
        becomes an effort), then send the prompt that was refused, or answer the last prompt again."""
        from parley.core.retirement import carry_over

        catalog = self._catalog()
        options = self._chat.options()
        carried = carry_over(options, catalog.resolve(options.model), catalog.resolve(successor))
        self._chat.choose_model(carried.model, carried.effort, carried.budget_tokens)
        if self._chat.has_draft():
            self._chat.send_draft()
        elif last_answer is not None:
            self._chat.retry(last_answer)

    def raise_limit(self, message_id: int) -> None:
        """Answer the cut prompt again with twice the length limit (up to the model's cap), this once."""
        options = self._chat.options()
        model = self._catalog().resolve(options.model)
        current = min(options.max_tokens or model.default_max_tokens, model.max_output)
        self._chat.retry(message_id, replace(options, max_tokens=min(model.max_output, current * 2)))

    def offer_other_models(self, message_id: int) -> None:
        current = self._chat.options().model
        menu = QMenu(self._menu_parent)
        for model in self._models():
            if model.id != current:
                action = menu.addAction(tr("Retry with {model}").format(model=model.display_name))
                action.triggered.connect(lambda _=False, m=model.id: self.retry_with(message_id, m))
        menu.popup(QCursor.pos())

    def retry_with(self, message_id: int, model_id: str) -> None:
        self._chat.choose_model(model_id, None, None)
        self._chat.retry(message_id)
