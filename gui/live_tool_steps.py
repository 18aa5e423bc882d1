"""The tool loop as the user sees it while it runs: steps appear under the reply that made the
calls, writes wait for Approve / Reject (unless the chat applies edits without asking), MCP calls
that need it wait for the user's choice, and the next reply gets a widget of its own, with its
own thinking panel (interleaved thinking)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from parley.core.tools.editor import EditPlan, ToolResult
from parley.core.tools.session import ToolCall, ToolObserver

from .tool_steps import diff_html

if TYPE_CHECKING:
    from parley.core.mcp.translate import McpTool
    from parley.core.mcp.turn import McpCallRecord
    from parley.core.turn import TurnOutcome

    from .message_widgets import AssistantMessageWidget
    from .tool_steps import ToolStepWidget


class LiveToolSteps(ToolObserver):
    def __init__(
        self,
        next_reply: Callable[[TurnOutcome], Awaitable[AssistantMessageWidget]],
        approve_all: Callable[[], bool],
        on_approve_all: Callable[[], None],
        on_unavailable: Callable[[dict[str, str]], None] = lambda why: None,
    ) -> None:
        self._next_reply = next_reply
        self._on_unavailable = on_unavailable
        self._approve_all = approve_all
        self._on_approve_all = on_approve_all
        self.steps: dict[str, ToolStepWidget] = {}

    async def reply_finished(self, outcome: TurnOutcome) -> None:
        widget = await self._next_reply(outcome)
        for step in widget.add_steps(outcome.message.get("content") or []):
            step.approve_all_requested.connect(self._on_approve_all)
            self.steps[step.call.id] = step

    def call_started(self, call: ToolCall) -> None:
        step = self.steps.get(call.id)
        if step is not None:
            step.set_status("running")

    async def approve(self, call: ToolCall, plan: EditPlan) -> bool:
        step = self.steps.get(call.id)
        if step is None:
            return False
        if self._approve_all():
            step.details.setHtml(diff_html(plan.diff()))
            return True
        return await step.ask(plan.diff())

    def call_finished(self, call: ToolCall, result: ToolResult, edit_id: int | None) -> None:
        step = self.steps.get(call.id)
        if step is None:
            return
        if edit_id is not None:
            step.edit_id = edit_id
        step.set_result(result.content, result.is_error)

    def can_ask(self) -> bool:
        return True

    async def approve_tool(self, call: ToolCall, tool: McpTool, arguments: dict[str, Any]) -> str:
        step = self.steps.get(call.id)
        if step is None:
            return "reject"
        return await step.ask_tool(tool.server, tool.name, arguments, tool.description)

    def mcp_finished(self, call: ToolCall, record: McpCallRecord) -> None:
        step = self.steps.get(call.id)
        if step is not None:
            step.title.setText(f"⚙ {record.server} · {record.tool}")
            step.set_mcp_result(
                record.input, record.result, record.is_error, record.seconds if record.approved else None
            )

    def servers_unavailable(self, why: dict[str, str]) -> None:
        self._on_unavailable(why)
