"""A chat's workspace session: runs Claude's text editor calls and loops until it stops calling.

One tool loop is one assistant turn (reference §4): reply → tool results (a user message of
``tool_result`` blocks, first in their message) → reply …, every reply saved with its thinking
blocks untouched so the next request echoes them exactly. Reads run at once; each write waits for
the approver, keeps a backup (``file_edits``) and is applied whole. A stop while a call waits
saves "not run" results for the calls left, so the chat stays valid to continue.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..conversation import NOTE_PREFIX
from ..history.store import Store
from ..mcp.turn import tool_result as mcp_result
from ..request import STOPPED_RESULT, ToolSpec
from .editor import (
    TOOL_DEFINITION,
    TOOL_NAME,
    WRITE_COMMANDS,
    EditPlan,
    TextEditor,
    ToolResult,
    digest,
    unified_diff,
)
from .memory import TOOL_DEFINITION as MEMORY_DEFINITION
from .memory import TOOL_NAME as MEMORY_TOOL
from .memory import MemoryTool
from .sandbox import Refused, Workspace

if TYPE_CHECKING:
    from ..mcp.translate import McpTool
    from ..mcp.turn import McpCallRecord, McpTurn, Opener
    from ..turn import TurnOutcome

JSON = dict[str, Any]
MAX_STEPS = 40  # tool rounds in one turn before Parley asks the user to continue
DECLINED = "Error: the user declined this edit; {path} was not changed."
UNDO_NOTE = (
    NOTE_PREFIX + " Since your last reply the user undid your edits to: {paths}. Those files are back as they were."
)


@dataclass(frozen=True, slots=True)
class ToolCall:
    id: str
    name: str
    input: JSON

    @property
    def command(self) -> str:
        return str(self.input.get("command", ""))

    @property
    def path(self) -> str:
        return str(self.input.get("path", ""))

    @property
    def writes(self) -> bool:
        return self.name == TOOL_NAME and self.command in WRITE_COMMANDS

    @classmethod
    def all_in(cls, content: list[JSON]) -> list[ToolCall]:
        return [
            cls(str(b.get("id")), str(b.get("name")), b["input"] if isinstance(b.get("input"), dict) else {})
            for b in content
            if b.get("type") == "tool_use"
        ]


class ToolObserver:
    """What a front end hears about a tool loop; the defaults decline every write and show nothing."""

    async def reply_finished(self, outcome: TurnOutcome) -> None:
        """A reply that called tools is complete (its widget can be finished)."""

    def call_started(self, call: ToolCall) -> None:
        pass

    async def approve(self, call: ToolCall, plan: EditPlan) -> bool:
        return False

    def call_finished(self, call: ToolCall, result: ToolResult, edit_id: int | None) -> None:
        pass

    async def approve_tool(self, call: ToolCall, tool: McpTool, arguments: JSON) -> str:
        """The user's choice for an MCP call that needs it (``core.mcp.turn``: approve, reject,
        always, chat). Asked only when ``can_ask``: otherwise nobody can answer, and it is declined."""
        return "reject"

    def can_ask(self) -> bool:
        return False

    def servers_unavailable(self, why: dict[str, str]) -> None:
        """MCP servers that could not start for this turn (name → why); Claude is told too."""

    def mcp_finished(self, call: ToolCall, record: McpCallRecord) -> None:
        pass

    def results_saved(self, message_id: int, calls: list[ToolCall]) -> None:
        pass


class UndoConflict(Exception):
    """The file changed after the edit; undoing would lose those changes (``force`` to do it anyway)."""


class ToolSession:
    """A chat's client tools: the text editor in a workspace folder, and the MCP servers' tools."""

    def __init__(
        self,
        store: Store,
        workspace: Workspace | None,
        observer: ToolObserver | None = None,
        mcp: McpTurn | None = None,
        open_mcp: Opener | None = None,
        memory: MemoryTool | None = None,
    ) -> None:
        self.store = store
        self._open_mcp = open_mcp
        self.memory = memory
        self.workspace = workspace
        self.editor = TextEditor(workspace) if workspace is not None else None
        self.observer = observer or ToolObserver()
        self.mcp = mcp

    @classmethod
    def open(
        cls,
        store: Store,
        folder: str | Path | None,
        observer: ToolObserver | None = None,
        mcp: McpTurn | None = None,
        open_mcp: Opener | None = None,
        memory: MemoryTool | None = None,
    ) -> ToolSession:
        return cls(store, Workspace(folder) if folder is not None else None, observer, mcp, open_mcp, memory)

    async def ready(self) -> None:
        """Start the chat's MCP servers if this is the first request that needs them."""
        if self.mcp is None and self._open_mcp is not None:
            opener, self._open_mcp = self._open_mcp, None
            self.mcp = await opener()
            if self.mcp.toolbox.unavailable:
                self.observer.servers_unavailable(dict(self.mcp.toolbox.unavailable))

    @property
    def spec(self) -> ToolSpec:
        definitions: list[JSON] = []
        notes: list[str] = []
        if self.workspace is not None:
            name = self.workspace.root.name or str(self.workspace.root)
            definitions.append(dict(TOOL_DEFINITION))
            notes.append(
                f'You can view and edit files in the user\'s workspace folder "{name}" with the {TOOL_NAME} tool. '
                'Paths are relative to that folder; view "." to list it. The user sees each edit as a diff and may '
                "decline it."
            )
        if self.memory is not None:
            definitions.append(dict(MEMORY_DEFINITION))  # (the API adds the memory protocol itself)
        if self.mcp is not None:
            definitions += self.mcp.toolbox.definitions()
            if self.mcp.toolbox.system_note():
                notes.append(self.mcp.toolbox.system_note())
        return ToolSpec(tuple(definitions), " ".join(notes))

    def undo_note(self, chat_id: str) -> tuple[JSON | None, list[int]]:
        """A text block telling Claude about edits the user undid, and the edits it covers."""
        undone = self.store.unreported_undos(chat_id)
        if not undone:
            return None, []
        paths = ", ".join(sorted({e.path for e in undone}))
        return {"type": "text", "text": UNDO_NOTE.format(paths=paths)}, [e.id for e in undone]

    # ------------------------------------------------------------ the loop

    async def run_loop(self, outcome: TurnOutcome, answer: Callable[[int], Awaitable[TurnOutcome]]) -> TurnOutcome:
        """Answer *outcome*'s tool calls and ask again (with *answer*, given the results' message id)
        until a reply calls no tools."""
        steps = 0
        while outcome.stop_reason == "tool_use" and outcome.reply_id is not None:
            calls = ToolCall.all_in(outcome.message.get("content") or [])
            if not calls:
                break
            if steps >= MAX_STEPS:
                outcome.notices.append(f"Stopped after {MAX_STEPS} tool steps; send a message to let Claude go on.")
                break
            steps += 1
            await self.observer.reply_finished(outcome)
            results_id = await self._answer_calls(outcome.chat_id, outcome.reply_id, calls)
            outcome = await answer(results_id)
        return outcome

    async def _answer_calls(self, chat_id: str, reply_id: int, calls: list[ToolCall]) -> int:
        blocks: list[JSON] = []
        try:
            for call in calls:
                tool = self.mcp.tool(call.name) if self.mcp is not None else None
                if tool is not None and self.mcp is not None:
                    ask = functools.partial(self.observer.approve_tool, call) if self.observer.can_ask() else None
                    self.observer.call_started(call)
                    content, is_error, record = await self.mcp.run(tool, call.input, ask)
                    blocks.append(mcp_result(call.id, content, is_error))
                    self.observer.mcp_finished(call, record)
                    continue
                self.observer.call_started(call)
                if call.name == MEMORY_TOOL and self.memory is not None:  # inside its folder: never asks
                    result = await asyncio.to_thread(self.memory.run, call.input)
                    blocks.append(result.block(call.id))
                    self.observer.call_finished(call, result, None)
                    continue
                result, edit_id = await self.run_call(chat_id, call)
                blocks.append(result.block(call.id))
                self.observer.call_finished(call, result, edit_id)
        except asyncio.CancelledError:
            done = {b["tool_use_id"] for b in blocks}
            blocks += [ToolResult(STOPPED_RESULT, True).block(c.id) for c in calls if c.id not in done]
            self._save_results(chat_id, reply_id, blocks, calls)
            raise
        return self._save_results(chat_id, reply_id, blocks, calls)

    def _save_results(self, chat_id: str, reply_id: int, blocks: list[JSON], calls: list[ToolCall]) -> int:
        message_id = self.store.add_message(chat_id, "user", blocks, parent_id=reply_id)
        self.observer.results_saved(message_id, calls)
        return message_id

    async def run_call(self, chat_id: str, call: ToolCall) -> tuple[ToolResult, int | None]:
        """One tool call → its result, and the id of the edit it recorded (writes only)."""
        if call.name != TOOL_NAME or self.editor is None:
            return ToolResult(f"Error: unknown tool {call.name!r}; it is not available in this chat", True), None
        if call.command == "view":
            return await asyncio.to_thread(self.editor.view, call.input), None
        if not call.writes:
            return ToolResult(
                f"Error: unknown command {call.command!r}; use view, str_replace, create or insert", True
            ), None
        plan = self.editor.plan(call.input)
        if isinstance(plan, ToolResult):
            return plan, None
        approved = await self.observer.approve(call, plan)
        edit_id = self.store.record_edit(
            chat_id,
            call.id,
            workspace=str(self.editor.workspace.root),
            path=plan.path,
            command=plan.command,
            before=plan.before,
            after=plan.after,
            status="applied" if approved else "declined",
        )
        if not approved:
            return ToolResult(DECLINED.format(path=plan.path), True), edit_id
        result = self.editor.apply(plan)  # synchronous: a stop cannot land half way through the write
        if result.is_error:
            self.store.set_edit_status(edit_id, "failed")
        return result, edit_id


