"""What the buttons on an answer's banner do (Retry, Continue, Retry with another model, …)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from parley.core.i18n import tr

from .message_widgets import AssistantMessageWidget

if TYPE_CHECKING:
    from .main_window import MainWindow


def _last_answer_id(w: MainWindow) -> int | None:
    widgets = [x for x in w.view.message_widgets() if isinstance(x, AssistantMessageWidget)]
    return widgets[-1].message_id if widgets else None


def run_action(w: MainWindow, action: str) -> None:
    last = _last_answer_id(w)
    if action == "settings":
        w.open_settings()
    elif action == "retry" and last is not None:
        w.retry(last)
    elif action == "retry" and w.composer.text().strip():
        w.composer.send_requested.emit(w.composer.text())
    elif action == "continue":
        _continue(w)
    elif action == "new_chat":
        w.new_chat()
    elif action == "pick_model":
        w.composer.model_picker.showPopup()
    elif action == "retry_other_model" and last is not None:
        _offer_other_models(w, last)


def _continue(w: MainWindow) -> None:
    """Resend with the documented continuation prompt (4.6+ cannot prefill the cut answer)."""
    from parley.core.chat import CONTINUE_SHOWN, continuation_prompt

    widgets = [x for x in w.view.message_widgets() if isinstance(x, AssistantMessageWidget)]
    cut = widgets[-1].markdown if widgets else ""
    w.controller.send(continuation_prompt(cut), w.options(), tools=w.tools(), shown=CONTINUE_SHOWN)


def _offer_other_models(w: MainWindow, message_id: int) -> None:
    current = w.composer.model_picker.current_model()
    menu = QMenu(w)
    for model in w.services.visible_models():
        if model.id != current:
            action = menu.addAction(tr("Retry with {model}").format(model=model.display_name))
            action.triggered.connect(lambda _=False, m=model.id: retry_with(w, message_id, m))
    menu.popup(w.cursor().pos())


def retry_with(w: MainWindow, message_id: int, model_id: str) -> None:
    w.composer.model_picker.select(model_id)
    w.retry(message_id, model_id)
