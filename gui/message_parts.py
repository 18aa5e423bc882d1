"""Parts every message widget shares: action buttons that appear on hover or focus, the answer's
figures folded into one quiet line, and the switcher between a message's versions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from parley.core.i18n import tr

from .focus_order import fit_in_tab_order
from .icons import icon
from .widgets import ElidedLabel, icon_button

_SHOW_ON = (QEvent.Type.Enter, QEvent.Type.FocusIn)
_CHECK_ON = (QEvent.Type.Leave, QEvent.Type.FocusOut)


def copy_text(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)


class ActionRow(QWidget):
    """A message's action buttons: shown while the pointer is over the message or the keyboard is
    in it, and always on the conversation's latest answer (``pinned``). Hidden, the row keeps its
    room, so nothing moves when it appears."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self._owner = owner
        self.pinned = False
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(0)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        owner.installEventFilter(self)
        self.hide()

    def add(self, name: str, label: str) -> QToolButton:
        button = icon_button(name, label, self)
        button.setIconSize(QSize(16, 16))
        button.installEventFilter(self)
        self.row.addWidget(button)
        return button

    def watch_focus(self, widget: QWidget) -> None:
        """Keyboard focus in *widget* (the message's text) shows the row too."""
        widget.installEventFilter(self)

    def set_pinned(self, pinned: bool) -> None:
        self.pinned = pinned
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _SHOW_ON:
            self.show()
        elif kind in _CHECK_ON:
            self._update()
        return False

    def _update(self) -> None:
        focus = QApplication.focusWidget()
        inside = focus is not None and self._owner.isAncestorOf(focus)
        self.setVisible(self.pinned or inside or self._owner.underMouse())


class StatsLine(QWidget):
    """An answer's figures: one quiet line (model · cost · time) that opens to every figure
    (tokens, cache, first token). ``footer`` holds the full text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.brief = ElidedLabel("", self)
        self.brief.setObjectName("footer")
        self.brief.setAccessibleName(tr("Message details"))
        self.more = QToolButton(self)
        self.more.setObjectName("disclosure")
        self.more.setCheckable(True)
        self.more.setIcon(icon("chevron-right"))
        self.more.setAccessibleName(tr("Show every figure for this answer"))
        self.more.setToolTip(tr("Show every figure for this answer"))
        self.more.setCursor(Qt.CursorShape.PointingHandCursor)
        self.footer = QLabel(self)
        self.footer.setObjectName("footer")
        self.footer.setWordWrap(True)
        self.footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.footer.setAccessibleName(tr("Every figure for this answer"))
        self.footer.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(2)
        top.addWidget(self.brief, 0)
        top.addWidget(self.more)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.footer)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.more.toggled.connect(self._on_more_toggled)
        self.set_text("", "")

    def set_text(self, brief: str, full: str) -> None:
        self.brief.setText(brief)
        self.footer.setText(full)
        self.brief.setVisible(bool(brief))
        self.more.setVisible(bool(full) and full != brief)

    def _on_more_toggled(self, shown: bool) -> None:
        self.footer.setVisible(shown)
        self.more.setIcon(icon("chevron-down" if shown else "chevron-right"))


class BranchSwitcher(QWidget):
    """‹ 2/3 ›: a message with other versions (an edited prompt, a retried answer) steps between
    them; each version shows with its own continuation. Signal ``chosen(int)``: the version's id."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.versions: list[int] = []
        self.index = 0
        self.back = icon_button("chevron-left", tr("Previous version"), self)
        self.forward = icon_button("chevron-right", tr("Next version"), self)
        for button in (self.back, self.forward):
            button.setIconSize(QSize(14, 14))
        self.position = QLabel(self)
        self.position.setObjectName("muted")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.back)
        row.addWidget(self.position)
        row.addWidget(self.forward)
        self.back.clicked.connect(lambda: self._step(-1))
        self.forward.clicked.connect(lambda: self._step(1))
        self.setFocusProxy(self.forward)
        self.hide()

    def set_versions(self, versions: list[int], current: int) -> None:
        """*versions* (ids, oldest first) of the message *current*; hidden when there is only one."""
        self.versions = versions if current in versions else []
        self.index = self.versions.index(current) if self.versions else 0
        count = len(self.versions)
        self.position.setText(f"{self.index + 1}/{count}")
        self.setAccessibleName(tr("Version {n} of {count}").format(n=self.index + 1, count=count))
        self.back.setEnabled(self.index > 0)
        self.forward.setEnabled(self.index < count - 1)
        self.setFocusProxy(self.forward if self.forward.isEnabled() else self.back)
        self.setVisible(count > 1)

    def _step(self, by: int) -> None:
        at = self.index + by
        if 0 <= at < len(self.versions):
            self.chosen.emit(self.versions[at])


class VersionsSlot:
    """Where a message's switcher goes, built only once the message has a second version: most
    messages never do, and three hidden widgets per message cost an opened chat time (P4)."""

    def __init__(self, owner: QWidget, row: QBoxLayout, before: QWidget, chosen: Callable[[int], object]) -> None:
        self._owner = owner
        self._row = row
        self._before = before
        self._chosen = chosen
        self._enabled = True
        self.switcher: BranchSwitcher | None = None

    def set(self, versions: list[int], current: int) -> None:
        if self.switcher is None:
            if len(versions) < 2:
                return
            self.switcher = BranchSwitcher(self._owner)
            self.switcher.chosen.connect(self._chosen)
            self.switcher.setEnabled(self._enabled)
            self._row.insertWidget(self._row.indexOf(self._before), self.switcher, 0, Qt.AlignmentFlag.AlignTop)
            fit_in_tab_order(self._owner, self.switcher)
        self.switcher.set_versions(versions, current)

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled
        if self.switcher is not None:
            self.switcher.setEnabled(enabled)
