"""How ``parley ask --workspace`` shows the text editor tool's steps: one line per call on stderr,
the diff of each write, and whether it was applied (only with ``--allow-writes``) or declined."""

from __future__ import annotations

from typing import TextIO

from ..tools.editor import EditPlan, ToolResult
from ..tools.session import ToolCall, ToolObserver


class CliToolSteps(ToolObserver):
    def __init__(self, err: TextIO, *, allow_writes: bool) -> None:
        self.err = err
        self.allow_writes = allow_writes
        self.declined = 0

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

    def summary(self) -> str | None:
        if not self.declined:
            return None
        edits = "edit was" if self.declined == 1 else "edits were"
        return f"{self.declined} {edits} declined; run again with --allow-writes to let Claude change files."
