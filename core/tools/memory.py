"""Anthropic's memory tool (``memory_20250818``): Claude keeps notes in a folder of the profile.

Claude names paths under the virtual ``/memories``; each maps into the memory folder through the
editor's sandbox (no ``..``, no look-alike or encoded dots and slashes, no symbolic link out,
size limits), so its commands never touch anything else, and they run without asking once the user
turned the memory on. The answers follow the reference strings (reference §E). The API adds the
memory protocol to the system prompt itself.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from .editor import ToolResult
from .sandbox import Refused, Target, Workspace

TOOL_NAME = "memory"
TOOL_DEFINITION = {"type": "memory_20250818", "name": TOOL_NAME}
PREFIX = "/memories"
MAX_VIEW_CHARS = 16_000  # what one view returns; Claude asks for ranges of longer files
MAX_FILE_BYTES = 1_000_000


def note_path(name: str) -> str:
    """A note's name as the user types it (``prefs``, ``projects/a.md``, ``/memories/x.md``), as Claude
    names notes: ``/memories/…``, ``.md`` when it has no extension (the sandbox still checks the rest)."""
    name = name.strip().strip("/").removeprefix(PREFIX.strip("/") + "/")
    if "." not in name.rsplit("/", 1)[-1]:
        name += ".md"
    return f"{PREFIX}/{name}"


def memory_folder(data_dir: Path) -> Path:
    return data_dir / "memory"


class MemoryTool:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.workspace = Workspace(folder, max_file_bytes=MAX_FILE_BYTES)

    def run(self, tool_input: dict[str, Any]) -> ToolResult:
        command = str(tool_input.get("command", ""))
        handler = getattr(self, f"_{command}", None) if command in COMMANDS else None
        if handler is None:
            return ToolResult(f"Error: unknown command {command!r}; use {', '.join(COMMANDS)}", True)
        try:
            result: ToolResult = handler(tool_input)
            return result
        except Refused as refusal:
            return ToolResult(f"Error: {refusal}", True)
        except OSError as error:
            return ToolResult(f"Error: {error.strerror or error}", True)

    # ------------------------------------------------------------ paths

    def _target(self, path: object, *, want: str = "any", must_exist: bool = True) -> Target:
        if not isinstance(path, str) or (path != PREFIX and not path.startswith(PREFIX + "/")):
            raise Refused(f"Paths must start with {PREFIX}, got: {path}")
        if "%" in path or "\\" in path:
            raise Refused(f"Invalid path: {path}")
        relative = path[len(PREFIX) :].strip("/") or "."
        try:
            return self.workspace.resolve(relative, want=want, must_exist=must_exist)
        except Refused as refusal:
            if must_exist and "not found" in str(refusal):
                raise Refused(f"The path {path} does not exist. Please provide a valid path.") from None
            raise

    @staticmethod
    def _shown(target: Target) -> str:
        return PREFIX if target.shown == "." else f"{PREFIX}/{target.shown}"

    def _text(self, target: Target) -> str:
        return self.workspace.read_bytes(target).decode("utf-8", "replace")

    # ------------------------------------------------------------ commands

    def _view(self, tool_input: dict[str, Any]) -> ToolResult:
        target = self._target(tool_input.get("path"))
        shown = self._shown(target)
        if target.is_dir:
            lines = [f"{_size(self.folder)}\t{shown}"]
            for entry in _walk(target.real, 2):
                rel = entry.relative_to(self.folder).as_posix()
                lines.append(f"{_size(entry)}\t{PREFIX}/{rel}")
            header = f"Here're the files and directories up to 2 levels deep in {shown}, excluding hidden items:"
            return ToolResult("\n".join([header, *lines]))
        lines = self._text(target).splitlines()
        first, last = 1, len(lines)
        view_range = tool_input.get("view_range")
        if isinstance(view_range, list) and len(view_range) == 2 and all(isinstance(n, int) for n in view_range):
            first, last = max(1, view_range[0]), len(lines) if view_range[1] == -1 else min(len(lines), view_range[1])
        body = "\n".join(f"{n:>6}\t{lines[n - 1]}" for n in range(first, last + 1))
        if len(body) > MAX_VIEW_CHARS:
            body = body[:MAX_VIEW_CHARS] + "\n[cut at 16,000 characters: view a range of lines to read on]"
        return ToolResult(f"Here's the content of {shown} with line numbers:\n{body}")

    def _create(self, tool_input: dict[str, Any]) -> ToolResult:
        target = self._target(tool_input.get("path"), want="file", must_exist=False)
        text = tool_input.get("file_text")
        if not isinstance(text, str):
            return ToolResult("Error: file_text is required", True)
        self.workspace.write_bytes(target, text.encode())
        return ToolResult(f"File created successfully at: {self._shown(target)}")

    def _str_replace(self, tool_input: dict[str, Any]) -> ToolResult:
        target = self._target(tool_input.get("path"), want="file")
        old, new = tool_input.get("old_str"), tool_input.get("new_str") or ""
        if not isinstance(old, str) or not old or not isinstance(new, str):
            return ToolResult("Error: old_str is required", True)
        text = self._text(target)
        count = text.count(old)
        if count == 0:
            return ToolResult(
                f"No replacement was performed, old_str `{old}` did not appear verbatim in {self._shown(target)}.", True
            )
        if count > 1:
            lines = [str(n) for n, line in enumerate(text.splitlines(), 1) if old in line]
            return ToolResult(
                f"No replacement was performed. Multiple occurrences of old_str `{old}` in lines: "
                f"{', '.join(lines)}. Please ensure it is unique",
                True,
            )
        self.workspace.write_bytes(target, text.replace(old, new).encode())
        return ToolResult("The memory file has been edited.")

    def _insert(self, tool_input: dict[str, Any]) -> ToolResult:
        target = self._target(tool_input.get("path"), want="file")
        line, new = tool_input.get("insert_line"), tool_input.get("insert_text")
        lines = self._text(target).splitlines(keepends=True)
        if not isinstance(line, int) or not 0 <= line <= len(lines) or not isinstance(new, str):
            return ToolResult(
                f"Error: Invalid `insert_line` parameter: {line}. It should be within the range of lines of the "
                f"file: [0, {len(lines)}]",
                True,
            )
        if line and not lines[line - 1].endswith("\n"):
            lines[line - 1] += "\n"
        lines.insert(line, new if new.endswith("\n") else new + "\n")
        self.workspace.write_bytes(target, "".join(lines).encode())
        return ToolResult(f"The file {self._shown(target)} has been edited.")

    def _delete(self, tool_input: dict[str, Any]) -> ToolResult:
        target = self._target(tool_input.get("path"))
        if target.shown == ".":
            return ToolResult(f"Error: {PREFIX} itself cannot be deleted", True)
        if target.is_dir:
            shutil.rmtree(target.real)
        else:
            self.workspace.remove(target)
        return ToolResult(f"Successfully deleted {self._shown(target)}")

    def _rename(self, tool_input: dict[str, Any]) -> ToolResult:
        source = self._target(tool_input.get("old_path"))
        destination = self._target(tool_input.get("new_path"), must_exist=False)
        if source.shown == "." or destination.shown == ".":
            return ToolResult(f"Error: {PREFIX} itself cannot be renamed", True)
        if destination.exists:
            return ToolResult(f"Error: The destination {self._shown(destination)} already exists", True)
        destination.real.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source.real, destination.real)
        return ToolResult(f"Successfully renamed {self._shown(source)} to {self._shown(destination)}")

    # ------------------------------------------------------------ the user's own view (Settings)

    def notes(self) -> list[str]:
        """Every note, as Claude names it (``/memories/…``); hidden files and links left out, as in a view."""
        return [f"{PREFIX}/{p.relative_to(self.folder).as_posix()}" for p in _walk(self.folder, 16) if p.is_file()]

    def read_note(self, path: str) -> str:
        """A note's text; Refused when it is not UTF-8 text (editing it here would garble it)."""
        data = self.workspace.read_bytes(self._target(path, want="file"))
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(f"{path} is not text: open the memory folder to see it") from None

    def write_note(self, path: str, text: str) -> None:
        """Create or replace a note, through the same sandbox as Claude's commands."""
        self.workspace.write_bytes(self._target(path, want="file", must_exist=False), text.encode())

    def delete_note(self, path: str) -> None:
        self.workspace.remove(self._target(path, want="file"))

    def clear(self) -> None:
        """Forget everything (Settings → Tools → Clear memory)."""
        for entry in self.folder.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


COMMANDS = ("view", "create", "str_replace", "insert", "delete", "rename")


def _walk(folder: Path, depth: int) -> list[Path]:
    out: list[Path] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name == "node_modules" or entry.is_symlink():
            continue
        out.append(entry)
        if entry.is_dir() and depth > 1:
            out += _walk(entry, depth - 1)
    return out


def _size(path: Path) -> str:
    """As ``du -h`` shows it: 512, 5.5K, 1.2M."""
    size = float(path.stat().st_size if path.is_file() else 4096)
    for unit in ("", "K", "M"):
        if size < 1024:
            return f"{size:.1f}{unit}" if unit else f"{size:.0f}"
        size /= 1024
    return f"{size:.1f}G"
