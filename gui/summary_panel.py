"""The mark compaction leaves in a chat: "Earlier conversation summarised", the summary expandable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from parley.core.i18n import QT_TR_NOOP, tr

TITLE = QT_TR_NOOP("Earlier conversation summarised")


def summary_of(content: list[dict[str, Any]]) -> str | None:
    """The last compaction block's summary ("" when compaction failed), or None when there is none."""
    blocks = [b for b in content if b.get("type") == "compaction"]
    if not blocks:
        return None
    summary = blocks[-1].get("content")
    return summary if isinstance(summary, str) else ""


class SummaryPanel(QFrame):
    def __init__(self, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPanel")
        self.header = QToolButton(self)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setCheckable(True)
        self.header.setAutoRaise(True)
        self.header.setAccessibleName(tr("Show or hide the summary of the earlier conversation"))
        failed = not summary.strip()
        self.header.setText(tr(TITLE) if not failed else tr("The API could not summarise the earlier conversation"))
        self.header.setEnabled(not failed)
        self.body = QLabel(summary, self)
        self.body.setWordWrap(True)
        self.body.setObjectName("muted")
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName(tr("Summary of the earlier conversation"))
        self.body.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.header, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.header.toggled.connect(self.set_expanded)
        self.set_expanded(False)

    def set_expanded(self, expanded: bool) -> None:
        self.header.blockSignals(True)
        self.header.setChecked(expanded)
        self.header.blockSignals(False)
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)