def undo_edit(store: Store, edit_id: int, *, force: bool = False) -> str:
    """Put the file back as it was before edit *edit_id*; returns what was done, for the user.

    Raises UndoConflict when the file changed since the edit (unless *force*), and Refused when the
    edit cannot be undone (never applied, already undone, workspace gone)."""
    edit = store.edit(edit_id)
    if edit is None or edit.status != "applied":
        raise Refused("This edit is not applied, so there is nothing to undo")
    workspace = Workspace(edit.workspace)
    target = workspace.resolve(edit.path, must_exist=False)
    current = workspace.read_bytes(target) if target.exists else None
    if digest(current) != edit.after_hash and not force:
        raise UndoConflict(f"{edit.path} changed after this edit; undoing it would lose those changes")
    before = store.blob(edit.before_hash)
    if before is None:
        workspace.remove(target)
        done = f"Removed {edit.path}, which the edit had created"
    else:
        workspace.write_bytes(target, before)
        done = f"Restored {edit.path} as it was before the edit"
    store.set_edit_status(edit_id, "undone")
    return done


@dataclass(frozen=True, slots=True)
class EditView:
    """What the chat shows for a write: its state and diff."""

    edit_id: int
    status: str  # applied | declined | failed | undone
    diff: str


def edit_views(store: Store, chat_id: str, call_ids: list[str]) -> dict[str, EditView]:
    """The writes these tool calls proposed, with their diffs, for showing a saved chat."""
    out: dict[str, EditView] = {}
    for call_id, edit in store.edits_for_calls(chat_id, call_ids).items():
        diff = unified_diff(edit.path, store.blob(edit.before_hash), store.blob(edit.after_hash))
        out[call_id] = EditView(edit.id, edit.status, diff)
    return out
