"""Anthropic's text editor tool (``text_editor_20250728``, reference §7), run against a Workspace.

Reads (``view``) run at once. Writes (``str_replace``, ``create``, ``insert``) are *planned* first:
the plan holds the file's bytes before and after, so the user can see the diff and approve it, and
``apply`` refuses a plan whose file changed in the meantime. Text is UTF-8; a byte-order mark and
CRLF line endings are kept as they were.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from typing import Any

from .sandbox import Refused, Target, Workspace

TOOL_NAME = "str_replace_based_edit_tool"
TOOL_TYPE = "text_editor_20250728"
VIEW_MAX_CHARS = 40_000
TOOL_DEFINITION: dict[str, Any] = {"type": TOOL_TYPE, "name": TOOL_NAME, "max_characters": VIEW_MAX_CHARS}
WRITE_COMMANDS = ("str_replace", "create", "insert")
LISTING_DEPTH = 2
LISTING_MAX_ENTRIES = 400
SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".mypy_cache", ".tox"}
_BOM = b"\xef\xbb\xbf"


def digest(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


@dataclass(frozen=True, slots=True)
class ToolResult:
    """What goes back to Claude in the ``tool_result`` block."""

    content: str
    is_error: bool = False

    def block(self, tool_use_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "tool_result", "tool_use_id": tool_use_id, "content": self.content}
        if self.is_error:
            out["is_error"] = True
        return out


@dataclass(frozen=True, slots=True)
class EditPlan:
    """A write, computed but not yet applied."""

    command: str
    target: Target
    before: bytes | None  # None: the file does not exist yet
    after: bytes
    summary: str  # what Claude is told once it is applied

    @property
    def path(self) -> str:
        return self.target.shown

    def diff(self) -> str:
        return unified_diff(self.path, self.before, self.after)


def unified_diff(path: str, before: bytes | None, after: bytes | None) -> str:
    old = _decode(before)[0] if before is not None else ""
    new = _decode(after)[0] if after is not None else ""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile="/dev/null" if before is None else f"a/{path}",
        tofile="/dev/null" if after is None else f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _decode(data: bytes) -> tuple[str, bool]:
    bom = data.startswith(_BOM)
    return data[len(_BOM) :].decode("utf-8") if bom else data.decode("utf-8"), bom


class TextEditor:
    """Runs the tool's commands in one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def view(self, tool_input: dict[str, Any]) -> ToolResult:
        try:
            target = self.workspace.resolve(tool_input.get("path"), want="any")
            if target.is_dir:
                if tool_input.get("view_range") is not None:
                    raise Refused("view_range applies to files, not folders")
                return ToolResult(self._listing(target))
            text, _, _ = self._read_text(target)
            return ToolResult(_numbered(text, tool_input.get("view_range"), target.shown))
        except Refused as refusal:
            return ToolResult(f"Error: {refusal}", is_error=True)

    def plan(self, tool_input: dict[str, Any]) -> EditPlan | ToolResult:
        """The write *tool_input* asks for, or an error result explaining why it cannot be done."""
        command = tool_input.get("command")
        try:
            if command == "create":
                return self._plan_create(tool_input)
            if command == "str_replace":
                return self._plan_replace(tool_input)
            if command == "insert":
                return self._plan_insert(tool_input)
        except Refused as refusal:
            return ToolResult(f"Error: {refusal}", is_error=True)
        raise ValueError(f"not a write command: {command!r}")

    def apply(self, plan: EditPlan) -> ToolResult:
        """Write the planned bytes, unless the file changed since the plan was made."""
        try:
            current = self.workspace.resolve(plan.target.shown, must_exist=False)
            now = self.workspace.read_bytes(current) if current.exists else None
            if digest(now) != digest(plan.before):
                raise Refused(f"{plan.path} changed while the edit waited for approval; view it again")
            self.workspace.write_bytes(current, plan.after)
        except Refused as refusal:
            return ToolResult(f"Error: {refusal}", is_error=True)
        except OSError as error:
            return ToolResult(f"Error: could not write {plan.path}: {error.strerror or error}", is_error=True)
        return ToolResult(plan.summary)

    # ------------------------------------------------------------ reading

    def _read_text(self, target: Target) -> tuple[str, bool, bytes]:
        """(text, whether it has a byte-order mark, the raw bytes)."""
        data = self.workspace.read_bytes(target)
        if b"\0" in data[:8192]:
            raise Refused(f"{target.shown} is a binary file; the text editor reads text files only")
        try:
            return (*_decode(data), data)
        except UnicodeDecodeError:
            raise Refused(f"{target.shown} is not UTF-8 text; the text editor reads UTF-8 files only") from None

    def _listing(self, target: Target) -> str:
        lines: list[str] = []
        more = 0

        def walk(folder: Target, depth: int) -> None:
            nonlocal more
            try:
                entries = sorted(folder.real.iterdir(), key=lambda p: (not p.is_dir(), p.name.lower()))
            except OSError as error:
                lines.append(f"{'  ' * depth}(cannot list: {error.strerror})")
                return
            for entry in entries:
                if (entry.name.startswith(".") and entry.name != ".github") or entry.name in SKIPPED_DIRS:
                    continue
                if len(lines) >= LISTING_MAX_ENTRIES:
                    more += 1
                    continue
                rel = entry.relative_to(self.workspace.root).as_posix()
                if entry.is_symlink():
                    lines.append(f"{'  ' * depth}{rel} -> (link)")
                elif entry.is_dir():
                    lines.append(f"{'  ' * depth}{rel}/")
                    if depth + 1 < LISTING_DEPTH:
                        walk(Target(entry, rel, True, True, 0), depth + 1)
                else:
                    lines.append(f"{'  ' * depth}{rel}")

        walk(target, 0)
        head = f"Files and folders in {target.shown} (up to {LISTING_DEPTH} levels; hidden ones left out):"
        if not lines:
            return f"{target.shown} is empty (hidden files left out)."
        tail = [f"… and {more} more entries; view a subfolder to see them."] if more else []
        return "\n".join([head, *lines, *tail])

    # ------------------------------------------------------------ planning writes

    def _plan_create(self, tool_input: dict[str, Any]) -> EditPlan:
        text = tool_input.get("file_text")
        if not isinstance(text, str):
            raise Refused("create needs file_text (the whole content of the new file)")
        target = self.workspace.resolve(tool_input.get("path"), must_exist=False)
        before = self.workspace.read_bytes(target) if target.exists else None
        bom = before is not None and before.startswith(_BOM)
        after = (_BOM if bom else b"") + text.encode("utf-8")
        verb = "Overwrote" if before is not None else "Created"
        return EditPlan("create", target, before, after, f"{verb} {target.shown} ({len(after)} bytes).")

    def _plan_replace(self, tool_input: dict[str, Any]) -> EditPlan:
        old, new = tool_input.get("old_str"), tool_input.get("new_str", "")
        if not isinstance(old, str) or old == "":
            raise Refused("str_replace needs old_str: the exact text to replace, which must not be empty")
        if not isinstance(new, str):
            raise Refused("new_str must be text")
        target = self.workspace.resolve(tool_input.get("path"))
        text, bom, before = self._read_text(target)
        count = text.count(old)
        if count == 0 and "\r\n" in text and "\r" not in old:  # the file uses CRLF; Claude wrote LF
            old, new = old.replace("\n", "\r\n"), new.replace("\n", "\r\n")
            count = text.count(old)
        if count == 0:
            raise Refused(
                f"No match found for old_str in {target.shown}. It must match exactly, including whitespace "
                "and indentation; view the file to copy the text."
            )
        if count > 1:
            lines = _match_lines(text, old)
            raise Refused(
                f"Found {count} matches for old_str in {target.shown} (lines {', '.join(map(str, lines))}). "
                "Include more surrounding lines so it matches exactly one place."
            )
        at = text.index(old)
        after_text = text[:at] + new + text[at + len(old) :]
        line = text.count("\n", 0, at) + 1
        return EditPlan(
            "str_replace",
            target,
            before,
            (_BOM if bom else b"") + after_text.encode("utf-8"),
            f"Successfully replaced text at exactly one location ({target.shown}, line {line}).",
        )

    def _plan_insert(self, tool_input: dict[str, Any]) -> EditPlan:
        text_in = tool_input.get("insert_text", tool_input.get("new_str"))
        where = tool_input.get("insert_line")
        if not isinstance(text_in, str):
            raise Refused("insert needs insert_text")
        if not isinstance(where, int) or isinstance(where, bool):
            raise Refused("insert needs insert_line: the line number to insert after (0 for the top)")
        target = self.workspace.resolve(tool_input.get("path"))
        text, bom, before = self._read_text(target)
        lines = text.splitlines(keepends=True)
        if not 0 <= where <= len(lines):
            raise Refused(
                f"insert_line {where} is out of range: {target.shown} has {len(lines)} lines (use 0 to {len(lines)})"
            )
        newline = "\r\n" if "\r\n" in text else "\n"
        if newline == "\r\n":
            text_in = text_in.replace("\r\n", "\n").replace("\n", "\r\n")
        if where > 0 and not lines[where - 1].endswith(("\n", "\r")):
            lines[where - 1] += newline
        if not text_in.endswith(("\n", "\r")) and where < len(lines):
            text_in += newline
        lines.insert(where, text_in)
        after = (_BOM if bom else b"") + "".join(lines).encode("utf-8")
        return EditPlan("insert", target, before, after, f"Inserted text after line {where} of {target.shown}.")


