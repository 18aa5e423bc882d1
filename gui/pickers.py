"""Model and effort pickers.

The effort picker offers exactly the levels the chosen model accepts; for budget-thinking models
(Sonnet 4.5, Haiku 4.5) it becomes a thinking-budget control. Changing the model keeps the effort
when still valid, otherwise falls back to the model's default and says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from parley.core.catalog import MIN_BUDGET_TOKENS, ModelInfo
from parley.core.i18n import QT_TR_NOOP, tr

from .widgets import ElidingComboBox

if TYPE_CHECKING:
    from parley.core.retirement import Standing

BUDGETS = (2048, 4096, 8192, 16384, 24576)
EFFORT_LABELS = {
    "low": QT_TR_NOOP("Low effort"),
    "medium": QT_TR_NOOP("Medium effort"),
    "high": QT_TR_NOOP("High effort"),
    "xhigh": QT_TR_NOOP("Extra-high effort"),
    "max": QT_TR_NOOP("Max effort"),
}


@dataclass(frozen=True, slots=True)
class EffortChoice:
    effort: str | None = None
    budget_tokens: int | None = None


class ModelPicker(ElidingComboBox):
    """Signals: ``model_changed(str)`` with the model id."""

    model_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Model"))
        self.setToolTip(tr("Which Claude model answers"))
        self._standing: Callable[[str], Standing] | None = None  # set by set_models()
        self.currentIndexChanged.connect(self._on_index_changed)

    def set_models(self, models: Iterable[ModelInfo], current: str, standing: Callable[[str], Standing]) -> None:
        """Offer *models*; *current* (a chat's model no longer offered, say a retired one) is added
        so the chat still shows what it used. Each item says where its model stands."""
        self._standing = standing
        self.blockSignals(True)
        self.clear()
        for model in models:
            self._add(model.id)
        index = self.findData(current)
        if index < 0:
            self._add(current)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self.blockSignals(False)

    def _add(self, model_id: str) -> None:
        if self._standing is None:
            self.addItem(model_id, model_id)
            return
        here = self._standing(model_id)
        label = here.model.display_name
        if here.mark:
            label = tr("{model} ({mark})").format(model=label, mark=here.mark)
        self.addItem(label, model_id)
        if here.notice:
            self.setItemData(self.count() - 1, here.notice, Qt.ItemDataRole.ToolTipRole)

    def current_model(self) -> str:
        return str(self.currentData())

    def select(self, model_id: str) -> None:
        index = self.findData(model_id)
        if index < 0:
            self._add(model_id)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def _on_index_changed(self, index: int) -> None:
        if index >= 0:
            self.model_changed.emit(self.current_model())


class EffortPicker(ElidingComboBox):
    """Signals: ``choice_changed()`` when the user picks another level or budget."""

    choice_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Reasoning effort"))
        self.currentIndexChanged.connect(lambda _: self.choice_changed.emit())
        self.mode = "none"

    def configure(self, model: ModelInfo, wanted: EffortChoice) -> str | None:
        """Offer *model*'s levels; keep *wanted* if valid. Returns a notice when it had to change."""
        self.blockSignals(True)
        self.clear()
        notice = None
        if model.efforts:
            self.mode = "effort"
            self.setToolTip(tr("How much the model thinks and works before answering"))
            for level in model.efforts:
                self.addItem(tr(EFFORT_LABELS.get(level, level)), level)
            target = wanted.effort if wanted.effort in model.efforts else model.default_effort
            if wanted.effort and wanted.effort not in model.efforts:
                notice = tr("{model} does not offer {wanted}; using {used}.").format(
                    model=model.display_name,
                    wanted=tr(EFFORT_LABELS.get(wanted.effort, wanted.effort)),
                    used=tr(EFFORT_LABELS.get(target or "", target or "")),
                )
            self.setCurrentIndex(max(0, self.findData(target)))
        elif model.thinking == "budget":
            self.mode = "budget"
            self.setToolTip(tr("The thinking budget: at most this many tokens of thinking"))
            budgets = [b for b in BUDGETS if MIN_BUDGET_TOKENS <= b < model.default_max_tokens]
            for budget in budgets:
                self.addItem(tr("Think up to {count}k tokens").format(count=budget // 1024), budget)
            target_budget = wanted.budget_tokens if wanted.budget_tokens in budgets else None
            if target_budget is None:
                target_budget = max((b for b in budgets if b <= model.default_budget_tokens), default=budgets[0])
                if wanted.effort:
                    notice = tr(
                        "{model} uses a thinking budget instead of effort levels; using {count}k tokens."
                    ).format(model=model.display_name, count=target_budget // 1024)
            self.setCurrentIndex(max(0, self.findData(target_budget)))
        else:
            self.mode = "none"
            self.addItem(tr("Default"), None)
            self.setToolTip(tr("This model has no effort setting"))
        self.setEnabled(self.mode != "none")
        self.blockSignals(False)
        return notice

    def choice(self) -> EffortChoice:
        data = self.currentData()
        if self.mode == "effort":
            return EffortChoice(effort=str(data))
        if self.mode == "budget":
            return EffortChoice(budget_tokens=int(data))
        return EffortChoice()
