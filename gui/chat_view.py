"""The conversation: a scrolling column of message widgets.

While an answer streams, the view stays pinned to the bottom only if the user was already there;
scrolling up to read keeps the scroll position still.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from parley.core.attachments import attachments_in
from parley.core.conversation import is_tool_results, visible_text
from parley.core.history.store import MessageRow
from parley.core.i18n import tr
from parley.core.presentation.design import SPACE
from parley.core.presentation.markdown import MarkdownRenderer

from .chat_follow import FollowEnd
from .chat_paging import ChatPaging
from .empty_state import MARGINS, hint_label
from .focus_order import place_after, stops_below
from .message_widgets import AssistantMessageWidget, UserMessageWidget
from .tool_steps import ToolStepWidget, result_blocks
from .widgets import add_centred

if TYPE_CHECKING:
    from parley.core.tools.session import EditView

ROOM_STEP = 1_200  # px a streaming answer grows by at a time (kept out of sight: see chat_follow)
HIGHLIGHT_MS = 1800


class ChatView(QScrollArea):
    """Signals: ``edit_requested(int)``, ``retry_requested(int)`` (a message id),
    ``action_requested(str)`` from a banner, ``undo_requested(int)`` (a file edit's id),
    ``thinking_toggled(bool)`` when the user opens or folds a thinking panel, ``branch_requested(int)``
    with the id of another version of a message (its branch switcher).

    :attr:`thinking_open` is how saved answers show their thinking (the chat's remembered choice)."""

    edit_requested = Signal(int)
    retry_requested = Signal(int)
    action_requested = Signal(str)
    undo_requested = Signal(int)
    thinking_toggled = Signal(bool)
    branch_requested = Signal(int)

    def __init__(
        self,
        renderer: MarkdownRenderer,
        model_name: Callable[[str], str],
        parent: QWidget | None = None,
        *,
        blob_lookup: Callable[[str], bytes | None] = lambda sha256: None,
        edit_lookup: Callable[[str, list[str]], dict[str, EditView]] = lambda chat_id, ids: {},
    ) -> None:
        """*blob_lookup* gives an attachment's bytes (from the history, offline); *edit_lookup* a saved
        chat's file edits by tool call id (diffs, state), read on demand."""
        super().__init__(parent)
        self._renderer = renderer
        self._model_name = model_name
        self._paused: dict[int, AssistantMessageWidget] = {}  # paused answers shown, until their continuation is
        self.thinking_open = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(tr("Conversation"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab visits the messages; the view scrolls to each
        self.setObjectName("conversation")
        page = QWidget(self)
        page.setObjectName("conversationColumn")
        row = QHBoxLayout(page)
        row.setContentsMargins(*MARGINS)
        self._container = QWidget(page)  # the messages, at most READING_WIDTH wide, centred
        add_centred(row, self._container)
        self._column = QVBoxLayout(self._container)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(SPACE[4])
        self._column.addStretch(1)
        self.setWidget(page)
        self.empty_label = hint_label(self._container)
        self._column.insertWidget(0, self.empty_label)
        # Which messages are built (each costs ~200 KB): a window over the chat, moved by scrolling.
        self._paging = ChatPaging(self, self._column, build=self._build, insert=self._insert, changed=self._changed)
        self._earlier = self._paging.earlier_button
        self._column.insertWidget(0, self._earlier)
        self._column.insertWidget(self._column.count() - 1, self._paging.later_button)
        self._versions: dict[int, list[int]] = {}  # message id → its versions' ids (edited, retried)
        self._versions_enabled = True
        self._follow = FollowEnd(self)
        self.frame_budget: int | None = None  # characters laid out per frame (None: the default)
        self.blob_lookup = blob_lookup
        self.edit_lookup = edit_lookup
        self._results: dict[str, tuple[str, bool]] = {}  # tool results seen, by call id
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    # ------------------------------------------------------------ building

    def clear(self) -> None:
        self._paused.clear()
        self._follow.growing = None
        keep = (self.empty_label, self._earlier, self._paging.later_button)
        while self._column.count() > 1:
            item = self._column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in keep:
                widget.deleteLater()
        self._column.insertWidget(0, self._earlier)
        self._column.insertWidget(1, self.empty_label)
        self._column.insertWidget(2, self._paging.later_button)
        self.empty_label.show()
        self._paging.reset()
        self._versions = {}
        self._results = {}
        self._follow.stuck = True

    def show_branch(
        self,
        ids: list[int],
        fetch: Callable[[list[int]], list[MessageRow]],
        focus_id: int | None = None,
        versions: dict[int, list[int]] | None = None,
        *,
        highlight: bool = True,
    ) -> None:
        """Show a chat's branch (message *ids*, oldest first): its newest messages at once, or those
        around *focus_id* (a search hit), scrolled into view and briefly highlighted. Only the rows
        shown are read, with *fetch*; earlier ones are read as the user scrolls up. *versions* gives
        the messages that have other versions a switcher (see :meth:`set_versions`); a version
        switched to is scrolled to without the search hit's *highlight*."""
        self.clear()
        self._versions = versions or {}
        self._paging.open(ids, fetch, focus_id)
        self._changed()
        if focus_id is not None and self._paging.contains(focus_id):
            QTimer.singleShot(0, self, lambda: self.scroll_to_message(focus_id, highlight=highlight))
        else:
            QTimer.singleShot(0, self, self.scroll_to_bottom)  # bound to self: never fires after it is gone

    def set_versions(self, versions: dict[int, list[int]]) -> None:
        """Which messages have other versions (message id → every version's id, oldest first): each
        shows a ‹ 2/3 › switcher. Applies to the messages shown and to those built later."""
        self._versions = versions
        for widget in self.message_widgets():
            self._show_versions(widget)

    def set_versions_enabled(self, enabled: bool) -> None:
        """Switching versions waits while an answer streams."""
        self._versions_enabled = enabled
        for widget in self.message_widgets():
            if isinstance(widget, UserMessageWidget | AssistantMessageWidget):
                widget.versions_slot.set_enabled(enabled)

    def _show_versions(self, widget: QWidget) -> None:
        if isinstance(widget, UserMessageWidget | AssistantMessageWidget) and widget.message_id is not None:
            widget.versions_slot.set_enabled(self._versions_enabled)
            widget.versions_slot.set(self._versions.get(widget.message_id, []), widget.message_id)

    def _build(self, row: MessageRow) -> QWidget | None:
        """The widget for a saved message; tool results go into their calls' steps instead."""
        if row.role == "user" and is_tool_results(row.content):
            self.attach_results(row.content)
            return None
        if row.role == "user":
            files = [(b, self.blob_lookup(b["sha256"])) for b in attachments_in(row.content)]
            user = self._user_widget(row.id, visible_text(row.content), files)
            self._show_versions(user)
            return user
        widget = self._finished_assistant_widget(row)
        self._show_versions(widget)
        paused = self._paused.pop(row.parent_id, None) if row.parent_id is not None else None
        if paused is not None and shiboken6.isValid(paused):  # (paging may have released it)
            paused.show_notice(None)
            paused.settle_web(
                row.content
            )  # its last search's results came in this reply  # it went on in this reply: no Continue on it
        if row.stop_reason == "pause_turn":
            self._paused[row.id] = widget
        steps = widget.add_steps(row.content)
        if steps:
            edits = self.edit_lookup(row.chat_id, [s.call.id for s in steps])
            for step in steps:
                if step.call.id in edits:
                    step.set_edit(edits[step.call.id])
                if step.call.id in self._results:
                    step.set_result(*self._results[step.call.id])
        return widget

    def attach_results(self, content: list[dict[str, Any]]) -> None:
        """Show tool results in the steps of the calls they answer (now, or when those are built)."""
        results = result_blocks(content)
        self._results.update(results)
        for widget in self.message_widgets():
            if isinstance(widget, AssistantMessageWidget):
                for call_id, step in widget.steps.items():
                    if call_id in results:
                        step.set_result(*results[call_id])

    def steps(self) -> list[ToolStepWidget]:
        return [s for w in self.message_widgets() if isinstance(w, AssistantMessageWidget) for s in w.steps.values()]

    def load_earlier(self) -> None:
        """Build the page of messages above the first one shown, keeping the view still."""
        self._follow.stuck = False
        self._paging.load_earlier()

    def load_later(self) -> None:
        """Build the page of messages below the last one shown (opened at a search hit)."""
        self._paging.load_later()

    def later_count(self) -> int:
        """Messages of the chat below those built (0 when the newest is shown)."""
        return len(self._paging.later)

    def _insert(self, at: int, widget: QWidget) -> None:
        self.empty_label.hide()
        self._column.insertWidget(at, widget)
        self._place_in_tab_order(widget)

    def _changed(self) -> None:
        self.mark_left_out()
        self._pin_latest()

    def scroll_to_message(self, message_id: int, *, highlight: bool = True) -> bool:
        if self._find(message_id) is None and message_id in self._paging.ids:  # not built: build around it
            self.show_branch(self._paging.ids, self._paging.fetch, message_id, self._versions, highlight=highlight)
            return True
        widget = self._find(message_id)
        if widget is None:
            return False
        self._follow.stuck = False
        self._paging.anchor = None
        self.ensureWidgetVisible(widget, 0, 60)
        self.clear_highlight()
        switcher = widget.versions if isinstance(widget, UserMessageWidget | AssistantMessageWidget) else None
        if switcher is not None and not switcher.isHidden():
            switcher.setFocus()  # the keyboard stays on the switcher it used
        if not highlight:
            return True
        _set_highlight(widget, True)
        QTimer.singleShot(HIGHLIGHT_MS, widget, lambda: _set_highlight(widget, False))
        return True

    def _on_thinking_toggled(self, expanded: bool) -> None:
        self.thinking_open = expanded  # answers shown from now on follow the user's last choice
        self.thinking_toggled.emit(expanded)

    def clear_highlight(self) -> None:
        """The search hit's frame goes at once (Esc), not only when its time is up."""
        for widget in self.message_widgets():
            if widget.property("highlight") is True:
                _set_highlight(widget, False)

    def _find(self, message_id: int) -> QWidget | None:
        return next((w for w in self.message_widgets() if getattr(w, "message_id", None) == message_id), None)

    def _add(self, widget: QWidget) -> None:
        """A new message (this session's), below the chat's newest: the view first moves there."""
        if self._paging.later:
            self.show_branch(self._paging.ids, self._paging.fetch, None, self._versions)
        self._paging.appended = True
        self._insert(self._column.indexOf(self._paging.later_button), widget)
        if isinstance(widget, AssistantMessageWidget):
            self._pin_latest()

    def _place_in_tab_order(self, widget: QWidget) -> None:
        """Tab reaches a message where it stands: after the one above it (or the conversation itself),
        before the one below (or the composer)."""
        anchor: QWidget = self._earlier  # the first stop inside the conversation
        for index in range(self._column.indexOf(widget) - 1, -1, -1):
            item = self._column.itemAt(index)
            above = item.widget() if item is not None else None
            stops = stops_below(above) if above is not None else []
            if stops:
                anchor = stops[-1]
                break
        place_after(anchor, widget)

    def _pin_latest(self) -> None:
        """The latest answer shows its actions at all times; earlier ones on hover or focus."""
        answers = [w for w in self.message_widgets() if isinstance(w, AssistantMessageWidget)]
        for widget in answers:
            if widget.action_row.pinned != (widget is answers[-1]):
                widget.action_row.set_pinned(widget is answers[-1])

    def add_user(
        self, message_id: int, text: str, files: Sequence[tuple[dict[str, Any], bytes | None]] = ()
    ) -> UserMessageWidget:
        widget = self._user_widget(message_id, text, files)
        self._add(widget)
        return widget

    def _user_widget(
        self, message_id: int, text: str, files: Sequence[tuple[dict[str, Any], bytes | None]] = ()
    ) -> UserMessageWidget:
        widget = UserMessageWidget(message_id, text, self._container, files)
        widget.edit_requested.connect(self.edit_requested)
        widget.branch_requested.connect(self.branch_requested)
        return widget

    def add_assistant(self) -> AssistantMessageWidget:
        widget = self._assistant_widget()
        self._add(widget)
        return widget

    def _assistant_widget(self) -> AssistantMessageWidget:
        widget = AssistantMessageWidget(self._renderer, self._container)
        if self.frame_budget is not None:
            widget.parts.set_frame_budget(self.frame_budget)
        widget.parts.set_room_step(ROOM_STEP)
        widget.parts.room_changed.connect(self._follow.on_room_changed)
        widget.retry_requested.connect(self.retry_requested)
        widget.thinking_toggled.connect(self._on_thinking_toggled)
        widget.branch_requested.connect(self.branch_requested)
        widget.action_requested.connect(self.action_requested)
        widget.undo_requested.connect(self.undo_requested)
        return widget

    def _finished_assistant_widget(self, row: MessageRow) -> AssistantMessageWidget:
        widget = self._assistant_widget()
        widget.show_saved(row, self._model_name(row.model or "?"), thinking_open=self.thinking_open)
        return widget

    def mark_left_out(self) -> None:
        """Dim each prompt Claude declined (the one before a refused answer): the request history
        leaves that exchange out (core.conversation.history_of), and the view shows which it is."""
        prompt: UserMessageWidget | None = None
        for widget in self.message_widgets():
            if isinstance(widget, UserMessageWidget):
                prompt = widget
            elif isinstance(widget, AssistantMessageWidget) and widget.refused and prompt is not None:
                if prompt.property("leftOut") is not True:
                    prompt.mark_left_out()
                prompt = None

    def remove(self, widget: QWidget) -> None:
        if isinstance(widget, AssistantMessageWidget) and self._follow.growing in widget.parts.views:
            self._follow.growing = None
        self._column.removeWidget(widget)
        self._paging.forget(widget)
        widget.deleteLater()
        shown = self.message_widgets()
        if not shown and not self._paging.earlier:
            self.empty_label.show()  # a failed first prompt leaves the hint, not a blank pane
        elif isinstance(widget, AssistantMessageWidget):
            self._pin_latest()

    def message_widgets(self) -> list[QWidget]:
        out: list[QWidget] = []
        for i in range(self._column.count()):
            item = self._column.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, UserMessageWidget | AssistantMessageWidget):
                out.append(widget)
        return out

    # ------------------------------------------------------------ scrolling

    def at_bottom(self) -> bool:
        return self._follow.at_end()

    def scroll_to_bottom(self) -> None:
        self._follow.follow(always=True)
        self._follow.stuck = True

    def _on_scrolled(self, value: int) -> None:
        self._follow.stuck = self._follow.at_end()
        bar, paging = self.verticalScrollBar(), self._paging
        if paging.anchor is not None or bar.maximum() == 0:
            return  # rows are coming in: wait for the layout
        if value == 0 and paging.earlier:
            self.load_earlier()
        elif value == bar.maximum() and paging.later:
            self.load_later()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The empty conversation's hint sits a third of the way down, where the eye lands."""
        super().resizeEvent(event)
        self.empty_label.setContentsMargins(0, max(0, event.size().height() // 3 - 40), 0, 0)

    def _on_range_changed(self, low: int, high: int) -> None:
        if self._paging.restore():  # messages came or went above or below: stay on the same text
            return
        if self._follow.stuck:
            self._follow.follow(always=True)


def _set_highlight(widget: QWidget, on: bool) -> None:
    """The search hit's frame (theme.py styles ``[highlight="true"]``)."""
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    widget.setProperty("highlight", on)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