def _numbered(text: str, view_range: Any, shown: str) -> str:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    start, end = 1, len(lines)
    if view_range is not None:
        if (
            not isinstance(view_range, list)
            or len(view_range) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in view_range)
        ):
            raise Refused("view_range must be two line numbers, [start, end] (end -1 means to the end)")
        start, end = view_range
        end = len(lines) if end == -1 else end
        if not 1 <= start <= max(len(lines), 1) or end < start or end > len(lines):
            raise Refused(f"view_range {view_range} is out of range: {shown} has {len(lines)} lines")
    width = len(str(end))
    out: list[str] = []
    size = 0
    for number in range(start, end + 1):
        line = f"{number:>{width}}: {lines[number - 1].rstrip(chr(13))}" if lines else ""
        size += len(line) + 1
        if size > VIEW_MAX_CHARS:
            out.append(f"[… truncated at {VIEW_MAX_CHARS} characters; view lines {number}– with view_range]")
            break
        out.append(line)
    if not lines:
        return f"{shown} is empty."
    return "\n".join(out)


def _match_lines(text: str, needle: str) -> list[int]:
    found: list[int] = []
    at = text.find(needle)
    while at != -1 and len(found) < 10:
        found.append(text.count("\n", 0, at) + 1)
        at = text.find(needle, at + 1)
    return found
