"""The banner that explains a stop or an error, with what the user can do about it, and the slot
that shows at most one banner at a time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.presentation.design import SPACE
from parley.core.presentation.notices import Notice

from .announce import announce
from .icons import icon

ACTION_LABELS = {
    "settings": QT_TR_NOOP("Open settings"),
    "retry": QT_TR_NOOP("Retry"),
    "retry_other_model": QT_TR_NOOP("Retry with another model…"),
    "continue": QT_TR_NOOP("Continue"),
    "resume": QT_TR_NOOP("Continue"),
    "raise_limit": QT_TR_NOOP("Answer again with a higher limit"),
    "use_successor": QT_TR_NOOP("Continue on {model}"),
    "new_chat": QT_TR_NOOP("New chat"),
    "pick_model": QT_TR_NOOP("Pick another model"),
}
STACK_BELOW = 560  # px: a narrower banner puts its buttons under the text
# the icon and its colour (a palette field) for each severity
SEVERITY_NAMES = {"info": QT_TR_NOOP("Note"), "warning": QT_TR_NOOP("Warning"), "error": QT_TR_NOOP("Error")}
SEVERITY_ICONS = {
    "info": ("info", "text_muted"),
    "warning": ("triangle-alert", "warning"),
    "error": ("circle-alert", "danger"),
}


class Banner(QFrame):
    """Signals: ``action_requested(str)`` with one of the notice's actions."""

    action_requested = Signal(str)

    def __init__(self, notice: Notice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("severity", notice.severity)
        self.notice = notice
        name, role = SEVERITY_ICONS[notice.severity]
        mark = QLabel(self)
        mark.setPixmap(icon(name, role).pixmap(QSize(18, 18)))
        mark.setFixedSize(18, 18)
        mark.setAccessibleName(tr(SEVERITY_NAMES[notice.severity]))
        self.label = QLabel(notice.text, self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName(
            tr("{severity}: {text}").format(severity=tr(SEVERITY_NAMES[notice.severity]), text=notice.text)
        )
        self.label.setMinimumWidth(120)
        text = QHBoxLayout()
        text.setSpacing(SPACE[2])
        text.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        text.addWidget(self.label, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACE[2])
        buttons.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for action in notice.actions:
            label = tr(ACTION_LABELS[action]).format(model=notice.successor_name or notice.successor or "")
            button = QPushButton(label, self)
            button.setAccessibleName(label)
            # "use_successor" names its model: "use_successor:claude-sonnet-4-6" (answer_actions reads it)
            wire = f"{action}:{notice.successor}" if action == "use_successor" else action
            button.clicked.connect(lambda _=False, a=wire: self.action_requested.emit(a))
            buttons.addWidget(button)
            self.buttons[action] = button
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(SPACE[3], SPACE[2], SPACE[3], SPACE[2])
        self._layout.setSpacing(SPACE[2])
        self._layout.addLayout(text, 1)
        self._layout.addLayout(buttons)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Buttons beside the text when there is room, under it when narrow (never squeezed)."""
        super().resizeEvent(event)
        wanted = (
            QBoxLayout.Direction.TopToBottom if event.size().width() < STACK_BELOW else QBoxLayout.Direction.LeftToRight
        )
        if self.buttons and self._layout.direction() != wanted:
            self._layout.setDirection(wanted)


class BannerSlot:
    """A place in a layout that shows at most one banner; a new notice replaces the old one."""

    def __init__(self, layout: QVBoxLayout, parent: QWidget, on_action: Callable[[str], object]) -> None:
        self._layout = layout
        self._parent = parent
        self._on_action = on_action
        self.banner: Banner | None = None

    def show(self, notice: Notice | None) -> None:
        if self.banner is not None:
            self.banner.deleteLater()
            self.banner = None
        if notice is None:
            return
        self.banner = Banner(notice, self._parent)
        self.banner.action_requested.connect(self._on_action)
        self._layout.addWidget(self.banner)
        if notice.severity in ("error", "warning"):
            announce(self.banner, notice.text, assertive=notice.severity == "error")
