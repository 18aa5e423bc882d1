"""Reading a streaming answer's markdown source: where its open code block, table and lines end
(the streaming renderer's questions about the text, apart from its state)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

BLANK = " \t\r\n"  # markdown's blank space: the tail's end renders the same without it


def table_head(table: str) -> str:
    """A table's header and delimiter lines."""
    return "".join(table.splitlines(keepends=True)[:2])


def open_fence(tokens: list[Token], text: str) -> bool:
    """*tokens* (of *text*) are one fenced code block whose closing fence has not come yet."""
    if len(tokens) != 1 or tokens[0].type != "fence" or tokens[0].map is None or not tokens[0].markup:
        return False
    first, end = tokens[0].map
    lines = text.split("\n")
    last = lines[end - 1].strip() if end - 1 < len(lines) else ""
    marker = tokens[0].markup
    closed = end - 1 > first and len(last) >= len(marker) and last == marker[0] * len(last)
    return not closed


def one_table(tokens: list[Token], cut: int) -> int:
    """The lines of the table that the first *cut* tokens are (0 when they are not one table)."""
    if not cut or tokens[0].type != "table_open" or tokens[0].map is None or tokens[0].map[0] != 0:
        return 0
    end = next((i for i, t in enumerate(tokens) if t.type == "table_close" and t.level == 0), -1)
    return tokens[0].map[1] if end == cut - 1 else 0


def alike(shown: str | None, source: str) -> bool:
    """*source* renders as *shown* (the tail's source as shown), give or take blank space at the end."""
    return shown is not None and source.rstrip(BLANK) == shown.rstrip(BLANK)


def chars_of(lines: list[str], count: int) -> int:
    """How many characters the first *count* of *lines* (split at newlines) hold, newlines too."""
    return sum(len(line) + 1 for line in lines[:count])
