"""Tool calls in the conversation: one compact, expandable step per call.

A step shows what Claude did ("Viewed greet.py", "Edit greet.py", "⚙ github · search_issues"),
its outcome, and on expanding the diff, the arguments or the result. A write waiting for approval
shows its diff with Approve / Reject; an MCP call waiting shows its server, tool and arguments with
Approve / Reject / Always allow this tool / Approve all in this chat; an applied write offers Undo.
"""

from __future__ import annotations

import asyncio
import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from parley.core.i18n import QT_TR_NOOP, tr
from parley.core.mcp.translate import readable_arguments, split_api_name
from parley.core.tools.session import EditView, ToolCall

from .announce import announce
from .flow_layout import FlowLayout
from .theme import current

DETAIL_MAX_LINES = 400
MAX_DETAILS_HEIGHT = 280
VERBS = {
    "view": QT_TR_NOOP("Viewed"),
    "str_replace": QT_TR_NOOP("Edit"),
    "create": QT_TR_NOOP("Create"),
    "insert": QT_TR_NOOP("Insert into"),
    "delete": QT_TR_NOOP("Delete"),
    "rename": QT_TR_NOOP("Rename"),
}
STATUS_TEXT = {
    "running": QT_TR_NOOP("running…"),
    "waiting": QT_TR_NOOP("waiting for your approval"),
    "applied": QT_TR_NOOP("applied"),
    "declined": QT_TR_NOOP("declined"),
    "failed": QT_TR_NOOP("failed"),
    "undone": QT_TR_NOOP("undone"),
    "error": QT_TR_NOOP("refused"),
    "stopped": QT_TR_NOOP("not run (stopped)"),
    "done": "",
}


def diff_html(diff: str) -> str:
    """A unified diff as coloured, escaped HTML (added lines green, removed red, in the theme's shades)."""
    rows = []
    for line in diff.splitlines()[:DETAIL_MAX_LINES]:
        kind = "add" if line.startswith("+") and not line.startswith("+++") else ""
        kind = "del" if line.startswith("-") and not line.startswith("---") else kind
        kind = "hunk" if line.startswith("@@") else kind
        rows.append(f'<span class="{kind}">{html.escape(line) or "&nbsp;"}</span>')
    p = current().palette
    style = (
        f"<style>pre{{margin:0;font-family:monospace;}} .add{{background:{p.diff_add};color:{p.success};}}"
        f".del{{background:{p.diff_del};color:{p.danger};}} .hunk{{color:{p.diff_hunk};}}</style>"
    )
    return f"{style}<pre>{'<br>'.join(rows)}</pre>"


def call_title(call: ToolCall) -> str:
    mcp = split_api_name(call.name)
    if mcp is not None:
        return f"⚙ {mcp[0]} · {mcp[1]}"
    verb = tr(VERBS.get(call.command, call.command or call.name))
    where = call.path or str(call.input.get("old_path") or "?")  # (the memory tool's rename)
    view_range = call.input.get("view_range")
    if call.command == "view" and isinstance(view_range, list) and len(view_range) == 2:
        end = "end" if view_range[1] == -1 else view_range[1]
        where += f" (lines {view_range[0]}–{end})"
    return f"{'✎' if call.writes else '→'} {verb} {where}"


