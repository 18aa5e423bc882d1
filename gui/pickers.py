"""Model and effort pickers.

The effort picker offers exactly the levels the chosen model accepts; for budget-thinking models
(Sonnet 4.5, Haiku 4.5) it becomes a thinking-budget control. Changing the model keeps the effort
when still valid, otherwise falls back to the model's default and says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from parley.core.catalog import MIN_BUDGET_TOKENS, ModelInfo

BUDGETS = (2048, 4096, 8192, 16384, 24576)
EFFORT_LABELS = {
    "low": "Low effort",
    "medium": "Medium effort",
    "high": "High effort",
    "xhigh": "Extra-high effort",
    "max": "Max effort",
}


@dataclass(frozen=True, slots=True)
class EffortChoice:
    effort: str | None = None
    budget_tokens: int | None = None


class ModelPicker(QComboBox):
    """Signals: ``model_changed(str)`` with the model id."""

    model_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Model")
        self.setToolTip("Which Claude model answers")
        self.setMinimumContentsLength(16)
        self.currentIndexChanged.connect(self._on_index_changed)

    def set_models(self, models: Iterable[ModelInfo], current: str, today: date | None = None) -> None:
        today = today or date.today()
        self.blockSignals(True)
        self.clear()
        for model in models:
            label = model.display_name
            if model.retirement_notice(today):
                label += " (retiring)"
            self.addItem(label, model.id)
            notice = model.retirement_notice(today)
            if notice:
                self.setItemData(self.count() - 1, notice, 3)  # Qt.ToolTipRole
        index = self.findData(current)
        if index < 0:
            self.addItem(current, current)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self.blockSignals(False)

    def current_model(self) -> str:
        return str(self.currentData())

    def select(self, model_id: str) -> None:
        index = self.findData(model_id)
        if index < 0:
            self.addItem(model_id, model_id)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def _on_index_changed(self, index: int) -> None:
        if index >= 0:
            self.model_changed.emit(self.current_model())


class EffortPicker(QComboBox):
    """Signals: ``choice_changed()`` when the user picks another level or budget."""

    choice_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Reasoning effort")
        self.currentIndexChanged.connect(lambda _: self.choice_changed.emit())
        self.mode = "none"

    def configure(self, model: ModelInfo, wanted: EffortChoice) -> str | None:
        """Offer *model*'s levels; keep *wanted* if valid. Returns a notice when it had to change."""
        self.blockSignals(True)
        self.clear()
        notice = None
        if model.efforts:
            self.mode = "effort"
            self.setToolTip("How much the model thinks and works before answering")
            for level in model.efforts:
                self.addItem(EFFORT_LABELS.get(level, level), level)
            target = wanted.effort if wanted.effort in model.efforts else model.default_effort
            if wanted.effort and wanted.effort not in model.efforts:
                notice = (
                    f"{model.display_name} does not offer {EFFORT_LABELS.get(wanted.effort, wanted.effort)}; "
                    f"using {EFFORT_LABELS.get(target or '', target)}."
                )
            self.setCurrentIndex(max(0, self.findData(target)))
        elif model.thinking == "budget":
            self.mode = "budget"
            self.setToolTip("The thinking budget: at most this many tokens of thinking")
            budgets = [b for b in BUDGETS if MIN_BUDGET_TOKENS <= b < model.default_max_tokens]
            for budget in budgets:
                self.addItem(f"Think up to {budget // 1024}k tokens", budget)
            target_budget = wanted.budget_tokens if wanted.budget_tokens in budgets else None
            if target_budget is None:
                target_budget = max((b for b in budgets if b <= model.default_budget_tokens), default=budgets[0])
                if wanted.effort:
                    notice = (
                        f"{model.display_name} uses a thinking budget instead of effort levels; "
                        f"using {target_budget // 1024}k tokens."
                    )
            self.setCurrentIndex(max(0, self.findData(target_budget)))
        else:
            self.mode = "none"
            self.addItem("Default", None)
            self.setToolTip("This model has no effort setting")
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
