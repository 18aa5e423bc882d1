"""The renderer's safety and size rules: markdown-it core rules and source passes that keep untrusted
output from loading anything, running anything, or freezing Qt's layout.

Sizes come from measurements on hostile output (tests/reliability/test_hostile_output.py): Qt lays out a
table cell in ~0.15 ms and markdown-it's table rule takes ~70 µs a row, so a 3,000-row table held the
UI for a second; a 2,000-column row took ~80 ms in the table rule alone.
"""

from __future__ import annotations

import re
from typing import Any

SAFE_SCHEMES = ("http://", "https://", "mailto:")
ZERO_WIDTH_BREAK = "\u200b"
_LONG_RUN = re.compile(r"\S{40}")
# A table with more cells than this is shown as its text, every row of it, in a code block.
TABLE_CELLS = 240
TABLE_COLUMNS = 64  # a line with more cell separators than this is text, not a table row
_DELIMITER_ROW = re.compile(r"^ {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)*[ \t]*:?-+:?[ \t]*\|?[ \t]*$")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def valid_link(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(SAFE_SCHEMES) or ":" not in lowered.split("/")[0]


def break_long_runs(state: Any) -> None:
    """Give Qt a line-break opportunity every 40 characters of unbroken text.

    Qt lays out a paragraph with no break opportunity in quadratic time (a 200 KB single "word"
    froze the UI for seconds); a zero-width space keeps it linear and is invisible.
    """
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for child in block.children:
            if child.type == "text" and len(child.content) >= 40:
                child.content = _LONG_RUN.sub(lambda m: m.group(0) + ZERO_WIDTH_BREAK, child.content)


def has_too_wide_row(text: str) -> bool:
    return text.count("|") > TABLE_COLUMNS and any(line.count("|") > TABLE_COLUMNS for line in text.split("\n"))


def _cells(row: str) -> int:
    return len(row.strip().strip("|").split("|"))


def big_table_spans(text: str) -> list[tuple[int, int]]:
    """(first line, end line) of each top-level table of more than TABLE_CELLS cells.

    The renderer shows those as code without letting markdown-it parse them (its block state and
    table rule spend ~0.2 s on 3,000 rows). Only tables at column 0 after a blank line (or at the
    start) are found here, so the text around them parses the same on its own; other big tables
    (in lists or quotes, or right after a paragraph line) are caught by ``large_tables_as_text``.
    """
    if text.count("|") <= TABLE_CELLS:
        return []
    lines = text.split("\n")
    spans: list[tuple[int, int]] = []
    fence = ""
    i = 0
    while i < len(lines) - 1:
        line = lines[i]
        stripped = line.strip()
        if fence:
            if len(line) - len(line.lstrip(" ")) <= 3 and stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
            i += 1
            continue
        opener = _FENCE_OPEN.match(line)
        if opener:
            fence = opener.group(1)
            i += 1
            continue
        is_header = "|" in line and not line.startswith((" ", "\t")) and (i == 0 or not lines[i - 1].strip())
        if not (is_header and _DELIMITER_ROW.match(lines[i + 1]) and _cells(line) == _cells(lines[i + 1])):
            i += 1
            continue
        end = i + 2
        while end < len(lines) and lines[end].strip() and "|" in lines[end]:
            end += 1
        if _cells(line) * (end - i - 1) > TABLE_CELLS:
            spans.append((i, end))
        i = end
    return spans


def large_tables_as_text(state: Any) -> None:
    """Replace each table of more than TABLE_CELLS cells by a code block of its source lines."""
    tokens = state.tokens
    out: list[Any] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type != "table_open":
            out.append(token)
            i += 1
            continue
        end = i
        while tokens[end].type != "table_close":
            end += 1
        cells = sum(1 for t in tokens[i:end] if t.type in ("td_open", "th_open"))
        if cells <= TABLE_CELLS or not token.map:
            out.extend(tokens[i : end + 1])
        else:
            first, last = token.map
            block = token.__class__("fence", "code", 0)
            block.content = "\n".join(state.src.split("\n")[first:last]) + "\n"
            block.info = "text"
            block.map = token.map
            block.block = True
            out.append(block)
        i = end + 1
    state.tokens = out


def neutralise_unsafe_links(state: Any) -> None:
    """Links that are not http(s)/mailto (relative paths, custom schemes) render as their text."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        stack: list[bool] = []
        for child in block.children:
            if child.type == "link_open":
                safe = str(child.attrGet("href") or "").lower().startswith(SAFE_SCHEMES)
                stack.append(safe)
                if not safe:
                    child.type = "parley_skip"
            elif child.type == "link_close" and not (stack.pop() if stack else False):
                child.type = "parley_skip"