class ToolStepWidget(QFrame):
    """Signals: ``undo_requested(int)`` with the edit id; ``decided(bool)`` when the user approves
    (True) or rejects (False) a waiting write; ``approve_all_requested()`` from the switch."""

    undo_requested = Signal(int)
    decided = Signal(bool)
    approve_all_requested = Signal()
    choices = ("approve", "reject", "always", "chat")  # (core.mcp.turn's answers)

    def __init__(self, call: ToolCall, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolStep")
        self.call = call
        self.status = "running"
        self.edit_id: int | None = None
        self._decision: asyncio.Future[str] | None = None
        self.is_mcp = split_api_name(call.name) is not None
        self.toggle = QToolButton(self)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName(tr("Show details"))
        self.title = QLabel(call_title(call), self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAccessibleName(tr("Tool step"))
        self.state = QLabel(self)
        self.state.setObjectName("muted")
        self.undo = QPushButton(tr("Undo"), self)
        self.undo.setAccessibleName(tr("Undo this edit"))
        self.undo.setToolTip(tr("Put the file back as it was before this edit"))
        self.undo.hide()
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle)
        head.addWidget(self.title, 1)
        head.addWidget(self.state)
        head.addWidget(self.undo)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.setAccessibleName(tr("Step details"))
        self.details.hide()
        self.approval = QWidget(self)
        self.approve = QPushButton(tr("Approve"), self.approval)
        self.reject = QPushButton(tr("Reject"), self.approval)
        self.approve_all = QPushButton(tr("Approve all in this chat"), self.approval)
        self.always = QPushButton(tr("Always allow this tool"), self.approval)
        self.always.setToolTip(tr("Run this tool of this server without asking, in every chat"))
        self.always.hide()
        self.approve.setDefault(True)
        self.approve.setProperty("primary", True)
        self.approve_all.setToolTip(tr("Apply this and every later edit in this chat without asking"))
        self.question = QLabel(tr("Claude wants to change {path}.").format(path=call.path), self.approval)
        self.question.setWordWrap(True)
        column = QVBoxLayout(self.approval)  # the question above its choices: both have the step's width
        column.setContentsMargins(0, 2, 0, 2)
        column.addWidget(self.question)
        choices = QWidget(self.approval)
        row = FlowLayout(choices)  # (wraps when narrow: the window's minimum width stays small)
        column.addWidget(choices)
        row.addWidget(self.always)
        row.addWidget(self.approve_all)
        row.addWidget(self.reject)
        row.addWidget(self.approve)
        self.approval.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.details)
        layout.addWidget(self.approval)
        self.toggle.clicked.connect(lambda: self.set_expanded(self.details.isHidden()))
        self.undo.clicked.connect(lambda: self.edit_id is not None and self.undo_requested.emit(self.edit_id))
        self.approve.clicked.connect(lambda: self._decide("approve"))
        self.reject.clicked.connect(lambda: self._decide("reject"))
        self.always.clicked.connect(lambda: self._decide("always"))
        self.approve_all.clicked.connect(self._on_approve_all_clicked)
        self.set_status("running")

    def set_expanded(self, expanded: bool) -> None:
        doc = self.details.document()
        doc.setTextWidth(max(200, self.details.viewport().width()))
        frame = 2 * self.details.frameWidth()
        self.details.setFixedHeight(min(MAX_DETAILS_HEIGHT, int(doc.size().height()) + frame + 2))
        self.details.setVisible(expanded and bool(self.details.toPlainText()))
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.toggle.setAccessibleName(tr("Hide details") if expanded else tr("Show details"))

    def set_status(self, status: str, detail: str | None = None) -> None:
        self.status = status
        text = tr(STATUS_TEXT.get(status, status))
        self.state.setText(f"{text}: {detail}" if detail else text)
        self.state.setProperty("severity", "error" if status in ("error", "failed", "declined") else "")
        self.undo.setVisible(status == "applied" and self.edit_id is not None)
        self.approval.setVisible(status == "waiting")

    def set_result(self, content: str, is_error: bool) -> None:
        """The result Claude received (a view's text, or why a call was refused)."""
        if self.call.writes and not is_error and self.status not in ("error", "stopped"):
            self.set_status("applied" if self.status != "undone" else "undone")
            return
        if is_error:
            reason = content.removeprefix("Error: ")
            if "declined" in reason:
                self.set_status("declined")
            elif reason.startswith("Not run"):
                self.set_status("stopped")
            else:
                self.set_status("error", _first_line(reason, 90))
        else:
            self.set_status("done")
        if not (self.call.writes and self.details.toPlainText()):
            lines = content.splitlines()
            shown = "\n".join(lines[:DETAIL_MAX_LINES]) + ("\n…" if len(lines) > DETAIL_MAX_LINES else "")
            self.details.setPlainText(shown)

    def set_mcp_result(self, arguments: dict[str, Any], result: str, is_error: bool, seconds: float | None) -> None:
        """An MCP call as it went: its arguments and result in the details, the time it took."""
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.set_result(result, is_error)
        if not is_error and seconds is not None:
            self.state.setText(tr("{seconds} s").format(seconds=f"{seconds:.1f}"))
        lines = result.splitlines()
        shown = "\n".join(lines[:DETAIL_MAX_LINES]) + ("\n…" if len(lines) > DETAIL_MAX_LINES else "")
        self.details.setPlainText(
            tr("Arguments") + "\n" + readable_arguments(arguments) + "\n\n" + tr("Result") + "\n" + shown
        )
        if not self.details.isHidden():
            self.set_expanded(True)  # (its height follows the new text)

    def set_edit(self, view: EditView) -> None:
        """A write's diff and state, from the history."""
        self.edit_id = view.edit_id
        self.details.setHtml(diff_html(view.diff))
        self.set_status(view.status)

    # ------------------------------------------------------------ approval

    async def ask(self, diff: str) -> bool:
        """Show *diff* with Approve / Reject and wait for the user's choice."""
        self.details.setHtml(diff_html(diff))
        message = tr("Claude wants to change {path}. Approve or reject it.").format(path=self.call.path)
        return await self._wait(message) in ("approve", "chat")

    async def ask_tool(self, server: str, tool: str, arguments: dict[str, Any], seen: str) -> str:
        """Show an MCP call (*seen*: how the server describes the tool) with its arguments, and wait
        for the choice: approve, reject, always (this tool of this server) or chat (every call in it)."""
        self.title.setText(f"⚙ {server} · {tool}")
        self.question.setText(tr("Claude wants to run {tool} ({server}).").format(tool=tool, server=server))
        self.question.setToolTip(seen)
        self.approve_all.setToolTip(tr("Run this and every later tool call in this chat without asking"))
        self.always.show()
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # JSON reads in columns
        self.details.setPlainText(readable_arguments(arguments))
        message = tr("Claude wants to run {tool} of {server}. Approve or reject it.").format(tool=tool, server=server)
        return await self._wait(message)

    async def _wait(self, message: str) -> str:
        self.set_expanded(True)
        self.set_status("waiting")
        self._decision = asyncio.get_running_loop().create_future()
        self.approve.setFocus()
        announce(self, message, assertive=True)
        try:
            return await self._decision
        except asyncio.CancelledError:
            self.set_status("stopped")
            raise
        finally:
            self._decision = None

    def _decide(self, choice: str) -> None:
        if self._decision is not None and not self._decision.done():
            self._decision.set_result(choice)
            self.set_status("running")
            self.decided.emit(choice != "reject")

    def _on_approve_all_clicked(self) -> None:
        if not self.is_mcp:  # (the editor's switch: every edit in this chat; MCP's: core.mcp.turn)
            self.approve_all_requested.emit()
        self._decide("chat")


def _first_line(text: str, limit: int) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def result_blocks(content: list[dict[str, Any]]) -> dict[str, tuple[str, bool]]:
    """tool_use_id → (result text, is_error) for a message of tool results."""
    out: dict[str, tuple[str, bool]] = {}
    for block in content:
        if block.get("type") == "tool_result":
            body = block.get("content")
            text = (
                body
                if isinstance(body, str)
                else "\n".join(str(b.get("text", "")) for b in body or [] if isinstance(b, dict))
            )
            out[str(block.get("tool_use_id"))] = (text, bool(block.get("is_error")))
    return out
