"""How ``parley ask`` shows its tool steps on stderr: for the text editor (``--workspace``) one line
per call, the diff of each write, and whether it was applied (only with ``--allow-writes``) or
declined; for MCP tools the server, tool and arguments, and the result's first line."""

from __future__ import annotations

import json
from typing import TextIO

from ..mcp.turn import McpCallRecord
from ..tools.editor import EditPlan, ToolResult
from ..tools.session import ToolCall, ToolObserver

SHOWN_ARGS = 200  # characters of a call's arguments on its line


class CliToolSteps(ToolObserver):
    def __init__(self, err: TextIO, *, allow_writes: bool) -> None:
        self.err = err
        self.allow_writes = allow_writes
        self.declined = 0
        self.mcp_declined = 0

    def call_started(self, call: ToolCall) -> None:
        arrow = "✎" if call.writes else "→"
        self.err.write(f"\n{arrow} {call.command or call.name} {call.path}\n")
        self.err.flush()

    async def approve(self, call: ToolCall, plan: EditPlan) -> bool:
        self.err.write(plan.diff() or "(no change)\n")
        if not self.allow_writes:
            self.declined += 1
        return self.allow_writes

    def call_finished(self, call: ToolCall, result: ToolResult, edit_id: int | None) -> None:
        first = result.content.splitlines()[0] if result.content else ""
        if result.is_error:
            self.err.write(f"  {first}\n")
        elif call.writes:
            self.err.write(f"  applied: {first}\n")
        self.err.flush()

    def mcp_finished(self, call: ToolCall, record: McpCallRecord) -> None:
        shown = json.dumps(record.input, ensure_ascii=False)
        if len(shown) > SHOWN_ARGS:
            shown = shown[:SHOWN_ARGS] + "…"
        self.err.write(f"\n⚙ {record.server} · {record.tool} {shown}\n")
        first = record.result.strip().splitlines()[0] if record.result.strip() else "(no output)"
        mark = "declined: " if not record.approved else ("error: " if record.is_error else "")
        self.err.write(f"  {mark}{first[:SHOWN_ARGS]}" + (f" ({record.seconds:.1f} s)\n" if record.approved else "\n"))
        if not record.approved:
            self.mcp_declined += 1
        self.err.flush()

    def summary(self) -> str | None:
        if self.mcp_declined:
            calls = "call was" if self.mcp_declined == 1 else "calls were"
            return f"{self.mcp_declined} MCP tool {calls} declined; run again with --approve-tools to allow them."
        if not self.declined:
            return None
        edits = "edit was" if self.declined == 1 else "edits were"
        return f"{self.declined} {edits} declined; run again with --allow-writes to let Claude change files."
