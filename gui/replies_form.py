"""Settings → Replies: the longest reply, and prompt caching (on by default; 5-minute or 1-hour)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QSpinBox, QWidget

from parley.core.catalog import DEFAULT_MAX_TOKENS
from parley.core.i18n import tr
from parley.core.settings import Settings

from .endpoint_form import form_layout
from .widgets import ElidingComboBox

LONGEST_OUTPUT = 128_000  # Opus 4.7/4.6 and Sonnet 4.6; Sonnet and Haiku 4.5 stop at 64,000


class RepliesForm(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_tokens = QSpinBox(self)
        self.max_tokens.setRange(1_000, LONGEST_OUTPUT)
        self.max_tokens.setSingleStep(1_000)
        self.max_tokens.setGroupSeparatorShown(True)
        self.max_tokens.setSuffix(tr(" tokens"))
        self.max_tokens.setValue(settings.max_tokens or DEFAULT_MAX_TOKENS)
        self.max_tokens.setAccessibleName(tr("Longest reply in tokens"))
        self.max_tokens.lineEdit().setAccessibleName(tr("Longest reply in tokens"))
        self.max_tokens.setToolTip(
            tr(
                "Each model is capped at its own maximum: 128,000 for Opus 4.7/4.6 and Sonnet 4.6, 64,000 for "
                "Sonnet 4.5 and Haiku 4.5. A reply that reaches it offers Continue."
            )
        )
        self.cache = QCheckBox(tr("Cache the conversation between replies"), self)
        self.cache.setChecked(settings.cache)
        self.cache_ttl = ElidingComboBox(self)
        self.cache_ttl.addItem(tr("5 minutes (writes cost 1.25× input)"), "5m")
        self.cache_ttl.addItem(tr("1 hour (writes cost 2× input; for slower replies)"), "1h")
        self.cache_ttl.setCurrentIndex(max(0, self.cache_ttl.findData(settings.cache_ttl)))
        self.cache_ttl.setAccessibleName(tr("How long the prompt cache lasts"))
        self.cache.toggled.connect(self.cache_ttl.setEnabled)
        self.cache_ttl.setEnabled(settings.cache)
        note = QLabel(
            tr(
                "Cheaper and faster: reading a cached conversation costs 0.1× input. Keep the model, system "
                "prompt, thinking and effort the same within a chat to keep the cache."
            ),
            self,
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        form = form_layout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Longest reply"), self.max_tokens)
        form.addRow(self.cache)
        form.addRow(tr("Cache lasts"), self.cache_ttl)
        form.addRow(note)
        self.setLayout(form)

    def apply(self, settings: Settings) -> None:
        value = self.max_tokens.value()
        settings.max_tokens = None if value == DEFAULT_MAX_TOKENS else value
        settings.cache = self.cache.isChecked()
        settings.cache_ttl = str(self.cache_ttl.currentData())
