"""Text that only extends the open paragraph's last line, shown by appending it.

At a real pace most frames add a few words to the paragraph being written. Parsing the tail,
rendering it to HTML and having Qt parse and lay that out again cost ~1 ms a frame, and the paint
that followed covered the whole paragraph. When the new characters cannot change how anything
before them renders, and render as themselves, the view appends them as text instead.

That holds when:
- the tail so far ends in plain text (its last inline token is text, closed by nothing but the
  blocks around it), on a line that already holds a letter (so no appended character can turn it
  into a list item, a heading, a rule or a setext underline);
- the new characters hold no newline and none of markdown's inline syntax (emphasis, code, links,
  math, entities, escapes, strikethrough, autolinks, table pipes);
- no run without spaces reaches the length where the renderer inserts break opportunities, and the
  paragraph stays short of the length where it is committed in pieces.

Spaces are shown as Qt shows HTML: trailing ones not yet, runs as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

_SYNTAX = frozenset("*_`~[]<>\\&$|)\n\r\t\u200b")  # never appended as text: they may change what came before
_DELIMITERS = frozenset("*_~\\")  # a last line ending in one of these may change with what follows
_RUN_LIMIT = 40  # the renderer's break_long_runs: a run this long gets zero-width breaks
_MAX_APPEND = 400  # a bigger step is a burst: rendered as usual
_SPACES = re.compile(" +")


def _shown(line: str) -> str:
    """*line* as an HTML view shows it: trailing spaces dropped, runs of spaces as one."""
    return _SPACES.sub(" ", line.rstrip(" "))


@dataclass
class PlainTail:
    """The open tail's text (from *start* in the answer), when it ends in plain text."""

    start: int
    text: str
    line: str  # its last line

    @classmethod
    def after(cls, tokens: list[Token], lines: int, start: int, text: str, limit: int) -> PlainTail | None:
        """The tail *text* if text may be appended to it, else None. *tokens* render it; they were
        parsed from *lines* lines (the tail's last line is the last of those)."""
        if not text or text.endswith("\n") or len(text) >= limit:
            return None
        last = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].type == "inline"), None)
        if last is None or any(t.nesting != -1 for t in tokens[last + 1 :]):
            return None
        where = tokens[last].map
        if where is None or where[1] != lines:
            return None  # the last line is not the text's (a link definition, say, renders as nothing)
        children = tokens[last].children or []
        line = text[text.rfind("\n") + 1 :]
        end = children[-1].content.rsplit("\n", 1)[-1].rstrip(" ") if children and children[-1].type == "text" else ""
        if not end or not line.rstrip(" ").endswith(end):
            return None  # the line does not end in plain text (an emphasis closed, say)
        if not any(ch.isalpha() for ch in line) or line[-1] in _DELIMITERS or "&" in line:
            return None
        opening = line.lstrip()
        if opening.startswith("[") and "]" in opening and opening.split("]", 1)[1][:1] in ("", ":"):
            return None  # "[label]: …" may yet become a link definition, which shows nothing
        return cls(start, text, line)

    def extend(self, start: int, text: str, limit: int) -> str | None:
        """What to append to the view to show *text* (the tail now), or None if it must be rendered."""
        if start != self.start or len(text) >= limit or not text.startswith(self.text):
            return None
        new = text[len(self.text) :]
        if len(new) > _MAX_APPEND or any(ch in _SYNTAX for ch in new):
            return None
        line = self.line + new
        runs = line.split(" ")[-(new.count(" ") + 1) :]
        if max(map(len, runs)) >= _RUN_LIMIT:
            return None
        appended = _shown(line)[len(_shown(self.line)) :]
        self.text, self.line = text, line
        return appended
