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


def run_action(w: MainWindow, wire: str) -> None:
    action, _, successor = wire.partition(":")  # "use_successor:<model id>"
    last = _last_answer_id(w)
    if action == "use_successor" and successor:
        continue_on(w, successor, last)
    elif action == "raise_limit" and last is not None:
        _raise_limit(w, last)
    elif action == "settings":
        w.open_settings()
    elif action == "retry" and last is not None:
        w.retry(last)
    elif action == "retry" and w.composer.text().strip():
        w.send_draft()
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
    from parley.core.conversation import CONTINUE_SHOWN, continuation_prompt

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


def continue_on(w: MainWindow, successor: str, last_answer: int | None) -> None:
    """Move the chat to a retired model's successor, its thinking choice carried over (a budget
    becomes an effort), then send the prompt that was refused, or answer the last prompt again."""
    from parley.core.retirement import carry_over

    catalog = w.services.catalog
    options = w.options()
    carried = carry_over(options, catalog.resolve(options.model), catalog.resolve(successor))
    _select(w, carried.model, carried.effort, carried.budget_tokens)
    draft = w.composer.text()
    if draft.strip() or w.composer.tray.attachments():
        w.send_draft()
    elif last_answer is not None:
        w.retry(last_answer)


def _raise_limit(w: MainWindow, message_id: int) -> None:
    """Answer the cut prompt again with twice the length limit (up to the model's cap), this once."""
    from dataclasses import replace

    options = w.options()
    model = w.services.catalog.resolve(options.model)
    current = options.max_tokens or model.default_max_tokens
    raised = min(model.max_output, current * 2)
    w.controller.retry(message_id, replace(options, max_tokens=raised), tools=w.tools())


def _select(w: MainWindow, model_id: str, effort: str | None, budget_tokens: int | None) -> None:
    from .pickers import EffortChoice

    w.composer.model_picker.select(model_id)
    w.composer.effort_picker.configure(w.services.catalog.resolve(model_id), EffortChoice(effort, budget_tokens))
