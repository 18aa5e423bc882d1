"""Web search and fetch in ``parley ask``: each step on stderr as it happens, the citation markers
in the answer on stdout, and the sources listed after it (numbered over the whole turn, pauses
and tool steps included). Titles and URLs come from the web: printed as plain text, never run."""

from __future__ import annotations

from typing import Any, TextIO

from ..presentation.citations import SourceList
from ..presentation.web_steps import WebCall, apply_result, web_calls

JSON = dict[str, Any]


class CliWebSteps:
    def __init__(self) -> None:
        self._calls: dict[str, WebCall] = {}
        self._sources = SourceList()

    def call(self, content: list[JSON], index: int, err: TextIO) -> None:
        """A search or fetch call's input is complete: say what it does."""
        if index < len(content):
            for call in web_calls([content[index]]):
                self._calls[call.id] = call
                err.write(f"[{call.title()}]\n")
                err.flush()

    def step(self, block: JSON, err: TextIO) -> None:
        """A result block arrived whole: say what came of it."""
        self._sources.saw_block(block)
        call = self._calls.get(str(block.get("tool_use_id")))
        if call is None:
            return
        apply_result(call, block)
        failure = call.failure()
        err.write(f"[{call.title()}{f' failed: {failure}' if failure else ''}]\n")
        err.flush()

    def markers(self, citations: list[JSON]) -> str:
        numbers = dict.fromkeys(s.number for c in citations if (s := self._sources.number(c)) is not None)
        return " " + "".join(f"[{n}]" for n in numbers) if numbers else ""

    def sources_list(self) -> str:
        """``Sources:`` and one line per source after the answer (empty when nothing was cited)."""
        if not self._sources.sources:
            return ""
        lines = [f"[{s.number}] {s.title} — {s.url}" for s in self._sources.sources]
        return "\nSources:\n" + "\n".join(lines) + "\n"
